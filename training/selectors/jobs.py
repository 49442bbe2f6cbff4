"""Reads on vacancies, applications and imports, scoped to who asks."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from claims.models import Participant
from jkp_portal.accounts.models import User
from training.models import Application, TrainingImport, Vacancy, VacancyStatus
from training.selectors.scope import employer_of, participant_of, profiles_visible_to, staff_province_codes


def _with_counts(qs: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    return qs.annotate(
        application_count=Count("applications", distinct=True),
        active_application_count=Count(
            "applications", filter=Q(applications__status__in=["sent", "interview", "offered"]), distinct=True
        ),
    )


def vacancies_visible_to(user: User) -> QuerySet[Vacancy]:
    """Employers: their company's vacancies; staff and counsellors: all (by
    province for regional staff); workers: open vacancies and those they applied to."""
    qs = Vacancy.objects.select_related("employer")
    if user.has_role("admin", "konselor"):
        return qs
    if user.has_role("supervisor"):
        codes = staff_province_codes(user)
        return qs if codes is None else qs.filter(province_code__in=codes)
    cond = Q(pk__in=[])
    employer = employer_of(user)
    if employer is not None:
        cond |= Q(employer=employer)
    if user.has_role("worker"):
        cond |= Q(status=VacancyStatus.OPEN, closing_date__gte=timezone.localdate())
        participant = participant_of(user)
        if participant is not None:
            cond |= Q(applications__participant=participant)
    return qs.filter(cond).distinct()


def vacancies_of_employer(employer, *, status: str = "") -> QuerySet[Vacancy]:
    qs = _with_counts(Vacancy.objects.filter(employer=employer).select_related("employer"))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at")


def applications_visible_to(user: User) -> QuerySet[Application]:
    """Workers: their own; employers: those to their company; konselor and
    supervisor: their job seekers' and the referrals they made; admin: all."""
    qs = Application.objects.select_related("vacancy__employer", "participant", "referred_by")
    if user.has_role("admin"):
        return qs
    cond = Q(pk__in=[])
    if user.has_role("worker"):
        participant = participant_of(user)
        if participant is not None:
            cond |= Q(participant=participant)
    employer = employer_of(user)
    if employer is not None:
        cond |= Q(vacancy__employer=employer)
    if user.has_role("konselor", "supervisor"):
        cond |= Q(referred_by=user) | Q(participant_id__in=profiles_visible_to(user).values("participant_id"))
    return qs.filter(cond)


def applications_of_participant(participant: Participant) -> QuerySet[Application]:
    return (
        Application.objects.filter(participant=participant)
        .select_related("vacancy__employer", "referred_by")
        .order_by("-created_at")
    )


def applications_for_vacancy(vacancy: Vacancy) -> QuerySet[Application]:
    return (
        Application.objects.filter(vacancy=vacancy)
        .select_related("participant", "referred_by")
        .order_by("status", "-created_at")
    )


def referrals_by(user: User) -> QuerySet[Application]:
    return (
        Application.objects.filter(referred_by=user)
        .select_related("vacancy__employer", "participant")
        .order_by("-created_at")
    )


def imports_visible_to(user: User, *, kind: str) -> QuerySet[TrainingImport]:
    qs = TrainingImport.objects.filter(kind=kind).select_related("started_by", "employer", "programme")
    if user.has_role("admin", "supervisor"):
        return qs
    employer = employer_of(user)
    if employer is not None:
        return qs.filter(employer=employer)
    return qs.none()
