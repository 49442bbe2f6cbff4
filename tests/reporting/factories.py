"""Small, explicit builders for the dashboard tests: each creates exactly the
rows a figure is computed from, straight through the ORM (no services), so a
test states the facts and checks what the dashboard makes of them."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from decimal import Decimal

from django.contrib.auth import get_user_model

from claims.models import Claim
from claims.payouts.models import Benefit, BenefitMonth, Payment, PaymentAttempt, PayoutBatch
from counseling.models import Assessment, Case, CounsellingSession, Konselor, KonselorAbsence
from tests.claims.factories import EmployerFactory, ParticipantFactory
from training.models import Application, Enrolment, Lpk, Programme, Vacancy

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
_seq = itertools.count(1)


def at(day: str, hour: int = 10) -> dt.datetime:
    """An aware datetime in Jakarta: at("2025-03-04", 23)."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=JAKARTA)


def employer(office, *, sector="C", province="33", regency="33.72"):
    return EmployerFactory(office=office, sector=sector, province_code=province, regency=regency)


def claim(
    office,
    *,
    submitted: str,
    decided: str | None = None,
    status: str | None = None,
    reasons=(),
    sector="C",
    province="33",
    sex="M",
    birth=dt.date(1990, 1, 1),
    contract="PKWTT",
    rule_set="",
    submitted_hour=10,
    decided_hour=10,
    employer_obj=None,
) -> Claim:
    """A submitted claim; with ``decided`` approved (default) or rejected."""
    emp = employer_obj or employer(office, sector=sector, province=province)
    participant = ParticipantFactory(employer=emp, sex=sex, birth_date=birth, contract_type=contract)
    if status is None:
        status = ("rejected" if reasons else "approved") if decided else "submitted"
    decided_at = at(decided, decided_hour) if decided else None
    return Claim.objects.create(
        participant=participant,
        office=office,
        status=status,
        phk_date=dt.date.fromisoformat(submitted) - dt.timedelta(days=20),
        phk_reason="efficiency",
        proof_type="uncontested",
        bank_name="BRI",
        kapk_signed=True,
        submitted_at=at(submitted, submitted_hour),
        filed_on=dt.date.fromisoformat(submitted),
        decided_at=decided_at,
        decision_date=decided_at.astimezone(JAKARTA).date() if decided_at else None,
        rejection_reasons=list(reasons),
        rule_set=rule_set,
        payer="bpjs" if decided else "",
        wage_base=Decimal("4000000"),
    )


def benefit(claim_obj: Claim, *, ended_on: dt.date | None = None) -> Benefit:
    decision = claim_obj.decision_date
    return Benefit.objects.create(
        claim=claim_obj,
        participant=claim_obj.participant,
        office=claim_obj.office,
        status="ended" if ended_on else "active",
        is_open=ended_on is None,
        rule_set=claim_obj.rule_set or "PP6_2025",
        payer="bpjs",
        wage_base=Decimal("4000000"),
        decision_date=decision,
        last_due_date=decision,
        bank_code="BRI",
        bank_name="BRI",
        bank_account_number="1234567890",
        bank_account_last4="7890",
        bank_account_holder=claim_obj.participant.full_name,
        ended_on=ended_on,
        end_reason="reemployed" if ended_on else "",
    )


def month(benefit_obj: Benefit, no: int, *, due: str, amount="2400000", status="scheduled", withheld_on=None):
    return BenefitMonth.objects.create(
        benefit=benefit_obj,
        month_no=no,
        period_start=dt.date.fromisoformat(due),
        due_date=dt.date.fromisoformat(due),
        rule_set=benefit_obj.rule_set,
        rate=Decimal("0.60"),
        wage_base=benefit_obj.wage_base,
        amount=Decimal(amount),
        status=status,
        withheld_on=dt.date.fromisoformat(withheld_on) if withheld_on else None,
    )


def batch(office) -> PayoutBatch:
    return PayoutBatch.objects.create(
        office=office, bank_code=f"B{next(_seq)}", bank_name="BRI", status="reconciled", kind="scheduled"
    )


def payment(month_obj: BenefitMonth, *, sla: str, paid_on: str | None, status="paid", attempt=1, batch_obj=None):
    return Payment.objects.create(
        month=month_obj,
        batch=batch_obj or batch(month_obj.benefit.office),
        status=status,
        amount=month_obj.amount,
        rule_set=month_obj.rule_set,
        rate=month_obj.rate,
        wage_base=month_obj.wage_base,
        month_no=month_obj.month_no,
        due_date=month_obj.due_date,
        bank_code="BRI",
        bank_name="BRI",
        account_number="1234567890",
        account_last4="7890",
        account_holder="Peserta",
        sla_deadline=dt.date.fromisoformat(sla),
        attempt=attempt,
        paid_on=dt.date.fromisoformat(paid_on) if paid_on else None,
    )


def attempt(payment_obj: Payment, *, no: int, result: str, on: str, batch_obj=None):
    return PaymentAttempt.objects.create(
        payment=payment_obj,
        batch=batch_obj or batch(payment_obj.batch.office),
        attempt_no=no,
        amount=payment_obj.amount,
        bank_code="BRI",
        account_last4="7890",
        account_holder="Peserta",
        result=result,
        reason_code="AC04" if result == "failed" else "ACSC",
        recorded_at=at(on, 15),
    )


def konselor(office, *, capacity=10, active=True) -> Konselor:
    user = get_user_model().objects.create(username=f"konselor{next(_seq)}", roles=["konselor"], office=office)
    return Konselor.objects.create(
        user=user,
        nip=f"19900101201501{next(_seq):04d}",
        name=f"Konselor {user.username}",
        level="ahli_muda",
        office=office,
        capacity=capacity,
        active=active,
    )


def leave(konselor_obj: Konselor, *, start: dt.date, end: dt.date):
    return KonselorAbsence.objects.create(konselor=konselor_obj, starts_on=start, ends_on=end)


def case(claim_obj: Claim, *, konselor_obj=None, status="active", reemployed_on=None, opened: str | None = None):
    return Case.objects.create(
        claim=claim_obj,
        participant=claim_obj.participant,
        konselor=konselor_obj,
        office=claim_obj.office,
        province_code=claim_obj.participant.employer.province_code,
        status=status,
        opened_at=at(opened) if opened else claim_obj.decided_at,
        reemployed_on=reemployed_on,
    )


def assessment(case_obj: Case):
    return Assessment.objects.create(
        case=case_obj, education_level="sma", desired_occupations=["5223"], desired_location="Surakarta"
    )


def session(case_obj: Case, *, status="attended", on="2025-03-10"):
    return CounsellingSession.objects.create(
        case=case_obj,
        konselor=case_obj.konselor,
        mode="face_to_face",
        place="Disnaker",
        starts_at=at(on),
        status=status,
    )


def enrolment(claim_obj: Claim, *, status="completed"):
    lpk = Lpk.objects.create(name=f"LPK {next(_seq)}", ownership="private", province_code="33")
    programme = Programme.objects.create(
        code=f"P{next(_seq)}",
        lpk=lpk,
        title="Menjahit",
        competency="Penjahit",
        hours=100,
        cost=Decimal("1000000"),
        location="Solo",
        province_code="33",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 3, 1),
        seats=10,
    )
    return Enrolment.objects.create(
        programme=programme, participant=claim_obj.participant, claim=claim_obj, status=status, cost=programme.cost
    )


def hired(claim_obj: Claim, *, on: dt.date):
    """The worker was hired through a vacancy on ``on``."""
    vacancy = Vacancy.objects.create(
        employer=EmployerFactory(), occupation="Penjahit", province_code="33", closing_date=on + dt.timedelta(days=30)
    )
    return Application.objects.create(
        vacancy=vacancy,
        participant=claim_obj.participant,
        origin="application",
        status="hired",
        sent_on=on,
        hired_on=on,
    )
