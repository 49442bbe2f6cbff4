"""Assignment of cases to konselors: automatic (after approval, or in bulk) and
by supervisors (reassign one or many, hand over a whole caseload).

Rule: same regency first, then same province, then the case's office; among
those, the konselor with the lowest load relative to capacity (ties: fewer
cases, then the older profile); never above capacity; a konselor on leave
today or no longer active takes nothing. A case nobody fits stays
``unassigned`` and waits in the supervisors' queue.

Every writer of ``Case.konselor`` takes one transaction-level advisory lock
first, so that loads read at the start of an assignment are still true when
it writes, whatever runs at the same time. The bulk path is set-based: one
read of the pending cases, one of the konselors with their loads, a plan in
memory (a lazily updated heap per area), one UPDATE … FROM unnest() and one
INSERT … SELECT for the audit trail.
"""

from __future__ import annotations

import datetime as dt
import heapq
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from jkp_portal.audit.models import AuditEvent
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, StateConflictError

from .. import notices
from ..models import OPEN_CASE_STATUSES, Case, CaseStatus, Konselor, KonselorAbsence

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key shared by every writer of Case.konselor.
ASSIGNMENT_LOCK_KEY = 7_346_501
# Up to this many worker notices are sent by the assigning process itself;
# more are handed to Celery in chunks so a bulk run does not wait on mail.
NOTIFY_INLINE_MAX = 200
NOTIFY_CHUNK = 500

TIER_REGENCY = "regency"
TIER_PROVINCE = "province"
TIER_OFFICE = "office"


def _lock_assignment() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ASSIGNMENT_LOCK_KEY])


def _norm(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def on_leave_today(today: dt.date) -> Exists:
    return Exists(KonselorAbsence.objects.filter(konselor=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today))


def open_load(konselor_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Open cases per konselor, in one GROUP BY."""
    qs = Case.objects.filter(status__in=OPEN_CASE_STATUSES, konselor__isnull=False)
    if konselor_ids is not None:
        qs = qs.filter(konselor_id__in=list(konselor_ids))
    return dict(qs.values("konselor_id").annotate(n=Count("id")).values_list("konselor_id", "n"))


@dataclass(eq=False)
class _Slot:
    id: int
    capacity: int
    load: int
    regencies: tuple[str, ...]
    province_codes: tuple[str, ...]
    office_id: int


def _available_slots(today: dt.date, *, exclude_ids: Iterable[int] = ()) -> list[_Slot]:
    rows = list(
        Konselor.objects.filter(active=True, capacity__gt=0)
        .exclude(pk__in=list(exclude_ids))
        .exclude(on_leave_today(today))
        .order_by("pk")
        .values_list("pk", "capacity", "regencies", "province_codes", "office_id")
    )
    loads = open_load(r[0] for r in rows)
    return [
        _Slot(
            id=pk,
            capacity=cap,
            load=loads.get(pk, 0),
            regencies=tuple(_norm(r) for r in regencies),
            province_codes=tuple(province_codes),
            office_id=office_id,
        )
        for pk, cap, regencies, province_codes, office_id in rows
    ]


class _Pools:
    """Konselors grouped by what they cover. Each group keeps a heap ordered by
    relative load; an entry is refreshed when it reaches the top with a stale
    load (loads only grow during a plan, so a stale entry is never too high)."""

    def __init__(self, slots: Sequence[_Slot]):
        self._members: dict[tuple, list[_Slot]] = defaultdict(list)
        for slot in slots:
            for regency in slot.regencies:
                self._members[(TIER_REGENCY, regency)].append(slot)
            for province in slot.province_codes:
                self._members[(TIER_PROVINCE, province)].append(slot)
            self._members[(TIER_OFFICE, slot.office_id)].append(slot)
        self._heaps: dict[tuple, list] = {}

    def _best(self, key: tuple) -> _Slot | None:
        heap = self._heaps.get(key)
        if heap is None:
            members = self._members.get(key)
            if not members:
                return None
            heap = [(s.load / s.capacity, s.load, s.id, s) for s in members]
            heapq.heapify(heap)
            self._heaps[key] = heap
        while heap:
            _rel, load, sid, slot = heap[0]
            if slot.load >= slot.capacity:
                heapq.heappop(heap)
            elif slot.load != load:
                heapq.heapreplace(heap, (slot.load / slot.capacity, slot.load, sid, slot))
            else:
                return slot
        return None

    def choose(self, regency: str, province: str, office_id: int | None) -> tuple[_Slot, str] | None:
        keys = []
        if regency:
            keys.append((TIER_REGENCY, _norm(regency)))
        if province:
            keys.append((TIER_PROVINCE, province))
        if office_id:
            keys.append((TIER_OFFICE, office_id))
        for key in keys:
            slot = self._best(key)
            if slot is not None:
                return slot, key[0]
        return None


def _plan(rows: Iterable[tuple], slots: Sequence[_Slot]) -> list[tuple[int, int, str]]:
    """(case id, konselor id, tier) for every case that fits, in the order given."""
    pools = _Pools(slots)
    plan = []
    for case_id, regency, province, office_id in rows:
        hit = pools.choose(regency, province, office_id)
        if hit is None:
            continue
        slot, tier = hit
        slot.load += 1
        plan.append((case_id, slot.id, tier))
    return plan


def _actor_columns(actor) -> tuple[int | None, str]:
    if actor is None:
        return None, "system"
    if isinstance(actor, str):
        return None, actor
    if getattr(actor, "is_authenticated", False):
        return actor.pk, actor.get_username()
    return None, "anonymous"


def _write_assignments(*, case_ids: list[int], konselor_ids: list[int], now, only_unassigned: bool) -> list[int]:
    """Point each case at its konselor in one statement; an unassigned case
    becomes ``new``. Returns the ids actually changed."""
    table = Case._meta.db_table
    guard = (
        "c.status = 'unassigned'" if only_unassigned else "c.status IN ('unassigned', 'new', 'active', 'in_training')"
    )
    sql = f"""
        UPDATE {table} AS c
           SET konselor_id = v.k,
               assigned_at = %s,
               status = CASE WHEN c.status = 'unassigned' THEN 'new' ELSE c.status END,
               updated_at = %s
          FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, k)
         WHERE c.id = v.id AND {guard}
     RETURNING c.id
    """  # noqa: S608 - table name from the model, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, now, case_ids, konselor_ids])
        return [row[0] for row in cursor.fetchall()]


def _audit_assignments(
    *,
    actor,
    action: str,
    reason: str,
    now,
    case_ids: list[int],
    from_states: list[str],
    to_states: list[str],
    from_konselors: list[int | None],
    to_konselors: list[int | None],
    mode: str,
) -> None:
    """The audit events of many assignments in one INSERT … SELECT."""
    if not case_ids:
        return
    from django.contrib.contenttypes.models import ContentType

    actor_id, actor_label = _actor_columns(actor)
    content_type = ContentType.objects.get_for_model(Case, for_concrete_model=True)
    table = AuditEvent._meta.db_table
    sql = f"""
        INSERT INTO {table} (at, actor_id, actor_label, content_type_id, object_id, action,
                             from_state, to_state, reason, data)
        SELECT %s, %s, %s, %s, v.id::text, %s, v.f, v.t, %s,
               jsonb_build_object('from_konselor', v.fk, 'to_konselor', v.tk, 'mode', %s::text)
          FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::bigint[], %s::bigint[]) AS v(id, f, t, fk, tk)
    """  # noqa: S608 - table name from the model, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                now,
                actor_id,
                actor_label,
                content_type.pk,
                action,
                reason,
                mode,
                case_ids,
                from_states,
                to_states,
                from_konselors,
                to_konselors,
            ],
        )


def _assign_waiting_and_audit(*, plan: list[tuple[int, int, str]], now, actor) -> list[int]:
    """The bulk path in one statement: point each waiting case at its konselor
    (``unassigned`` → ``new``) and write the audit event of each change, the
    UPDATE's RETURNING feeding the INSERT. Returns the ids actually changed."""
    from django.contrib.contenttypes.models import ContentType

    actor_id, actor_label = _actor_columns(actor)
    content_type = ContentType.objects.get_for_model(Case, for_concrete_model=True)
    sql = f"""
        WITH v AS (SELECT * FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, k)),
        changed AS (
            UPDATE {Case._meta.db_table} AS c
               SET konselor_id = v.k, assigned_at = %s, status = 'new', updated_at = %s
              FROM v
             WHERE c.id = v.id AND c.status = 'unassigned'
         RETURNING c.id, c.konselor_id
        ),
        audited AS (
            INSERT INTO {AuditEvent._meta.db_table} (at, actor_id, actor_label, content_type_id, object_id, action,
                                                     from_state, to_state, reason, data)
            SELECT %s, %s, %s, %s, changed.id::text, 'konselor_assigned', 'unassigned', 'new', '',
                   jsonb_build_object('from_konselor', NULL, 'to_konselor', changed.konselor_id, 'mode', 'automatic')
              FROM changed
        )
        SELECT id FROM changed
    """  # noqa: S608 - table names from the models, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [[p[0] for p in plan], [p[1] for p in plan], now, now, now, actor_id, actor_label, content_type.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def _notify_assigned(case_ids: list[int], *, reassigned: bool) -> None:
    if not case_ids:
        return
    if len(case_ids) <= NOTIFY_INLINE_MAX:
        send_assignment_notices(case_ids=case_ids, reassigned=reassigned)
        return
    from ..tasks import notify_assigned_cases

    chunks = [case_ids[i : i + NOTIFY_CHUNK] for i in range(0, len(case_ids), NOTIFY_CHUNK)]
    transaction.on_commit(lambda: [notify_assigned_cases.delay(chunk, reassigned) for chunk in chunks], robust=True)


def send_assignment_notices(*, case_ids: Sequence[int], reassigned: bool = False) -> int:
    """Tell each worker who their konselor is (sent after commit)."""
    cases = Case.objects.filter(pk__in=list(case_ids), konselor__isnull=False).select_related(
        "participant__user", "konselor__office"
    )
    sent = 0
    for case in cases:
        notices.konselor_assigned(case, case.konselor, reassigned=reassigned)
        sent += 1
    return sent


@dataclass
class AssignmentResult:
    assigned: int = 0
    waiting: int = 0  # cases considered that nobody could take
    by_tier: dict[str, int] = field(default_factory=dict)
    assigned_ids: list[int] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase: read, plan, write (with the audit)


@transaction.atomic
def cases_assign_pending(
    *,
    actor,
    office_ids: Iterable[int] | None = None,
    case_ids: Iterable[int] | None = None,
    today: dt.date | None = None,
    notify: bool = True,
) -> AssignmentResult:
    """Assign every waiting case (optionally only those of some offices, or the
    given ones), oldest first. Safe to run again: assigned cases are skipped."""
    today = today or timezone.localdate()
    clock = time.perf_counter()
    result = AssignmentResult()

    def lap(name: str) -> None:
        nonlocal clock
        now_ = time.perf_counter()
        result.timings[name] = now_ - clock
        clock = now_

    _lock_assignment()
    qs = Case.objects.filter(status=CaseStatus.UNASSIGNED)
    if office_ids is not None:
        qs = qs.filter(office_id__in=list(office_ids))
    if case_ids is not None:
        qs = qs.filter(pk__in=list(case_ids))
    rows = list(qs.order_by("opened_at", "id").values_list("id", "regency", "province_code", "office_id"))
    if not rows:
        return result
    slots = _available_slots(today)
    lap("read")
    plan = _plan(rows, slots)
    lap("plan")
    result.waiting = len(rows) - len(plan)
    if not plan:
        return result
    changed = _assign_waiting_and_audit(plan=plan, now=timezone.now(), actor=actor)
    lap("write")
    changed_set = set(changed)
    result.assigned = len(changed)
    result.assigned_ids = changed
    result.by_tier = dict(Counter(tier for case_id, _k, tier in plan if case_id in changed_set))
    if len(rows) > NOTIFY_INLINE_MAX:
        logger.info(
            "assigned %s of %s waiting cases (%s)",
            result.assigned,
            len(rows),
            ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items()),
        )
    if notify:
        _notify_assigned(changed, reassigned=False)
    return result


def case_assign_auto(*, case: Case, actor, today: dt.date | None = None) -> Case:
    """Assign one waiting case (the Celery task after approval). A case that
    is already assigned, or that nobody can take, is left as it is."""
    cases_assign_pending(actor=actor, case_ids=[case.pk], today=today)
    case.refresh_from_db()
    return case


@dataclass
class ReassignResult:
    moved: int = 0
    kept: int = 0  # automatic mode: cases no other konselor could take (they stay where they were)
    to_konselors: dict[int, int] = field(default_factory=dict)


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Alasan pengalihan wajib diisi."), code="reason_required", errors={"reason": [_("Wajib diisi.")]}
        )
    return reason


def _check_can_take(konselor: Konselor, *, incoming: int, today: dt.date) -> None:
    if not konselor.active:
        raise ApplicationError(
            _("%(name)s tidak lagi menerima kasus.") % {"name": konselor.name},
            code="konselor_inactive",
            errors={"to_konselor": [_("Konselor tidak aktif.")]},
        )
    leave = (
        KonselorAbsence.objects.filter(konselor=konselor, starts_on__lte=today, ends_on__gte=today)
        .order_by("-ends_on")
        .first()
    )
    if leave is not None:
        raise ApplicationError(
            _("%(name)s sedang cuti sampai %(date)s.") % {"name": konselor.name, "date": leave.ends_on.isoformat()},
            code="konselor_on_leave",
            errors={"to_konselor": [_("Konselor sedang cuti.")]},
        )
    load = open_load([konselor.pk]).get(konselor.pk, 0)
    if load + incoming > konselor.capacity:
        raise ApplicationError(
            _(
                "Kapasitas %(name)s tidak cukup: %(load)s dari %(cap)s kasus aktif, %(n)s kasus akan dialihkan. "
                "Pilih konselor lain, kurangi jumlah kasus, atau naikkan kapasitasnya."
            )
            % {"name": konselor.name, "load": load, "cap": konselor.capacity, "n": incoming},
            code="over_capacity",
            errors={"to_konselor": [_("Kapasitas tidak cukup.")]},
        )


@transaction.atomic
def cases_reassign(
    *,
    case_ids: Iterable[int],
    to_konselor: Konselor | None,
    reason: str,
    actor,
    today: dt.date | None = None,
) -> ReassignResult:
    """Move cases to ``to_konselor``, or (None) spread them automatically over
    the other available konselors of their area. Open cases keep their status;
    a waiting case becomes ``new``. Each move is audited with the reason and
    each worker is told who their konselor now is."""
    reason = _require_reason(reason)
    today = today or timezone.localdate()
    wanted = sorted(set(case_ids))
    if not wanted:
        raise ApplicationError(_("Pilih minimal satu kasus."), code="no_cases", errors={"cases": [_("Wajib.")]})
    _lock_assignment()
    cases = list(
        Case.objects.select_for_update(of=("self",)).filter(pk__in=wanted).select_related("konselor").order_by("pk")
    )
    if len(cases) != len(wanted):
        raise ApplicationError(_("Sebagian kasus tidak ditemukan."), code="not_found", status_code=404)
    finished = [c for c in cases if not c.is_open]
    if finished:
        raise StateConflictError(
            _("Kasus %(ids)s sudah selesai (%(status)s) dan tidak dapat dialihkan.")
            % {
                "ids": ", ".join(f"#{c.pk}" for c in finished),
                "status": ", ".join(sorted({c.get_status_display() for c in finished})),
            }
        )
    result = ReassignResult()
    if to_konselor is not None:
        to_konselor = Konselor.objects.select_for_update().get(pk=to_konselor.pk)
        moving = [c for c in cases if c.konselor_id != to_konselor.pk]
        _check_can_take(to_konselor, incoming=len(moving), today=today)
        plan = [(c.pk, to_konselor.pk) for c in moving]
        mode = "manual"
    else:
        from_ids = {c.konselor_id for c in cases if c.konselor_id}
        rows = [(c.pk, c.regency, c.province_code, c.office_id) for c in cases]
        plan = [(cid, kid) for cid, kid, _tier in _plan(rows, _available_slots(today, exclude_ids=from_ids))]
        mode = "automatic"
        result.kept = len(cases) - len(plan)
    if not plan:
        return result
    now = timezone.now()
    by_id = {c.pk: c for c in cases}
    changed = _write_assignments(
        case_ids=[p[0] for p in plan], konselor_ids=[p[1] for p in plan], now=now, only_unassigned=False
    )
    target = dict(plan)
    names = dict(Konselor.objects.filter(pk__in=set(target.values())).values_list("pk", "name"))
    _audit_assignments(
        actor=actor,
        action="konselor_reassigned",
        reason=reason,
        now=now,
        case_ids=changed,
        from_states=[(by_id[c].konselor.name if by_id[c].konselor else "—")[:40] for c in changed],
        to_states=[names[target[c]][:40] for c in changed],
        from_konselors=[by_id[c].konselor_id for c in changed],
        to_konselors=[target[c] for c in changed],
        mode=mode,
    )
    result.moved = len(changed)
    result.to_konselors = dict(Counter(target[c] for c in changed))
    _notify_assigned(changed, reassigned=True)
    for konselor in Konselor.objects.filter(pk__in=result.to_konselors).select_related("user"):
        notices.cases_handed_to(konselor, result.to_konselors[konselor.pk], reason)
    return result


@transaction.atomic
def konselor_hand_over(
    *,
    konselor: Konselor,
    to_konselor: Konselor | None,
    reason: str,
    actor,
    deactivate: bool = False,
    today: dt.date | None = None,
) -> ReassignResult:
    """Hand a konselor's whole open caseload to another konselor, or spread it
    automatically (None), e.g. when they leave or go on long leave."""
    reason = _require_reason(reason)
    if to_konselor is not None and to_konselor.pk == konselor.pk:
        raise ApplicationError(
            _("Pilih konselor lain sebagai penerima."), code="same_konselor", errors={"to_konselor": [_("Sama.")]}
        )
    konselor = Konselor.objects.select_for_update().get(pk=konselor.pk)
    case_ids = list(Case.objects.filter(konselor=konselor, status__in=OPEN_CASE_STATUSES).values_list("pk", flat=True))
    result = ReassignResult()
    if case_ids:
        result = cases_reassign(case_ids=case_ids, to_konselor=to_konselor, reason=reason, actor=actor, today=today)
    audit_record(
        actor=actor,
        obj=konselor,
        action="caseload_handed_over",
        reason=reason,
        data={
            "to_konselor": to_konselor.pk if to_konselor else None,
            "moved": result.moved,
            "kept": result.kept,
        },
    )
    if deactivate and konselor.active:
        konselor.active = False
        konselor.save(update_fields=["active", "updated_at"])
        audit_record(
            actor=actor,
            obj=konselor,
            action="konselor_deactivated",
            from_state="active",
            to_state="inactive",
            reason=reason,
        )
    return result
