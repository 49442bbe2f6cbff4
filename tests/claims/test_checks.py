"""System check jkp.E005/W005: outside development and test the inbound SMS
callback needs a secret, above all when receipts print the number to text."""

import pytest

from claims.checks import check_sms_inbound


def _ids(messages):
    return [(m.id, m.level >= 40) for m in messages]


@pytest.fixture
def production(settings):
    settings.DJANGO_ENV = "production"
    settings.SMS_INBOUND_SECRET = ""
    settings.SMS_INBOUND_NUMBER = ""
    return settings


def test_development_and_test_need_nothing(settings):
    settings.SMS_INBOUND_SECRET = ""
    settings.SMS_INBOUND_NUMBER = "99175"
    for environment in ("development", "test"):
        settings.DJANGO_ENV = environment
        assert check_sms_inbound() == []


def test_a_printed_number_without_a_secret_is_an_error(production):
    production.SMS_INBOUND_NUMBER = "99175"
    messages = check_sms_inbound()
    assert _ids(messages) == [("jkp.E005", True)]
    assert "SMS_INBOUND_SECRET" in messages[0].hint


def test_a_short_secret_is_an_error(production):
    production.SMS_INBOUND_SECRET = "short"
    assert _ids(check_sms_inbound()) == [("jkp.E005", True)]


def test_no_secret_and_no_number_is_a_warning_only(production):
    assert _ids(check_sms_inbound()) == [("jkp.W005", False)]


def test_a_long_secret_passes(production):
    production.SMS_INBOUND_NUMBER = "99175"
    production.SMS_INBOUND_SECRET = "k" * 48
    assert check_sms_inbound() == []
