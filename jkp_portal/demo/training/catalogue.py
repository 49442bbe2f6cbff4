"""Demo LPKs, programmes and vacancies (idempotent).

LPKs in the demo regions — BLK Surakarta, private LPKs, a company training
centre, an online academy, one whose accreditation has expired (its programme
stays a draft) and one whose accreditation ends within 60 days — with
programmes in the skills employers ask for (garment, welding, digital
marketing, barista, forklift, K3), and about 300 vacancies from the demo
employers of ``jkp_portal.demo.claims.registry``. Job-seeker profiles are filled
for approved claims that lack one (again in ``jkp_portal.demo.training.activity``,
after the claims filing step).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Employer
from jkp_portal.demo.industries import industry_of
from jkp_portal.demo.reporting.figures import NPP_PREFIX as HISTORY_NPP_PREFIX
from jkp_portal.demo.training.data import LPKS, OCCUPATIONS, PROGRAMMES, SEEKER_PROFILES, WAGE_FLOOR
from training.models import JobSeekerProfile, Lpk, Programme, ProgrammeStatus, Vacancy, VacancySource
from training.services import (
    job_seeker_profile_activate,
    job_seeker_profile_update,
    lpk_create,
    programme_create,
    programme_publish,
    vacancy_create,
)

ACTOR = "demo-data"
SEED = 20250207
VACANCY_TARGET = 300


def _lpks(today: dt.date) -> list[Lpk]:
    lpks = []
    for name, ownership, standard, siap, verified, days, online, progress, province, regency, contact, phone in LPKS:
        lpk = Lpk.objects.filter(siapkerja_id=siap).first()
        if lpk is None:
            lpk = lpk_create(
                actor=ACTOR,
                name=name,
                ownership=ownership,
                competency_standard=standard,
                siapkerja_id=siap,
                siapkerja_verified=verified,
                verified_on=today - dt.timedelta(days=400),
                accreditation_number=f"AKR/LA-LPK/{siap[-4:]}/{today.year - 1}",
                accreditation_grade="A" if ownership == "government" else "B",
                accredited_until=today + dt.timedelta(days=days),
                online=online,
                tracks_attendance=True,
                tracks_progress=progress,
                contact_name=contact,
                phone=phone,
                email=f"info@{siap.lower()}.lpk.contoh.id",
                province_code=province,
                regency=regency,
                address=f"{regency}",
            )
        lpks.append(lpk)
    return lpks


def _programmes(lpks: list[Lpk], today: dt.date) -> int:
    created = 0
    for (
        code,
        lpk_index,
        title,
        competency,
        kbji,
        skills,
        hours,
        cost,
        mode,
        location,
        province,
        regency,
        start,
        weeks,
        seats,
        weekdays,
        publish,
    ) in PROGRAMMES:
        if Programme.objects.filter(code=code).exists():
            continue
        start_date = today + dt.timedelta(days=start)
        online = mode == "online"
        programme = programme_create(
            actor=ACTOR,
            lpk=lpks[lpk_index],
            code=code,
            title=title,
            competency=competency,
            kbji_code=kbji,
            skills=skills,
            description=f"{competency}. Sertifikat kompetensi diterbitkan setelah uji kompetensi.",
            hours=hours,
            cost=Decimal(cost),
            mode=mode,
            location=location,
            province_code=province,
            regency=regency,
            start_date=start_date,
            end_date=start_date + dt.timedelta(days=7 * weeks - 3),
            seats=seats,
            weekdays=weekdays,
            session_start=dt.time(19) if online else dt.time(8),
            session_end=dt.time(21) if online else dt.time(15),
        )
        if publish and lpks[lpk_index].eligible:
            programme_publish(programme=programme, actor=ACTOR)
        created += 1
    return created


def _vacancies(today: dt.date) -> int:
    rng = random.Random(SEED)
    # Not the dashboards' history employers (DH…, loaded last): they sort first
    # and would change this plan on every later run.
    employers = list(
        Employer.objects.filter(bankrupt_or_closed=False)
        .exclude(npp__startswith=HISTORY_NPP_PREFIX)
        .order_by("npp")[:150]
    )
    if not employers:
        return 0
    existing = set(Vacancy.objects.filter(reference__startswith="DEMO-").values_list("employer_id", "reference"))
    created = 0
    plan: list[tuple[Employer, int]] = []
    # The flagship employer (hr.bengawan's company) first, with a few garment vacancies.
    flagship = next((e for e in employers if e.npp == "DM000001"), None)
    if flagship is not None:
        plan += [(flagship, 0), (flagship, 1), (flagship, 3)]
    n = 0
    while len(plan) < VACANCY_TARGET:
        employer = employers[n % len(employers)]
        templates = OCCUPATIONS.get(industry_of(employer.sector, employer.kbli_code), OCCUPATIONS["other"])
        plan.append((employer, rng.randrange(len(templates))))
        n += 1
    for i, (employer, index) in enumerate(plan, start=1):
        reference = f"DEMO-{i:04d}"
        if (employer.pk, reference) in existing:
            continue
        templates = OCCUPATIONS.get(industry_of(employer.sector, employer.kbli_code), OCCUPATIONS["other"])
        occupation, kbji, skills, description = templates[index]
        floor = WAGE_FLOOR.get(employer.province_code, 3_000_000)
        low = floor + rng.randrange(0, 6) * 100_000
        vacancy_create(
            employer=employer,
            actor=ACTOR,
            source=VacancySource.CSV,
            reference=reference,
            occupation=occupation,
            kbji_code=kbji,
            skills=skills,
            description=description,
            province_code=employer.province_code,
            regency=employer.regency,
            salary_min=Decimal(low),
            salary_max=Decimal(low + rng.randrange(3, 12) * 100_000),
            openings=rng.choice((1, 1, 2, 2, 3, 5, 8)),
            closing_date=today + dt.timedelta(days=rng.randrange(10, 75)),
        )
        created += 1
    return created


def fill_job_seekers() -> int:
    """Job-seeker profiles for approved claims: created when missing, and given a
    plausible occupation and skills (by the former employer's industry) when empty.

    The dashboards' history (employers ``DH…``, loaded last) is left out: those
    claims are summaries of the past, and walking tens of thousands of them one
    by one made every later ``make run`` take minutes."""
    rng = random.Random(SEED + 1)
    filled = 0
    claims = (
        Claim.objects.filter(status=ClaimStatus.APPROVED, decision_date__isnull=False)
        .exclude(participant__employer__npp__startswith=HISTORY_NPP_PREFIX)
        .select_related("participant__employer")
    )
    for claim in claims.order_by("pk"):
        profile = JobSeekerProfile.objects.filter(participant=claim.participant).first()
        if profile is None:
            profile = job_seeker_profile_activate(claim=claim, actor=ACTOR)
        if profile.skills or profile.desired_occupation or not profile.seeking:
            continue
        employer = claim.participant.employer
        industry = industry_of(employer.sector, employer.kbli_code) if employer else "other"
        occupation, kbji, skills = rng.choice(SEEKER_PROFILES.get(industry, SEEKER_PROFILES["trade_services"]))
        job_seeker_profile_update(
            participant=claim.participant,
            actor=ACTOR,
            filled_by="demo",
            desired_occupation=occupation,
            kbji_code=kbji,
            skills=skills,
            willing_to_relocate=rng.random() < 0.2,
        )
        filled += 1
    return filled


@transaction.atomic
def load(stdout) -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    lpks = _lpks(today)
    programmes = _programmes(lpks, today)
    vacancies = _vacancies(today)
    seekers = fill_job_seekers()
    stdout.write(
        f"  training: {len(lpks)} LPK, {programmes} new programmes "
        f"({Programme.objects.filter(status=ProgrammeStatus.PUBLISHED).count()} open), {vacancies} new vacancies "
        f"({Vacancy.objects.count()} in all), {seekers} job-seeker profiles filled"
    )
    if not Employer.objects.exists():
        stdout.write(
            "  training: no demo employers (load jkp_portal.demo.claims.registry first) — no vacancies created"
        )
    return []
