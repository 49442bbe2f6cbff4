"""Production settings and templates: `check --deploy` is clean, cookies are
secure, HSTS is on, the CSP forbids inline scripts, and no template carries an
inline script or an on*= handler (the strict CSP would block it anyway)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "jkp_portal.settings.production",
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x9!Qk2#vL7p@Zr4^Wm8&Tn3*Hs6(Jd1)Fb5_Gc0+Ya2=Ue7~Io4",
    "FIELD_ENCRYPTION_KEYS": "Vt2S0v4oWJ3C2x8q7Zx7b1mP0gH0bqgA5m2cC8b1xQE=",
    "ALLOWED_HOSTS": "jkp.example.go.id",
}
# The real adapters production must have: bank files through a shared folder,
# SMS through the provider's HTTP gateway.
_EXCHANGE = Path(tempfile.mkdtemp(prefix="jkp-bank-"))
for _name in ("outbox", "inbox", "archive"):
    (_EXCHANGE / _name).mkdir(exist_ok=True)
REAL_ADAPTERS = {
    "PAYOUT_BANK_ADAPTER": "claims.payouts.bank_adapters.FileExchangeBank",
    "PAYOUT_BANK_OUTBOX": str(_EXCHANGE / "outbox"),
    "PAYOUT_BANK_INBOX": str(_EXCHANGE / "inbox"),
    "PAYOUT_BANK_ARCHIVE": str(_EXCHANGE / "archive"),
    "SMS_GATEWAY": "jkp_portal.common.notifications.HttpSmsGateway",
    "SMS_HTTP_URL": "https://sms.example.id/v1/messages",
    "SMS_HTTP_API_KEY": "provider-key",
}
_ADAPTER_VARS = (*REAL_ADAPTERS, "PAYOUT_BANK_H2H_URL", "PAYOUT_BANK_H2H_API_KEY", "SMS_FILE_PATH")


def _run(*args, adapters=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ENV", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", *_ADAPTER_VARS)
    }
    env.update(PROD_ENV)
    env.update(REAL_ADAPTERS if adapters is None else adapters)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _run_binary(argv, adapters=None):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ENV", *_ADAPTER_VARS)}
    env.update(PROD_ENV)
    env.update(REAL_ADAPTERS if adapters is None else adapters)
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_real_bank_and_sms_adapters():
    """No adapter configured: `manage.py check` fails with jkp.E001 (bank) and
    jkp.E002 (SMS), each with a hint naming the settings to give."""
    result = _run("manage.py", "check", adapters={})
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "jkp.E001" in out and "jkp.E002" in out
    assert "PAYOUT_BANK_ADAPTER" in out and "SMS_GATEWAY" in out


def test_production_refuses_the_simulated_bank_and_the_log_or_file_sms():
    simulated = {
        **REAL_ADAPTERS,
        "PAYOUT_BANK_ADAPTER": "claims.payouts.bank_adapters.SimulatedBank",
        "SMS_GATEWAY": "jkp_portal.common.notifications.FileSmsGateway",
    }
    result = _run("manage.py", "check", adapters=simulated)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "jkp.E001" in out and "jkp.E002" in out
    logged = {**REAL_ADAPTERS, "SMS_GATEWAY": "jkp_portal.common.notifications.LogSmsGateway"}
    result = _run("manage.py", "check", adapters=logged)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "jkp.E002" in out and "jkp.E001" not in out


def test_production_refuses_half_configured_real_adapters():
    """The file exchange without its folders, the host-to-host bank or the SMS
    gateway without a URL or key: jkp.E003 / jkp.E004 name what is missing."""
    half = {
        "PAYOUT_BANK_ADAPTER": "claims.payouts.bank_adapters.FileExchangeBank",
        "PAYOUT_BANK_OUTBOX": str(_EXCHANGE / "missing"),
        "SMS_GATEWAY": "jkp_portal.common.notifications.HttpSmsGateway",
        "SMS_HTTP_URL": "https://sms.example.id/v1/messages",
    }
    result = _run("manage.py", "check", adapters=half)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "jkp.E003" in out and "PAYOUT_BANK_OUTBOX" in out and "PAYOUT_BANK_INBOX" in out
    assert "jkp.E004" in out and "SMS_HTTP_API_KEY" in out
    h2h = {**REAL_ADAPTERS, "PAYOUT_BANK_ADAPTER": "claims.payouts.bank_adapters.HostToHostBank"}
    result = _run("manage.py", "check", adapters=h2h)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "jkp.E003" in out and "PAYOUT_BANK_H2H_URL" in out


def test_the_wsgi_application_refuses_to_load_without_real_adapters():
    """gunicorn imports jkp_portal.wsgi: without real adapters that import fails."""
    result = _run("-c", "import jkp_portal.wsgi", adapters={})
    assert result.returncode != 0 and "jkp.E001" in result.stderr
    result = _run("-c", "import jkp_portal.wsgi")
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings():
    """`manage.py check --deploy` with the production settings: no error, and no
    warning of the deployment (security.*) checks at all. (Other apps' own
    warnings - the OpenAPI generator's schema warnings, a missing vendored
    static file - are theirs to fix and do not concern deployment safety.)"""
    result = _run("manage.py", "check", "--deploy")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    security = [line for line in out.splitlines() if "(security." in line]
    assert not security, "\n".join(security)


def test_production_cookies_hsts_and_csp():
    """Secure, HTTP-only session cookie; secure CSRF cookie; HSTS a year with
    subdomains; CSP script-src without 'unsafe-inline' or 'unsafe-eval'."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('SESSION_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY',"
        "'CSRF_COOKIE_SECURE','SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_SSL_REDIRECT','DEBUG',"
        "'CONTENT_SECURITY_POLICY')}, default=str))"
    )
    result = _run("-c", code)
    assert result.returncode == 0, result.stderr
    s = json.loads(result.stdout.strip().splitlines()[-1])
    assert s["SESSION_COOKIE_SECURE"] and s["SESSION_COOKIE_HTTPONLY"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] >= 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SECURE_SSL_REDIRECT"] and not s["DEBUG"]
    directives = s["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    script_src = directives.get("script-src", directives.get("default-src"))
    assert script_src and not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(script_src)
    assert directives.get("object-src") == ["'none'"]


def test_responses_carry_the_csp_header(client, db):
    """Every page answers with a Content-Security-Policy whose script-src has no 'unsafe-inline'."""
    header = client.get("/accounts/login/")["Content-Security-Policy"]
    script_src = next(d for d in header.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script_src and "unsafe-inline" not in script_src


SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
HANDLER = re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", re.S)
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("*/*/templates")]


def _templates():
    seen = set()
    for base in TEMPLATE_DIRS:
        for path in base.rglob("*.html"):
            if ".venv" not in path.parts and path not in seen:
                seen.add(path)
                yield path


def test_no_template_has_inline_script_or_event_handler():
    """Every <script> in every template has src= (or is a type="application/json"
    data island) and no element has an on*= attribute."""
    problems = []
    paths = list(_templates())
    assert len(paths) > 20  # the scan really sees the templates
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for attrs, body in SCRIPT.findall(text):
            if "src=" in attrs and not body.strip():
                continue
            if re.search(r'type\s*=\s*"application/(ld\+)?json"', attrs):
                continue
            problems.append(f"{path.relative_to(ROOT)}: inline <script{attrs}>")
        for match in HANDLER.finditer(text):
            problems.append(f"{path.relative_to(ROOT)}: handler attribute {match.group(1)}=")
    assert not problems, "\n".join(problems)


def test_the_celery_worker_refuses_to_start_without_real_adapters():
    """The worker sends the SMS and talks to the bank: it stops at start-up
    (exit status 1) with the same check errors, before taking any task."""
    celery = str(Path(sys.executable).with_name("celery"))
    result = _run_binary([celery, "-A", "jkp_portal", "worker", "--pool", "solo", "--loglevel", "INFO"], adapters={})
    out = result.stdout + result.stderr
    assert result.returncode == 1, out[-2000:]
    assert "jkp.E001" in out and "jkp.E002" in out and "ready" not in out
