"""Demo konselors in the demo offices, and counselling cases for the approved
claims that exist (idempotent: a second run changes nothing).

Two steps (``jkp_portal/demo/steps.py``): ``load`` after the registry and the
payouts demo, ``load_late`` after the claims filing step
(``jkp_portal.demo.claims.filing``) approved its claims."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ClaimStatus
from counseling.models import Case, CaseStatus, CounsellingSession, Konselor
from counseling.services import (
    case_open_for_claim,
    cases_assign_pending,
    cases_refresh_job_search,
    konselor_absence_add,
    konselor_create,
    session_schedule,
)
from jkp_portal.accounts.models import Office, User
from jkp_portal.demo.accounts import DEMO_PASSWORD

ALL_SKILLS = [
    "basic_counselling",
    "assessment_results",
    "job_information",
    "labour_market",
    "training_information",
    "information_management",
]

# username, NIP, name, level, office, regencies, provinces, capacity, languages, skills, description
KONSELORS = [
    (
        "konselor.solo",
        "198503122010011001",
        "Sri Wahyuningsih",
        "ahli_muda",
        "KC-SKA",
        ["33.72", "33.11"],
        ["33"],
        150,
        ["id", "jv"],
        ALL_SKILLS,
        "konselor JKP (pengantar kerja ahli muda), KC Surakarta",
    ),
    (
        "konselor.karanganyar",
        "199007252015031002",
        "Agus Prasetyo",
        "ahli_pertama",
        "KC-SKA",
        ["33.13"],
        ["33"],
        120,
        ["id", "jv"],
        ["basic_counselling", "job_information", "labour_market", "training_information"],
        "konselor JKP (pengantar kerja ahli pertama), KC Surakarta",
    ),
    (
        "konselor.smg",
        "198211052008012003",
        "Retno Kusumawati",
        "ahli_madya",
        "KC-SMG",
        ["33.74", "33.24", "33.21"],
        ["33"],
        180,
        ["id", "jv"],
        ALL_SKILLS,
        "konselor JKP (pengantar kerja ahli madya), KC Semarang",
    ),
    (
        "konselor.bpn",
        "198809142012121001",
        "Muhammad Rizky Pratama",
        "ahli_muda",
        "KC-BPN",
        ["64.71", "64.09"],
        ["64"],
        150,
        ["id", "bjn"],
        ALL_SKILLS,
        "konselor JKP (pengantar kerja ahli muda), KC Balikpapan",
    ),
    (
        "konselor.smd",
        "199203182019032004",
        "Nurul Hidayah",
        "petugas_antar_kerja",
        "KC-SMD",
        ["64.72", "64.02"],
        ["64"],
        100,
        ["id", "bjn", "day"],
        ["basic_counselling", "job_information", "labour_market"],
        "konselor JKP (petugas antar kerja), KC Samarinda — on leave next week",
    ),
    (
        "konselor.jkt",
        "198601302009011005",
        "Hendra Gunawan",
        "ahli_madya",
        "KC-JKS",
        ["31.71", "31.75"],
        ["31"],
        200,
        ["id", "en"],
        ALL_SKILLS,
        "konselor JKP (pengantar kerja ahli madya), KC Jakarta Salemba",
    ),
    (
        "konselor.tng",
        "199105062016022006",
        "Dewi Lestari",
        "ahli_pertama",
        "KC-TNG",
        ["36.71", "36.03"],
        ["36"],
        150,
        ["id", "su"],
        ALL_SKILLS,
        "konselor JKP (pengantar kerja ahli pertama), KC Tangerang",
    ),
]


def _ensure_konselors(stdout) -> list[tuple[str, str, str]]:
    logins = []
    offices = {o.code: o for o in Office.objects.filter(code__in={k[4] for k in KONSELORS})}
    for username, nip, name, level, office_code, regencies, provinces, capacity, languages, skills, what in KONSELORS:
        office = offices.get(office_code)
        if office is None:
            stdout.write(f"  skipped {username}: office {office_code} missing (load jkp_portal.demo.accounts first)")
            continue
        if not Konselor.objects.filter(user__username=username).exists():
            if User.objects.filter(username=username).exists():
                stdout.write(f"  skipped {username}: the username exists without a konselor profile")
                continue
            konselor_create(
                username=username,
                password=DEMO_PASSWORD,
                email=f"{username}@kemnaker-demo.id",
                nip=nip,
                name=name,
                level=level,
                office=office,
                capacity=capacity,
                regencies=regencies,
                province_codes=provinces,
                languages=languages,
                skills=skills,
                actor="demo-data",
            )
        logins.append((username, DEMO_PASSWORD, what))
    return logins


def _next_workday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _demo_leave() -> None:
    konselor = Konselor.objects.filter(user__username="konselor.smd").first()
    if konselor is None or konselor.absences.exists():
        return
    start = timezone.localdate() + dt.timedelta(days=7)
    konselor_absence_add(
        konselor=konselor,
        starts_on=start,
        ends_on=start + dt.timedelta(days=4),
        reason="Cuti tahunan",
        actor="demo-data",
    )


def _demo_session() -> int:
    """A first session for the oldest new case of konselor.solo (once), so the
    worker's page and the caseload show an appointment."""
    if CounsellingSession.objects.filter(konselor__user__username="konselor.solo").exists():
        return 0
    case = (
        Case.objects.filter(konselor__user__username="konselor.solo", status=CaseStatus.NEW)
        .exclude(pk__in=CounsellingSession.objects.values("case_id"))
        .order_by("opened_at", "pk")
        .first()
    )
    if case is None:
        return 0
    day = _next_workday(timezone.localdate())
    starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)), timezone.get_current_timezone())
    session_schedule(
        case=case,
        mode="face_to_face",
        starts_at=starts_at,
        place="Ruang Konseling Disnaker Kota Surakarta, Jl. Slamet Riyadi",
        actor="demo-data",
    )
    return 1


def assign_existing(stdout) -> None:
    """Cases for the approved claims that exist, assigned; a first session for one; the at-risk snapshot."""
    opened = 0
    for claim in Claim.objects.filter(status=ClaimStatus.APPROVED, counseling_case__isnull=True).order_by("pk"):
        case_open_for_claim(claim=claim, actor="demo-data")
        opened += 1
    result = cases_assign_pending(actor="demo-data")
    sessions = _demo_session()
    cases_refresh_job_search()
    stdout.write(
        f"  konselors: {Konselor.objects.count()}, cases opened: {opened}, assigned now: {result.assigned}, "
        f"waiting: {result.waiting}, demo sessions: {sessions}"
    )


@transaction.atomic
def load(stdout) -> list[tuple[str, str, str]]:
    logins = _ensure_konselors(stdout)
    _demo_leave()
    assign_existing(stdout)
    return logins


@transaction.atomic
def load_late(stdout) -> list[tuple[str, str, str]]:
    """Counselling for the claims the filing step approved: open and assign
    their cases now rather than waiting for the Celery worker. No new logins."""
    assign_existing(stdout)
    return []
