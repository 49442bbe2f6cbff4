"""Factories for counselling tests: konselors and approved claims with their cases."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from claims.eligibility import add_months
from claims.models import Claim
from counseling.models import Konselor
from counseling.services import case_open_for_claim
from tests.claims.factories import EmployerFactory, ParticipantFactory
from tests.factories import OfficeFactory, UserFactory

ALL_SKILLS = [
    "basic_counselling",
    "assessment_results",
    "job_information",
    "labour_market",
    "training_information",
    "information_management",
]


class KonselorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Konselor
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=["konselor"])
    nip = factory.Sequence(lambda n: f"19850101201001{n:04d}")
    name = factory.Sequence(lambda n: f"Konselor Uji {n}")
    level = "ahli_muda"
    office = factory.SubFactory(OfficeFactory)
    regencies = factory.LazyFunction(lambda: ["33.72"])
    province_codes = factory.LazyFunction(lambda: ["33"])
    capacity = 10
    languages = factory.LazyFunction(lambda: ["id", "jv"])
    skills = factory.LazyFunction(lambda: list(ALL_SKILLS))

    @factory.post_generation
    def link_office(obj, create, extracted, **kwargs):
        if create and obj.user.office_id != obj.office_id:
            obj.user.office = obj.office
            obj.user.save(update_fields=["office"])


def approved_claim(
    *,
    office=None,
    regency: str = "33.72",
    province: str = "33",
    worker=True,
    decision_date: dt.date | None = None,
    full_name: str | None = None,
) -> Claim:
    """An approved claim of a worker with a portal account (a real approval is
    claims' business; counselling only needs the approved row)."""
    employer = EmployerFactory(regency=regency, province_code=province, office=office)
    kwargs = {"employer": employer}
    if full_name:
        kwargs["full_name"] = full_name
    participant = ParticipantFactory(**kwargs)
    if worker:
        participant.user = UserFactory(roles=["worker"], nik=participant.nik, email=participant.email)
        participant.save(update_fields=["user"])
    decided = decision_date or timezone.localdate()
    wage = Decimal("4500000")
    schedule = [
        {
            "month": k,
            "due_date": add_months(decided, k - 1).isoformat(),
            "rate": "0.60",
            "amount": "2700000",
            "rule_set": "PP6_2025",
        }
        for k in range(1, 7)
    ]
    return Claim.objects.create(
        participant=participant,
        office=office,
        status="approved",
        phk_date=decided - dt.timedelta(days=20),
        phk_reason="efficiency",
        proof_type="uncontested",
        bank_name="BRI",
        bank_account_number="0123456789012",
        bank_account_last4="9012",
        bank_account_holder=participant.full_name,
        kapk_signed=True,
        filed_on=decided - dt.timedelta(days=10),
        decision_date=decided,
        rule_set="PP6_2025",
        payer="bpjs",
        wage_base=wage,
        verdict={
            "eligible": True,
            "rule_set": "PP6_2025",
            "payer": "bpjs",
            "wage_base": "4500000",
            "schedule": schedule,
            "total": "16200000",
        },
    )


def open_case(**kwargs):
    """The counselling case of a fresh approved claim (unassigned)."""
    claim = approved_claim(**kwargs)
    return case_open_for_claim(claim=claim, actor=None)
