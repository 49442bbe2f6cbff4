"""Claim reads: who sees which claim, the queues, the verdict now, the timeline.

Every list is one query for its rows (with ``select_related``), so a page
costs the same number of queries whatever its size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.audit_actions import WORKER_TIMELINE_WORDING
from claims.eligibility import Verdict, evaluate
from claims.models import Claim, ClaimDocument, ClaimStatus, Contribution, DocumentKind
from claims.models.claims import CORRECTABLE_FIELDS, DOCUMENT_PROBLEM_CODES
from claims.selectors.registry import mask_nik, participant_facts
from jkp_portal.accounts.roles import STAFF_ROLES, Role
from jkp_portal.accounts.selectors import scope_by_office
from jkp_portal.audit.labels import action_label
from jkp_portal.audit.models import AuditEvent
from jkp_portal.audit.selectors import audit_events_for

__all__ = [
    "claim_verdict",
    "claims_visible_to",
    "claim_get_for_user",
    "claim_get_for_worker",
    "claim_get_for_staff",
    "claims_of_worker",
    "claim_queue",
    "claim_documents",
    "claim_events",
    "worker_timeline",
    "criterion_rows",
    "reason_label",
    "mask_nik",
]

S = ClaimStatus


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and any(role in user.roles for role in STAFF_ROLES))


# ---------------------------------------------------------------------------
# the verdict


def claim_verdict(
    claim: Claim, *, decision_date: dt.date | None = None, filed_on: dt.date | None = None
) -> Verdict | None:
    """The eligibility verdict for this claim from the registry as it is now.

    ``filed_on`` defaults to the submission date (or today for a draft); the
    decision date to today. Previous claims are the participant's approved
    ones; the participant counts as re-employed when the registry shows a paid
    contribution month after the PHK month (wage work again). None while the
    PHK date or reason is missing.
    """
    if not claim.phk_date or not claim.phk_reason:
        return None
    decision_date = decision_date or timezone.localdate()
    filed_on = filed_on or claim.filed_on or decision_date
    previous = tuple(
        Claim.objects.filter(participant_id=claim.participant_id, status=S.APPROVED)
        .exclude(pk=claim.pk)
        .order_by("phk_date")
        .values_list("phk_date", flat=True)
    )
    reemployed = Contribution.objects.filter(
        participant_id=claim.participant_id,
        period__gt=claim.phk_date.replace(day=1),
        status=Contribution.Status.PAID,
    ).exists()
    facts = participant_facts(
        claim.participant,
        phk_date=claim.phk_date,
        phk_reason=claim.phk_reason,
        filed_on=filed_on,
        decision_date=decision_date,
        kapk_signed=claim.kapk_signed,
        reemployed=reemployed,
        previous_claim_phk_dates=[d for d in previous if d],
    )
    return evaluate(facts)


# Each criterion in plain Indonesian: (title, what it asks of the worker).
CRITERION_TEXT: dict[str, tuple] = {
    "NOT_CITIZEN": (gettext_lazy("Warga negara Indonesia"), gettext_lazy("JKP hanya untuk WNI.")),
    "AGE_AT_REGISTRATION": (
        gettext_lazy("Usia saat terdaftar JKP"),
        gettext_lazy("Saat didaftarkan ke program JKP, usia Anda harus di bawah 54 tahun."),
    ),
    "PROGRAMS_INCOMPLETE": (
        gettext_lazy("Kepesertaan program BPJS"),
        gettext_lazy(
            "Anda harus terdaftar di program yang diwajibkan sesuai skala usaha pemberi kerja "
            "(JKN, JKK, JKM, JHT, dan JP untuk usaha menengah/besar)."
        ),
    ),
    "EXCLUDED_REASON": (
        gettext_lazy("Alasan PHK"),
        gettext_lazy(
            "PHK karena mengundurkan diri, pensiun, cacat total tetap atau meninggal dunia tidak mendapat JKP."
        ),
    ),
    "PKWT_CONTRACT_ENDED": (
        gettext_lazy("Kontrak kerja (PKWT)"),
        gettext_lazy(
            "Pekerja kontrak (PKWT) mendapat JKP hanya bila di-PHK sebelum kontraknya berakhir; "
            "kontrak yang habis masa berlakunya bukan PHK."
        ),
    ),
    "INSUFFICIENT_CONTRIBUTIONS": (
        gettext_lazy("Masa iuran"),
        gettext_lazy(
            "Klaim pertama: minimal 12 bulan iuran lunas dalam 24 bulan terakhir sampai bulan PHK. "
            "Klaim berikutnya: minimal 60 bulan iuran lunas setelah PHK sebelumnya."
        ),
    ),
    "NOT_CONSECUTIVE": (
        gettext_lazy("Iuran berturut-turut"),
        gettext_lazy("Menurut PP 37/2021: 6 bulan iuran lunas berturut-turut sebelum PHK (klaim pertama)."),
    ),
    "CLAIM_DEADLINE_PASSED": (
        gettext_lazy("Batas waktu pengajuan"),
        gettext_lazy("Klaim harus diajukan paling lambat 6 bulan setelah tanggal PHK (3 bulan menurut PP 37/2021)."),
    ),
    "CLAIM_LIMIT_REACHED": (
        gettext_lazy("Batas jumlah klaim"),
        gettext_lazy("Manfaat JKP dapat diterima paling banyak untuk 3 kali klaim seumur hidup."),
    ),
    "REEMPLOYED": (
        gettext_lazy("Belum bekerja kembali"),
        gettext_lazy("JKP untuk yang belum bekerja kembali sebagai penerima upah."),
    ),
    "NOT_WILLING_TO_WORK": (
        gettext_lazy("Komitmen mencari kerja (KAPK)"),
        gettext_lazy("Anda harus menandatangani Komitmen Aktivitas Pencarian Kerja."),
    ),
}


@dataclass(frozen=True)
class CriterionRow:
    code: str
    passed: bool
    title: str
    explanation: str
    detail: str


def criterion_rows(verdict) -> list[CriterionRow]:
    """Every criterion of a verdict (a ``Verdict`` or its dict) with its plain text."""
    if verdict is None:
        return []
    items = verdict.get("criteria", []) if isinstance(verdict, dict) else verdict.criteria
    rows = []
    for item in items:
        code, passed, detail = (
            (item["code"], item["passed"], item["detail"])
            if isinstance(item, dict)
            else (item.code, item.passed, item.detail)
        )
        title, explanation = CRITERION_TEXT.get(code, (code, ""))
        rows.append(CriterionRow(code, passed, str(title), str(explanation), detail))
    return rows


def verdict_display(verdict) -> dict | None:
    """A verdict (``Verdict`` or its stored dict) as a dict whose dates are dates,
    for templates."""
    if verdict is None:
        return None
    data = dict(verdict.as_dict() if isinstance(verdict, Verdict) else verdict)
    if not data:
        return None
    if isinstance(data.get("claim_deadline"), str):
        data["claim_deadline"] = dt.date.fromisoformat(data["claim_deadline"])
    data["schedule"] = [
        {**m, "due_date": dt.date.fromisoformat(m["due_date"]) if isinstance(m["due_date"], str) else m["due_date"]}
        for m in data.get("schedule", [])
    ]
    return data


# A criterion's title names the condition ("Belum bekerja kembali"): beside a
# passed criterion that reads right, as the reason of a refusal it says the
# opposite. These criteria say what failed in their own words.
REASON_TEXT: dict[str, str] = {
    "NOT_CITIZEN": gettext_lazy("Bukan warga negara Indonesia"),
    "REEMPLOYED": gettext_lazy("Sudah bekerja kembali sebagai penerima upah"),
}


def reason_label(code: str) -> str:
    """A rejection reason code in words (criteria codes and document problem codes)."""
    if code in REASON_TEXT:
        return str(REASON_TEXT[code])
    if code in CRITERION_TEXT:
        return str(CRITERION_TEXT[code][0])
    if code in DOCUMENT_PROBLEM_CODES:
        return str(DOCUMENT_PROBLEM_CODES[code])
    return code


def duplicate_documents(documents) -> list[list[str]]:
    """Groups of a claim's current documents that are the same file (same
    SHA-256), by their kinds' labels: one scan uploaded as two different
    proofs is for the verifier to notice."""
    by_hash: dict[str, list[str]] = {}
    for document in documents:
        by_hash.setdefault(document.sha256, []).append(str(document.get_kind_display()))
    return [labels for labels in by_hash.values() if len(labels) > 1]


def reason_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} — {title}") for code, (title, _x) in CRITERION_TEXT.items()] + [
        (code, f"{code} — {label}") for code, label in DOCUMENT_PROBLEM_CODES.items()
    ]


# ---------------------------------------------------------------------------
# who sees which claim


def _base() -> QuerySet[Claim]:
    return Claim.objects.select_related("participant", "participant__employer", "office")


def claims_visible_to(user) -> QuerySet[Claim]:
    """A worker's own claims; staff their office's (branch, region, or all)."""
    if user is None or not user.is_authenticated:
        return Claim.objects.none()
    if is_staff(user):
        # A draft is the worker's own until submitted.
        return scope_by_office(_base(), user).exclude(status=S.DRAFT)
    if user.has_role(Role.WORKER):
        return _base().filter(participant__user=user)
    return Claim.objects.none()


def claim_get_for_user(*, user, pk: int) -> Claim:
    claim = claims_visible_to(user).filter(pk=pk).first()
    if claim is None:
        raise Http404(_("Klaim tidak ditemukan."))
    return claim


def claim_get_for_worker(*, user, pk: int) -> Claim:
    claim = _base().filter(pk=pk, participant__user=user).first() if user.is_authenticated else None
    if claim is None:
        raise Http404(_("Klaim tidak ditemukan."))
    return claim


def claim_get_for_user_or_none(*, pk: int) -> Claim:
    """A claim by its key, with what the wizard reads (the caller has already
    decided who may see it: the assisted session's officer)."""
    claim = _base().filter(pk=pk).first()
    if claim is None:
        raise Http404(_("Klaim tidak ditemukan."))
    return claim


def claim_get_for_staff(*, user, pk: int) -> Claim:
    claim = (
        scope_by_office(
            _base().select_related(
                "verified_by", "decided_by", "participant__user", "assisted_by", "assisted_session__office"
            ),
            user,
        )
        .exclude(status=S.DRAFT)
        .filter(pk=pk)
        .first()
        if is_staff(user)
        else None
    )
    if claim is None:
        raise Http404(_("Klaim tidak ditemukan."))
    return claim


def claims_of_worker(user) -> QuerySet[Claim]:
    return _base().select_related("benefit").filter(participant__user=user).order_by("-created_at", "-id")


def claim_queue(
    *,
    user,
    statuses,
    proof_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    query: str = "",
) -> QuerySet[Claim]:
    """A staff queue: the office's claims in ``statuses``, oldest submission first.

    ``query`` finds a NIK (6+ digits: prefix) or a name (contains)."""
    qs = (
        scope_by_office(Claim.objects.filter(status__in=list(statuses)), user)
        .select_related("participant", "participant__employer", "verified_by", "assisted_by")
        # Only what a queue row shows: no encrypted or JSON columns to decode.
        .only(
            "id",
            "status",
            "proof_type",
            "submitted_at",
            "claim_deadline",
            "office_id",
            "participant__full_name",
            "participant__nik",
            "participant__employer__name",
            "verified_by__username",
            "assisted_by__username",
        )
    )
    if proof_type:
        qs = qs.filter(proof_type=proof_type)
    if date_from:
        qs = qs.filter(submitted_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(submitted_at__date__lte=date_to)
    query = (query or "").strip()
    if query:
        digits = query.replace(" ", "")
        if digits.isdigit() and len(digits) >= 6:
            qs = qs.filter(participant__nik__startswith=digits)
        elif query.isdigit():
            qs = qs.filter(pk=int(query))
        else:
            qs = qs.filter(participant__full_name__icontains=query)
    return qs.order_by("submitted_at", "id")


@dataclass(frozen=True)
class QueueRow:
    pk: int
    url: str
    name: str
    nik_masked: str
    employer: str
    proof: str
    submitted: str
    waiting_days: int | None
    deadline: str
    status: str
    status_label: str
    verified_by: str
    assisted_by: str = ""


def queue_rows(claims, *, today: dt.date) -> list[QueueRow]:
    """Queue rows as plain strings: labels, links and dates are worked out once
    per page instead of once per row in the template (a 100-row page renders
    in a few milliseconds)."""
    from django.urls import reverse
    from django.utils.dates import MONTHS_3

    from claims.models import ProofType

    months = {m: str(label) for m, label in MONTHS_3.items()}
    statuses = {value: str(label) for value, label in ClaimStatus.choices}
    proofs = {value: str(label) for value, label in ProofType.choices}
    url = reverse("claims:staff_claim", args=[0])[: -len("0/")]

    def short(d):
        return f"{d.day} {months[d.month].capitalize()} {d.year}" if d else "—"

    rows = []
    for c in claims:
        submitted = timezone.localtime(c.submitted_at).date() if c.submitted_at else None
        rows.append(
            QueueRow(
                pk=c.pk,
                url=f"{url}{c.pk}/",
                name=c.participant.full_name,
                nik_masked=mask_nik(c.participant.nik),
                employer=c.participant.employer.name if c.participant.employer_id else "—",
                proof=proofs.get(c.proof_type, "—"),
                submitted=short(submitted),
                waiting_days=(today - submitted).days if submitted else None,
                deadline=short(c.claim_deadline),
                status=c.status,
                status_label=statuses.get(c.status, c.status),
                verified_by=c.verified_by.username if c.verified_by_id else "",
                assisted_by=c.assisted_by.username if c.assisted_by_id else "",
            )
        )
    return rows


def claim_documents(claim: Claim, *, include_replaced: bool = False) -> list[ClaimDocument]:
    qs = ClaimDocument.objects.filter(claim=claim).select_related("uploaded_by")
    if not include_replaced:
        qs = qs.filter(replaced=False)
    return list(qs.order_by("kind", "-uploaded_at"))


def claim_document_get(*, claim: Claim, pk: int) -> ClaimDocument:
    document = ClaimDocument.objects.filter(claim=claim, pk=pk).first()
    if document is None:
        raise Http404(_("Dokumen tidak ditemukan."))
    return document


def claims_with_documents(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    return qs.prefetch_related(
        Prefetch("documents", queryset=ClaimDocument.objects.filter(replaced=False).order_by("kind"))
    )


def claim_events(claim: Claim) -> list[AuditEvent]:
    return list(audit_events_for(claim))


# ---------------------------------------------------------------------------
# the worker's timeline


@dataclass(frozen=True)
class TimelineItem:
    at: dt.datetime
    action: str
    title: str
    detail: str
    by_staff: bool


def worker_timeline(claim: Claim, events: list[AuditEvent]) -> list[TimelineItem]:
    """The audit events as the worker reads them: in words, staff shown as
    "Petugas BPJS", repeated draft saves folded into the last one."""
    worker_id = claim.participant.user_id
    items: list[TimelineItem] = []
    for event in events:
        # The staff trail's words (jkp_portal.audit.labels), spoken to the worker where it matters.
        title = str(WORKER_TIMELINE_WORDING.get(event.action) or action_label(event.action))
        detail = ""
        data = event.data or {}
        if event.action == "document_uploaded":
            kind = data.get("kind", "")
            detail = str(DocumentKind(kind).label) if kind in DocumentKind.values else kind
        elif event.action == "correction_requested":
            parts = [str(DocumentKind(k).label) for k in data.get("documents", []) if k in DocumentKind.values]
            parts += [str(CORRECTABLE_FIELDS[f]) for f in data.get("fields", []) if f in CORRECTABLE_FIELDS]
            detail = "; ".join(parts) + (f" — {event.reason}" if event.reason else "")
        elif event.action == "claim_rejected":
            detail = ", ".join(reason_label(code) for code in data.get("reasons", []))
            if event.reason:
                detail += f" — {event.reason}"
        elif event.reason:
            detail = event.reason
        by_staff = event.actor_id is not None and event.actor_id != worker_id
        if items and event.action in ("draft_updated", "correction_updated") and items[-1].action == event.action:
            items[-1] = TimelineItem(event.at, event.action, title, detail, by_staff)
            continue
        items.append(TimelineItem(event.at, event.action, title, detail, by_staff))
    return items


def unrouted_claims() -> QuerySet[Claim]:
    """Submitted claims that no routing rule sent to an office, oldest first."""
    return (
        Claim.objects.filter(office__isnull=True)
        .exclude(status__in=[ClaimStatus.DRAFT, ClaimStatus.WITHDRAWN])
        .select_related("participant", "participant__employer")
        .order_by("submitted_at", "id")
    )
