"""Approved claims and their benefits, built the way the claims app approves them:
a Claim in status approved with the verdict of the real eligibility engine, then
the ``claim_approved`` signal."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from itertools import count

from django.db import transaction
from django.test import TestCase

from claims.eligibility import Facts, add_months, evaluate
from claims.models import Claim, Contribution
from claims.payouts.services import (
    bank_account_change_approve,
    bank_account_change_request,
    bank_account_change_verify,
)
from claims.signals import claim_approved
from tests.claims.factories import EmployerFactory, ParticipantFactory, add_contributions
from tests.factories import PASSWORD, UserFactory

_accounts = count(1)


def account_number(suffix: str = "") -> str:
    """A fresh account number; the simulated bank fails those ending in 404, 101 or 001."""
    base = f"70{next(_accounts):08d}"
    if suffix:
        return base[: -len(suffix)] + suffix
    if base.endswith(("404", "101", "001")):
        base = base[:-1] + "7"
    return base


def approved_claim(
    *,
    decision_date: dt.date,
    wage: Decimal = Decimal("4500000"),
    office=None,
    participant=None,
    with_user: bool = True,
    employer_arrears_months: int = 0,
    bank_name: str = "BRI",
    account: str | None = None,
) -> Claim:
    if participant is None:
        employer = EmployerFactory(office=office)
        participant = ParticipantFactory(employer=employer)
    if with_user and participant.user_id is None:
        participant.user = UserFactory(
            roles=["worker"], first_name=participant.full_name, last_name="", nik=participant.nik, office=None
        )
        participant.save(update_fields=["user"])
    phk = decision_date - dt.timedelta(days=20)
    start = add_months(phk.replace(day=1), -23)
    add_contributions(participant, start=start.strftime("%Y-%m"), months=24, wage=wage)
    paid = frozenset(
        (p.year, p.month)
        for p in Contribution.objects.filter(participant=participant, status="paid").values_list("period", flat=True)
    )
    verdict = evaluate(
        Facts(
            birth_date=participant.birth_date,
            jkp_registered_on=participant.jkp_registered_on,
            employer_size=participant.employer.size,
            programs=frozenset(participant.programs),
            jkn_segment=participant.jkn_segment,
            contract_type=participant.contract_type,
            contract_end_date=participant.contract_end,
            phk_date=phk,
            phk_reason="efficiency",
            filed_on=phk + dt.timedelta(days=5),
            decision_date=decision_date,
            paid_months=paid,
            last_wage=wage,
            employer_arrears_months=employer_arrears_months,
        )
    )
    assert verdict.eligible, verdict.failed
    number = account or account_number()
    return Claim.objects.create(
        participant=participant,
        office=office,
        status="approved",
        phk_date=phk,
        phk_reason="efficiency",
        proof_type="uncontested",
        bank_name=bank_name,
        bank_account_number=number,
        bank_account_last4=number[-4:],
        bank_account_holder=participant.full_name,
        kapk_signed=True,
        filed_on=phk + dt.timedelta(days=5),
        decision_date=decision_date,
        rule_set=verdict.rule_set,
        payer=verdict.payer,
        wage_base=verdict.wage_base,
        claim_deadline=verdict.claim_deadline,
        verdict=verdict.as_dict(),
    )


def approve(claim: Claim, actor=None):
    """Send the approval signal as the claims app does (inside its transaction)."""
    with transaction.atomic():
        claim_approved.send(sender=Claim, claim=claim, actor=actor)
    claim.refresh_from_db()
    return claim.benefit


def make_benefit(**kwargs):
    return approve(approved_claim(**kwargs))


class _Outbox:
    def __init__(self):
        self.texts: list[str] = []

    def send(self, *, phone: str, text: str) -> None:
        self.texts.append(text)


def change_account(benefit, *, bank_code: str, number: str, holder: str | None = None, reviewer=None):
    """The worker's whole account change: password, the SMS code, and (when a
    payment is due soon or a transfer failed) the reviewer's approval."""
    worker = benefit.participant.user
    outbox = _Outbox()
    with TestCase.captureOnCommitCallbacks(execute=True):
        change = bank_account_change_request(
            benefit=benefit,
            actor=worker,
            password=PASSWORD,
            bank_code=bank_code,
            account_number=number,
            holder=holder if holder is not None else benefit.participant.full_name,
            sms_gateway=outbox,
        )
    code = re.search(r"\b(\d{6})\b", outbox.texts[-1]).group(1)
    outcome = bank_account_change_verify(change_id=change.pk, actor=worker, code=code)
    if outcome.change.status == "in_review" and reviewer is not None:
        outcome = bank_account_change_approve(change_id=change.pk, actor=reviewer)
    return outcome
