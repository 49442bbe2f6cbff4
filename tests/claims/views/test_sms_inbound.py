"""The SMS provider's inbound webhook: signed JSON in, the reply out by SMS."""

import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from claims.models import InboundSms
from claims.views.sms import MAX_BODY, SIGNATURE_HEADER, sign
from jkp_portal.common.notifications import LogSmsGateway
from tests.claims.claims_support import TODAY, make_office, make_worker, submitted_claim

pytestmark = pytest.mark.django_db
SECRET = "s" * 40
URL = "/sms/masuk/"


@pytest.fixture(autouse=True)
def _env(settings):
    settings.SMS_INBOUND_SECRET = SECRET
    LogSmsGateway.sent.clear()
    with time_machine.travel(TODAY.replace(tzinfo=ZoneInfo("Asia/Jakarta")), tick=True):
        yield
    LogSmsGateway.sent.clear()


@pytest.fixture
def provider():
    # A client that enforces CSRF like a browser would: the webhook must not need a token.
    return Client(enforce_csrf_checks=True)


def _body(**fields) -> bytes:
    payload = {"from": "+6281234567890", "text": "STATUS 1", "reference": "prov-1", **fields}
    return json.dumps(payload).encode()


def post(client, body: bytes, *, signature: str | None = "auto", secret: str = SECRET):
    headers = {}
    if signature == "auto":
        headers[SIGNATURE_HEADER] = sign(body, secret)
    elif signature is not None:
        headers[SIGNATURE_HEADER] = signature
    return client.post(URL, data=body, content_type="application/json", headers=headers)


def test_the_url(provider):
    assert reverse("claims:sms_inbound") == URL


def test_a_signed_callback_is_answered_by_sms(provider, django_capture_on_commit_callbacks):
    claim = submitted_claim(make_worker(office=make_office("KC-SMS")))
    body = _body(text=f"status #{claim.pk}", **{"from": "081234567890"})
    with django_capture_on_commit_callbacks(execute=True):
        response = post(provider, body)
    assert response.status_code == 200 and response.json() == {"status": "accepted"}
    assert "Klaim" not in response.content.decode()  # the reply goes by SMS, not in the answer
    phone, text = LogSmsGateway.sent[-1]
    assert phone == "+6281234567890" and text.startswith(f"Klaim JKP #{claim.pk}: DIAJUKAN.")
    assert InboundSms.objects.get().source == InboundSms.Source.PROVIDER
    # The provider delivers it again: accepted, not answered twice.
    with django_capture_on_commit_callbacks(execute=True):
        again = post(provider, body)
    assert again.status_code == 200 and again.json() == {"status": "duplicate"}
    assert len(LogSmsGateway.sent) == 1


def test_the_signature_may_come_in_capitals(provider):
    body = _body()
    response = post(provider, body, signature=sign(body, SECRET).upper().replace("SHA256=", "sha256="))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "signature",
    [None, "", "sha256=", "sha256=" + "0" * 64, "deadbeef"],
    ids=["missing", "empty", "no-digest", "zeros", "garbage"],
)
def test_a_missing_or_wrong_signature_is_refused(provider, signature):
    response = post(provider, _body(), signature=signature)
    assert response.status_code == 403
    assert not InboundSms.objects.exists() and not LogSmsGateway.sent


def test_a_signature_under_another_secret_or_of_another_body_is_refused(provider):
    assert post(provider, _body(), secret="another-secret-" + "x" * 30).status_code == 403
    signed = _body(text="STATUS 1")
    tampered = _body(text="STATUS 2")
    response = provider.post(
        URL, data=tampered, content_type="application/json", headers={SIGNATURE_HEADER: sign(signed, SECRET)}
    )
    assert response.status_code == 403 and not InboundSms.objects.exists()


def test_without_a_secret_every_callback_is_refused(provider, settings):
    settings.SMS_INBOUND_SECRET = ""
    body = _body()
    assert post(provider, body, signature=sign(body, "")).status_code == 403
    assert not InboundSms.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        json.dumps({"text": "STATUS 1", "reference": "r"}).encode(),
        json.dumps({"from": "0812", "text": "STATUS 1"}).encode(),
        json.dumps({"from": 812, "text": "STATUS 1", "reference": "r"}).encode(),
        json.dumps({"from": "0812", "text": ["STATUS 1"], "reference": "r"}).encode(),
        json.dumps({"from": "0812", "text": "STATUS 1", "reference": "r" * 101}).encode(),
        json.dumps({"from": "0812\u0000", "text": "STATUS 1", "reference": "r"}).encode(),
    ],
    ids=["text", "bytes", "array", "no-from", "no-reference", "number", "list", "long-ref", "nul"],
)
def test_a_signed_body_that_is_not_a_message_is_a_400(provider, body):
    response = post(provider, body)
    assert response.status_code == 400
    assert not InboundSms.objects.exists()


def test_an_oversized_body_is_refused_before_anything_else(provider):
    body = _body(text="STATUS 1" + " " * MAX_BODY)
    assert post(provider, body).status_code == 413
    assert not InboundSms.objects.exists()


def test_only_post(provider):
    assert provider.get(URL).status_code == 405


def test_a_signed_in_browser_gets_no_more_than_anyone(client, make_user):
    """The session is not an authentication here: a signed-in admin without the signature is refused."""
    client.force_login(make_user("admin"))
    assert post(client, _body(), signature=None).status_code == 403
