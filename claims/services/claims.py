"""Claim writes: the draft wizard and one service per status transition.

Allowed transitions (``TRANSITIONS``)::

    draft ──submit──▶ submitted ──verify──▶ verified ──approve──▶ approved
      │                 │    ▲                  │
      │      request_correction  resubmit        └──reject──▶ rejected
      │                 ▼    │
      │           needs_correction          submitted ──reject──▶ rejected
      └─ withdraw (from draft, submitted, needs_correction, verified) ─▶ withdrawn

Every transition locks the claim row, checks the current status (another
status → ``StateConflictError``, HTTP 409, naming the current status), checks
who may act (``ForbiddenError``, 403), writes the audit event in the same
transaction and notifies the worker after commit.

Submission policy: the worker sees the whole verdict before submitting. The
hard limits of the rules (the claim deadline and the lifetime limit of three
benefits) refuse the submission outright, since no document can cure them;
every other failing criterion is shown but the claim may still be submitted,
and the verifier rejects it with the coded reasons (the registry may be out of
date and the worker has the right to a decision on it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.banks import clean_account_number
from claims.eligibility import CRITERIA_CODES, PHK_REASONS, RULE_SETS, Verdict, add_months, rule_set_for
from claims.models import OPEN_STATUSES, Claim, ClaimDocument, ClaimStatus, DocumentKind, Participant, ProofType
from claims.models.claims import (
    CORRECTABLE_FIELDS,
    DOCUMENT_PROBLEM_CODES,
    INDONESIAN_BANKS,
    KAPK_STATEMENT,
    checklist_for,
    required_document_kinds,
)
from claims.names import normalize_person_name
from claims.selectors.claims import claim_verdict
from claims.services.documents import document_review_mark
from claims.signals import claim_approved, claim_decision_blockers, claim_draft_prefill
from jkp_portal.accounts.models import User
from jkp_portal.accounts.roles import Role
from jkp_portal.accounts.services import user_create
from jkp_portal.audit.services import audit_record, audit_record_many
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from jkp_portal.common.phones import indonesian_mobile

from .. import notifications

S = ClaimStatus

# action -> (statuses it starts from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),
    "request_correction": (frozenset({S.SUBMITTED}), S.NEEDS_CORRECTION),
    "resubmit": (frozenset({S.NEEDS_CORRECTION}), S.SUBMITTED),
    "verify": (frozenset({S.SUBMITTED}), S.VERIFIED),
    "approve": (frozenset({S.VERIFIED}), S.APPROVED),
    "reject": (frozenset({S.SUBMITTED, S.VERIFIED}), S.REJECTED),
    "withdraw": (frozenset({S.DRAFT, S.SUBMITTED, S.NEEDS_CORRECTION, S.VERIFIED}), S.WITHDRAWN),
}

# Criteria no document can cure: a submission failing them is refused.
HARD_CRITERIA = ("CLAIM_DEADLINE_PASSED", "CLAIM_LIMIT_REACHED")

DRAFT_FIELDS = (
    "phk_date",
    "phk_reason",
    "proof_type",
    "bank_name",
    "bank_account_number",
    "bank_account_holder",
    "kapk_signed",
)
# Correctable field code -> the claim fields it opens for editing.
_CORRECTION_FIELD_MAP = {
    "phk_date": ("phk_date",),
    "phk_reason": ("phk_reason",),
    "proof_type": ("proof_type",),
    "bank_account": ("bank_name", "bank_account_number", "bank_account_holder"),
}
_JKP_START = min(rs.effective_from for rs in RULE_SETS)


# ---------------------------------------------------------------------------
# helpers


def _lock(claim: Claim | int) -> Claim:
    pk = claim.pk if isinstance(claim, Claim) else claim
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("participant", "participant__employer", "participant__user", "verified_by")
        .get(pk=pk)
    )


def _check_state(claim: Claim, action: str) -> str:
    sources, target = TRANSITIONS[action]
    if claim.status not in sources:
        allowed = ", ".join(sorted(str(S(s).label) for s in sources))
        raise StateConflictError(
            _(
                "Klaim #%(id)s berstatus '%(status)s' (%(label)s); tindakan ini hanya untuk klaim berstatus: %(allowed)s."
            )
            % {"id": claim.pk, "status": claim.status, "label": claim.get_status_display(), "allowed": allowed},
            errors={"status": [claim.status]},
        )
    return target


def _require_owner(claim: Claim, actor) -> None:
    if actor is None or claim.participant.user_id != actor.pk:
        raise ForbiddenError(_("Hanya pekerja pemilik klaim yang dapat melakukan ini."))


def _require_role(actor, *roles: str) -> None:
    if actor is None or not actor.has_role(*roles):
        raise ForbiddenError(_("Peran Anda tidak berwenang melakukan tindakan ini."))


def _require_not_own_claim(claim: Claim, actor) -> None:
    """Nobody decides their own claim, whatever their roles."""
    if claim.participant.user_id == actor.pk or (actor.nik and actor.nik == claim.participant.nik):
        raise ForbiddenError(_("Petugas tidak boleh memutus klaimnya sendiri."))


def _set_status(claim: Claim, target: str, *, actor, action: str, reason: str = "", data=None, fields=()):
    before = claim.status
    claim.status = target
    claim.save(update_fields=["status", "updated_at", *fields])
    audit_record(actor=actor, obj=claim, action=action, from_state=before, to_state=target, reason=reason, data=data)


def _verdict_summary(verdict: Verdict | None) -> dict:
    if verdict is None:
        return {}
    return {"eligible": verdict.eligible, "failed": list(verdict.failed), "rule_set": verdict.rule_set}


# ---------------------------------------------------------------------------
# worker sign-up


@dataclass(frozen=True)
class Registration:
    user: User
    participant: Participant


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _check_signup_fields(
    *, nik: str, full_name: str, birth_date: dt.date, email: str, phone: str, password: str
) -> tuple[User, dict[str, list[str]]]:
    """Every field a stranger could get wrong, checked without reading the
    registry: the unsaved account and the errors, one list per field."""
    errors: dict[str, list[str]] = {}
    if not re.fullmatch(r"\d{16}", nik):
        errors["nik"] = [_("NIK harus 16 digit angka.")]
    if not re.search(r"[^\W\d_]", full_name or ""):
        errors["full_name"] = [_("Isi nama lengkap sesuai KTP.")]
    if not isinstance(birth_date, dt.date) or birth_date >= timezone.localdate():
        errors["birth_date"] = [_("Tanggal lahir tidak valid.")]
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Alamat email tidak valid.")]
    try:
        phone = indonesian_mobile(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    first, _sep, last = " ".join((full_name or "").split()).partition(" ")
    user = User(
        username=nik,
        nik=nik,
        email=email,
        phone=phone,
        first_name=first[:150],
        last_name=last[:150],
        roles=[Role.WORKER],
    )
    # What the person typed, so the password validators refuse a password made
    # of it (never the registry's values: that would tell whether they match).
    user.birth_date = birth_date
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    return user, errors


@transaction.atomic
def worker_register(
    *, nik: str, full_name: str, birth_date: dt.date, email: str, phone: str, password: str
) -> Registration:
    """Create a worker account for a registered participant.

    Every field is checked first, without reading the registry, so a bad phone
    or password gets the same answer for anyone. Then NIK, name (compared by
    claims.names.normalize_person_name) and birth date must all match one participant of the registry; a
    mismatch gets one message that does not say which field differs. The NIK
    must not have an account yet. The worker signs in with their NIK.
    """
    nik = _digits(nik)
    user, errors = _check_signup_fields(
        nik=nik, full_name=full_name, birth_date=birth_date, email=email, phone=phone, password=password
    )
    if errors:
        message = " ".join(message for messages in errors.values() for message in messages)
        code = "weak_password" if set(errors) == {"password"} else "invalid"
        raise ApplicationError(message, code=code, errors=errors)
    participant = Participant.objects.select_for_update().filter(nik=nik).first()
    if (
        participant is None
        or normalize_person_name(participant.full_name) != normalize_person_name(full_name)
        or participant.birth_date != birth_date
    ):
        raise ApplicationError(
            _(
                "Data tidak cocok dengan registri peserta BPJS Ketenagakerjaan. Periksa NIK, nama lengkap (sesuai "
                "KTP) dan tanggal lahir; bila sudah benar, hubungi kantor cabang BPJS Ketenagakerjaan atau pemberi "
                "kerja Anda."
            ),
            code="participant_not_found",
        )
    if participant.user_id is not None or User.objects.filter(nik=nik).exists():
        message = _("NIK ini sudah terdaftar di portal. Silakan masuk dengan NIK dan kata sandi Anda.")
        raise StateConflictError(message, code="already_registered", errors={"nik": [message]})
    first, _sep, last = " ".join(participant.full_name.split()).partition(" ")
    try:
        with transaction.atomic():
            # the one way an account is made (and audited); the password was
            # validated above against what the person typed
            user = user_create(
                username=nik,
                password=password,
                roles=[Role.WORKER],
                email=email,
                first_name=first[:150],
                last_name=last[:150],
                phone=user.phone,
                nik=nik,
                check_password=False,
            )
    except (IntegrityError, ApplicationError):
        # another account took this NIK (as NIK or user name) meanwhile
        message = _("NIK ini sudah terdaftar di portal. Silakan masuk dengan NIK dan kata sandi Anda.")
        raise StateConflictError(message, code="already_registered", errors={"nik": [message]}) from None
    participant.user = user
    participant.save(update_fields=["user", "updated_at"])
    audit_record(
        actor=user, obj=user, action="worker_registered", to_state="active", data={"participant": participant.pk}
    )
    audit_record(actor=user, obj=participant, action="account_linked", data={"user": user.pk})
    return Registration(user=user, participant=participant)


# ---------------------------------------------------------------------------
# the draft


def _clean_draft_fields(participant: Participant, values: dict) -> dict:
    """Validate the wizard fields present in ``values``; ApplicationError with
    one message per bad field. Returns the cleaned values."""
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    unknown = set(values) - set(DRAFT_FIELDS)
    if unknown:
        raise ApplicationError(_("Kolom tidak dikenal: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    today = timezone.localdate()
    if "phk_date" in values:
        phk = values["phk_date"]
        if phk in (None, ""):
            cleaned["phk_date"] = None
        elif not isinstance(phk, dt.date):
            errors["phk_date"] = [_("Tanggal PHK tidak valid.")]
        elif phk > today:
            errors["phk_date"] = [_("Tanggal PHK tidak boleh di masa depan.")]
        elif phk < _JKP_START:
            errors["phk_date"] = [
                _("PHK sebelum %(d)s tidak tercakup program JKP.") % {"d": _JKP_START.strftime("%d-%m-%Y")}
            ]
        else:
            cleaned["phk_date"] = phk
    if "phk_reason" in values:
        reason = values["phk_reason"] or ""
        if reason and reason not in PHK_REASONS:
            errors["phk_reason"] = [_("Pilih alasan PHK dari daftar.")]
        else:
            cleaned["phk_reason"] = reason
    if "proof_type" in values:
        proof = values["proof_type"] or ""
        if proof and proof not in ProofType.values:
            errors["proof_type"] = [_("Pilih jenis bukti PHK dari daftar.")]
        else:
            cleaned["proof_type"] = proof
    if "bank_name" in values:
        bank = values["bank_name"] or ""
        if bank and bank not in INDONESIAN_BANKS:
            errors["bank_name"] = [_("Pilih bank dari daftar.")]
        else:
            cleaned["bank_name"] = bank
    if "bank_account_number" in values:
        try:
            cleaned["bank_account_number"] = clean_account_number(values["bank_account_number"])
        except ValueError as exc:
            errors["bank_account_number"] = [str(exc)]
    if "bank_account_holder" in values:
        holder = " ".join(str(values["bank_account_holder"] or "").split())
        if holder and normalize_person_name(holder) != normalize_person_name(participant.full_name):
            errors["bank_account_holder"] = [
                _("Rekening harus atas nama Anda sendiri: %(name)s (sesuai registri).")
                % {"name": participant.full_name}
            ]
        else:
            cleaned["bank_account_holder"] = holder
    if "kapk_signed" in values:
        cleaned["kapk_signed"] = bool(values["kapk_signed"])
    if errors:
        raise ApplicationError(_("Periksa kembali isian yang ditandai."), errors=errors)
    return cleaned


def _apply_draft(claim: Claim, cleaned: dict) -> list[str]:
    """Copy cleaned values onto the claim; returns the names of changed fields."""
    changed = []
    for name, value in cleaned.items():
        if name == "kapk_signed":
            if value and not claim.kapk_signed:
                claim.kapk_signed, claim.kapk_signed_at, claim.kapk_statement = (
                    True,
                    timezone.now(),
                    str(KAPK_STATEMENT),
                )
                changed += ["kapk_signed", "kapk_signed_at", "kapk_statement"]
            elif not value and claim.kapk_signed:
                claim.kapk_signed, claim.kapk_signed_at, claim.kapk_statement = False, None, ""
                changed += ["kapk_signed", "kapk_signed_at", "kapk_statement"]
            continue
        if name == "bank_account_number":
            if value != (claim.bank_account_number or ""):
                claim.bank_account_number = value
                claim.bank_account_last4 = value[-4:] if value else ""
                changed += ["bank_account_number", "bank_account_last4"]
            continue
        if getattr(claim, name) != value:
            setattr(claim, name, value)
            changed.append(name)
    return changed


def _worker_participant(actor) -> Participant:
    if actor is None or not actor.has_role(Role.WORKER):
        raise ForbiddenError(_("Hanya pekerja peserta JKP yang dapat mengajukan klaim."))
    participant = Participant.objects.select_related("employer").filter(user=actor).first()
    if participant is None:
        raise ApplicationError(
            _("Akun Anda belum terhubung dengan data peserta. Daftar ulang dengan NIK Anda atau hubungi BPJS."),
            code="no_participant",
        )
    return participant


def _prefill_from_phk_report(participant: Participant, *, skip) -> dict:
    """PHK date, reason and proof type from the employer's PHK report (claims.phk),
    for the fields the worker did not give; a value the rules refuse is left out."""
    report = {}
    for _receiver, reply in claim_draft_prefill.send(sender=Participant, participant=participant):
        report = {**(reply or {}), **report}
    values = {k: report[k] for k in ("phk_date", "phk_reason", "proof_type") if report.get(k) and k not in skip}
    cleaned = {}
    for name, value in values.items():
        try:
            cleaned.update(_clean_draft_fields(participant, {name: value}))
        except ApplicationError:
            continue
    return cleaned


def phk_blockers(claim: Claim) -> list[str]:
    """Why the PHK itself stops a decision (a disputed or unconfirmed employer
    report, a PHK annulled by the court), from claims.phk; empty when none."""
    replies = claim_decision_blockers.send(sender=Claim, claim=claim)
    return [str(reason) for _receiver, reasons in replies for reason in reasons or []]


def _require_no_phk_blockers(claim: Claim) -> None:
    blockers = phk_blockers(claim)
    if blockers:
        raise ApplicationError(
            _("Klaim belum dapat diputus: %(why)s") % {"why": "; ".join(blockers)},
            code="phk_not_settled",
            errors={"phk": blockers},
        )


def _open_claim_error(existing: Claim) -> StateConflictError:
    return StateConflictError(
        _("Anda masih memiliki klaim terbuka #%(id)s (status '%(status)s'). Selesaikan atau batalkan klaim itu dulu.")
        % {"id": existing.pk, "status": existing.status},
        code="open_claim_exists",
        errors={"claim": [str(existing.pk)], "status": [existing.status]},
    )


@transaction.atomic
def claim_create_draft(*, actor, idempotency_key: str | None = None, **fields) -> tuple[Claim, bool]:
    """Start a claim for the acting worker; ``(claim, created)``.

    With an ``idempotency_key`` a retried request returns the claim the first
    one created, also when both arrive at once (the unique constraint on
    (participant, key) decides; the loser reads the winner's claim).
    """
    participant = _worker_participant(actor)
    key = (idempotency_key or "").strip()[:100] or None

    def replay() -> Claim | None:
        return Claim.objects.filter(participant=participant, idempotency_key=key).first() if key else None

    existing = replay()
    if existing is not None:
        return existing, False
    cleaned = {**_prefill_from_phk_report(participant, skip=fields), **_clean_draft_fields(participant, fields)}
    open_claim = Claim.objects.filter(participant=participant, status__in=OPEN_STATUSES).first()
    if open_claim is not None:
        # The twin of this request may have committed since the first look.
        existing = replay()
        if existing is not None:
            return existing, False
        raise _open_claim_error(open_claim)
    claim = Claim(
        participant=participant,
        office_id=participant.employer.office_id if participant.employer else None,
        idempotency_key=key,
    )
    _apply_draft(claim, cleaned)
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        existing = replay()
        if existing is not None:
            return existing, False
        open_claim = Claim.objects.filter(participant=participant, status__in=OPEN_STATUSES).first()
        if open_claim is not None:
            raise _open_claim_error(open_claim)
        raise
    audit_record(
        actor=actor, obj=claim, action="claim_created", to_state=claim.status, data={"fields": sorted(cleaned)}
    )
    return claim, True


def correction_editable_fields(claim: Claim) -> set[str]:
    fields: set[str] = set()
    for code in claim.correction_request.get("fields", []):
        fields.update(_CORRECTION_FIELD_MAP.get(code, ()))
    return fields


def correction_document_kinds(claim: Claim) -> set[str]:
    """Document kinds the worker may (re)upload while a correction is requested."""
    request = claim.correction_request or {}
    kinds = set(request.get("documents", []))
    fields = set(request.get("fields", []))
    if "proof_type" in fields:
        kinds.update(DocumentKind.values)
    if "bank_account" in fields:
        kinds.add(DocumentKind.BANK_BOOK)
    return kinds


@transaction.atomic
def claim_update_draft(*, claim: Claim, actor, **fields) -> Claim:
    """Save wizard fields on a draft, or the fields a verifier asked to correct."""
    claim = _lock(claim)
    _require_owner(claim, actor)
    if claim.status == S.NEEDS_CORRECTION:
        editable = correction_editable_fields(claim)
        refused = [name for name in fields if name not in editable and fields[name] != _current(claim, name)]
        if refused:
            message = _("Petugas hanya meminta perbaikan pada: %(fields)s.") % {
                "fields": ", ".join(str(CORRECTABLE_FIELDS[c]) for c in claim.correction_request.get("fields", []))
                or _("dokumen")
            }
            raise ApplicationError(message, code="not_requested", errors={name: [message] for name in refused})
    elif claim.status != S.DRAFT:
        raise StateConflictError(
            _("Klaim #%(id)s berstatus '%(status)s' (%(label)s) dan tidak dapat diubah lagi.")
            % {"id": claim.pk, "status": claim.status, "label": claim.get_status_display()},
            errors={"status": [claim.status]},
        )
    cleaned = _clean_draft_fields(claim.participant, fields)
    changed = _apply_draft(claim, cleaned)
    if changed:
        claim.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            obj=claim,
            action="draft_updated" if claim.status == S.DRAFT else "correction_updated",
            data={"fields": sorted({f for f in changed if f not in ("bank_account_last4", "kapk_statement")})},
        )
    return claim


def _current(claim: Claim, name: str):
    value = getattr(claim, name)
    return value if value is not None else ("" if name != "phk_date" else None)


# ---------------------------------------------------------------------------
# completeness


def current_documents(claim: Claim) -> list[ClaimDocument]:
    return list(ClaimDocument.objects.filter(claim=claim, replaced=False).order_by("kind", "uploaded_at"))


def missing_items(claim: Claim, documents=None) -> dict[str, list[str]]:
    """What the claim still lacks before it can be submitted: {field: [message]}."""
    errors: dict[str, list[str]] = {}
    labels = {
        "phk_date": _("Tanggal PHK wajib diisi."),
        "phk_reason": _("Alasan PHK wajib dipilih."),
        "proof_type": _("Jenis bukti PHK wajib dipilih."),
        "bank_name": _("Bank wajib dipilih."),
        "bank_account_number": _("Nomor rekening wajib diisi."),
        "bank_account_holder": _("Nama pemilik rekening wajib diisi."),
    }
    for name, message in labels.items():
        if not getattr(claim, name):
            errors[name] = [message]
    if not claim.kapk_signed:
        errors["kapk_signed"] = [_("Tandatangani komitmen aktivitas pencarian kerja (KAPK).")]
    if documents is None:
        documents = current_documents(claim)
    have = {d.kind for d in documents if not d.replaced}
    missing = [k for k in required_document_kinds(claim.proof_type, claim.participant.contract_type) if k not in have]
    if claim.proof_type and missing:
        errors["documents"] = [
            _("Dokumen belum diunggah: %(doc)s.") % {"doc": DocumentKind(kind).label} for kind in missing
        ]
    return errors


def _require_complete(claim: Claim) -> None:
    errors = missing_items(claim)
    if errors:
        raise ApplicationError(
            _("Klaim belum lengkap. Lengkapi isian dan dokumen yang ditandai."), code="incomplete", errors=errors
        )


# ---------------------------------------------------------------------------
# transitions by the worker


@transaction.atomic
def claim_submit(*, claim: Claim, actor) -> Claim:
    claim = _lock(claim)
    _require_owner(claim, actor)
    target = _check_state(claim, "submit")
    _require_complete(claim)
    today = timezone.localdate()
    verdict = claim_verdict(claim, filed_on=today, decision_date=today)
    hard = [code for code in HARD_CRITERIA if verdict is not None and code in verdict.failed]
    if hard:
        details = {c.code: c.detail for c in verdict.criteria}
        message = " ".join(
            _("Klaim tidak dapat diajukan: %(why)s (%(detail)s).")
            % {"why": _hard_text(code), "detail": details.get(code, "")}
            for code in hard
        )
        raise ApplicationError(message, code=hard[0].lower(), errors={"eligibility": hard})
    claim.submitted_at = timezone.now()
    claim.filed_on = today
    claim.office_id = claim.participant.employer.office_id if claim.participant.employer else claim.office_id
    claim.claim_deadline = verdict.claim_deadline if verdict else None
    _set_status(
        claim,
        target,
        actor=actor,
        action="claim_submitted",
        data=_verdict_summary(verdict),
        fields=("submitted_at", "filed_on", "office", "claim_deadline"),
    )
    notifications.claim_submitted(claim)
    return claim


def _hard_text(code: str) -> str:
    if code == "CLAIM_DEADLINE_PASSED":
        return _("batas waktu pengajuan klaim sudah lewat")
    return _("Anda sudah menerima manfaat JKP untuk 3 klaim (batas seumur hidup)")


@transaction.atomic
def claim_resubmit(*, claim: Claim, actor) -> Claim:
    """Send a corrected claim back to the verifier queue."""
    claim = _lock(claim)
    _require_owner(claim, actor)
    target = _check_state(claim, "resubmit")
    request = claim.correction_request or {}
    requested_at = request.get("requested_at")
    fresh = set(
        ClaimDocument.objects.filter(claim=claim, replaced=False, uploaded_at__gt=requested_at).values_list(
            "kind", flat=True
        )
        if requested_at
        else ()
    )
    stale = [kind for kind in request.get("documents", []) if kind not in fresh]
    if stale:
        raise ApplicationError(
            _("Unggah ulang dokumen yang diminta petugas: %(docs)s.")
            % {"docs": ", ".join(str(DocumentKind(k).label) for k in stale)},
            code="correction_incomplete",
            errors={"documents": [str(DocumentKind(k).label) for k in stale]},
        )
    _require_complete(claim)
    request = {**request, "resolved_at": timezone.now().isoformat()}
    claim.correction_request = request
    _set_status(claim, target, actor=actor, action="claim_resubmitted", fields=("correction_request",))
    notifications.claim_resubmitted(claim)
    return claim


@transaction.atomic
def claim_withdraw(*, claim: Claim, actor, reason: str = "") -> Claim:
    claim = _lock(claim)
    _require_owner(claim, actor)
    target = _check_state(claim, "withdraw")
    _set_status(claim, target, actor=actor, action="claim_withdrawn", reason=reason[:500])
    notifications.claim_withdrawn(claim)
    return claim


# ---------------------------------------------------------------------------
# transitions by staff


def _clean_reasons(reasons) -> list[str]:
    valid = set(CRITERIA_CODES) | set(DOCUMENT_PROBLEM_CODES)
    reasons = [str(r).strip().upper() for r in (reasons or []) if str(r).strip()]
    unknown = [r for r in reasons if r not in valid]
    if unknown:
        raise ApplicationError(
            _("Kode alasan tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)},
            errors={"reasons": [_("Kode tidak dikenal: %(c)s") % {"c": c} for c in unknown]},
        )
    if not reasons:
        raise ApplicationError(_("Pilih minimal satu alasan penolakan."), errors={"reasons": [_("Wajib diisi.")]})
    return list(dict.fromkeys(reasons))


def _require_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_("Tulis catatan untuk pekerja."), errors={"note": [_("Wajib diisi.")]})
    return note[:2000]


@transaction.atomic
def claim_request_correction(*, claim: Claim, actor, documents=(), fields=(), note: str) -> Claim:
    """Send a submitted claim back to the worker, naming what to fix."""
    claim = _lock(claim)
    _require_role(actor, Role.VERIFIER)
    _require_not_own_claim(claim, actor)
    target = _check_state(claim, "request_correction")
    note = _require_note(note)
    documents = list(dict.fromkeys(documents or ()))
    fields = list(dict.fromkeys(fields or ()))
    errors = {}
    if any(d not in DocumentKind.values for d in documents):
        errors["documents"] = [_("Jenis dokumen tidak dikenal.")]
    if any(f not in CORRECTABLE_FIELDS for f in fields):
        errors["fields"] = [_("Isian tidak dikenal.")]
    if errors:
        raise ApplicationError(_("Permintaan perbaikan tidak valid."), errors=errors)
    if not documents and not fields:
        raise ApplicationError(
            _("Pilih dokumen atau isian yang harus diperbaiki."),
            errors={"documents": [_("Pilih minimal satu dokumen atau isian.")]},
        )
    claim.correction_request = {
        "documents": documents,
        "fields": fields,
        "note": note,
        "requested_at": timezone.now().isoformat(),
        "requested_by": actor.get_username(),
    }
    document_review_mark(
        documents=ClaimDocument.objects.filter(claim=claim, replaced=False, kind__in=documents),
        review=ClaimDocument.Review.REJECTED,
        note=note,
    )
    _set_status(
        claim,
        target,
        actor=actor,
        action="correction_requested",
        reason=note,
        data={"documents": documents, "fields": fields},
        fields=("correction_request",),
    )
    notifications.correction_requested(claim)
    return claim


def _clean_checklist(claim: Claim, checklist: dict | None) -> dict:
    # Required for every caller (HTML form, API, scripts): no checklist means
    # nothing was ticked, not "skip the check".
    items = checklist_for(claim.proof_type, claim.participant.contract_type)
    checklist = checklist or {}
    ticked = {code: bool(checklist.get(code)) for code, _label in items}
    missing = [str(label) for code, label in items if not ticked[code]]
    if missing:
        raise ApplicationError(
            _("Daftar periksa belum lengkap: %(items)s.") % {"items": "; ".join(missing)},
            code="checklist_incomplete",
            errors={"checklist": missing},
        )
    return ticked


@transaction.atomic
def claim_verify(*, claim: Claim, actor, note: str = "", checklist: dict | None = None) -> Claim:
    """The verifier found the documents in order and the claim eligible now."""
    claim = _lock(claim)
    _require_role(actor, Role.VERIFIER)
    _require_not_own_claim(claim, actor)
    target = _check_state(claim, "verify")
    ticked = _clean_checklist(claim, checklist)
    _require_complete(claim)
    _require_no_phk_blockers(claim)
    verdict = claim_verdict(claim, decision_date=timezone.localdate())
    if verdict is None or not verdict.eligible:
        failed = list(verdict.failed) if verdict else []
        raise ApplicationError(
            _("Klaim tidak memenuhi syarat menurut perhitungan saat ini (%(codes)s); tolak dengan alasan tersebut.")
            % {"codes": ", ".join(failed)},
            code="not_eligible",
            errors={"eligibility": failed},
        )
    claim.verified_by = actor
    claim.verified_at = timezone.now()
    claim.verification_note = (note or "").strip()[:2000]
    claim.checklist = ticked
    document_review_mark(
        documents=ClaimDocument.objects.filter(claim=claim, replaced=False), review=ClaimDocument.Review.ACCEPTED
    )
    _set_status(
        claim,
        target,
        actor=actor,
        action="claim_verified",
        reason=claim.verification_note,
        data={**_verdict_summary(verdict), "checklist": ticked},
        fields=("verified_by", "verified_at", "verification_note", "checklist"),
    )
    notifications.claim_verified(claim)
    return claim


def _freeze(claim: Claim, verdict: Verdict) -> list[str]:
    claim.rule_set = verdict.rule_set
    claim.payer = verdict.payer
    claim.wage_base = verdict.wage_base
    claim.claim_deadline = verdict.claim_deadline
    claim.verdict = verdict.as_dict()
    return ["rule_set", "payer", "wage_base", "claim_deadline", "verdict"]


def _require_checker(claim: Claim, actor) -> None:
    _require_role(actor, Role.APPROVER)
    _require_not_own_claim(claim, actor)
    if claim.verified_by_id == actor.pk:
        raise ForbiddenError(
            _("Penyetuju harus orang yang berbeda dari verifikator klaim ini (prinsip empat mata)."),
            code="maker_checker",
        )


@transaction.atomic
def claim_approve(*, claim: Claim, actor, note: str = "") -> Claim:
    """Decide the claim eligible: recompute the verdict for today and freeze it.

    Freezes the rule set, payer, wage base, deadline and the whole verdict
    (criteria and six-month schedule) into the claim, then sends
    ``claim_approved`` inside the transaction (payouts creates the benefit,
    counselling assigns a konselor).
    """
    claim = _lock(claim)
    target = _check_state(claim, "approve")
    _require_checker(claim, actor)
    _require_no_phk_blockers(claim)
    today = timezone.localdate()
    verdict = claim_verdict(claim, decision_date=today)
    if verdict is None or not verdict.eligible:
        failed = list(verdict.failed) if verdict else []
        raise ApplicationError(
            _("Klaim tidak memenuhi syarat pada tanggal penetapan (%(codes)s); tolak dengan alasan tersebut.")
            % {"codes": ", ".join(failed)},
            code="not_eligible",
            errors={"eligibility": failed},
        )
    frozen = _freeze(claim, verdict)
    claim.decision_date = today
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.decision_note = (note or "").strip()[:2000]
    _set_status(
        claim,
        target,
        actor=actor,
        action="claim_approved",
        reason=claim.decision_note,
        data={"rule_set": verdict.rule_set, "payer": verdict.payer, "total": verdict.as_dict()["total"]},
        fields=(*frozen, "decision_date", "decided_by", "decided_at", "decision_note"),
    )
    claim_approved.send(sender=Claim, claim=claim, actor=actor)
    notifications.claim_approved(claim)
    return claim


@transaction.atomic
def claim_reject(*, claim: Claim, actor, reasons, note: str) -> Claim:
    """Reject with coded reasons: by the verifier (submitted) or the approver (verified)."""
    claim = _lock(claim)
    target = _check_state(claim, "reject")
    if claim.status == S.SUBMITTED:
        _require_role(actor, Role.VERIFIER)
        _require_not_own_claim(claim, actor)
    else:
        _require_checker(claim, actor)
    reasons = _clean_reasons(reasons)
    note = _require_note(note)
    today = timezone.localdate()
    try:
        verdict = claim_verdict(claim, decision_date=today)
    except ApplicationError:  # no employer in the registry: reject on the coded reasons alone
        verdict = None
    frozen = _freeze(claim, verdict) if verdict is not None else []
    claim.rejection_reasons = reasons
    claim.decision_date = today
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.decision_note = note
    _set_status(
        claim,
        target,
        actor=actor,
        action="claim_rejected",
        reason=note,
        data={"reasons": reasons, **_verdict_summary(verdict)},
        fields=(*frozen, "rejection_reasons", "decision_date", "decided_by", "decided_at", "decision_note"),
    )
    notifications.claim_rejected(claim)
    return claim


# ---------------------------------------------------------------------------
# reminders


@transaction.atomic
def claims_remind_deadlines(*, today: dt.date | None = None, days_before: int = 14) -> int:
    """Remind each worker whose draft is still unsubmitted ``days_before`` days
    (or fewer) before its claim deadline; once per claim. Returns how many."""
    today = today or timezone.localdate()
    months = rule_set_for(today).claim_deadline_months
    horizon = today + dt.timedelta(days=days_before)
    # deadline = phk + months <= horizon  <=>  phk <= horizon - months (end-of-month clamping: checked below)
    candidates = (
        Claim.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("participant", "participant__user")
        .filter(
            status=S.DRAFT,
            deadline_reminded_on__isnull=True,
            phk_date__isnull=False,
            phk_date__lte=add_months(horizon, -months) + dt.timedelta(days=3),
            phk_date__gte=add_months(today, -months) - dt.timedelta(days=3),
        )
    )
    due = []
    for claim in candidates:
        deadline = add_months(claim.phk_date, months)
        if today <= deadline <= horizon:
            due.append((claim, deadline))
    if not due:
        return 0
    Claim.objects.filter(pk__in=[c.pk for c, _d in due]).update(deadline_reminded_on=today)
    audit_record_many(actor="celery:remind_claim_deadlines", objs=[c for c, _d in due], action="deadline_reminder_sent")
    for claim, deadline in due:
        notifications.deadline_reminder(claim, deadline)
    return len(due)
