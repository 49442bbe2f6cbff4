"""Reads of the counselling app. Every list issues a fixed number of queries,
whatever its size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jkp_portal.accounts.selectors import office_scope_ids

from .models import (
    OPEN_CASE_STATUSES,
    PENDING_SESSION_STATUSES,
    Assessment,
    Case,
    CaseStatus,
    CounsellingSession,
    Konselor,
    KonselorAbsence,
    Recommendation,
    SessionStatus,
)

# A payment month due within this many days whose conditions are not met yet
# puts the case in the "at risk" queue; so does a month already withheld whose
# grace days have not run out (payouts gives that last day as ``deadline``).
AT_RISK_DAYS_AHEAD = 7
CASELOAD_PAGE_SIZE = 50

QUEUES: list[tuple[str, Any]] = [
    ("open", _("Semua aktif")),
    ("new", _("Baru")),
    ("today", _("Janji hari ini")),
    ("at_risk", _("Berisiko")),
    ("no_show", _("Tidak hadir")),
    ("in_training", _("Dalam pelatihan")),
    ("reemployed", _("Bekerja kembali")),
    ("closed", _("Ditutup")),
]
QUEUE_KEYS = [key for key, _label in QUEUES]

SORTS: list[tuple[str, Any]] = [
    ("oldest", _("Terlama ditugaskan")),
    ("recent", _("Terbaru ditugaskan")),
    ("name", _("Nama")),
    ("next_session", _("Jadwal sesi terdekat")),
    ("due", _("Jatuh tempo pembayaran terdekat")),
]
SORT_KEYS = [key for key, _label in SORTS]


# --- Scoping -----------------------------------------------------------------


def konselor_of(user) -> Konselor | None:
    if not getattr(user, "is_authenticated", False) or not user.has_role("konselor"):
        return None
    return Konselor.objects.select_related("office", "user").filter(user=user).first()


def cases_visible_to(user) -> QuerySet[Case]:
    """Cases a staff user may open: a konselor their own; a supervisor (or
    admin) those of the offices they oversee, by the case's office or its
    konselor's office. Everybody else: none (so others' cases answer 404)."""
    qs = Case.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    condition = Q(pk__in=[])
    if user.has_role("supervisor", "admin"):
        ids = office_scope_ids(user)
        if ids is None:
            return qs
        condition |= Q(office_id__in=ids) | Q(konselor__office_id__in=ids)
    if user.has_role("konselor"):
        condition |= Q(konselor__user=user)
    return qs.filter(condition)


def sessions_visible_to(user) -> QuerySet[CounsellingSession]:
    """Sessions of visible cases, plus (for a worker) the sessions of their own cases."""
    qs = CounsellingSession.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    staff_cases = cases_visible_to(user).values("pk")
    return qs.filter(Q(case__in=staff_cases) | Q(case__participant__user=user))


def is_counselling_staff(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_role("konselor", "supervisor", "admin")


# --- Job-search progress (owned by payouts) -------------------------------------


def job_search_progress_for(participant_ids, today: dt.date) -> dict[int, Any]:
    """The payment conditions of each participant's coming month, from payouts."""
    participant_ids = list(participant_ids)
    if not participant_ids:
        return {}
    from claims.payouts.selectors import job_search_progress

    return job_search_progress(participant_ids=participant_ids, today=today)


def is_at_risk(progress, today: dt.date) -> bool:
    """A payment month is due within 7 days (or withheld and still fixable) and
    the job-search conditions are not met yet."""
    if progress is None or progress.next_due_date is None or progress.sufficient:
        return False
    last_day = getattr(progress, "deadline", None) or progress.next_due_date
    return progress.next_due_date <= today + dt.timedelta(days=AT_RISK_DAYS_AHEAD) and last_day >= today


def at_risk_q(today: dt.date) -> Q:
    """The same rule on the cases' snapshot of that progress (see Case.next_payment_*)."""
    return Q(
        job_search_sufficient=False,
        next_payment_due__lte=today + dt.timedelta(days=AT_RISK_DAYS_AHEAD),
        next_payment_deadline__gte=today,
    )


def case_at_risk(case: Case, today: dt.date) -> bool:
    """at_risk_q for one case already in memory."""
    return (
        case.status in OPEN_CASE_STATUSES
        and case.job_search_sufficient is False
        and case.next_payment_due is not None
        and case.next_payment_due <= today + dt.timedelta(days=AT_RISK_DAYS_AHEAD)
        and (case.next_payment_deadline or case.next_payment_due) >= today
    )


# --- Caseload -------------------------------------------------------------------


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min), tz)
    return start, start + dt.timedelta(days=1)


def _session_today(day: dt.date) -> Exists:
    start, end = _day_bounds(day)
    return Exists(
        CounsellingSession.objects.filter(
            case=OuterRef("pk"), status__in=PENDING_SESSION_STATUSES, starts_at__gte=start, starts_at__lt=end
        )
    )


def _no_show_open() -> Exists:
    return Exists(
        CounsellingSession.objects.filter(
            case=OuterRef("pk"), status=SessionStatus.NO_SHOW, followed_up_at__isnull=True
        )
    )


def annotate_case_rows(qs: QuerySet[Case]) -> QuerySet[Case]:
    pending = CounsellingSession.objects.filter(case=OuterRef("pk"), status__in=PENDING_SESSION_STATUSES).order_by(
        "starts_at"
    )
    attended = CounsellingSession.objects.filter(case=OuterRef("pk"), status=SessionStatus.ATTENDED).order_by(
        "-starts_at"
    )
    return qs.select_related("participant", "konselor").annotate(
        next_session_at=Subquery(pending.values("starts_at")[:1]),
        last_attended_at=Subquery(attended.values("starts_at")[:1]),
        has_assessment=Exists(Assessment.objects.filter(case=OuterRef("pk"))),
    )


@dataclass
class CaseloadFilters:
    queue: str = "open"
    q: str = ""
    assessment: str = ""  # "done" | "missing"
    recommendation: str = ""
    sort: str = "oldest"
    page: int | str = 1

    @classmethod
    def from_params(cls, params) -> CaseloadFilters:
        queue = params.get("queue") or "open"
        sort = params.get("sort") or ("due" if queue == "at_risk" else "oldest")
        return cls(
            queue=queue if queue in QUEUE_KEYS else "open",
            q=(params.get("q") or "").strip()[:100],
            assessment=params.get("assessment") if params.get("assessment") in ("done", "missing") else "",
            recommendation=params.get("recommendation")
            if params.get("recommendation") in Recommendation.values
            else "",
            sort=sort if sort in SORT_KEYS else "oldest",
            page=params.get("page") or 1,
        )


@dataclass
class Caseload:
    counts: dict[str, int]
    filters: CaseloadFilters
    page: Page
    checked_at: dt.datetime | None = None  # when the job-search snapshot was last refreshed
    today: dt.date | None = None

    @property
    def rows(self) -> list[Case]:
        return list(self.page.object_list)


def _search(qs: QuerySet[Case], text: str) -> QuerySet[Case]:
    if not text:
        return qs
    digits = text.replace(" ", "")
    if digits.isdigit():
        return qs.filter(participant__nik__startswith=digits)
    return qs.filter(participant__full_name__icontains=text)


def caseload(*, cases: QuerySet[Case], filters: CaseloadFilters, today: dt.date | None = None) -> Caseload:
    """A konselor's caseload (or any scoped set of cases): the count of every
    queue, and one page of the chosen queue with its search, filters and sort.

    Three queries whatever the number of cases: the counts, and the page
    (count + rows). "At risk" reads each case's job-search snapshot."""
    today = today or timezone.localdate()
    open_q = Q(status__in=OPEN_CASE_STATUSES)
    risk_q = open_q & at_risk_q(today)
    counts = cases.aggregate(
        open=Count("pk", filter=open_q),
        new=Count("pk", filter=Q(status=CaseStatus.NEW)),
        today=Count("pk", filter=open_q & Q(_session_today(today))),
        at_risk=Count("pk", filter=risk_q),
        no_show=Count("pk", filter=open_q & Q(_no_show_open())),
        in_training=Count("pk", filter=Q(status=CaseStatus.IN_TRAINING)),
        reemployed=Count("pk", filter=Q(status=CaseStatus.REEMPLOYED)),
        closed=Count("pk", filter=Q(status=CaseStatus.CLOSED)),
        checked_at=Max("job_search_checked_at", filter=open_q),
    )
    checked_at = counts.pop("checked_at")

    queue = filters.queue
    qs = cases
    if queue == "open":
        qs = qs.filter(open_q)
    elif queue == "new":
        qs = qs.filter(status=CaseStatus.NEW)
    elif queue == "today":
        qs = qs.filter(open_q & Q(_session_today(today)))
    elif queue == "at_risk":
        qs = qs.filter(risk_q)
    elif queue == "no_show":
        qs = qs.filter(open_q & Q(_no_show_open()))
    else:
        qs = qs.filter(status=queue)
    qs = _search(qs, filters.q)
    if filters.recommendation:
        qs = qs.filter(recommendation=filters.recommendation)
    qs = annotate_case_rows(qs).annotate(at_risk=ExpressionWrapper(risk_q, output_field=BooleanField()))
    if filters.assessment == "done":
        qs = qs.filter(has_assessment=True)
    elif filters.assessment == "missing":
        qs = qs.filter(has_assessment=False)
    order = {
        "oldest": [F("assigned_at").asc(nulls_last=True), "pk"],
        "recent": [F("assigned_at").desc(nulls_last=True), "-pk"],
        "name": ["participant__full_name", "pk"],
        "next_session": [F("next_session_at").asc(nulls_last=True), "pk"],
        "due": [F("next_payment_due").asc(nulls_last=True), "participant__full_name", "pk"],
    }[filters.sort]
    page = Paginator(qs.order_by(*order), CASELOAD_PAGE_SIZE).get_page(filters.page)
    return Caseload(counts=counts, filters=filters, page=page, checked_at=checked_at, today=today)


# --- One case ---------------------------------------------------------------------


def case_detail(*, cases: QuerySet[Case], pk: int) -> Case:
    """One case with its worker, claim, konselor, asesmen and sessions (404 outside ``cases``)."""
    from django.shortcuts import get_object_or_404

    qs = cases.select_related(
        "participant__employer", "participant__user", "claim__office", "konselor__office", "konselor__user", "office"
    ).prefetch_related(
        Prefetch("sessions", queryset=CounsellingSession.objects.select_related("konselor").order_by("-starts_at"))
    )
    case = get_object_or_404(qs, pk=pk)
    case.assessment_or_none = Assessment.objects.filter(case=case).first()
    return case


def worker_case(user) -> Case | None:
    """The worker's latest counselling case (from their latest approved claim)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Case.objects.filter(participant__user=user)
        .select_related("konselor__office", "konselor__user", "claim", "participant")
        .order_by("-opened_at", "-pk")
        .first()
    )


def worker_sessions(case: Case) -> list[CounsellingSession]:
    return list(case.sessions.select_related("konselor").order_by("-starts_at"))


# --- Supervisors --------------------------------------------------------------------


def konselors_visible_to(user) -> QuerySet[Konselor]:
    qs = Konselor.objects.all()
    if not is_counselling_staff(user):
        return qs.none()
    if user.has_role("supervisor", "admin"):
        ids = office_scope_ids(user)
        return qs if ids is None else qs.filter(office_id__in=ids)
    return qs.filter(user=user)


def konselors_with_load(qs: QuerySet[Konselor], today: dt.date | None = None) -> QuerySet[Konselor]:
    """Each konselor with their open-case load, the new cases among them, and
    whether they are on leave today (one query)."""
    today = today or timezone.localdate()
    leave = KonselorAbsence.objects.filter(konselor=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today)
    return (
        qs.select_related("office")
        .annotate(
            load=Count("cases", filter=Q(cases__status__in=OPEN_CASE_STATUSES)),
            new_cases=Count("cases", filter=Q(cases__status=CaseStatus.NEW)),
            on_leave=Exists(leave),
            on_leave_until=Subquery(leave.order_by("-ends_on").values("ends_on")[:1]),
        )
        .order_by("office__code", "name")
    )


def unassigned_cases(user) -> QuerySet[Case]:
    """The waiting queue a supervisor sees (their offices), oldest first."""
    qs = Case.objects.filter(status=CaseStatus.UNASSIGNED).select_related("participant", "office")
    ids = office_scope_ids(user)
    if ids is not None:
        qs = qs.filter(office_id__in=ids)
    return qs.order_by("opened_at", "pk")


def case_age_days(case: Case, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return max(0, (now - case.opened_at).days)
