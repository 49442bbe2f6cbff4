"""Demo claims, filed and decided through the real services (audit trail,
notifications after commit, ``claim_approved`` receivers: payouts creates the
benefits, counselling assigns a konselor).

For the branches with demo staff (KC Surakarta, KC Balikpapan) a few dozen
laid-off participants of the demo registry get a worker account (NIK as user
name, no usable password: they never sign in) and a claim in every status, so
the verifier queue, the approver queue and the payout run have work. The demo
worker accounts (``pekerja.*``) are left alone for the walk-through.

Idempotent: claims are keyed ``demo-<NIK>``; a second run finds them and adds
nothing.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from reportlab.pdfgen import canvas

from claims.eligibility import evaluate
from claims.models import Claim, Participant
from claims.models.claims import checklist_for, required_document_kinds
from claims.phk.selectors import phk_prefill_for
from claims.selectors.registry import participant_facts
from claims.services.documents import claim_document_upload
from claims.services.drafts import claim_create_draft
from claims.services.transitions import (
    claim_approve,
    claim_reject,
    claim_request_correction,
    claim_submit,
    claim_verify,
)
from jkp_portal.accounts.models import User
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.demo.claims.registry import UNROUTED_WORKER, unrouted_participant  # noqa: F401

KEY_PREFIX = "demo-"
# office code -> (verifier, approver) from jkp_portal.demo.accounts
OFFICES = {"KC-SKA": ("verifikator.solo", "penyetuju.solo"), "KC-BPN": ("verifikator.bpn", "penyetuju.bpn")}
# How many eligible claims end in each status, per office (rejections come from ineligible ones).
PLAN = (("approved", 4), ("verified", 3), ("needs_correction", 2), ("submitted", 8))
INELIGIBLE_REJECTED = 2
BANKS = ("BRI", "BNI", "Mandiri", "BSI", "BCA", "BTN", "Bank Kalbar", "BPD Jateng")


def _pdf(title: str, name: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(72, 760, title)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 730, f"Nama pekerja: {name}")
    pdf.drawString(72, 710, "Dokumen contoh untuk demo Portal JKP.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _candidates(office_code: str) -> list[tuple[Participant, dt.date]]:
    """Laid-off participants of the office without an account, with the PHK
    date taken from their last contribution month."""
    rows = (
        Participant.objects.filter(
            employer__office__code=office_code,
            employment_status=Participant.EmploymentStatus.NON_ACTIVE,
            user__isnull=True,
        )
        .select_related("employer")
        .annotate(last_month=Max("contributions__period"))
        .filter(last_month__isnull=False)
        .order_by("pk")[:200]
    )
    return [(p, p.last_month.replace(day=5 + p.pk % 20)) for p in rows]


def _worker_for(participant: Participant) -> User:
    user = User(
        username=participant.nik,
        nik=participant.nik,
        email=participant.email or f"{participant.nik}@contoh.id",
        phone=participant.phone,
        first_name=participant.full_name.split(" ", 1)[0][:150],
        last_name=(participant.full_name.split(" ", 1) + [""])[1][:150],
        roles=["worker"],
    )
    user.set_unusable_password()
    user.save()
    participant.user = user
    participant.save(update_fields=["user", "updated_at"])
    return user


def _file(participant: Participant, phk_date: dt.date, worker: User, index: int) -> Claim:
    claim, _created = claim_create_draft(
        actor=worker,
        idempotency_key=f"{KEY_PREFIX}{participant.nik}",
        phk_date=phk_date,
        phk_reason="efficiency",
        proof_type="uncontested" if index % 3 else "agreement",
        bank_name=BANKS[index % len(BANKS)],
        bank_account_number=f"{(participant.pk * 7919) % 10**12:012d}",
        bank_account_holder=participant.full_name,
        kapk_signed=True,
    )
    for kind in required_document_kinds(claim.proof_type, participant.contract_type):
        data = _pdf(str(kind).replace("_", " ").upper(), participant.full_name)
        claim_document_upload(
            claim=claim, actor=worker, kind=kind, upload=SimpleUploadedFile(f"{kind}.pdf", data, "application/pdf")
        )
    return claim_submit(claim=claim, actor=worker)


def _bring_to(claim: Claim, status: str, verifier: User, approver: User) -> None:
    if status == "submitted":
        return
    if status == "needs_correction":
        claim_request_correction(
            claim=claim,
            actor=verifier,
            documents=[required_document_kinds(claim.proof_type, claim.participant.contract_type)[-1]],
            note="Dokumen kurang jelas; mohon unggah ulang hasil pindaian yang terbaca.",
        )
        return
    checklist = {code: True for code, _label in checklist_for(claim.proof_type, claim.participant.contract_type)}
    claim = claim_verify(claim=claim, actor=verifier, note="Dokumen lengkap.", checklist=checklist)
    if status == "approved":
        claim_approve(claim=claim, actor=approver, note="Memenuhi syarat.")


def load(stdout) -> list[tuple[str, str, str]]:
    if Claim.objects.filter(idempotency_key__startswith=KEY_PREFIX).exists():
        stdout.write("  demo claims: already loaded")
        _unrouted_claim(timezone.localdate())
        return []
    today = timezone.localdate()
    counts: dict[str, int] = {}
    for office_code, (verifier_name, approver_name) in OFFICES.items():
        verifier = User.objects.filter(username=verifier_name).first()
        approver = User.objects.filter(username=approver_name).first()
        if verifier is None or approver is None:
            continue
        eligible, ineligible = [], []
        for participant, phk_date in _candidates(office_code):
            report = phk_prefill_for(participant) or {}
            phk_date = report.get("phk_date") or phk_date
            try:
                verdict = evaluate(participant_facts(participant, phk_date=phk_date, phk_reason="efficiency"))
            except (ApplicationError, ValueError):
                continue
            (eligible if verdict.eligible else ineligible).append((participant, phk_date, verdict))
        wanted = [status for status, n in PLAN for _ in range(n)]
        chosen = list(zip(eligible, wanted, strict=False))
        rejected = [
            (c, "rejected")
            for c in ineligible
            if "CLAIM_DEADLINE_PASSED" not in c[2].failed and "CLAIM_LIMIT_REACHED" not in c[2].failed
        ][:INELIGIBLE_REJECTED]
        for index, ((participant, phk_date, verdict), status) in enumerate(chosen + rejected):
            try:
                with transaction.atomic():
                    worker = _worker_for(participant)
                    claim = _file(participant, phk_date, worker, index)
                    if status == "rejected":
                        claim_reject(
                            claim=claim,
                            actor=verifier,
                            reasons=list(verdict.failed)[:2],
                            note="Tidak memenuhi syarat menurut data registri.",
                        )
                    else:
                        _bring_to(claim, status, verifier, approver)
            except ApplicationError as exc:  # e.g. a PHK still disputed in claims.phk: leave this one out
                stdout.write(f"  demo claim for {participant.nik} skipped: {exc.message}")
                continue
            counts[status] = counts.get(status, 0) + 1
    summary = ", ".join(f"{status} {n}" for status, n in sorted(counts.items())) or "none"
    stdout.write(f"  demo claims ({today:%Y-%m-%d}): {summary}")
    unrouted = _unrouted_claim(today)
    stdout.write(
        f"  demo unrouted claim: #{unrouted.pk} (no office covers Kabupaten Wonogiri; route it as kakanwil.jateng)"
    )
    return []


def _unrouted_claim(today: dt.date) -> Claim:
    """File the claim of the Wonogiri worker (jkp_portal/demo/claims/registry.py):
    no branch covers her employer's or her NIK's regency, so it waits in the
    unrouted queue."""
    participant = unrouted_participant(today)
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    existing = Claim.objects.filter(participant=participant).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        worker = participant.user or _worker_for(participant)
        return _file(participant, last_month.replace(day=20), worker, 1)
