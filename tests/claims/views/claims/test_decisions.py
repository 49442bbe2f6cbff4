"""The staff's decisions, one POST URL per transition (claims.views.claims.decisions):
the allowed role succeeds and leaves its audit event, a wrong role gets 403, and a
refused decision shows the error on the page and changes nothing."""

import re

import pytest
from django.urls import reverse

from claims.models import ClaimStatus
from jkp_portal.audit.models import AuditEvent
from tests.claims.claims_support import (
    full_checklist,
    make_worker,
    submitted_claim,
    verified_claim,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
S = ClaimStatus


def url(name, claim):
    return reverse(f"claims:{name}", args=[claim.pk])


def events(claim, action):
    return AuditEvent.objects.filter(action=action, object_id=str(claim.pk), content_type__model="claim").count()


def refused(response, claim) -> bool:
    """A refused decision redirects to the claim page (a reload never posts it
    again), which shows what was typed with the errors."""
    return response.redirect_chain == [(url("staff_claim", claim), 302)] and response.status_code == 200


def unchanged(claim, status):
    before = claim.updated_at
    claim.refresh_from_db()
    return claim.status == status and claim.updated_at == before


def test_the_staff_page_posts_each_decision_to_its_own_url(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    page = client.get(url("staff_claim", claim)).content.decode()
    for name in ("staff_verify", "staff_request_correction", "staff_reject"):
        assert f'formaction="{url(name, claim)}"' in page
    assert "/keputusan/" not in page
    verified = verified_claim(make_worker(office=staff.office), staff.verifier)
    client.force_login(staff.approver)
    page = client.get(url("staff_claim", verified)).content.decode()
    for name in ("staff_approve", "staff_reject"):
        assert f'formaction="{url(name, verified)}"' in page


# --- verify ----------------------------------------------------------------------


def test_verify_by_the_verifier(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    data = {"note": "lengkap", **{f"check_{c}": "on" for c in full_checklist(claim)}}
    response = client.post(url("staff_verify", claim), data)
    assert response.status_code == 302 and response["Location"] == reverse("claims:verifier_queue")
    claim.refresh_from_db()
    assert claim.status == S.VERIFIED and claim.verified_by == staff.verifier
    assert events(claim, "claim_verified") == 1


@pytest.mark.parametrize("role", ["approver", "worker"])
def test_verify_by_a_wrong_role_is_403(client, worker, staff, role):
    claim = submitted_claim(worker)
    client.force_login(staff.approver if role == "approver" else worker)
    data = {f"check_{c}": "on" for c in full_checklist(claim)}
    assert client.post(url("staff_verify", claim), data).status_code == 403
    assert unchanged(claim, S.SUBMITTED) and events(claim, "claim_verified") == 0


def test_verify_without_the_checklist_shows_the_error_and_changes_nothing(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    response = client.post(url("staff_verify", claim), {"decision": "verified"}, follow=True)
    assert refused(response, claim) and "Daftar periksa belum lengkap" in response.content.decode()
    assert unchanged(claim, S.SUBMITTED) and events(claim, "claim_verified") == 0


def test_verify_is_only_a_get_away_from_the_page(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    assert client.get(url("staff_verify", claim)).status_code == 405


# --- request a correction ----------------------------------------------------------


def test_correction_request_by_the_verifier(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    data = {"documents": ["phk_letter"], "field_codes": ["phk_date"], "note": "Buram"}
    response = client.post(url("staff_request_correction", claim), data)
    assert response.status_code == 302 and response["Location"] == reverse("claims:verifier_queue")
    claim.refresh_from_db()
    assert claim.status == S.NEEDS_CORRECTION and claim.correction_request["documents"] == ["phk_letter"]
    assert events(claim, "correction_requested") == 1


def test_correction_request_by_an_approver_is_403(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.approver)
    data = {"documents": ["phk_letter"], "note": "Buram"}
    assert client.post(url("staff_request_correction", claim), data).status_code == 403
    assert unchanged(claim, S.SUBMITTED) and events(claim, "correction_requested") == 0


def test_correction_request_without_a_note_shows_the_error_and_changes_nothing(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    response = client.post(url("staff_request_correction", claim), {"documents": ["phk_letter"]}, follow=True)
    body = response.content.decode()
    assert refused(response, claim) and "Tulis catatan untuk pekerja." in body
    assert 'data-testid="error-note"' in body  # next to the note field, what was ticked kept
    assert re.search(r'value="phk_letter" id="[^"]+" checked', body)  # what was ticked stays ticked
    # a reload shows the page as it is, without re-posting anything or the old errors
    reload = client.get(url("staff_claim", claim)).content.decode()
    assert "Tulis catatan untuk pekerja." not in reload
    assert unchanged(claim, S.SUBMITTED) and events(claim, "correction_requested") == 0


# --- approve -----------------------------------------------------------------------


def test_approve_by_another_approver(client, worker, staff):
    claim = verified_claim(worker, staff.verifier)
    client.force_login(staff.approver)
    response = client.post(url("staff_approve", claim), {"note": "ok"})
    assert response.status_code == 302 and response["Location"] == reverse("claims:approver_queue")
    claim.refresh_from_db()
    assert claim.status == S.APPROVED and claim.decided_by == staff.approver
    assert events(claim, "claim_approved") == 1


def test_approve_by_a_verifier_is_403(client, worker, staff):
    claim = verified_claim(worker, staff.verifier)
    client.force_login(staff.verifier)
    assert client.post(url("staff_approve", claim), {"note": "ok"}).status_code == 403
    assert unchanged(claim, S.VERIFIED) and events(claim, "claim_approved") == 0


def test_approve_by_the_person_who_verified_is_403(client, worker, staff):
    claim = verified_claim(worker, staff.both)
    client.force_login(staff.both)
    assert client.post(url("staff_approve", claim), {"note": "ok"}).status_code == 403
    assert unchanged(claim, S.VERIFIED) and events(claim, "claim_approved") == 0


def test_approve_of_a_claim_not_verified_shows_the_error_and_changes_nothing(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.approver)
    response = client.post(url("staff_approve", claim), {"note": "ok"}, follow=True)
    assert refused(response, claim) and "hanya untuk klaim berstatus" in response.content.decode()
    assert unchanged(claim, S.SUBMITTED) and events(claim, "claim_approved") == 0


# --- reject ------------------------------------------------------------------------


def test_reject_by_the_verifier_of_a_submitted_claim(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    response = client.post(url("staff_reject", claim), {"reasons": ["REEMPLOYED"], "note": "Sudah bekerja."})
    assert response.status_code == 302 and response["Location"] == reverse("claims:verifier_queue")
    claim.refresh_from_db()
    assert claim.status == S.REJECTED and claim.rejection_reasons == ["REEMPLOYED"]
    assert events(claim, "claim_rejected") == 1


def test_reject_by_the_approver_of_a_verified_claim(client, worker, staff):
    claim = verified_claim(worker, staff.verifier)
    client.force_login(staff.approver)
    response = client.post(url("staff_reject", claim), {"reasons": ["REEMPLOYED"], "note": "Sudah bekerja."})
    assert response.status_code == 302 and response["Location"] == reverse("claims:approver_queue")
    claim.refresh_from_db()
    assert claim.status == S.REJECTED and claim.decided_by == staff.approver
    assert events(claim, "claim_rejected") == 1


@pytest.mark.parametrize("who", ["worker", "supervisor"])
def test_reject_by_a_wrong_role_is_403(client, worker, staff, who):
    claim = submitted_claim(worker)
    client.force_login(worker if who == "worker" else UserFactory(roles=["supervisor"], office=staff.office))
    data = {"reasons": ["REEMPLOYED"], "note": "x"}
    assert client.post(url("staff_reject", claim), data).status_code == 403
    assert unchanged(claim, S.SUBMITTED) and events(claim, "claim_rejected") == 0


def test_reject_by_the_verifier_of_the_same_claim_at_approval_is_403(client, worker, staff):
    claim = verified_claim(worker, staff.both)
    client.force_login(staff.both)
    data = {"reasons": ["REEMPLOYED"], "note": "x"}
    assert client.post(url("staff_reject", claim), data).status_code == 403
    assert unchanged(claim, S.VERIFIED) and events(claim, "claim_rejected") == 0


def test_reject_without_reasons_shows_the_error_and_changes_nothing(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    response = client.post(url("staff_reject", claim), {"decision": "rejected", "note": "x"}, follow=True)
    body = response.content.decode()
    assert refused(response, claim) and "Pilih minimal satu alasan penolakan." in body
    assert 'data-testid="verify-form"' in body
    assert unchanged(claim, S.SUBMITTED) and events(claim, "claim_rejected") == 0


def test_reject_at_approval_without_a_note_keeps_the_approval_card(client, worker, staff):
    claim = verified_claim(worker, staff.verifier)
    client.force_login(staff.approver)
    response = client.post(url("staff_reject", claim), {"decision": "rejected", "reasons": ["REEMPLOYED"]}, follow=True)
    body = response.content.decode()
    assert refused(response, claim) and "Tulis catatan untuk pekerja." in body
    assert 'data-testid="approve-form"' in body
    assert unchanged(claim, S.VERIFIED) and events(claim, "claim_rejected") == 0
