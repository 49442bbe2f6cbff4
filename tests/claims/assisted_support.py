"""Builders for the service-desk tests: an officer, a session opened on a
checked KTP, the consent by code or form."""

from __future__ import annotations

from django.test import TestCase

from claims.models.claims import required_document_kinds
from claims.services.assisted import (
    assisted_claim_start,
    assisted_consent_confirm,
    assisted_consent_form,
    assisted_consent_send,
    assisted_session_open,
)
from claims.services.documents import claim_document_upload
from claims.services.drafts import claim_update_draft
from claims.services.transitions import claim_submit
from tests.claims.claims_support import code_sent_to, draft_fields, upload_file
from tests.factories import UserFactory


def make_officer(office, **kwargs):
    return UserFactory(roles=["service_officer"], office=office, first_name="Rina", last_name="Layanan", **kwargs)


def open_session(officer, participant, desk: str = "Loket 2"):
    return assisted_session_open(
        actor=officer, nik=participant.nik, ktp_nik=participant.nik, desk=desk, identity_confirmed=True
    )


def consent_by_code(session, officer):
    with TestCase.captureOnCommitCallbacks(execute=True):
        assisted_consent_send(session=session, actor=officer)
    return assisted_consent_confirm(session=session, actor=officer, code=code_sent_to(session.participant.phone))


def consent_by_form(session, officer, reason: str = ""):
    return assisted_consent_form(session=session, actor=officer, upload=upload_file("persetujuan.pdf"), reason=reason)


def consented_session(officer, participant, desk: str = "Loket 2"):
    session = open_session(officer, participant, desk)
    if participant.phone:
        return consent_by_code(session, officer)
    return consent_by_form(session, officer)


def assisted_draft(officer, participant):
    session = consented_session(officer, participant)
    return session, assisted_claim_start(session=session, actor=officer)


def fill_and_submit(claim, officer):
    """Fill every step as the officer at the desk (documents too) and submit."""
    participant = claim.participant
    claim = claim_update_draft(claim=claim, actor=officer, **draft_fields(participant))
    for kind in required_document_kinds(claim.proof_type, participant.contract_type):
        claim_document_upload(claim=claim, actor=officer, kind=kind, upload=upload_file(f"{kind}.pdf"))
    return claim_submit(claim=claim, actor=officer)
