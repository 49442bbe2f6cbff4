"""The demo app is development-only: absent from production, and the only
place demo data and the `make run` stack live."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings

from jkp_portal.demo import devstack

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCT_PACKAGES = ("claims", "counseling", "training", "jkp_portal")


def _production(*args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "jkp_portal.settings.production",
        "SECRET_KEY": "production-test-" + "k" * 50,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    }
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_demo_app_is_installed_in_tests():
    assert "jkp_portal.demo" in settings.INSTALLED_APPS


def test_production_has_no_demo_app_and_no_load_demo_data_command():
    apps = _production(
        "-c", "import django; django.setup(); from django.conf import settings; print(settings.INSTALLED_APPS)"
    )
    assert apps.returncode == 0, apps.stderr
    assert "jkp_portal.reporting" in apps.stdout and "jkp_portal.demo" not in apps.stdout
    command = _production("manage.py", "load_demo_data")
    assert command.returncode != 0
    assert "Unknown command: 'load_demo_data'" in command.stderr


def test_no_demo_or_devstack_module_outside_the_demo_app():
    demo_app = ROOT / "jkp_portal" / "demo"
    offenders = []
    for package in PRODUCT_PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if demo_app in path.parents or path == demo_app:
                continue
            module = path.suffix == ".py" or (path.is_dir() and (path / "__init__.py").exists())
            name = path.stem if path.suffix == ".py" else path.name
            if module and (name.startswith("demo") or name == "devstack"):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_devstack_runs_from_the_project_root():
    assert (devstack.BASE_DIR / "manage.py").is_file()
    assert (devstack.BASE_DIR / "Procfile").is_file()
    assert devstack.DEMO_LOGINS_FILE == ROOT / "var" / "demo-logins.txt"


def test_make_run_prints_the_url_and_logins_once_the_portal_answers(capsys):
    """The banner comes last: after /healthz answers 200, not while it still refuses."""
    from tests.localhttp import LocalServer

    class Running:
        def poll(self):
            return None

    with LocalServer().answer(503).answer(503).answer(200, b"ok") as server:
        devstack._banner_when_ready(server.url, Running(), timeout=30)
        assert [seen.path for seen in server.requests] == ["/healthz"] * 3
    out = capsys.readouterr().out
    assert out.count(f"JKP Portal: {server.url}") == 1
    assert "make demo-reset" in out


def test_make_demo_reset_refuses_while_make_run_is_up_and_names_every_demo_path():
    makefile = (ROOT / "Makefile").read_text()
    target = makefile.split("\ndemo-reset:")[1].split("\n\n")[0]
    for path in ("var/pgdata", "var/redis.rdb", "var/mail", "var/sms.log", "var/media", "var/demo-logins.txt"):
        assert path in target
    assert "pgrep -f" in target
