"""The payouts API as the issue specifies it: a worker's own benefit only (others
404), roles 403, wrong state 409, documented in the OpenAPI schema."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from PIL import Image

from claims.payouts.models import BatchStatus, JobSearchActivity, PayoutBatch
from claims.payouts.services import run_payouts
from tests.claims.payouts.factories import make_benefit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D0 = dt.date(2025, 6, 2)


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC))


@pytest.fixture
def benefit(branch):
    b = make_benefit(decision_date=D0, office=branch)
    run_payouts(run_date=D0, notify=False)
    return b


def test_worker_sees_own_benefit_with_months_and_payment(api, benefit):
    """GET /api/v1/benefits/{id}/: six months with status, amount, due date and the payment's bank status."""
    api.force_authenticate(benefit.participant.user)
    with at(dt.date(2025, 6, 10)):
        body = api.get(f"/api/v1/benefits/{benefit.pk}/").json()
    assert body["id"] == benefit.pk and body["rule_set"] == "PP6_2025"
    assert [m["month"] for m in body["months"]] == [1, 2, 3, 4, 5, 6]
    m1 = body["months"][0]
    assert m1["amount"] == "2700000" and m1["status"] == "prepared" and m1["due_date"] == "2025-06-02"
    assert m1["payment"]["batch_status"] == "prepared" and m1["payment"]["sla_deadline"] == "2025-06-05"
    assert m1["payment"]["late"] is True
    assert body["months"][1]["payment"] is None and body["months"][1]["status"] == "scheduled"
    assert body["job_search"]["month"] == 2 and body["job_search"]["sufficient"] is False
    assert "1234" not in body["account"] or body["account"].startswith("••••")


def test_other_worker_gets_404_and_staff_of_another_office_too(api, benefit):
    api.force_authenticate(UserFactory(roles=["worker"]))
    assert api.get(f"/api/v1/benefits/{benefit.pk}/").status_code == 404
    api.force_authenticate(UserFactory(roles=["verifier"], office=UserFactory().office))
    assert api.get(f"/api/v1/benefits/{benefit.pk}/").status_code == 404
    api.force_authenticate(UserFactory(roles=["verifier"], office=benefit.office))
    assert api.get(f"/api/v1/benefits/{benefit.pk}/").status_code == 200


def test_report_by_json_counts_towards_the_coming_month(api, benefit):
    """POST /reports/ with five applications makes month 2 sufficient."""
    api.force_authenticate(benefit.participant.user)
    apps = [
        {"company": f"PT Maju {i}", "position": "Staf gudang", "date": f"2025-06-1{i}", "channel": "job_portal"}
        for i in range(5)
    ]
    with at(dt.date(2025, 6, 20)):
        r = api.post(f"/api/v1/benefits/{benefit.pk}/reports/", {"applications": apps}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["applications"] == 5 and r.json()["sufficient"] is True and r.json()["missing"] == []
    with at(dt.date(2025, 6, 20)):
        again = api.post(f"/api/v1/benefits/{benefit.pk}/reports/", {"applications": apps[:1]}, format="json")
    assert again.status_code == 400
    assert "entries[0]" in again.json()["errors"]


def test_report_multipart_with_evidence_file_judged_by_content(api, benefit):
    """An evidence file must really be PDF/JPEG/PNG whatever its name."""
    api.force_authenticate(benefit.participant.user)
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(png, "PNG")
    png.seek(0)
    png.name = "bukti.png"
    data = {
        "applications": '[{"company": "PT Sinar", "position": "Kasir", "date": "2025-06-12", "channel": "walk_in", "evidence": "f0"}]',
        "f0": png,
    }
    with at(dt.date(2025, 6, 20)):
        ok = api.post(f"/api/v1/benefits/{benefit.pk}/reports/", data, format="multipart")
    assert ok.status_code == 201, ok.json()
    activity = JobSearchActivity.objects.get(company="PT Sinar")
    assert activity.evidence_type == "image/png" and activity.evidence_size > 0
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "bukti.pdf"
    data = {
        "applications": '[{"company": "PT Lain", "position": "Kasir", "date": "2025-06-13", "channel": "walk_in", "evidence": "f0"}]',
        "f0": fake,
    }
    with at(dt.date(2025, 6, 20)):
        bad = api.post(f"/api/v1/benefits/{benefit.pk}/reports/", data, format="multipart")
    assert bad.status_code == 400
    assert not JobSearchActivity.objects.filter(company="PT Lain").exists()


def test_report_roles_and_ownership(api, benefit):
    api.force_authenticate(UserFactory(roles=["approver"], office=benefit.office))
    assert api.post(f"/api/v1/benefits/{benefit.pk}/reports/", {}, format="json").status_code == 403
    api.force_authenticate(UserFactory(roles=["worker"]))
    assert api.post(f"/api/v1/benefits/{benefit.pk}/reports/", {}, format="json").status_code == 404


def test_report_with_a_future_date_is_refused(api, benefit):
    api.force_authenticate(benefit.participant.user)
    app = {"company": "PT A", "position": "B", "date": "2025-06-25", "channel": "other"}
    with at(dt.date(2025, 6, 20)):
        r = api.post(f"/api/v1/benefits/{benefit.pk}/reports/", {"applications": [app]}, format="json")
    assert r.status_code == 400
    assert "masa depan" in str(r.json()["errors"])


def test_batches_api_roles_scope_approve_file_results(api, benefit, approver, branch):
    """List (scoped), approve (approver only; 409 twice), file (409 before approval), results CSV."""
    batch = PayoutBatch.objects.get()
    api.force_authenticate(benefit.participant.user)
    assert api.get("/api/v1/payout-batches/").status_code == 403
    api.force_authenticate(UserFactory(roles=["approver"], office=UserFactory().office))
    assert api.get("/api/v1/payout-batches/").json()["count"] == 0
    assert api.post(f"/api/v1/payout-batches/{batch.pk}/approve/").status_code == 404
    supervisor = UserFactory(roles=["supervisor"], office=branch)
    api.force_authenticate(supervisor)
    assert api.get("/api/v1/payout-batches/").json()["results"][0]["id"] == batch.pk
    assert api.post(f"/api/v1/payout-batches/{batch.pk}/approve/").status_code == 403
    assert api.get(f"/api/v1/payout-batches/{batch.pk}/file/").status_code == 409
    api.force_authenticate(approver)
    r = api.post(f"/api/v1/payout-batches/{batch.pk}/approve/")
    assert r.status_code == 200 and r.json()["status"] == "approved" and r.json()["total_amount"] == "2700000.00"
    conflict = api.post(f"/api/v1/payout-batches/{batch.pk}/approve/")
    assert conflict.status_code == 409 and "Disetujui" in conflict.json()["detail"]
    # Results are imported by a second person, never by the batch's approver.
    api.force_authenticate(supervisor)
    assert (
        api.post(
            f"/api/v1/payout-batches/{batch.pk}/results/", {"file": io.BytesIO(b"x")}, format="multipart"
        ).status_code
        == 409
    )
    api.force_authenticate(approver)
    assert api.get(f"/api/v1/payout-batches/{batch.pk}/file/").status_code == 409
    assert api.post(f"/api/v1/payout-batches/{batch.pk}/send/").json()["status"] == "sent"
    f = api.get(f"/api/v1/payout-batches/{batch.pk}/file/")
    assert f.status_code == 200 and f["Content-Type"] == "application/xml"
    assert b"pain.001.001.09" in f.getvalue()
    pid = batch.payments.get().pk
    csv = io.BytesIO(f"payment_id,status,reason_code\n{pid},ACSC,\n".encode())
    csv.name = "hasil.csv"
    api.force_authenticate(supervisor)
    res = api.post(f"/api/v1/payout-batches/{batch.pk}/results/", {"file": csv}, format="multipart")
    assert res.status_code == 200, res.json()
    assert res.json()["paid"] == 1 and res.json()["reconciled"] is True
    assert res.json()["batch"]["difference"] == "0.00"
    assert PayoutBatch.objects.get().status == BatchStatus.RECONCILED
    api.force_authenticate(benefit.participant.user)
    m1 = api.get(f"/api/v1/benefits/{benefit.pk}/").json()["months"][0]
    assert m1["status"] == "paid" and m1["payment"]["bank_status"] == "ACSC"
    assert Decimal(api.get(f"/api/v1/benefits/{benefit.pk}/").json()["paid"]) == Decimal("2700000")


def test_results_with_errors_answer_400_with_one_message_per_line(api, benefit, approver, supervisor):
    batch = PayoutBatch.objects.get()
    api.force_authenticate(approver)
    api.post(f"/api/v1/payout-batches/{batch.pk}/approve/")
    api.post(f"/api/v1/payout-batches/{batch.pk}/send/")
    api.force_authenticate(supervisor)
    csv = io.BytesIO(b"payment_id,status,reason_code\nabc,ACSC,\n123,FOO,\n")
    csv.name = "x.csv"
    r = api.post(f"/api/v1/payout-batches/{batch.pk}/results/", {"file": csv}, format="multipart")
    assert r.status_code == 400
    assert len(r.json()["errors"]["file"]) == 2


def test_openapi_schema_documents_the_payout_endpoints(api):
    schema = api.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/benefits/{id}/",
        "/api/v1/benefits/{id}/reports/",
        "/api/v1/payout-batches/",
        "/api/v1/payout-batches/{id}/approve/",
        "/api/v1/payout-batches/{id}/send/",
        "/api/v1/payout-batches/{id}/file/",
        "/api/v1/payout-batches/{id}/results/",
    ):
        assert path in paths, path


def test_ids_beyond_bigint_are_not_found(api, benefit, approver):
    api.force_authenticate(benefit.participant.user)
    assert api.get("/api/v1/benefits/99999999999999999999/").status_code == 404
    api.force_authenticate(approver)
    assert api.post("/api/v1/payout-batches/99999999999999999999/approve/").status_code == 404


def test_a_worker_finds_their_benefit_in_the_list_and_from_the_claim(api, branch):
    """GET /api/v1/benefits/: a worker lists only their own; the claim links to it."""
    mine = make_benefit(decision_date=D0, office=branch)
    other = make_benefit(decision_date=D0, office=branch)
    api.force_authenticate(mine.participant.user)
    body = api.get("/api/v1/benefits/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert body["results"][0]["url"] == f"/api/v1/benefits/{mine.pk}/" and body["results"][0]["status"] == "active"
    claim = api.get(f"/api/v1/claims/{mine.claim_id}/").json()
    assert claim["benefit"] == {"id": mine.pk, "url": f"/api/v1/benefits/{mine.pk}/"}
    assert other.pk not in [row["id"] for row in body["results"]]


def test_staff_list_their_office_benefits_filtered_and_a_bad_status_is_400(api, branch):
    here = make_benefit(decision_date=D0, office=branch)
    elsewhere = make_benefit(decision_date=D0, office=UserFactory().office)
    api.force_authenticate(UserFactory(roles=["verifier"], office=branch))
    ids = [row["id"] for row in api.get("/api/v1/benefits/").json()["results"]]
    assert here.pk in ids and elsewhere.pk not in ids
    assert api.get("/api/v1/benefits/?status=ended").json()["results"] == []
    bad = api.get("/api/v1/benefits/?status=apa")
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_a_claim_without_a_benefit_links_to_none(api, branch):
    from tests.claims.claims_support import TODAY, make_worker, submitted_claim

    worker = make_worker(office=branch)
    with at(TODAY):
        claim = submitted_claim(worker)
    api.force_authenticate(worker)
    assert api.get(f"/api/v1/claims/{claim.pk}/").json()["benefit"] is None


def test_anonymous_visitors_cannot_list_benefits(api):
    assert api.get("/api/v1/benefits/").status_code in (401, 403)
