"""The production bank adapters: file exchange through an outbox/inbox
directory pair (a shared or SFTP-mounted folder) and host-to-host over HTTP
against a real server on 127.0.0.1; and a payout run with its notices whose
log carries no NIK, phone, account number or message text."""

import datetime as dt
import json
import logging
import os

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from claims.payouts.bank_adapters import (
    BankTransportError,
    FileExchangeBank,
    HostToHostBank,
    bank_adapter,
)
from claims.payouts.bankfiles import write_pain002
from claims.payouts.models import BatchStatus, BenefitMonth, MonthStatus, PaymentStatus, PayoutBatch
from claims.payouts.services import (
    payout_batch_approve,
    payout_batch_fetch_results,
    payout_batch_send,
    run_payouts,
)
from jkp_portal.common.notifications import LogSmsGateway
from tests.claims.payouts.factories import account_number, make_benefit
from tests.localhttp import LocalServer

pytestmark = pytest.mark.django_db(transaction=True)

D0 = dt.date(2025, 6, 2)


@pytest.fixture
def file_bank(settings, tmp_path):
    settings.PAYOUT_BANK_ADAPTER = "claims.payouts.bank_adapters.FileExchangeBank"
    settings.PAYOUT_BANK_OUTBOX = tmp_path / "outbox"
    settings.PAYOUT_BANK_INBOX = tmp_path / "inbox"
    settings.PAYOUT_BANK_ARCHIVE = tmp_path / "archive"
    for name in ("outbox", "inbox", "archive"):
        (tmp_path / name).mkdir()
    return tmp_path


@pytest.fixture
def approved_batch(branch, approver):
    accounts = [account_number(), account_number()]
    for a in accounts:
        make_benefit(decision_date=D0, office=branch, account=a)
    run_payouts(run_date=D0, notify=False)
    batch = PayoutBatch.objects.get()
    return payout_batch_approve(batch_id=batch.pk, actor=approver), accounts


def _answer(batch, status="ACSC"):
    results = [(p.pk, p.attempt, status, "" if status == "ACSC" else "AC04") for p in batch.payments.all()]
    return write_pain002(
        message_id=f"BANK-{batch.pk}",
        original_message_id=batch.message_id,
        created_at=dt.datetime.now(dt.UTC),
        results=results,
    )


def test_bank_adapter_is_the_configured_one(settings, file_bank):
    assert isinstance(bank_adapter(), FileExchangeBank)
    settings.PAYOUT_BANK_ADAPTER = ""
    with pytest.raises(ImproperlyConfigured):
        bank_adapter()


def test_file_exchange_writes_the_pain001_atomically_and_reads_the_answer(file_bank, approved_batch, approver):
    """Send: the pain.001 appears in the outbox under its final name only once
    complete (no temporary file left). Results: a pain.002 for another batch and
    a half-written file are left alone; the batch's own answer is imported and
    then moved to the archive."""
    batch, _accounts = approved_batch
    batch = payout_batch_send(batch_id=batch.pk, actor=approver)
    outbox = sorted(os.listdir(file_bank / "outbox"))
    assert outbox == [f"jkp-batch-{batch.pk:09d}.xml"]
    with batch.file.open("rb") as sent:
        assert (file_bank / "outbox" / outbox[0]).read_bytes() == sent.read()
    assert batch.bank_reference == f"FILE-{batch.message_id}"

    with pytest.raises(Exception) as nothing_yet:
        payout_batch_fetch_results(batch_id=batch.pk, actor=approver)
    assert "belum" in str(nothing_yet.value)

    other = write_pain002(
        message_id="BANK-X",
        original_message_id="JKP999999999",
        created_at=dt.datetime.now(dt.UTC),
        results=[(1, 1, "ACSC", "")],
    )
    (file_bank / "inbox" / "other.xml").write_bytes(other)
    (file_bank / "inbox" / ".incoming.xml.part").write_bytes(b"<Doc")
    (file_bank / "inbox" / "answer.xml").write_bytes(_answer(batch))
    summary = payout_batch_fetch_results(batch_id=batch.pk, actor=approver)
    assert summary.paid == 2 and summary.reconciled
    assert PayoutBatch.objects.get(pk=batch.pk).status == BatchStatus.RECONCILED
    assert sorted(os.listdir(file_bank / "inbox")) == [".incoming.xml.part", "other.xml"]
    assert os.listdir(file_bank / "archive") == ["answer.xml"]


def test_a_refused_answer_stays_in_the_inbox(file_bank, approved_batch, approver):
    """An answer that cannot be imported is not archived: nothing is lost."""
    batch, _accounts = approved_batch
    batch = payout_batch_send(batch_id=batch.pk, actor=approver)
    bad = _answer(batch).replace(b"<TxSts>ACSC</TxSts>", b"<TxSts>WHAT</TxSts>")
    (file_bank / "inbox" / "answer.xml").write_bytes(bad)
    with pytest.raises(Exception):
        payout_batch_fetch_results(batch_id=batch.pk, actor=approver)
    assert os.listdir(file_bank / "inbox") == ["answer.xml"] and not os.listdir(file_bank / "archive")
    assert PayoutBatch.objects.get(pk=batch.pk).status == BatchStatus.SENT


@pytest.fixture
def h2h(settings):
    def configure(url, retries=2):
        settings.PAYOUT_BANK_ADAPTER = "claims.payouts.bank_adapters.HostToHostBank"
        settings.PAYOUT_BANK_H2H_URL = url
        settings.PAYOUT_BANK_H2H_API_KEY = "bank-key"
        settings.PAYOUT_BANK_H2H_TIMEOUT = 2.0
        settings.PAYOUT_BANK_H2H_RETRIES = retries
        settings.PAYOUT_BANK_H2H_BACKOFF = 0.01

    return configure


def test_host_to_host_submit_retries_with_the_same_idempotency_key(h2h, approved_batch, approver):
    """The bank is unavailable once (503); the retry carries the same
    Idempotency-Key (the batch), so the bank books the file once."""
    batch, _accounts = approved_batch
    with LocalServer().answer(503).answer(201, json.dumps({"reference": "BRI-H2H-77"}).encode()) as server:
        h2h(server.url)
        batch = payout_batch_send(batch_id=batch.pk, actor=approver)
    assert batch.bank_reference == "BRI-H2H-77"
    assert [r.path for r in server.requests] == ["/payment-files", "/payment-files"]
    keys = {r.headers["idempotency-key"] for r in server.requests}
    assert keys == {f"jkp-batch-{batch.pk}"}
    assert server.requests[-1].headers["authorization"] == "Bearer bank-key"
    assert server.requests[-1].headers["content-type"] == "application/xml"
    with batch.file.open("rb") as sent:
        assert server.requests[-1].body == sent.read()


def test_host_to_host_down_keeps_the_batch_approved(h2h, approved_batch, approver):
    """The bank never answers well: the send fails with a message in Indonesian
    and the batch stays approved (nothing marked sent)."""
    batch, _accounts = approved_batch
    with LocalServer().answer(502) as server:
        h2h(server.url, retries=1)
        with pytest.raises(BankTransportError) as exc:
            payout_batch_send(batch_id=batch.pk, actor=approver)
    assert "Bank" in exc.value.message
    assert len(server.requests) == 2
    assert PayoutBatch.objects.get(pk=batch.pk).status == BatchStatus.APPROVED


def test_host_to_host_timeout_is_an_error(h2h, settings, approved_batch, approver):
    batch, _accounts = approved_batch
    with LocalServer().answer(201, b'{"reference": "late"}', delay=1.5) as server:
        h2h(server.url, retries=0)
        settings.PAYOUT_BANK_H2H_TIMEOUT = 0.3
        with pytest.raises(BankTransportError):
            payout_batch_send(batch_id=batch.pk, actor=approver)
    assert PayoutBatch.objects.get(pk=batch.pk).status == BatchStatus.APPROVED


def test_host_to_host_results_none_until_the_bank_has_them(h2h, approved_batch, approver):
    batch, _accounts = approved_batch
    with LocalServer().answer(201, b'{"reference": "R1"}') as server:
        h2h(server.url)
        batch = payout_batch_send(batch_id=batch.pk, actor=approver)
    with LocalServer().answer(404).answer(200, _answer(batch), {"Content-Type": "application/xml"}) as server:
        h2h(server.url)
        assert HostToHostBank().fetch_results(batch=batch) is None
        summary = payout_batch_fetch_results(batch_id=batch.pk, actor=approver)
    assert summary.paid == 2
    assert server.requests[0].path == f"/payment-files/jkp-batch-{batch.pk}/status-report"
    assert batch.payments.filter(status=PaymentStatus.PAID).count() == 2


def test_a_payout_run_and_its_notices_log_no_personal_data(settings, caplog, branch):
    """Withheld-month notices by SMS during a run, then the bank answer: the log
    has lines, none with the NIK, phone, account number or message text."""
    settings.NOTIFICATION_CHANNELS = ["email", "sms"]
    settings.SMS_GATEWAY = "jkp_portal.common.notifications.LogSmsGateway"
    caplog.set_level(logging.DEBUG)
    with time_machine.travel(dt.datetime(2025, 6, 2, 3, 0, tzinfo=dt.UTC)):
        benefit = make_benefit(decision_date=D0, office=branch, account=account_number())
    user = benefit.participant.user
    user.phone = "081311112222"
    user.save(update_fields=["phone"])
    LogSmsGateway.sent.clear()
    run_payouts(run_date=dt.date(2025, 7, 2), notify=True)
    assert BenefitMonth.objects.filter(benefit=benefit, status=MonthStatus.WITHHELD).exists()
    assert LogSmsGateway.sent, "the withheld notice went out by SMS"
    phone, text = LogSmsGateway.sent[-1]
    assert phone == "+6281311112222"  # sent in E.164
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert logged
    for secret in (benefit.participant.nik, "081311112222", "81311112222", benefit.bank_account_number, text):
        assert secret not in logged
