"""After ``jkp_portal.demo.claims.filing`` approved its demo claims: give their workers a
job-seeker profile (occupation and skills by their former employer's industry),
and some activity so the pages are not empty — a few garment workers enrolled
in BLK Surakarta's running sewing course with their attendance so far, and a
few applications. The demo accounts (``pekerja.*``) are left untouched so the
walk-through can do all of it in the browser. Idempotent."""

import random

from django.db import transaction
from django.utils import timezone

from jkp_portal.demo.training.catalogue import ACTOR, SEED, fill_job_seekers
from training.models import Application, Enrolment, JobSeekerProfile, Programme
from training.selectors.matching import vacancies_for_profile
from training.services import application_create, attendance_record, enrolment_create

RUNNING_PROGRAMME = "BLK-SKA-JHT-01"
ENROLLED = 6
APPLICANTS = 10


def _others():
    return (
        JobSeekerProfile.objects.filter(seeking=True)
        .exclude(participant__user__username__startswith="pekerja.")
        .select_related("participant")
        .order_by("pk")
    )


def _enrol_and_attend() -> int:
    programme = Programme.objects.filter(code=RUNNING_PROGRAMME, status="published").first()
    if programme is None or Enrolment.objects.filter(programme=programme).exists():
        return 0
    seekers = [
        p for p in _others().filter(province_code=programme.province_code) if set(p.skills) & set(programme.skills)
    ]
    enrolments = []
    for profile in seekers[:ENROLLED]:
        enrolments.append(enrolment_create(participant=profile.participant, programme=programme, actor=ACTOR))
    rng = random.Random(SEED + 2)
    today = timezone.localdate()
    for session in programme.sessions.filter(date__lt=today).order_by("date"):
        marks = {e.pk: rng.random() < 0.88 for e in enrolments if e.status == "enrolled"}
        attendance_record(session=session, marks=marks, actor=ACTOR)
    return len(enrolments)


def _applications() -> int:
    if Application.objects.exists():
        return 0
    made = 0
    for profile in _others()[: APPLICANTS * 2]:
        match = next(iter(vacancies_for_profile(profile, limit=1)), None)
        if match is None:
            continue
        application_create(participant=profile.participant, vacancy=match.obj, actor=ACTOR, note="")
        made += 1
        if made == APPLICANTS:
            break
    return made


@transaction.atomic
def load(stdout) -> list[tuple[str, str, str]]:
    filled = fill_job_seekers()
    enrolled = _enrol_and_attend()
    applied = _applications()
    stdout.write(
        f"  training: {filled} job-seeker profiles filled, {enrolled} enrolled with attendance, {applied} applications"
    )
    return []
