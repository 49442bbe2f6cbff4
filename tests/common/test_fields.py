import pytest
from django.db import connection

from jkp_portal.common.fields import decrypt_text, encrypt_text


def test_encryption_round_trips_and_is_not_plain_text():
    token = encrypt_text("1234567890")
    assert "1234567890" not in token
    assert decrypt_text(token) == "1234567890"


def test_decrypting_with_an_unknown_key_fails_loudly(settings):
    token = encrypt_text("1234567890")
    settings.FIELD_ENCRYPTION_KEYS = ["3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="[:43] + "="]
    with pytest.raises(ValueError):
        decrypt_text(token)


@pytest.mark.django_db
def test_no_default_secret_outside_development():
    """Production settings refuse to start without SECRET_KEY."""
    import subprocess
    import sys

    env = {"DJANGO_ENV": "production", "PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://x@127.0.0.1/x"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='jkp_portal.settings.base'; django.setup()",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert connection.vendor == "postgresql"
