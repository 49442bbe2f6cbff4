"""Reads on LPKs, programmes, recommendations, enrolments and attendance."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Greatest
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from claims.models import Participant
from jkp_portal.accounts.models import User
from training.models import (
    AttendanceRecord,
    Enrolment,
    EnrolmentStatus,
    Lpk,
    MonthlyAttendance,
    Programme,
    ProgrammeSession,
    ProgrammeStatus,
    Recommendation,
    RecommendationStatus,
)
from training.selectors.scope import PROGRAMME_STAFF_ROLES, participant_of, profiles_visible_to, staff_province_codes


def lpk_eligible_q(today: dt.date, prefix: str = "") -> Q:
    """SQL form of ``training.rules.lpk_problems(...) == []`` (kept equal by a test)."""
    p = prefix
    return (
        Q(**{f"{p}active": True})
        & Q(**{f"{p}competency_standard__in": ["national", "international", "special"]})
        & ~Q(**{f"{p}siapkerja_id": ""})
        & Q(**{f"{p}siapkerja_verified": True})
        & Q(**{f"{p}accredited_until__gte": today})
        & (Q(**{f"{p}online": False}) | Q(**{f"{p}tracks_attendance": True, f"{p}tracks_progress": True}))
    )


def _with_seats(qs: QuerySet[Programme]) -> QuerySet[Programme]:
    return qs.annotate(
        seats_taken=Count("enrolments", filter=Q(enrolments__status__in=["enrolled", "completed"]), distinct=True),
        waitlist_count=Count("enrolments", filter=Q(enrolments__status="waitlisted"), distinct=True),
    ).annotate(seats_left=Greatest(F("seats") - F("seats_taken"), 0))


def programmes_open_for_participants(
    *, today: dt.date | None = None, province_code: str = "", mode: str = "", search: str = ""
) -> QuerySet[Programme]:
    """Published programmes that have not ended, from LPKs meeting the criteria."""
    today = today or timezone.localdate()
    qs = Programme.objects.filter(status=ProgrammeStatus.PUBLISHED, end_date__gte=today).filter(
        lpk_eligible_q(today, "lpk__")
    )
    if province_code:
        qs = qs.filter(Q(province_code=province_code) | Q(mode="online"))
    if mode:
        qs = qs.filter(mode=mode)
    if search:
        qs = qs.filter(
            Q(title__icontains=search) | Q(competency__icontains=search) | Q(skills__icontains=[search.lower()])
        )
    return _with_seats(qs.select_related("lpk")).order_by("start_date", "title")


def programme_for_participant(pk: int) -> Programme:
    """A programme a participant may look at (drafts are not shown)."""
    qs = Programme.objects.filter(status__in=[ProgrammeStatus.PUBLISHED, ProgrammeStatus.CLOSED])
    return get_object_or_404(_with_seats(qs.select_related("lpk")).prefetch_related("sessions"), pk=pk)


def lpks_for_staff(user: User) -> QuerySet[Lpk]:
    qs = Lpk.objects.annotate(programme_count=Count("programmes"))
    codes = staff_province_codes(user)
    return qs if codes is None else qs.filter(province_code__in=codes)


def programmes_for_staff(user: User) -> QuerySet[Programme]:
    qs = _with_seats(Programme.objects.select_related("lpk"))
    codes = staff_province_codes(user)
    if codes is not None:
        qs = qs.filter(lpk__province_code__in=codes)
    return qs.order_by("-start_date", "title")


def programme_for_staff(user: User, pk: int) -> Programme:
    if not user.has_role(*PROGRAMME_STAFF_ROLES):
        raise Http404
    return get_object_or_404(programmes_for_staff(user), pk=pk)


def programme_roster(programme: Programme) -> list[Enrolment]:
    """Enrolments of a programme (waiting list in its order) with attendance."""
    return list(
        Enrolment.objects.filter(programme=programme)
        .select_related("participant")
        .prefetch_related(
            Prefetch("attendance", queryset=AttendanceRecord.objects.only("enrolment_id", "session_id", "present"))
        )
        .order_by("status", "created_at", "pk")
    )


def attendance_grid(programme: Programme) -> dict:
    """Sessions × enrolled participants, for the staff attendance page."""
    sessions = list(ProgrammeSession.objects.filter(programme=programme).order_by("date", "start_time"))
    enrolments = [
        e for e in programme_roster(programme) if e.status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)
    ]
    marks = {(r.enrolment_id, r.session_id): r.present for e in enrolments for r in e.attendance.all()}
    return {"sessions": sessions, "enrolments": enrolments, "marks": marks}


def enrolments_of_participant(participant: Participant) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(participant=participant)
        .select_related("programme__lpk")
        .prefetch_related(Prefetch("monthly", queryset=MonthlyAttendance.objects.order_by("month")))
        .order_by("-created_at")
    )


def waitlist_position(enrolment: Enrolment) -> int | None:
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        return None
    return (
        Enrolment.objects.filter(programme_id=enrolment.programme_id, status=EnrolmentStatus.WAITLISTED)
        .filter(Q(created_at__lt=enrolment.created_at) | Q(created_at=enrolment.created_at, pk__lt=enrolment.pk))
        .count()
        + 1
    )


def open_recommendations_for(participant: Participant) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(participant=participant, status=RecommendationStatus.OPEN)
        .select_related("programme__lpk", "konselor")
        .order_by("-created_at")
    )


def enrolments_visible_to(user: User) -> QuerySet[Enrolment]:
    """Workers: their own; konselor/supervisor: their job seekers'; admin/supervisor also by province."""
    qs = Enrolment.objects.select_related("programme__lpk", "participant")
    if user.has_role("admin"):
        codes = staff_province_codes(user)
        return qs if codes is None else qs.filter(programme__lpk__province_code__in=codes)
    cond = Q(pk__in=[])
    if user.has_role("worker"):
        participant = participant_of(user)
        if participant is not None:
            cond |= Q(participant=participant)
    if user.has_role("konselor", "supervisor"):
        cond |= Q(participant_id__in=profiles_visible_to(user).values("participant_id"))
    if user.has_role("supervisor"):
        codes = staff_province_codes(user)
        cond |= Q() if codes is None else Q(programme__lpk__province_code__in=codes)
    return qs.filter(cond)
