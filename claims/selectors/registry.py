"""Reads of the participant registry: eligibility facts, search, ledgers, imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.eligibility import Facts, add_months
from claims.models import (
    Claim,
    ClaimStatus,
    Contribution,
    Employer,
    Participant,
    RegistryImport,
    RegistryImportFlip,
    StagedContribution,
    StagedEmployer,
    StagedParticipant,
)
from jkp_portal.accounts.selectors import office_scope_ids
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.masking import mask_nik

__all__ = [
    "participant_facts",
    "facts_for_participants",
    "arrears_streak",
    "mask_nik",
    "participant_search",
    "participant_get_for_staff",
    "participant_ledger",
    "previous_claim_phk_dates",
    "participants_visible_to",
    "registry_imports_visible_to",
    "registry_import_get_for_staff",
    "registry_import_staged_rows",
    "registry_import_flips",
]

_ZERO = Decimal(0)
PAID = Contribution.Status.PAID
ARREARS = Contribution.Status.ARREARS


def _month_idx(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def arrears_streak(arrears_idx: Iterable[int], phk_idx: int, *, phk_month_has_row: bool) -> int:
    """Consecutive arrears months ending at the PHK month, or at the month before
    when the PHK month has no ledger row (the employer had not reported it yet).
    A month without a row breaks the streak, as a paid month does."""
    arrears = arrears_idx if isinstance(arrears_idx, (set, frozenset)) else set(arrears_idx)
    if not arrears:
        return 0
    month = phk_idx if phk_month_has_row else phk_idx - 1
    count = 0
    while month in arrears:
        count += 1
        month -= 1
    return count


def _no_employer_error(participant: Participant) -> ApplicationError:
    return ApplicationError(
        _("Peserta %(name)s tidak terhubung dengan pemberi kerja di registri; kelayakan tidak dapat dihitung.")
        % {"name": participant.full_name},
        code="no_employer",
    )


def participant_facts(
    participant: Participant | int,
    *,
    phk_date: dt.date,
    phk_reason: str,
    filed_on: dt.date | None = None,
    decision_date: dt.date | None = None,
    kapk_signed: bool = True,
    reemployed: bool = False,
    previous_claim_phk_dates: Sequence[dt.date] = (),
) -> Facts:
    """The engine's facts for one participant, from the registry.

    Paid months are every paid ledger month up to the PHK month (enough for the
    24-month window and for a later claim's months after the previous PHK);
    the last wage is the wage of the latest paid month up to the PHK month.
    At most two queries: the participant with its employer (skipped when an
    instance with its employer already loaded is given) and its ledger.
    """
    if not isinstance(participant, Participant) or (
        participant.employer_id is not None and not Participant.employer.is_cached(participant)
    ):
        pk = participant.pk if isinstance(participant, Participant) else participant
        participant = Participant.objects.select_related("employer").get(pk=pk)
    employer = participant.employer
    if employer is None:
        raise _no_employer_error(participant)

    decision_date = decision_date or timezone.localdate()
    filed_on = filed_on or decision_date
    phk_month = phk_date.replace(day=1)
    phk_idx = _month_idx(phk_date)

    paid: set[tuple[int, int]] = set()
    arrears: set[int] = set()
    last_wage = None
    phk_row = False
    rows = (
        Contribution.objects.filter(participant_id=participant.pk, period__lte=phk_month)
        .order_by("-period")
        .values_list("period", "wage", "status")
    )
    for period, wage, status in rows:
        if period == phk_month:
            phk_row = True
        if status == PAID:
            paid.add((period.year, period.month))
            if last_wage is None:
                last_wage = wage
        else:
            arrears.add(_month_idx(period))

    return Facts(
        citizenship=participant.citizenship,
        birth_date=participant.birth_date,
        jkp_registered_on=participant.jkp_registered_on,
        employer_size=employer.size,
        programs=frozenset(participant.programs),
        jkn_segment=participant.jkn_segment,
        contract_type=participant.contract_type,
        contract_end_date=participant.contract_end,
        phk_date=phk_date,
        phk_reason=phk_reason,
        filed_on=filed_on,
        decision_date=decision_date,
        paid_months=frozenset(paid),
        last_wage=last_wage if last_wage is not None else _ZERO,
        employer_arrears_months=arrears_streak(arrears, phk_idx, phk_month_has_row=phk_row),
        employer_bankrupt_or_closed=employer.bankrupt_or_closed,
        previous_claim_phk_dates=tuple(previous_claim_phk_dates),
        reemployed=reemployed,
        kapk_signed=kapk_signed,
    )


# One row per participant; the ledger is folded by array_agg in the same
# statement. Month indexes (year*12 + month-1) travel as int[] so Python only
# builds the (year, month) tuples the engine wants.
_FACTS_SQL = """
SELECT p.id, p.citizenship, p.birth_date, p.jkp_registered_on, p.programs, p.jkn_segment,
       p.contract_type, p.contract_end, e.size, e.bankrupt_or_closed,
       c.paid, c.last_wage, c.arrears, c.phk_row
FROM {participant} p
JOIN {employer} e ON e.id = p.employer_id
LEFT JOIN LATERAL (
    SELECT array_agg((extract(year FROM period) * 12 + extract(month FROM period) - 1)::int)
               FILTER (WHERE status = 'paid') AS paid,
           (array_agg(wage ORDER BY period DESC) FILTER (WHERE status = 'paid'))[1] AS last_wage,
           array_agg((extract(year FROM period) * 12 + extract(month FROM period) - 1)::int)
               FILTER (WHERE status = 'arrears') AS arrears,
           bool_or(period = %(phk_month)s) AS phk_row
    FROM {contribution}
    WHERE participant_id = p.id AND period <= %(phk_month)s
) c ON true
WHERE p.id = ANY(%(ids)s)
ORDER BY p.id
"""


def facts_for_participants(
    participant_ids: Iterable[int],
    *,
    phk_date: dt.date,
    phk_reason: str,
    decision_date: dt.date,
    filed_on: dt.date | None = None,
    previous_claim_phk_dates: Mapping[int, Sequence[dt.date]] | None = None,
    chunk_size: int = 5000,
    ledger_table: str | None = None,
) -> Iterator[tuple[int, Facts]]:
    """``(participant_id, Facts)`` for many participants with one SQL statement,
    streamed from a server-side cursor in chunks (memory stays flat).

    Every participant is judged for the same hypothetical PHK (date, reason,
    decision date); ``previous_claim_phk_dates`` maps a participant id to the PHK
    dates of earlier claims. Participants without an employer are skipped (the
    engine needs the employer's size). ``ledger_table`` (a trusted table name
    with participant_id, period, wage, status) replaces the contribution ledger,
    e.g. a staged import's ledger as it would be after approval. Run it inside a transaction when the
    caller iterates slowly; outside one the cursor is held WITH HOLD.
    """
    ids = list(participant_ids)
    if not ids:
        return
    filed_on = filed_on or decision_date
    previous = previous_claim_phk_dates or {}
    phk_month = phk_date.replace(day=1)
    phk_idx = _month_idx(phk_date)
    sql = _FACTS_SQL.format(
        participant=Participant._meta.db_table,
        employer=Employer._meta.db_table,
        contribution=ledger_table or Contribution._meta.db_table,
    )
    month_cache: dict[int, tuple[int, int]] = {}
    zero = _ZERO
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, {"phk_month": phk_month, "ids": ids})
        while True:
            rows = cursor.fetchmany(chunk_size)
            if not rows:
                break
            for (
                pk,
                citizenship,
                birth_date,
                registered_on,
                programs,
                segment,
                contract_type,
                contract_end,
                size,
                bankrupt,
                paid_idx,
                last_wage,
                arrears_idx,
                phk_row,
            ) in rows:
                if paid_idx:
                    months = []
                    for i in paid_idx:
                        ym = month_cache.get(i)
                        if ym is None:
                            ym = month_cache[i] = (i // 12, i % 12 + 1)
                        months.append(ym)
                    paid = frozenset(months)
                else:
                    paid = frozenset()
                yield (
                    pk,
                    Facts(
                        citizenship=citizenship,
                        birth_date=birth_date,
                        jkp_registered_on=registered_on,
                        employer_size=size,
                        programs=frozenset(programs),
                        jkn_segment=segment,
                        contract_type=contract_type,
                        contract_end_date=contract_end,
                        phk_date=phk_date,
                        phk_reason=phk_reason,
                        filed_on=filed_on,
                        decision_date=decision_date,
                        paid_months=paid,
                        last_wage=last_wage if last_wage is not None else zero,
                        employer_arrears_months=arrears_streak(arrears_idx, phk_idx, phk_month_has_row=bool(phk_row))
                        if arrears_idx
                        else 0,
                        employer_bankrupt_or_closed=bankrupt,
                        previous_claim_phk_dates=tuple(previous.get(pk, ())),
                    ),
                )


# ---------------------------------------------------------------------------
# Staff pages


def participants_visible_to(user) -> QuerySet[Participant]:
    """Participants of employers whose office is in the staff member's scope
    (branch: own; regional: own and its branches; head office/admin: all)."""
    qs = Participant.objects.all()
    ids = office_scope_ids(user)
    if ids is None:
        return qs
    return qs.filter(employer__office_id__in=ids)


def participant_search(*, user, query: str = "") -> QuerySet[Participant]:
    """Search by NIK (full or prefix), KPJ (exact) or name (contains)."""
    qs = participants_visible_to(user).select_related("employer", "employer__office")
    query = (query or "").strip()
    if not query:
        return qs.order_by("full_name", "id")
    if query.isdigit() and len(query) >= 6:
        cond = Q(nik__startswith=query) | Q(kpj=query)
    else:
        cond = Q(kpj__iexact=query) | Q(full_name__icontains=query)
    return qs.filter(cond).order_by("full_name", "id")


def participant_get_for_staff(*, user, pk: int) -> Participant:
    participant = (
        participants_visible_to(user).select_related("employer", "employer__office", "user").filter(pk=pk).first()
    )
    if participant is None:
        raise Http404(_("Peserta tidak ditemukan."))
    return participant


def participant_ledger(participant: Participant, *, months: int = 24, until: dt.date | None = None) -> list[dict]:
    """``months`` calendar months of the ledger, newest first, ending with ``until``
    (default: the latest month in the ledger, else this month); months without a
    ledger row are included with status None. One query."""
    qs = Contribution.objects.filter(participant=participant)
    if until is not None:
        qs = qs.filter(period__lte=until.replace(day=1))
    latest = list(qs.order_by("-period").values("period", "wage", "status")[:months])
    end = until.replace(day=1) if until else (latest[0]["period"] if latest else timezone.localdate().replace(day=1))
    rows = {row["period"]: row for row in latest}
    ledger = []
    for k in range(months):
        period = add_months(end, -k)
        row = rows.get(period)
        ledger.append(
            {"period": period, "wage": row["wage"] if row else None, "status": row["status"] if row else None}
        )
    return ledger


def previous_claim_phk_dates(participant: Participant, *, before: dt.date) -> tuple[dt.date, ...]:
    """PHK dates of the participant's approved (benefit-receiving) claims before ``before``."""
    return tuple(
        Claim.objects.filter(
            participant=participant, status=ClaimStatus.APPROVED, phk_date__isnull=False, phk_date__lt=before
        )
        .order_by("phk_date")
        .values_list("phk_date", flat=True)
    )


def registry_imports_visible_to(user) -> QuerySet[RegistryImport]:
    """Imports of offices in the registry officer's scope (a branch: its own; a
    regional office: its own and its branches'; the head office: all)."""
    qs = RegistryImport.objects.select_related("started_by", "decided_by", "office").order_by("-started_at", "-id")
    ids = office_scope_ids(user)
    if ids is None:
        return qs
    return qs.filter(office_id__in=ids)


def registry_import_staged_rows(imp: RegistryImport, *, change: str = "") -> QuerySet:
    """The staged new/changed rows of one import, in file order."""
    model = {
        RegistryImport.Kind.EMPLOYERS: StagedEmployer,
        RegistryImport.Kind.PARTICIPANTS: StagedParticipant,
        RegistryImport.Kind.CONTRIBUTIONS: StagedContribution,
    }[imp.kind]
    qs = model.objects.filter(registry_import=imp).order_by("line")
    if change:
        qs = qs.filter(change=change)
    return qs


def registry_import_flips(imp: RegistryImport) -> QuerySet[RegistryImportFlip]:
    return (
        RegistryImportFlip.objects.filter(registry_import=imp)
        .select_related("participant")
        .order_by("participant__full_name", "participant_id")
    )


def registry_import_get_for_staff(*, user, pk: int) -> RegistryImport:
    imp = registry_imports_visible_to(user).filter(pk=pk).first()
    if imp is None:
        raise Http404(_("Impor tidak ditemukan."))
    return imp
