"""Batches: maker-checker approval, the pain.001 file, the bank's answer (pain.002
and CSV), failures back to the worker, re-issue in a later batch."""

import datetime as dt
from decimal import Decimal

import pytest
from lxml import etree

from claims.payouts.bank_adapters import SimulatedBank
from claims.payouts.bankfiles import PAIN001_NS, write_pain002
from claims.payouts.ledger import check_payout_ledger
from claims.payouts.models import BatchKind, BatchStatus, Payment, PaymentAttempt, PaymentStatus, PayoutBatch
from claims.payouts.services import (
    bank_account_change_request,
    payout_batch_approve,
    payout_batch_fetch_results,
    payout_batch_import_results,
    payout_batch_prepare_reissue,
    payout_batch_send,
    run_payouts,
)
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from tests.claims.payouts.factories import account_number, change_account, make_benefit
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

D0 = dt.date(2025, 6, 2)
NS = {"p": PAIN001_NS}


@pytest.fixture
def sent_batch(branch, approver):
    """A sent batch of four month-1 payments: two fine, one closed account, one name mismatch."""
    accounts = [account_number(), account_number(), account_number("404"), account_number("101")]
    benefits = [make_benefit(decision_date=D0, office=branch, account=a) for a in accounts]
    run_payouts(run_date=D0, notify=False)
    batch = PayoutBatch.objects.get()
    payout_batch_approve(batch_id=batch.pk, actor=approver)
    batch = payout_batch_send(batch_id=batch.pk, actor=approver)
    return batch, benefits


def test_only_an_approver_approves_and_totals_are_frozen(branch, approver, supervisor):
    """A supervisor cannot approve (403); the approver's approval freezes count and total."""
    for _ in range(2):
        make_benefit(decision_date=D0, office=branch)
    run_payouts(run_date=D0, notify=False)
    batch = PayoutBatch.objects.get()
    with pytest.raises(ForbiddenError):
        payout_batch_approve(batch_id=batch.pk, actor=supervisor)
    batch = payout_batch_approve(batch_id=batch.pk, actor=approver)
    assert batch.status == BatchStatus.APPROVED
    assert (batch.payment_count, batch.total_amount) == (2, Decimal("5400000"))
    with pytest.raises(StateConflictError) as exc:
        payout_batch_approve(batch_id=batch.pk, actor=approver)
    assert "Disetujui" in exc.value.message


def test_a_new_run_after_approval_opens_a_new_batch(branch, approver):
    """Payments created after a batch was approved go to a new prepared batch, never into the approved one."""
    make_benefit(decision_date=D0, office=branch)
    run_payouts(run_date=D0, notify=False)
    first = PayoutBatch.objects.get()
    payout_batch_approve(batch_id=first.pk, actor=approver)
    make_benefit(decision_date=dt.date(2025, 6, 3), office=branch)
    run_payouts(run_date=dt.date(2025, 6, 3), notify=False)
    assert first.payments.count() == 1
    second = PayoutBatch.objects.exclude(pk=first.pk).get()
    assert second.status == BatchStatus.PREPARED and second.payments.count() == 1


def test_pain001_has_one_transfer_per_payment_with_idr_amounts_and_sums(sent_batch):
    """The file is a pain.001.001.09 document: group and payment-info counts and
    control sums equal the payments, end-to-end id is the payment id, amounts in
    IDR, debtor is the BPJS account."""
    batch, benefits = sent_batch
    assert batch.status == BatchStatus.SENT and batch.message_id and len(batch.file_sha256) == 64
    root = etree.fromstring(batch.file.open("rb").read())
    assert etree.QName(root).namespace == PAIN001_NS
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert header.findtext("p:MsgId", namespaces=NS) == batch.message_id
    txs = root.findall(".//p:CdtTrfTxInf", NS)
    payments = {p.pk: p for p in Payment.objects.filter(batch=batch)}
    assert len(txs) == len(payments) == 4
    assert header.findtext("p:NbOfTxs", namespaces=NS) == "4"
    amounts = [Decimal(tx.findtext("p:Amt/p:InstdAmt", namespaces=NS)) for tx in txs]
    assert Decimal(header.findtext("p:CtrlSum", namespaces=NS)) == sum(amounts) == batch.total_amount
    pmtinf = root.find(".//p:PmtInf", NS)
    assert pmtinf.findtext("p:NbOfTxs", namespaces=NS) == "4"
    assert Decimal(pmtinf.findtext("p:CtrlSum", namespaces=NS)) == batch.total_amount
    assert pmtinf.findtext("p:DbtrAcct/p:Ccy", namespaces=NS) == "IDR"
    assert pmtinf.findtext("p:Dbtr/p:Nm", namespaces=NS).startswith("BPJS Ketenagakerjaan")
    for tx in txs:
        pid = int(tx.findtext("p:PmtId/p:EndToEndId", namespaces=NS))
        assert tx.find("p:Amt/p:InstdAmt", NS).get("Ccy") == "IDR"
        assert tx.findtext("p:CdtrAcct/p:Id/p:Othr/p:Id", namespaces=NS) == payments[pid].account_number
        assert tx.findtext("p:CdtrAgt/p:FinInstnId/p:BICFI", namespaces=NS) == "BRINIDJA"
        assert Decimal(tx.findtext("p:Amt/p:InstdAmt", namespaces=NS)) == payments[pid].amount
    # downloading again returns the same file
    again = payout_batch_send(batch_id=batch.pk, actor=None)
    assert again.file_sha256 == batch.file_sha256


def test_prepared_batch_has_no_bank_file(branch):
    make_benefit(decision_date=D0, office=branch)
    run_payouts(run_date=D0, notify=False)
    with pytest.raises(StateConflictError):
        payout_batch_send(batch_id=PayoutBatch.objects.get().pk, actor=None)


def test_simulated_bank_answers_with_realistic_failures_and_reconciles(
    sent_batch, approver, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """The bank's pain.002 pays two, rejects the closed account (AC04) and the
    name mismatch (BE01); the batch is reconciled with totals; the workers of the
    failed payments are told to correct their account."""
    settings.NOTIFICATION_CHANNELS = ["email"]
    batch, benefits = sent_batch
    with django_capture_on_commit_callbacks(execute=True):
        summary = payout_batch_fetch_results(batch_id=batch.pk, actor=approver, adapter=SimulatedBank())
    failed_mail = [m for m in mailoutbox if "gagal" in m.subject]
    assert sorted(m.to[0] for m in failed_mail) == sorted(b.participant.user.email for b in benefits[2:])
    assert any("Rekening sudah ditutup (AC04)" in m.body for m in failed_mail)
    assert (summary.paid, summary.failed, summary.reconciled) == (2, 2, True)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RECONCILED
    assert (batch.paid_count, batch.failed_count) == (2, 2)
    assert batch.paid_total + batch.failed_total == batch.total_amount
    codes = dict(Payment.objects.filter(status=PaymentStatus.FAILED).values_list("month__benefit_id", "result_code"))
    assert codes == {benefits[2].pk: "AC04", benefits[3].pk: "BE01"}
    assert Payment.objects.filter(status=PaymentStatus.PAID, paid_on__isnull=False).count() == 2
    assert PaymentAttempt.objects.count() == 4
    assert check_payout_ledger(as_of=D0).ok


def test_csv_results_with_an_unknown_payment_are_refused_whole(sent_batch, supervisor):
    """One bad line refuses the file: nothing is marked paid."""
    batch, _ = sent_batch
    ids = sorted(batch.payments.values_list("pk", flat=True))
    content = "payment_id,status,reason_code\n" + f"{ids[0]},ACSC,\n" + "99999999,ACSC,\n"
    with pytest.raises(ApplicationError) as exc:
        payout_batch_import_results(batch_id=batch.pk, actor=supervisor, content=content.encode())
    assert any("99999999" in p for p in exc.value.errors["file"])
    assert not Payment.objects.filter(status=PaymentStatus.PAID).exists()


def test_csv_results_partial_then_complete_and_idempotent(sent_batch, supervisor):
    """A CSV for part of the batch leaves it sent; the rest reconciles it; importing again changes nothing."""
    batch, _ = sent_batch
    ids = sorted(batch.payments.values_list("pk", flat=True))
    first = f"payment_id,status,reason_code\n{ids[0]},paid,\n{ids[1]},ACSP,\n"
    s1 = payout_batch_import_results(batch_id=batch.pk, actor=supervisor, content=first.encode())
    assert (s1.paid, s1.pending, s1.reconciled) == (1, 1, False)
    rest = "payment_id,status,reason_code\n" + "\n".join(
        [f"{ids[1]},paid,", f"{ids[2]},failed,AC04", f"{ids[3]},RJCT,BE01"]
    )
    s2 = payout_batch_import_results(batch_id=batch.pk, actor=supervisor, content=rest.encode())
    assert (s2.paid, s2.failed, s2.reconciled) == (1, 2, True)
    with pytest.raises(StateConflictError):
        payout_batch_import_results(batch_id=batch.pk, actor=supervisor, content=rest.encode())


def test_pain002_for_another_batch_is_refused(sent_batch, supervisor):
    batch, _ = sent_batch
    content = write_pain002(
        message_id="X", original_message_id="JKP-OTHER", created_at=dt.datetime(2025, 6, 3, tzinfo=dt.UTC), results=[]
    )
    with pytest.raises(ApplicationError):
        payout_batch_import_results(batch_id=batch.pk, actor=supervisor, content=content)


def test_hostile_xml_is_refused(sent_batch, supervisor):
    """An XML bomb / DTD never gets parsed."""
    batch, _ = sent_batch
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Document>&b;</Document>'
    with pytest.raises(ApplicationError):
        payout_batch_import_results(batch_id=batch.pk, actor=supervisor, content=bomb)


def test_failed_payment_is_reissued_to_the_corrected_account_with_maker_checker(
    sent_batch, approver, approver2, supervisor
):
    """After AC04 the worker gives a new account; a supervisor prepares the
    re-issue batch; the supervisor... cannot approve (not an approver), an
    approver who prepared it cannot either; another approver can. The bank pays
    the second attempt; the month has still exactly one payment."""
    batch, benefits = sent_batch
    payout_batch_fetch_results(batch_id=batch.pk, actor=approver, adapter=SimulatedBank())
    closed = benefits[2]
    payment = Payment.objects.get(month__benefit=closed)
    assert payment.status == PaymentStatus.FAILED
    new_number = account_number()
    outcome = change_account(
        closed,
        bank_code="BNI",
        number=new_number,
        holder=closed.participant.full_name.upper(),
        reviewer=UserFactory(roles=["verifier"], office=closed.office),
    )
    assert outcome.reissue_ready == 1
    with pytest.raises(StateConflictError):
        payout_batch_prepare_reissue(actor=UserFactory(roles=["approver"], office=None, is_superuser=False))
    (reissue,) = payout_batch_prepare_reissue(actor=approver)
    assert reissue.kind == BatchKind.REISSUE and reissue.prepared_by == approver and reissue.bank_code == "BNI"
    with pytest.raises(ForbiddenError):
        payout_batch_approve(batch_id=reissue.pk, actor=approver)
    payout_batch_approve(batch_id=reissue.pk, actor=approver2)
    payout_batch_send(batch_id=reissue.pk, actor=approver2)
    payment.refresh_from_db()
    assert (payment.attempt, payment.account_number, payment.bank_code) == (2, new_number, "BNI")
    payout_batch_fetch_results(batch_id=reissue.pk, actor=approver2, adapter=SimulatedBank())
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert list(payment.attempts.order_by("attempt_no").values_list("result", "reason_code")) == [
        ("failed", "AC04"),
        ("paid", "ACSC"),
    ]
    assert Payment.objects.filter(month__benefit=closed).count() == 1
    assert check_payout_ledger(as_of=D0).ok


def test_account_must_be_in_the_workers_own_name(sent_batch):
    batch, benefits = sent_batch
    benefit = benefits[0]
    with pytest.raises(ApplicationError) as exc:
        bank_account_change_request(
            benefit=benefit,
            actor=benefit.participant.user,
            password=PASSWORD,
            bank_code="BRI",
            account_number="1234567890",
            holder="Orang Lain",
        )
    assert "holder" in exc.value.errors
    with pytest.raises(ForbiddenError):
        bank_account_change_request(
            benefit=benefit,
            actor=benefits[1].participant.user,
            password=PASSWORD,
            bank_code="BRI",
            account_number="1234567890",
            holder=benefit.participant.full_name,
        )
