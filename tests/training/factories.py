"""Factories for training tests: LPKs, programmes with sessions, job seekers
with approved claims, vacancies, and konselors with their cases."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from claims.models import Claim
from counseling.models import Case, Konselor
from tests.claims.factories import EmployerFactory, ParticipantFactory
from tests.factories import OfficeFactory, UserFactory
from training.models import Lpk, Programme, ProgrammeSession, Vacancy
from training.services import job_seeker_profile_activate, job_seeker_profile_update


class LpkFactory(factory.django.DjangoModelFactory):
    """An LPK meeting every criterion (accredited for another year)."""

    class Meta:
        model = Lpk

    name = factory.Sequence(lambda n: f"LPK Uji Kompeten {n}")
    ownership = "private"
    competency_standard = "national"
    siapkerja_id = factory.Sequence(lambda n: f"SIAP-33-{n:05d}")
    siapkerja_verified = True
    verified_on = dt.date(2024, 1, 10)
    accreditation_number = factory.Sequence(lambda n: f"AKR/{n:04d}/2024")
    accreditation_grade = "A"
    accredited_until = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))
    online = False
    tracks_attendance = True
    tracks_progress = False
    contact_name = "Ibu Sari"
    phone = "0271123456"
    email = factory.Sequence(lambda n: f"lpk{n}@example.id")
    province_code = "33"
    regency = "33.72"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A published programme with weekly sessions (pass ``sessions=[dates]`` to choose)."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"PRG-{n:05d}")
    lpk = factory.SubFactory(LpkFactory)
    title = factory.Sequence(lambda n: f"Operator Mesin Jahit Industri {n}")
    competency = "Menjahit dengan mesin jahit industri"
    skills = factory.LazyFunction(lambda: ["menjahit", "mesin jahit industri", "quality control"])
    hours = 160
    cost = Decimal("800000")
    mode = "offline"
    location = "Jl. Slamet Riyadi 1, Surakarta"
    province_code = "33"
    regency = "33.72"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=14))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    seats = 10
    status = "published"

    @factory.post_generation
    def sessions(obj, create, extracted, **kwargs):
        if not create:
            return
        days = extracted
        if days is None:
            days = [obj.start_date + dt.timedelta(days=7 * i) for i in range(7)]
        ProgrammeSession.objects.bulk_create(
            [ProgrammeSession(programme=obj, date=d, start_time=dt.time(8), end_time=dt.time(12)) for d in days]
        )


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    occupation = "Operator Jahit"
    skills = factory.LazyFunction(lambda: ["menjahit", "mesin jahit industri"])
    skills_text = factory.LazyAttribute(lambda v: " ".join(v.skills))
    description = "Menjahit pakaian jadi di lini produksi."
    province_code = "33"
    regency = "33.72"
    salary_min = Decimal("2200000")
    salary_max = Decimal("2800000")
    openings = 3
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


def approved_job_seeker(
    *,
    office=None,
    decision_date: dt.date | None = None,
    rule_set: str = "PP6_2025",
    occupation: str = "Penjahit",
    skills=("menjahit", "obras"),
    province: str = "33",
    regency: str = "33.72",
    willing_to_relocate: bool = False,
    worker: bool = True,
):
    """A participant with a worker account, an approved claim and a job-seeker
    profile. Returns (participant, claim)."""
    employer = EmployerFactory(province_code=province, regency=regency, office=office)
    participant = ParticipantFactory(employer=employer)
    if worker:
        participant.user = UserFactory(roles=["worker"], nik=participant.nik, email=participant.email)
        participant.save(update_fields=["user"])
    decided = decision_date or timezone.localdate() - dt.timedelta(days=10)
    claim = Claim.objects.create(
        participant=participant,
        office=office,
        status="approved",
        phk_date=decided - dt.timedelta(days=20),
        phk_reason="efficiency",
        proof_type="uncontested",
        bank_name="BRI",
        bank_account_holder=participant.full_name,
        kapk_signed=True,
        filed_on=decided - dt.timedelta(days=10),
        decision_date=decided,
        rule_set=rule_set,
        payer="bpjs",
        wage_base=Decimal("4500000"),
    )
    job_seeker_profile_activate(claim=claim, actor=None)
    job_seeker_profile_update(
        participant=participant,
        actor=None,
        desired_occupation=occupation,
        skills=list(skills),
        province_code=province,
        regency=regency,
        willing_to_relocate=willing_to_relocate,
    )
    return participant, claim


def konselor_with_clients(*claims, office=None):
    """A konselor (user + counselling registry row) whose active cases are these claims'."""
    office = office or OfficeFactory()
    user = UserFactory(roles=["konselor"], office=office)
    konselor = Konselor.objects.create(
        user=user,
        nip=f"1985{user.pk:014d}",
        name=user.get_full_name(),
        level="ahli_muda",
        office=office,
        regencies=["33.72"],
        province_codes=["33"],
    )
    for claim in claims:
        Case.objects.create(
            claim=claim,
            participant=claim.participant,
            konselor=konselor,
            office=office,
            province_code="33",
            regency="33.72",
            status="active",
        )
    return user
