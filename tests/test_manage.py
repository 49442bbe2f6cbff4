"""manage.py without its environment (no DJANGO_ENV, SECRET_KEY, DATABASE_URL):
one line on stderr naming what to set, no traceback, exit status 2, whatever
the command; and --settings still chooses the settings module."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HINT = "(or DJANGO_ENV=development for a local setup); see docs/operations.md"


def manage(*args, **env):
    if (ROOT / ".env").exists():
        pytest.skip(".env beside manage.py sets variables: no clean environment here")
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("args", [("import_registry", "--help"), (), ("help",), ("check",), ("migrate",)])
def test_without_the_environment_manage_py_says_in_one_line_what_to_set(args):
    result = manage(*args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"manage.py: set SECRET_KEY and FIELD_ENCRYPTION_KEYS {HINT}"]
    assert result.stdout == ""


def test_only_the_variables_still_missing_are_named():
    result = manage("check", SECRET_KEY="x" * 50)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"manage.py: set FIELD_ENCRYPTION_KEYS {HINT}"]


def test_a_local_setup_needs_nothing_and_settings_is_still_honoured():
    probe = ("shell", "-c", "from django.conf import settings; print(settings.SETTINGS_MODULE)")
    result = manage(*probe, DJANGO_ENV="development")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("jkp_portal.settings.base")
    result = manage(*probe, "--settings=jkp_portal.settings.production", DJANGO_ENV="development")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("jkp_portal.settings.production")
