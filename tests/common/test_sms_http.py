"""The production SMS gateway (JSON over HTTP to the provider) against a real
HTTP server on 127.0.0.1, and the rule that no log line carries a phone number
or the message text."""

import json
import logging

import pytest

from jkp_portal.common.notifications import (
    HttpSmsGateway,
    LogSmsGateway,
    Message,
    SmsDeliveryError,
    notify,
)
from tests.localhttp import LocalServer

PHONE = "081234567890"
TEXT = "Klaim JKP Anda disetujui. Manfaat bulan 1 Rp 2.700.000."


@pytest.fixture
def sms_settings(settings):
    def configure(url):
        settings.SMS_GATEWAY = "jkp_portal.common.notifications.HttpSmsGateway"
        settings.SMS_HTTP_URL = f"{url}/v1/messages"
        settings.SMS_HTTP_API_KEY = "key-123"
        settings.SMS_HTTP_TIMEOUT = 2.0
        settings.SMS_HTTP_SENDER = "BPJSTK"
        settings.NOTIFICATION_CHANNELS = ["sms"]

    return configure


def _assert_nothing_personal(caplog):
    text = "\n".join(caplog.messages) + "\n".join(r.exc_text or "" for r in caplog.records)
    assert PHONE not in text and PHONE[1:] not in text
    assert "disetujui" not in text and "2.700.000" not in text


def test_the_gateway_posts_json_with_the_key_and_a_reference(sms_settings):
    """One POST of JSON (to, text, sender) with the API key as a bearer token."""
    with LocalServer().answer(202, b'{"id": "abc"}', {"Content-Type": "application/json"}) as server:
        sms_settings(server.url)
        HttpSmsGateway().send(phone=PHONE, text=TEXT)
    (seen,) = server.requests
    assert (seen.method, seen.path) == ("POST", "/v1/messages")
    assert seen.headers["authorization"] == "Bearer key-123"
    assert seen.headers["content-type"].startswith("application/json")
    body = json.loads(seen.body)
    assert body["to"] == PHONE and body["text"] == TEXT and body["sender"] == "BPJSTK"
    assert len(body["reference"]) >= 16


@pytest.mark.parametrize("status", [400, 401, 500, 503])
def test_a_non_2xx_answer_raises_without_the_number_in_the_error(sms_settings, status):
    with LocalServer().answer(status, b"nope") as server:
        sms_settings(server.url)
        with pytest.raises(SmsDeliveryError) as exc:
            HttpSmsGateway().send(phone=PHONE, text=TEXT)
    assert str(status) in str(exc.value) and PHONE not in str(exc.value) and TEXT not in str(exc.value)


def test_a_provider_that_does_not_answer_in_time_raises(sms_settings, settings):
    with LocalServer().answer(200, b"", delay=1.5) as server:
        sms_settings(server.url)
        settings.SMS_HTTP_TIMEOUT = 0.3
        with pytest.raises(SmsDeliveryError):
            HttpSmsGateway().send(phone=PHONE, text=TEXT)


@pytest.mark.django_db(transaction=True)
def test_notify_retries_through_celery_until_the_provider_accepts(sms_settings, caplog):
    """A 503 then a 200: the send task retries and the SMS goes out once; the
    log says what happened without the number or the text."""
    caplog.set_level(logging.DEBUG)
    with LocalServer().answer(503).answer(200, b"{}") as server:
        sms_settings(server.url)
        notify(phone=PHONE, message=Message(subject="Klaim", body=TEXT))
    assert len(server.requests) == 2
    assert {json.loads(r.body)["reference"] for r in server.requests}.__len__() == 1  # same message, same reference
    _assert_nothing_personal(caplog)


@pytest.mark.django_db(transaction=True)
def test_a_provider_down_for_good_is_logged_without_the_number_or_text(sms_settings, caplog):
    caplog.set_level(logging.DEBUG)
    with LocalServer().answer(500) as server:
        sms_settings(server.url)
        notify(phone=PHONE, message=Message(subject="Klaim", body=TEXT))
    assert len(server.requests) >= 2
    assert any(r.levelno >= logging.ERROR for r in caplog.records)
    _assert_nothing_personal(caplog)


def test_the_log_gateway_does_not_log_the_number_or_text(caplog):
    caplog.set_level(logging.DEBUG)
    LogSmsGateway().send(phone=PHONE, text=TEXT)
    assert LogSmsGateway.sent[-1] == (PHONE, TEXT)
    assert caplog.records
    _assert_nothing_personal(caplog)
