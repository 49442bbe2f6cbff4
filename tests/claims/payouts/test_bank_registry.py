"""One bank registry (issue 15): every bank the claim wizard offers has a code
and (where known) a BIC, and the pain.001 file names it by that BIC; no bank of
the wizard is paid as ``LAINNYA``."""

import datetime as dt

import pytest
from lxml import etree

from claims.banks import BANKS, OTHER_CODE, bank_for
from claims.forms.claims import BankStepForm
from claims.payouts.bankfiles import PAIN001_NS
from claims.payouts.forms import AccountForm
from claims.payouts.models import Payment, PayoutBatch
from claims.payouts.services import payout_batch_approve, payout_batch_send, run_payouts
from claims.payouts.services.benefits import validate_account
from tests.claims.factories import ParticipantFactory
from tests.claims.payouts.factories import make_benefit

D0 = dt.date(2025, 6, 2)
NS = {"p": PAIN001_NS}

WIZARD_LABELS = [value for value, _label in BankStepForm().fields["bank_name"].choices if value]


def test_the_wizard_and_the_account_form_offer_the_same_registry_banks():
    account_codes = {value for value, _label in AccountForm().fields["bank_code"].choices}
    assert len(WIZARD_LABELS) == 26
    assert account_codes == {bank.code for bank in BANKS} | {OTHER_CODE}
    for label in WIZARD_LABELS:
        bank = bank_for(label)
        assert bank is not None and bank.code in account_codes, label


def test_registry_bics_look_like_indonesian_bics():
    assert len({bank.code for bank in BANKS}) == len(BANKS)
    for bank in BANKS:
        assert len(bank.code) <= 12 and bank.code != OTHER_CODE
        if bank.bic:
            assert len(bank.bic) == 8 and bank.bic[4:6] == "ID" and bank.bic.isalnum(), bank


@pytest.mark.django_db
def test_a_claim_with_each_wizard_bank_is_paid_with_that_banks_bic(branch, approver):
    for label in WIZARD_LABELS:
        make_benefit(decision_date=D0, office=branch, bank_name=label)
    run_payouts(run_date=D0, notify=False)
    sent = {}
    for batch in PayoutBatch.objects.all():
        payout_batch_approve(batch_id=batch.pk, actor=approver)
        batch = payout_batch_send(batch_id=batch.pk, actor=approver)
        root = etree.fromstring(batch.file.open("rb").read())
        for tx in root.findall(".//p:CdtTrfTxInf", NS):
            sent[int(tx.findtext("p:PmtId/p:EndToEndId", namespaces=NS))] = tx
    payments = Payment.objects.select_related("month__benefit__claim")
    assert len(sent) == payments.count() == len(WIZARD_LABELS)
    for payment in payments:
        label = payment.month.benefit.claim.bank_name
        bank = bank_for(label)
        assert payment.bank_code == bank.code != OTHER_CODE, label
        agent = sent[payment.pk].find("p:CdtrAgt/p:FinInstnId", NS)
        if bank.bic:
            assert agent.findtext("p:BICFI", namespaces=NS) == bank.bic, label
        else:
            # BIC not confirmed yet: the bank's full name, still under its own code
            assert agent.findtext("p:Nm", namespaces=NS) == bank.name, label


@pytest.mark.django_db
def test_a_benefit_stored_as_lainnya_before_the_registry_still_gets_its_banks_bic(branch, approver):
    """Benefits created before the registry knew "BPD Jateng" carry LAINNYA; no
    data migration is needed: the file finds the bank by its stored name."""
    benefit = make_benefit(decision_date=D0, office=branch, bank_name="BPD Jateng")
    type(benefit).objects.filter(pk=benefit.pk).update(bank_code=OTHER_CODE)
    run_payouts(run_date=D0, notify=False)
    batch = PayoutBatch.objects.get()
    assert batch.bank_code == OTHER_CODE
    payout_batch_approve(batch_id=batch.pk, actor=approver)
    batch = payout_batch_send(batch_id=batch.pk, actor=approver)
    root = etree.fromstring(batch.file.open("rb").read())
    assert root.findtext(".//p:CdtTrfTxInf/p:CdtrAgt/p:FinInstnId/p:BICFI", namespaces=NS) == "PDJGIDJ1"


@pytest.mark.django_db
def test_bank_lain_typed_as_a_registry_bank_is_that_bank():
    participant = ParticipantFactory()
    data = validate_account(
        participant=participant,
        bank_code=OTHER_CODE,
        bank_name="PT Bank Jateng",
        account_number="0123456789",
        holder=participant.full_name,
    )
    assert (data["bank_code"], data["bank_name"]) == ("JATENG", "Bank Jateng (BPD Jawa Tengah)")
    other = validate_account(
        participant=participant,
        bank_code=OTHER_CODE,
        bank_name="Bank Contoh Sejahtera",
        account_number="0123456789",
        holder=participant.full_name,
    )
    assert (other["bank_code"], other["bank_name"]) == (OTHER_CODE, "Bank Contoh Sejahtera")
