"""Claim status by SMS: who gets the status, what everyone else gets, a callback
delivered twice, the hourly limit, and nothing personal in the logs."""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
import time_machine

from claims.models import Claim, ClaimStatus, InboundSms
from claims.services.sms_status import (
    help_text,
    neutral_text,
    parse_claim_number,
    sms_status_receive,
    status_text,
)
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.notifications import LogSmsGateway, phone_hash
from tests.claims.claims_support import TODAY, make_office, make_worker, submitted_claim

pytestmark = pytest.mark.django_db
Outcome = InboundSms.Outcome
JAKARTA = ZoneInfo("Asia/Jakarta")
WORKER_PHONE = "081234567890"  # the registry's number of the factory's participants


@pytest.fixture(autouse=True)
def _today():
    LogSmsGateway.sent.clear()
    with time_machine.travel(TODAY.replace(tzinfo=JAKARTA), tick=True):
        yield
    LogSmsGateway.sent.clear()


@pytest.fixture
def claim():
    worker = make_worker(office=make_office("KC-SMS"))
    return submitted_claim(worker)


@pytest.fixture
def receive(django_capture_on_commit_callbacks):
    """The service as the webhook calls it, the reply sent when it commits."""
    counter = iter(range(1, 10_000))

    def _receive(sender, text, reference=None):
        with django_capture_on_commit_callbacks(execute=True):
            return sms_status_receive(sender=sender, text=text, reference=reference or f"ref-{next(counter)}")

    return _receive


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("STATUS 123", 123),
        ("status #123", 123),
        ("Status  #  123 ", 123),
        ("JKP 123", 123),
        ("jkp123", 123),
        ("123", 123),
        ("#123", 123),
        ("  cek status klaim 0123.", 123),
        ("STATUS\n45", 45),
        ("STATUS", None),
        ("halo, klaim saya bagaimana?", None),
        ("STATUS 12a", None),
        ("STATUS 0", None),
        ("", None),
        ("STATUS 1234567890123", None),  # longer than any claim number
        ("STATUS ١٢٣", None),  # digits of another script are not read
    ],
)
def test_parse_claim_number(text, number):
    assert parse_claim_number(text) == number


def test_the_worker_gets_the_status_whatever_the_spelling_of_the_number(claim, receive):
    """The registry has 0812…; the provider gives +62812…: the same number."""
    result = receive("+6281234567890", f"STATUS {claim.pk}")
    assert result.outcome == Outcome.ANSWERED and not result.duplicate
    assert LogSmsGateway.sent[-1] == ("+6281234567890", result.text)
    assert result.text.startswith(f"Klaim JKP #{claim.pk}: DIAJUKAN.")
    assert "pemeriksaan" in result.text and len(result.text) <= 160
    event = AuditEvent.objects.get(action="status_sms_answered")
    assert event.object_id == str(claim.pk) and event.actor_label == "sms:status"
    assert event.to_state == ClaimStatus.SUBMITTED and event.data["sender"] == phone_hash("+6281234567890")
    row = InboundSms.objects.get()
    assert (row.outcome, row.claim, row.claim_number) == (Outcome.ANSWERED, claim, claim.pk)
    # Neither the number nor the text is kept.
    stored = " ".join(str(value) for value in InboundSms.objects.values().get().values())
    assert "81234567890" not in stored and "STATUS" not in stored


def test_the_account_phone_counts_too(claim, receive):
    participant = claim.participant
    participant.phone = ""
    participant.save(update_fields=["phone"])
    participant.user.phone = "+62 812-9999-0000"
    participant.user.save(update_fields=["phone"])
    assert receive("6281299990000", f"jkp {claim.pk}").outcome == Outcome.ANSWERED
    assert receive(WORKER_PHONE, f"jkp {claim.pk}").outcome == Outcome.NOT_MATCHED


def test_a_stranger_and_an_unknown_claim_get_the_same_neutral_reply(claim, receive):
    stranger = receive("081311112222", f"STATUS {claim.pk}")
    unknown = receive(WORKER_PHONE, f"STATUS {claim.pk + 1000}")
    assert stranger.outcome == unknown.outcome == Outcome.NOT_MATCHED
    assert stranger.text == unknown.text == neutral_text()
    assert "DIAJUKAN" not in stranger.text and str(claim.pk) not in stranger.text
    assert [phone for phone, _text in LogSmsGateway.sent] == ["+6281311112222", "+6281234567890"]
    assert not AuditEvent.objects.filter(action="status_sms_answered").exists()
    assert not InboundSms.objects.filter(claim__isnull=False).exists()


def test_a_text_that_is_not_a_request_gets_the_help(claim, receive):
    result = receive(WORKER_PHONE, "halo mau tanya klaim")
    assert result.outcome == Outcome.HELP and result.text == help_text()
    assert "STATUS 123" in result.text and len(result.text) <= 160
    assert LogSmsGateway.sent[-1] == ("+6281234567890", help_text())


def test_a_sender_that_is_not_a_number_gets_nothing(claim, receive):
    result = receive("INFO-PROMO", f"STATUS {claim.pk}")
    assert result.outcome == Outcome.BAD_SENDER and result.text == ""
    assert not LogSmsGateway.sent
    assert InboundSms.objects.get().outcome == Outcome.BAD_SENDER


def test_a_callback_delivered_again_is_not_answered_again(claim, receive):
    first = receive(WORKER_PHONE, f"STATUS {claim.pk}", reference="prov-42")
    again = receive(WORKER_PHONE, f"STATUS {claim.pk}", reference="prov-42")
    assert first.outcome == Outcome.ANSWERED and again.duplicate and again.text == ""
    assert len(LogSmsGateway.sent) == 1
    assert InboundSms.objects.count() == 1
    assert AuditEvent.objects.filter(action="status_sms_answered").count() == 1


def test_the_hourly_limit_per_sender(claim, receive, settings):
    settings.SMS_INBOUND_PER_HOUR = 3
    outcomes = [receive(WORKER_PHONE, f"STATUS {claim.pk}").outcome for _ in range(3)]
    assert outcomes == [Outcome.ANSWERED] * 3
    over = receive("+62 812-3456-7890", f"STATUS {claim.pk}")  # the same number, spelt otherwise
    assert over.outcome == Outcome.RATE_LIMITED and over.text == ""
    assert len(LogSmsGateway.sent) == 3
    assert InboundSms.objects.filter(outcome=Outcome.RATE_LIMITED).count() == 1
    # Another sender is not held back.
    assert receive("081311112222", "STATUS 1").outcome == Outcome.NOT_MATCHED
    with time_machine.travel(TODAY.replace(tzinfo=JAKARTA) + dt.timedelta(minutes=61), tick=False):
        assert receive(WORKER_PHONE, f"STATUS {claim.pk}").outcome == Outcome.ANSWERED


def test_nothing_personal_is_logged(claim, receive, caplog):
    caplog.set_level(logging.DEBUG)
    receive(WORKER_PHONE, f"STATUS {claim.pk}")
    receive("081311112222", "rahasia saya")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "SMS" in logged
    for secret in ("1234567890", "81311112222", "rahasia", claim.participant.full_name):
        assert secret not in logged


@pytest.mark.parametrize("status", list(ClaimStatus))
def test_every_status_reply_fits_one_sms(status):
    text = status_text(Claim(pk=1234567, status=status))
    assert text.startswith(f"Klaim JKP #1234567: {ClaimStatus(status).label.upper()}.")
    assert len(text) <= 160, (len(text), text)
    assert text.isascii()  # GSM-7 only: a character outside it would halve the SMS
    for other in (neutral_text(), help_text()):
        assert len(other) <= 160 and other.isascii()
