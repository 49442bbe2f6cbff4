"""Assisted filing at a service desk: the KTP check, the worker's consent, the
claim filed by the officer with the worker, and the separation of duties."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import TestCase

from claims.models import AssistedSession, Claim, ClaimStatus
from claims.services.assisted import (
    assisted_claim_start,
    assisted_consent_confirm,
    assisted_consent_form,
    assisted_consent_send,
    assisted_session_close,
    assisted_session_open,
)
from claims.services.documents import claim_document_upload
from claims.services.drafts import claim_create_draft, claim_update_draft
from claims.services.transitions import (
    claim_approve,
    claim_reject,
    claim_request_correction,
    claim_verify,
)
from jkp_portal.accounts.models import User
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from tests.claims.assisted_support import (
    assisted_draft,
    consent_by_code,
    consent_by_form,
    fill_and_submit,
    make_officer,
    open_session,
)
from tests.claims.claims_support import (
    TODAY,
    code_sent_to,
    full_checklist,
    make_participant,
    make_worker,
    upload_file,
)
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def office():
    return OfficeFactory(code="KC-UJI")


@pytest.fixture
def officer(office):
    return make_officer(office)


@pytest.fixture
def participant(office):
    return make_participant(office)


# -- the KTP check -----------------------------------------------------------


def test_open_records_the_check_and_makes_an_account_without_password(officer, participant, office):
    assert participant.user_id is None
    session = open_session(officer, participant, desk="Meja JKP, Disnaker Kota Surakarta")
    assert session.status == AssistedSession.Status.OPEN
    assert (session.officer, session.office, session.ktp_nik_seen) == (officer, office, participant.nik)
    assert session.desk == "Meja JKP, Disnaker Kota Surakarta"
    assert session.identity_checked_at is not None and session.account_created
    participant.refresh_from_db()
    user = participant.user
    assert user.nik == participant.nik and user.roles == ["worker"]
    assert not user.has_usable_password()
    assert user.phone == "+6281234567890"
    event = AuditEvent.objects.get(action="assisted_session_opened", object_id=str(session.pk))
    assert event.actor == officer
    assert event.data["assisted_by"] == officer.username and event.data["assisted_office"] == "KC-UJI"
    assert event.data["account_created"] is True


def test_a_worker_with_an_account_keeps_it(officer, participant):
    worker = make_worker(participant)
    session = open_session(officer, participant)
    assert not session.account_created
    participant.refresh_from_db()
    assert participant.user == worker


def test_nik_not_in_registry_is_refused(officer):
    with pytest.raises(ApplicationError) as exc:
        assisted_session_open(
            actor=officer, nik="3372010101900001", ktp_nik="3372010101900001", desk="Loket 1", identity_confirmed=True
        )
    assert exc.value.code == "nik_unknown"
    assert not AssistedSession.objects.exists()


def test_ktp_number_differing_from_the_registry_is_refused(officer, participant):
    other = participant.nik[:-1] + ("1" if participant.nik[-1] != "1" else "2")
    with pytest.raises(ApplicationError) as exc:
        assisted_session_open(
            actor=officer, nik=participant.nik, ktp_nik=other, desk="Loket 1", identity_confirmed=True
        )
    assert exc.value.code == "ktp_mismatch" and "ktp_nik" in exc.value.errors
    assert not AssistedSession.objects.exists()
    participant.refresh_from_db()
    assert participant.user_id is None  # nothing made for a card that does not match


def test_identity_not_confirmed_and_no_desk_are_refused(officer, participant):
    with pytest.raises(ApplicationError) as exc:
        assisted_session_open(
            actor=officer, nik=participant.nik, ktp_nik=participant.nik, desk=" ", identity_confirmed=False
        )
    assert set(exc.value.errors) == {"desk", "identity_confirmed"}


def test_only_a_service_officer_with_an_office_opens_a_session(participant, office):
    verifier = UserFactory(roles=["verifier"], office=office)
    with pytest.raises(ForbiddenError):
        open_session(verifier, participant)
    homeless = UserFactory(roles=["service_officer"])
    with pytest.raises(ForbiddenError):
        open_session(homeless, participant)


def test_a_worker_is_served_at_one_desk_at_a_time(officer, participant, office):
    first = open_session(officer, participant)
    assert open_session(officer, participant) == first  # the same officer gets their session back
    with pytest.raises(StateConflictError) as exc:
        open_session(make_officer(office, username="petugas.dua"), participant)
    assert exc.value.code == "session_busy"


def test_yesterdays_forgotten_session_ends_when_a_new_one_opens(officer, participant, office):
    with time_machine.travel(TODAY - dt.timedelta(days=1), tick=False):
        old = open_session(officer, participant)
    new = open_session(make_officer(office, username="petugas.dua"), participant)
    old.refresh_from_db()
    assert old.status == AssistedSession.Status.CLOSED and new.status == AssistedSession.Status.OPEN


# -- consent -----------------------------------------------------------------


def test_consent_by_code_to_the_registry_mobile(officer, participant):
    session = open_session(officer, participant)
    session = consent_by_code(session, officer)
    assert session.consent == AssistedSession.Consent.CODE and session.has_consent
    assert AuditEvent.objects.filter(action="assisted_consent_recorded", object_id=str(session.pk)).exists()


def test_a_wrong_consent_code_records_nothing(officer, participant):
    session = open_session(officer, participant)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assisted_consent_send(session=session, actor=officer)
    right = code_sent_to(participant.phone)
    wrong = "000000" if right != "000000" else "111111"
    with pytest.raises(ApplicationError) as exc:
        assisted_consent_confirm(session=session, actor=officer, code=wrong)
    assert exc.value.code == "code_wrong" and "code" in exc.value.errors
    session.refresh_from_db()
    assert not session.has_consent
    with pytest.raises(ForbiddenError) as exc:
        assisted_claim_start(session=session, actor=officer)
    assert exc.value.code == "no_consent"


def test_no_consent_yet_cannot_file(officer, participant):
    session = open_session(officer, participant)
    with pytest.raises(ForbiddenError):
        claim_create_draft(actor=officer, session=session)
    with pytest.raises(ForbiddenError):
        assisted_claim_start(session=session, actor=officer)
    assert not Claim.objects.exists()


def test_no_consent_cannot_touch_the_workers_own_draft(officer, participant):
    worker = make_worker(participant)
    claim, _ = claim_create_draft(actor=worker)
    open_session(officer, participant)
    with pytest.raises(ForbiddenError):
        claim_update_draft(claim=claim, actor=officer, phk_reason="efficiency")
    with pytest.raises(ForbiddenError):
        claim_document_upload(claim=claim, actor=officer, kind="phk_letter", upload=upload_file())


def test_consent_by_form_when_the_registry_has_no_mobile(officer, office):
    participant = make_participant(office, phone="", email="")
    session = open_session(officer, participant)
    with pytest.raises(ApplicationError) as exc:
        assisted_consent_send(session=session, actor=officer)
    assert exc.value.code == "no_mobile"
    session = consent_by_form(session, officer)
    assert session.consent == AssistedSession.Consent.FORM and session.consent_form and session.consent_form_sha256


def test_form_instead_of_a_code_needs_a_reason_when_a_mobile_is_on_file(officer, participant):
    session = open_session(officer, participant)
    with pytest.raises(ApplicationError) as exc:
        consent_by_form(session, officer)
    assert exc.value.code == "reason_required"
    session = consent_by_form(session, officer, reason="ponsel hilang")
    assert session.consent_form_reason == "ponsel hilang"


def test_a_consent_form_that_is_not_a_document_is_refused(officer, office):
    participant = make_participant(office, phone="", email="")
    session = open_session(officer, participant)
    with pytest.raises(ApplicationError) as exc:
        assisted_consent_form(
            session=session, actor=officer, upload=upload_file("x.pdf", b"MZ not a pdf", "application/pdf")
        )
    assert exc.value.code == "file_type"
    session.refresh_from_db()
    assert not session.has_consent and not session.consent_form


# -- filing with the worker --------------------------------------------------


def test_officer_files_the_claim_with_the_worker(officer, participant, office):
    session, claim = assisted_draft(officer, participant)
    assert claim.participant == participant and claim.status == ClaimStatus.DRAFT
    assert claim.assisted_by == officer and claim.assisted_session == session
    session.refresh_from_db()
    assert session.claim == claim
    claim = fill_and_submit(claim, officer)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.kapk_signed and claim.kapk_attested_by == officer
    assert claim.documents.filter(uploaded_by=officer).count() == 3
    for action in ("claim_created", "draft_updated", "document_uploaded", "claim_submitted"):
        event = AuditEvent.objects.filter(action=action, object_id=str(claim.pk)).last()
        assert event.actor == officer, action
        assert event.data["assisted_session"] == session.pk and event.data["assisted_by"] == officer.username, action


def test_officer_continues_the_workers_own_draft(officer, participant):
    worker = make_worker(participant)
    claim, _ = claim_create_draft(actor=worker, phk_reason="efficiency")
    session = consent_by_code(open_session(officer, participant), officer)
    assert assisted_claim_start(session=session, actor=officer) == claim
    claim = fill_and_submit(claim, officer)
    claim.refresh_from_db()
    assert claim.assisted_by == officer and claim.assisted_session == session


def test_a_closed_session_ends_the_officers_hand(officer, participant):
    session, claim = assisted_draft(officer, participant)
    assisted_session_close(session=session, actor=officer)
    with pytest.raises(ForbiddenError):
        claim_update_draft(claim=claim, actor=officer, phk_reason="efficiency")


def test_the_session_ends_with_the_day(officer, participant):
    _session, claim = assisted_draft(officer, participant)
    with time_machine.travel(TODAY + dt.timedelta(days=1), tick=False), pytest.raises(ForbiddenError):
        claim_update_draft(claim=claim, actor=officer, phk_reason="efficiency")


def test_another_officer_cannot_act_on_the_session(officer, participant, office):
    session, claim = assisted_draft(officer, participant)
    other = make_officer(office, username="petugas.lain")
    with pytest.raises(ForbiddenError):
        claim_update_draft(claim=claim, actor=other, phk_reason="efficiency")
    with pytest.raises(ForbiddenError):
        assisted_session_close(session=session, actor=other)


# -- separation of duties ----------------------------------------------------


@pytest.fixture
def dual(office):
    """An officer who is also a verifier and an approver of the same office."""
    return UserFactory(
        roles=["service_officer", "verifier", "approver"], office=office, username="serba.bisa", first_name="Serba"
    )


def _assisted_submitted(dual, participant):
    _session, claim = assisted_draft(dual, participant)
    return fill_and_submit(claim, dual)


def test_the_assisting_officer_cannot_verify(dual, participant):
    claim = _assisted_submitted(dual, participant)
    with pytest.raises(ForbiddenError) as exc:
        claim_verify(claim=claim, actor=dual, checklist=full_checklist(claim))
    assert exc.value.code == "assisted_by_actor"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_the_assisting_officer_cannot_send_back_or_reject(dual, participant):
    claim = _assisted_submitted(dual, participant)
    with pytest.raises(ForbiddenError):
        claim_request_correction(claim=claim, actor=dual, documents=["phk_letter"], note="buram")
    with pytest.raises(ForbiddenError):
        claim_reject(claim=claim, actor=dual, reasons=["DOC_INVALID"], note="palsu")


def test_the_assisting_officer_cannot_approve(dual, participant, office):
    claim = _assisted_submitted(dual, participant)
    verifier = UserFactory(roles=["verifier"], office=office)
    claim = claim_verify(claim=claim, actor=verifier, checklist=full_checklist(claim))
    with pytest.raises(ForbiddenError) as exc:
        claim_approve(claim=claim, actor=dual)
    assert exc.value.code == "assisted_by_actor"
    approver = UserFactory(roles=["approver"], office=office)
    assert claim_approve(claim=claim, actor=approver).status == ClaimStatus.APPROVED


def test_the_account_made_at_the_desk_can_be_recovered_with_the_registry_phone(officer, participant):
    from claims.services.recovery import password_reset_confirm, password_reset_start

    open_session(officer, participant)
    with TestCase.captureOnCommitCallbacks(execute=True):
        password_reset_start(identifier=participant.nik)
    code = code_sent_to(participant.phone)
    password_reset_confirm(identifier=participant.nik, code=code, password="Kata-Sandi-Baru-2025")
    assert User.objects.get(nik=participant.nik).check_password("Kata-Sandi-Baru-2025")


def test_an_officer_who_helped_before_a_colleague_took_over_cannot_verify(office):
    """Two desks in turn: the first officer's help stays in the audit trail."""
    first = UserFactory(roles=["service_officer", "verifier"], office=office, username="pertama")
    second = make_officer(office, username="kedua")
    participant = make_participant(office)
    worker = make_worker(participant)
    claim, _ = claim_create_draft(actor=worker)
    # The first officer helps with the worker's own draft (no claim linked to the session) ...
    session = consent_by_code(open_session(first, participant), first)
    claim_update_draft(claim=claim, actor=first, phk_reason="efficiency")
    session.refresh_from_db()
    assert session.claim_id is None
    assisted_session_close(session=session, actor=first)
    # ... a colleague at another desk takes over and submits.
    _session2, claim = assisted_draft(second, participant)
    claim = fill_and_submit(claim, second)
    assert claim.assisted_by == second
    with pytest.raises(ForbiddenError) as exc:
        claim_verify(claim=claim, actor=first, checklist=full_checklist(claim))
    assert exc.value.code == "assisted_by_actor"
