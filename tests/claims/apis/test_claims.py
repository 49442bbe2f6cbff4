"""The claims API: register, file, documents, decide; 404/403/409 as promised."""

import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from rest_framework.test import APIClient

from claims.apis.auth import RegisterThrottle
from claims.models import Claim
from claims.services.drafts import claim_create_draft
from claims.services.transitions import claim_verify
from jkp_portal.accounts.models import ApiToken, User
from jkp_portal.common.exceptions import ApplicationError, StateConflictError
from tests.claims.claims_support import (
    TODAY,
    Staff,
    code_sent_to,
    draft_fields,
    image_bytes,
    make_office,
    make_participant,
    make_worker,
    submitted_claim,
    upload_file,
    verified_claim,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _env(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(TODAY.replace(tzinfo=ZoneInfo("Asia/Jakarta")), tick=True):
        yield


@pytest.fixture
def office():
    return make_office("KC-API")


@pytest.fixture
def staff(office):
    return Staff(office)


@pytest.fixture
def worker(office):
    return make_worker(office=office)


def client_for(user) -> APIClient:
    client = APIClient()
    _instance, token = ApiToken.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def json_fields(participant, **overrides):
    fields = draft_fields(participant, **overrides)
    fields["phk_date"] = fields["phk_date"].isoformat()
    return fields


# --- register --------------------------------------------------------------------


def test_register_returns_a_token_that_works(api, office, django_capture_on_commit_callbacks):
    participant = make_participant(office, full_name="Dewi Lestari", phone="081298765432")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/auth/register/",
            {
                "nik": participant.nik,
                "full_name": "DEWI lestari",
                "birth_date": participant.birth_date.isoformat(),
                "email": "dewi@example.id",
                "password": PASSWORD,
            },
            format="json",
        )
    assert response.status_code == 202, response.json()
    response = api.post(
        "/api/v1/auth/register/confirm/",
        {"nik": participant.nik, "code": code_sent_to("081298765432")},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["username"] == participant.nik and body["participant_id"] == participant.pk
    api.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert api.get("/api/v1/claims/").status_code == 200


def test_register_without_match_is_400_and_creates_nothing(api, office):
    participant = make_participant(office)
    before = User.objects.count()
    response = api.post(
        "/api/v1/auth/register/",
        {
            "nik": participant.nik,
            "full_name": "Nama Lain",
            "birth_date": participant.birth_date.isoformat(),
            "email": "x@example.id",
            "password": PASSWORD,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "participant_not_found"
    assert "registri" in response.json()["detail"]
    assert User.objects.count() == before


def test_register_twice_is_409_and_bad_input_400_per_field(api, worker):
    p = worker.participant
    data = {
        "nik": p.nik,
        "full_name": p.full_name,
        "birth_date": p.birth_date.isoformat(),
        "email": "x@example.id",
        "password": PASSWORD,
    }
    assert api.post("/api/v1/auth/register/", data, format="json").status_code == 409
    bad = api.post("/api/v1/auth/register/", {"nik": "12", "birth_date": "kemarin"}, format="json")
    assert bad.status_code == 400
    assert {"nik", "birth_date", "full_name", "password"} <= set(bad.json()["errors"])


def test_register_is_rate_limited(api, monkeypatch):
    monkeypatch.setattr(RegisterThrottle, "rate", "3/min", raising=False)
    codes = [api.post("/api/v1/auth/register/", {}, format="json").status_code for _ in range(5)]
    assert codes[:3] == [400, 400, 400] and codes[3:] == [429, 429]


# --- filing ----------------------------------------------------------------------


def test_create_draft_and_idempotent_retry(worker):
    client = client_for(worker)
    data = json_fields(worker.participant)
    first = client.post("/api/v1/claims/", data, format="json", HTTP_IDEMPOTENCY_KEY="k-123")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["status"] == "draft" and body["bank_account_last4"] == "9012"
    assert "bank_account_number" not in body
    retry = client.post("/api/v1/claims/", data, format="json", HTTP_IDEMPOTENCY_KEY="k-123")
    assert retry.status_code == 200 and retry.json()["id"] == body["id"]
    another = client.post("/api/v1/claims/", data, format="json", HTTP_IDEMPOTENCY_KEY="k-999")
    assert another.status_code == 409 and another.json()["code"] == "open_claim_exists"
    assert Claim.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_idempotency_holds_when_two_requests_race(office):
    """Two threads with the same Idempotency-Key at once: one claim, 201 + 200."""
    worker = make_worker(office=office)
    data = json_fields(worker.participant)
    _instance, token = ApiToken.objects.create(user=worker)
    barrier = threading.Barrier(2)
    results = []

    def post():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        barrier.wait()
        try:
            response = client.post("/api/v1/claims/", data, format="json", HTTP_IDEMPOTENCY_KEY="same-key")
            body = response.json() if response.get("Content-Type", "").startswith("application/json") else {}
            results.append((response.status_code, body.get("id"), body))
        except Exception as exc:  # surfaced by the assertion below
            results.append((None, None, repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(code for code, _id, _body in results) == [200, 201], results
    assert len({claim_id for _code, claim_id, _body in results}) == 1
    assert Claim.objects.filter(participant=worker.participant).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_different_keys_racing_still_make_one_open_claim(office):
    worker = make_worker(office=office)
    barrier = threading.Barrier(2)
    outcomes = []

    def create(key):
        barrier.wait()
        try:
            claim_create_draft(actor=worker, idempotency_key=key)
            outcomes.append("created")
        except StateConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(k,)) for k in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "created"]
    assert Claim.objects.filter(participant=worker.participant).count() == 1


def test_draft_validation_errors_are_per_field(worker):
    client = client_for(worker)
    response = client.post(
        "/api/v1/claims/",
        {"phk_reason": "dipecat", "bank_account_holder": "Orang Lain", "phk_date": "2025-13-01"},
        format="json",
    )
    assert response.status_code == 400
    assert {"phk_reason", "phk_date"} <= set(response.json()["errors"])


def test_full_filing_through_the_api(worker, staff):
    client = client_for(worker)
    created = client.post("/api/v1/claims/", json_fields(worker.participant), format="json").json()
    claim_id = created["id"]
    assert set(created["required_documents"]) == {"phk_letter", "no_objection", "disnaker_receipt"}
    assert "documents" in created["missing"]
    early = client.post(f"/api/v1/claims/{claim_id}/submit/")
    assert early.status_code == 400 and early.json()["code"] == "incomplete"

    for kind, data in (
        ("phk_letter", None),
        ("no_objection", image_bytes("JPEG")),
        ("disnaker_receipt", image_bytes("PNG")),
    ):
        up = client.post(
            f"/api/v1/claims/{claim_id}/documents/",
            {"kind": kind, "file": upload_file(f"{kind}.bin", data)},
            format="multipart",
        )
        assert up.status_code == 201, up.json()
    hostile = client.post(
        f"/api/v1/claims/{claim_id}/documents/",
        {"kind": "other", "file": upload_file("x.pdf", b"<html><script>1</script>", "application/pdf")},
        format="multipart",
    )
    assert hostile.status_code == 400 and hostile.json()["errors"]["file"]

    submitted = client.post(f"/api/v1/claims/{claim_id}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    again = client.post(f"/api/v1/claims/{claim_id}/submit/")
    assert again.status_code == 409 and "'submitted'" in again.json()["detail"]

    detail = client.get(f"/api/v1/claims/{claim_id}/").json()
    eligibility = detail["eligibility"]
    assert eligibility["eligible"] is True and eligibility["rule_set"] == "PP6_2025"
    assert [c["code"] for c in eligibility["criteria"]][:3] == [
        "NOT_CITIZEN",
        "AGE_AT_REGISTRATION",
        "PROGRAMS_INCOMPLETE",
    ]
    assert len(eligibility["criteria"]) == 11 and eligibility["failed"] == []
    assert detail["schedule"] is None
    assert [e["action"] for e in detail["events"]][-1] == "claim_submitted"
    assert {e["actor"] for e in detail["events"]} == {"pekerja"}

    # The verifier verifies, another person approves.
    verifier = client_for(staff.verifier)
    checklist = dict.fromkeys(
        (
            "identity",
            "phk_date_matches",
            "bank_own_name",
            "phk_letter_signed",
            "no_objection_signed",
            "disnaker_receipt_valid",
        ),
        True,
    )
    verified = verifier.post(
        f"/api/v1/claims/{claim_id}/verify/",
        {"decision": "verified", "note": "ok", "checklist": checklist},
        format="json",
    )
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    assert client_for(staff.verifier).post(f"/api/v1/claims/{claim_id}/approve/", {}, format="json").status_code == 403
    approved = client_for(staff.approver).post(f"/api/v1/claims/{claim_id}/approve/", {"note": "ok"}, format="json")
    assert approved.status_code == 200
    body = client.get(f"/api/v1/claims/{claim_id}/").json()
    assert body["status"] == "approved" and len(body["schedule"]) == 6
    assert body["schedule"][0] == {
        "month": 1,
        "due_date": "2025-07-10",
        "rate": "0.60",
        "amount": "2700000",
        "rule_set": "PP6_2025",
    }
    assert {e["actor"] for e in body["events"]} == {"pekerja", "petugas"}


def test_correction_and_resubmission_through_the_api(worker, staff):
    claim = submitted_claim(worker)
    verifier = client_for(staff.verifier)
    response = verifier.post(
        f"/api/v1/claims/{claim.pk}/verify/",
        {"decision": "needs_correction", "documents": ["no_objection"], "note": "Belum ditandatangani"},
        format="json",
    )
    assert response.status_code == 200
    body = client_for(worker).get(f"/api/v1/claims/{claim.pk}/").json()
    assert body["status"] == "needs_correction"
    assert body["correction_request"]["documents"] == ["no_objection"]
    assert body["correction_request"]["note"] == "Belum ditandatangani"
    worker_client = client_for(worker)
    assert worker_client.post(f"/api/v1/claims/{claim.pk}/submit/").status_code == 400
    worker_client.post(
        f"/api/v1/claims/{claim.pk}/documents/", {"kind": "no_objection", "file": upload_file()}, format="multipart"
    )
    resubmitted = worker_client.post(f"/api/v1/claims/{claim.pk}/submit/")
    assert resubmitted.status_code == 200 and resubmitted.json()["status"] == "submitted"


def test_reject_api_needs_codes_and_a_note(worker, staff):
    claim = submitted_claim(worker)
    verifier = client_for(staff.verifier)
    bad = verifier.post(f"/api/v1/claims/{claim.pk}/reject/", {"reasons": ["SALAH"], "note": ""}, format="json")
    assert bad.status_code == 400 and {"reasons", "note"} <= set(bad.json()["errors"])
    ok = verifier.post(
        f"/api/v1/claims/{claim.pk}/reject/", {"reasons": ["DOC_INVALID"], "note": "Palsu"}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["rejection_reasons"] == ["DOC_INVALID"]
    assert ok.json()["eligibility"]["rule_set"] == "PP6_2025"


def test_withdraw_api(worker):
    claim = submitted_claim(worker)
    response = client_for(worker).post(f"/api/v1/claims/{claim.pk}/withdraw/", {"reason": "Sudah kerja"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert client_for(worker).post(f"/api/v1/claims/{claim.pk}/withdraw/").status_code == 409


# --- who sees what -----------------------------------------------------------------


def test_another_workers_claim_is_404_everywhere(worker, office):
    claim = submitted_claim(worker)
    intruder = client_for(make_worker(office=office))
    for method, path in (
        ("get", f"/api/v1/claims/{claim.pk}/"),
        ("patch", f"/api/v1/claims/{claim.pk}/"),
        ("get", f"/api/v1/claims/{claim.pk}/documents/"),
        ("post", f"/api/v1/claims/{claim.pk}/submit/"),
        ("post", f"/api/v1/claims/{claim.pk}/withdraw/"),
    ):
        assert getattr(intruder, method)(path, {}, format="json").status_code == 404, path
    doc = claim.documents.first()
    assert intruder.get(f"/api/v1/claims/{claim.pk}/documents/{doc.pk}/file/").status_code == 404
    assert client_for(worker).get(f"/api/v1/claims/{claim.pk}/documents/{doc.pk}/file/").status_code == 200


def test_roles_outside_their_rights_get_403(worker, staff):
    claim = submitted_claim(worker)
    konselor = client_for(UserFactory(roles=["konselor"]))
    assert konselor.get(f"/api/v1/claims/{claim.pk}/").status_code == 403
    assert konselor.get("/api/v1/claims/").status_code == 403
    owner = client_for(worker)
    assert owner.post(f"/api/v1/claims/{claim.pk}/verify/", {"decision": "verified"}, format="json").status_code == 403
    assert owner.post(f"/api/v1/claims/{claim.pk}/approve/", {}, format="json").status_code == 403
    assert client_for(staff.verifier).post("/api/v1/claims/", {}, format="json").status_code == 403
    assert (
        client_for(staff.approver)
        .post(f"/api/v1/claims/{claim.pk}/verify/", {"decision": "verified"}, format="json")
        .status_code
        == 403
    )
    assert APIClient().get("/api/v1/claims/").status_code in (401, 403)


def test_maker_checker_is_403_with_a_message(worker, staff):
    claim = verified_claim(worker, staff.both)
    response = client_for(staff.both).post(f"/api/v1/claims/{claim.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "maker_checker" and "berbeda" in response.json()["detail"]


def test_staff_of_another_office_get_404_and_lists_are_scoped(worker, staff, office):
    claim = submitted_claim(worker)
    other = Staff(make_office("KC-LAIN"))
    assert client_for(other.verifier).get(f"/api/v1/claims/{claim.pk}/").status_code == 404
    assert client_for(other.verifier).get("/api/v1/claims/").json()["count"] == 0
    mine = client_for(staff.verifier).get("/api/v1/claims/", {"status": "submitted"}).json()
    assert [c["id"] for c in mine["results"]] == [claim.pk]
    assert "*" in mine["results"][0]["participant_nik"]
    assert client_for(staff.verifier).get("/api/v1/claims/", {"status": "approved"}).json()["count"] == 0
    another_worker = make_worker(office=office)
    assert client_for(another_worker).get("/api/v1/claims/").json()["count"] == 0


def test_claim_endpoints_are_in_the_openapi_schema(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/auth/register/",
        "/api/v1/claims/",
        "/api/v1/claims/{id}/",
        "/api/v1/claims/{id}/documents/",
        "/api/v1/claims/{id}/submit/",
        "/api/v1/claims/{id}/withdraw/",
        "/api/v1/claims/{id}/verify/",
        "/api/v1/claims/{id}/approve/",
        "/api/v1/claims/{id}/reject/",
    ):
        assert path in paths, path
    create = paths["/api/v1/claims/"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in create["parameters"])


# --- fixed query counts ------------------------------------------------------------


def test_claim_detail_api_query_count_does_not_grow(worker, django_assert_max_num_queries):
    """More documents and events do not mean more queries."""
    from claims.services.documents import claim_document_upload

    claim, _ = claim_create_draft(actor=worker, **draft_fields(worker.participant))
    client = client_for(worker)
    with django_assert_max_num_queries(14) as few:
        assert client.get(f"/api/v1/claims/{claim.pk}/").status_code == 200
    for i in range(6):
        claim_document_upload(claim=claim, actor=worker, kind="other", upload=upload_file(f"o{i}.pdf"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert len(body["documents"]) == 6 and len(body["events"]) == 7


def test_claim_list_api_query_count_is_fixed(office, staff, django_assert_num_queries):
    for _ in range(3):
        submitted_claim(make_worker(office=office))
    client = client_for(staff.verifier)
    # 5: the token with its user, the user's other tokens (django-rest-knox
    # deletes expired ones), the count, the page, the office scope.
    with django_assert_num_queries(5) as small:
        assert len(client.get("/api/v1/claims/", {"page_size": 2}).json()["results"]) == 2
    for _ in range(5):
        submitted_claim(make_worker(office=office))
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get("/api/v1/claims/", {"page_size": 50}).json()["results"]) == 8


@pytest.mark.parametrize("checklist", [None, {}, {"identity": True}])
def test_api_verify_without_the_full_checklist_is_refused(worker, staff, checklist):
    """The checklist is required wherever a claim is verified (the service holds the
    rule): the API refuses `verified` without it, nothing changes."""
    claim = submitted_claim(worker)
    payload = {"decision": "verified", "note": "ok"}
    if checklist is not None:
        payload["checklist"] = checklist
    response = client_for(staff.verifier).post(f"/api/v1/claims/{claim.pk}/verify/", payload, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "checklist_incomplete" and body["errors"]["checklist"]
    claim.refresh_from_db()
    assert claim.status == "submitted" and claim.verified_by_id is None


def test_service_verify_without_a_checklist_is_refused(worker, staff):
    """Any caller of the service (not only the HTML form) must pass the ticked checklist."""
    claim = submitted_claim(worker)
    with pytest.raises(ApplicationError) as exc:
        claim_verify(claim=claim, actor=staff.verifier, note="ok")
    assert exc.value.code == "checklist_incomplete"
