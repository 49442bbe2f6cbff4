"""Builders for the claim tests: an eligible participant with a worker account,
real PDF/JPEG/PNG bytes, and claims brought to a given status through the
services (never by writing the status directly)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from reportlab.pdfgen import canvas

from claims.models import Claim, DocumentKind
from claims.models.claims import checklist_for, required_document_kinds
from claims.services.documents import claim_document_upload
from claims.services.drafts import claim_create_draft
from claims.services.transitions import claim_submit, claim_verify
from tests.claims.factories import EmployerFactory, ParticipantFactory, add_contributions
from tests.factories import OfficeFactory, UserFactory

# The day the tests run on (time_machine) and a PHK three weeks before it.
TODAY = dt.datetime(2025, 7, 10, 10, 0)
PHK_DATE = dt.date(2025, 6, 15)


def pdf_bytes(text: str = "Surat PHK") -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_bytes(fmt: str = "PNG", size=(60, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 220, 210)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload_file(name: str = "surat.pdf", data: bytes | None = None, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if data is None else data, content_type=content_type)


def make_office(code: str | None = None):
    return OfficeFactory(code=code) if code else OfficeFactory()


def make_participant(office=None, *, start: str = "2023-07", months: int = 24, employer=None, **kwargs):
    """A participant eligible for a PHK on PHK_DATE: 24 paid months Jul 2023–Jun 2025."""
    employer = employer or EmployerFactory(office=office)
    participant = ParticipantFactory(employer=employer, **kwargs)
    if months:
        add_contributions(participant, start=start, months=months)
    return participant


def make_worker(participant=None, office=None, **kwargs):
    participant = participant or make_participant(office, **kwargs)
    user = UserFactory(
        roles=["worker"], username=participant.nik, nik=participant.nik, first_name=participant.full_name, last_name=""
    )
    participant.user = user
    participant.save(update_fields=["user"])
    return user


def draft_fields(participant, **overrides) -> dict:
    fields = {
        "phk_date": PHK_DATE,
        "phk_reason": "efficiency",
        "proof_type": "uncontested",
        "bank_name": "BRI",
        "bank_account_number": "0123456789012",
        "bank_account_holder": participant.full_name.upper(),
        "kapk_signed": True,
    }
    fields.update(overrides)
    return fields


def complete_draft(worker, **overrides) -> Claim:
    """A draft with every field filled and the documents its proof needs."""
    participant = worker.participant
    claim, _created = claim_create_draft(actor=worker, **draft_fields(participant, **overrides))
    for kind in required_document_kinds(claim.proof_type, participant.contract_type):
        upload = upload_file(f"{kind}.pdf", pdf_bytes(f"Dokumen {kind}"))  # each its own file
        claim_document_upload(claim=claim, actor=worker, kind=kind, upload=upload)
    return claim


def submitted_claim(worker, **overrides) -> Claim:
    claim = complete_draft(worker, **overrides)
    return claim_submit(claim=claim, actor=worker)


def full_checklist(claim) -> dict:
    return {code: True for code, _label in checklist_for(claim.proof_type, claim.participant.contract_type)}


def verified_claim(worker, verifier, **overrides) -> Claim:
    claim = submitted_claim(worker, **overrides)
    return claim_verify(claim=claim, actor=verifier, note="lengkap", checklist=full_checklist(claim))


class Staff:
    """A verifier and two approvers of one office."""

    def __init__(self, office):
        self.office = office
        self.verifier = UserFactory(roles=["verifier"], office=office)
        self.approver = UserFactory(roles=["approver"], office=office)
        self.both = UserFactory(roles=["verifier", "approver"], office=office)


__all__ = [
    "TODAY",
    "PHK_DATE",
    "DocumentKind",
    "pdf_bytes",
    "image_bytes",
    "upload_file",
    "make_office",
    "make_participant",
    "make_worker",
    "draft_fields",
    "complete_draft",
    "submitted_claim",
    "verified_claim",
    "full_checklist",
    "Staff",
]


def code_sent_to(destination: str) -> str:
    """The last one-time code sent to a phone (by the test SMS gateway) or an
    email address (Django's test outbox)."""
    import re

    from django.core import mail

    from jkp_portal.common.notifications import LogSmsGateway
    from jkp_portal.common.phones import mobile_or_blank

    phone = mobile_or_blank(destination) if "@" not in destination else ""
    texts = (
        [text for number, text in LogSmsGateway.sent if number == phone]
        if phone
        else [m.body for m in mail.outbox if destination in m.to]
    )
    assert texts, f"no code was sent to {destination}"
    return re.search(r"\b(\d{6})\b", texts[-1]).group(1)


def register_with_code(**data):
    """Sign up as the worker does: the form's fields, then the code the
    registry's phone (or email) received. Returns the Registration."""
    from django.test import TestCase

    from claims.models import Participant
    from claims.services.registration import signup_confirm, signup_start

    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = signup_start(**data)
    participant = Participant.objects.get(nik=sent.nik)
    destination = participant.phone if sent.channel == "sms" else participant.email
    return signup_confirm(nik=sent.nik, code=code_sent_to(destination))
