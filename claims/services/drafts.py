"""The claim wizard's writes: start a draft (pre-filled from the employer's PHK
report through the ``claim_draft_prefill`` hook) and save its fields, or the
fields a verifier asked to correct."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.banks import clean_account_number
from claims.eligibility import PHK_REASONS, RULE_SETS
from claims.models import OPEN_STATUSES, Claim, Participant, ProofType
from claims.models.claims import CORRECTABLE_FIELDS, INDONESIAN_BANKS, KAPK_STATEMENT
from claims.names import normalize_person_name
from claims.selectors.completeness import correction_editable_fields
from claims.services.claim_state import S, assisted_audit, lock_claim, mark_assisted, require_filer
from claims.services.routing import route_for
from claims.signals import claim_draft_prefill
from jkp_portal.accounts.roles import Role
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError

DRAFT_FIELDS = (
    "phk_date",
    "phk_reason",
    "proof_type",
    "bank_name",
    "bank_account_number",
    "bank_account_holder",
    "kapk_signed",
)


_JKP_START = min(rs.effective_from for rs in RULE_SETS)


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


def _assisted_participant(session, actor) -> Participant:
    """The participant of the officer's open, consented desk session."""
    from claims.services.assisted import active_session, require_consent

    live = active_session(participant_id=session.participant_id, actor=actor)
    if live is None or live.pk != session.pk:
        raise ForbiddenError(_("Layanan ini tidak aktif: buka layanan baru setelah memeriksa KTP pekerja."))
    require_consent(live)
    return Participant.objects.select_related("employer").get(pk=live.participant_id)


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


def _open_claim_error(existing: Claim) -> StateConflictError:
    return StateConflictError(
        _("Anda masih memiliki klaim terbuka #%(id)s (status '%(status)s'). Selesaikan atau batalkan klaim itu dulu.")
        % {"id": existing.pk, "status": existing.status},
        code="open_claim_exists",
        errors={"claim": [str(existing.pk)], "status": [existing.status]},
    )


@transaction.atomic
def claim_create_draft(*, actor, idempotency_key: str | None = None, session=None, **fields) -> tuple[Claim, bool]:
    """Start a claim for the acting worker, or (``session``: an open, consented
    ``AssistedSession`` of the acting service officer) for the worker at the
    desk; ``(claim, created)``.

    With an ``idempotency_key`` a retried request returns the claim the first
    one created, also when both arrive at once (the unique constraint on
    (participant, key) decides; the loser reads the winner's claim).
    """
    participant = _assisted_participant(session, actor) if session is not None else _worker_participant(actor)
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
    office_id, routed_by = route_for(participant)
    claim = Claim(participant=participant, office_id=office_id, routed_by=routed_by, idempotency_key=key)
    if session is not None:
        mark_assisted(claim, session)
    _apply_draft(claim, cleaned)
    if session is not None and claim.kapk_signed:
        claim.kapk_attested_by = actor
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
        actor=actor,
        obj=claim,
        action="claim_created",
        to_state=claim.status,
        data={"fields": sorted(cleaned), **assisted_audit(session)},
    )
    return claim, True


@transaction.atomic
def claim_update_draft(*, claim: Claim, actor, **fields) -> Claim:
    """Save wizard fields on a draft, or the fields a verifier asked to correct."""
    claim = lock_claim(claim)
    session = require_filer(claim, actor)
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
    if "kapk_signed" in changed:
        # Signed on paper at the desk: the officer attests it; signed by the worker online: nobody needs to.
        claim.kapk_attested_by = actor if (session is not None and claim.kapk_signed) else None
        changed.append("kapk_attested_by")
    if changed:
        changed += mark_assisted(claim, session)
        claim.save(update_fields=[*changed, "updated_at"])
        hidden = ("bank_account_last4", "kapk_statement", "assisted_by", "assisted_session", "kapk_attested_by")
        audit_record(
            actor=actor,
            obj=claim,
            action="draft_updated" if claim.status == S.DRAFT else "correction_updated",
            data={"fields": sorted({f for f in changed if f not in hidden}), **assisted_audit(session)},
        )
    return claim


def _current(claim: Claim, name: str):
    value = getattr(claim, name)
    return value if value is not None else ("" if name != "phk_date" else None)
