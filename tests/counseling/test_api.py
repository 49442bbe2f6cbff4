import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from counseling.models import Assessment, CaseStatus
from counseling.services import cases_assign_pending, cases_refresh_job_search, session_schedule
from jkp_portal.common.masking import mask_nik
from tests.counseling.factories import KonselorFactory, open_case
from tests.counseling.test_pages import approve
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

ASSESSMENT = {
    "education_level": "smk",
    "education_major": "Teknik mesin",
    "work_history": [{"employer": "PT Astra", "position": "Operator CNC", "start_year": 2016, "end_year": 2025}],
    "skills": ["CNC", "membaca gambar teknik"],
    "desired_occupations": ["7223", "8211"],
    "desired_location": "33.72",
    "willing_to_relocate": True,
    "training_interests": ["manufacturing", "welding"],
    "barriers": ["digital"],
    "barriers_note": "",
}


@pytest.fixture
def setup(solo):
    konselor = KonselorFactory(office=solo, capacity=50)
    case = approve(office=solo)
    cases_assign_pending(actor=None, notify=False)
    cases_refresh_job_search()
    case.refresh_from_db()
    assert case.konselor == konselor
    return konselor, case


def test_konselor_reaches_own_cases_only(api, setup, solo):
    konselor, case = setup
    api.force_authenticate(konselor.user)
    caseload = api.get("/api/v1/counseling/caseload/").json()
    assert caseload["counts"]["new"] == 1 and caseload["count"] == 1
    row = caseload["results"][0]
    assert row["id"] == case.pk and row["participant"]["nik"] == mask_nik(case.participant.nik)
    assert row["next_payment"]["month_no"] == 2  # the snapshot of payouts' progress
    assert row["at_risk"] is False
    assert api.get(f"/api/v1/counseling/cases/{case.pk}/").status_code == 200
    assert [c["id"] for c in api.get("/api/v1/counseling/cases/").json()["results"]] == [case.pk]

    other_office = OfficeFactory(code="T-SMG", province_codes=["33"])
    stranger = KonselorFactory(office=other_office, regencies=["33.74"], province_codes=[])
    api.force_authenticate(stranger.user)
    assert api.get(f"/api/v1/counseling/cases/{case.pk}/").status_code == 404
    assert api.get(f"/api/v1/counseling/cases/{case.pk}/sessions/").status_code == 404
    assert api.get("/api/v1/counseling/cases/").json()["count"] == 0
    response = api.post(
        f"/api/v1/counseling/cases/{case.pk}/sessions/",
        {
            "mode": "online",
            "starts_at": (timezone.now() + dt.timedelta(days=1)).isoformat(),
            "meeting_link": "https://m.id",
        },
    )
    assert response.status_code == 404


def test_supervisor_reaches_their_offices_cases(api, setup, make_user):
    _konselor, case = setup
    far = OfficeFactory(code="T-PTK", province_codes=["61"])
    api.force_authenticate(make_user("supervisor", office=far))
    assert api.get(f"/api/v1/counseling/cases/{case.pk}/").status_code == 404
    api.force_authenticate(make_user("supervisor", office=case.office))
    detail = api.get(f"/api/v1/counseling/cases/{case.pk}/").json()
    assert detail["konselor"]["name"] == case.konselor.name
    assert detail["job_search_progress"]["next_month_no"] == 2  # live from payouts
    assert detail["job_search_progress"]["sufficient"] is False
    konselors = api.get("/api/v1/counseling/konselors/").json()["results"]
    assert konselors[0]["load"] == 1 and konselors[0]["capacity"] == 50


def test_worker_api_assessment_and_me(api, setup):
    konselor, case = setup
    worker = case.participant.user
    api.force_authenticate(worker)
    assert api.get("/api/v1/counseling/me/assessment/").status_code == 404
    bad = api.put("/api/v1/counseling/me/assessment/", {**ASSESSMENT, "desired_occupations": ["0000"]}, format="json")
    assert bad.status_code == 400 and "desired_occupations" in bad.json()["errors"]
    response = api.put("/api/v1/counseling/me/assessment/", ASSESSMENT, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["desired_occupation_labels"][0].startswith("7223 ")
    assert Assessment.objects.get(case=case).willing_to_relocate
    me = api.get("/api/v1/counseling/me/").json()
    assert me["konselor"]["name"] == konselor.name
    assert me["assessment_done"] is True
    assert me["next_payment"]["next_month_no"] == 2
    # staff endpoints are not for workers
    assert api.get("/api/v1/counseling/cases/").status_code == 403
    assert api.get(f"/api/v1/counseling/cases/{case.pk}/assessment/").status_code == 403
    # the konselor sees the summary
    api.force_authenticate(konselor.user)
    summary = api.get(f"/api/v1/counseling/cases/{case.pk}/assessment/").json()
    assert summary["skills"] == ["CNC", "membaca gambar teknik"]
    assert api.get("/api/v1/counseling/assessments/").json()["count"] == 1


def test_session_flow_through_the_api_and_notes_stay_private(api, setup):
    konselor, case = setup
    worker = case.participant.user
    start = timezone.now() + dt.timedelta(days=2)
    api.force_authenticate(konselor.user)
    created = api.post(
        f"/api/v1/counseling/cases/{case.pk}/sessions/",
        {"mode": "face_to_face", "starts_at": start.isoformat(), "place": "Disnaker Kota Surakarta"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    session_id = created.json()["id"]
    again = api.post(
        f"/api/v1/counseling/cases/{case.pk}/sessions/",
        {"mode": "face_to_face", "starts_at": start.isoformat(), "place": "X"},
        format="json",
    )
    assert again.status_code == 409

    api.force_authenticate(worker)
    assert api.post(f"/api/v1/counseling/sessions/{session_id}/confirm/").json()["status"] == "confirmed"
    assert api.post(f"/api/v1/counseling/sessions/{session_id}/attendance/", {"attended": True}).status_code == 403

    api.force_authenticate(konselor.user)
    early = api.post(f"/api/v1/counseling/sessions/{session_id}/attendance/", {"attended": True}, format="json")
    assert early.status_code == 409
    with time_machine.travel(start + dt.timedelta(hours=1), tick=False):
        attended = api.post(f"/api/v1/counseling/sessions/{session_id}/attendance/", {"attended": True}, format="json")
        assert attended.status_code == 200 and attended.json()["status"] == "attended"
        report = api.post(
            f"/api/v1/counseling/sessions/{session_id}/report/",
            {
                "notes": "Catatan rahasia konselor",
                "outcome": "Motivasi tinggi",
                "recommendation": "entrepreneurship",
                "next_steps": "Ikut kelas UMKM Disnaker",
            },
            format="json",
        )
        assert report.status_code == 200 and report.json()["notes"] == "Catatan rahasia konselor"
        # payouts counted the counselling session for the coming month
        row = api.get("/api/v1/counseling/caseload/").json()["results"][0]
        assert row["last_attended_at"] is not None

    api.force_authenticate(worker)
    seen = api.get(f"/api/v1/counseling/sessions/{session_id}/").json()
    assert "notes" not in seen and "outcome" not in seen
    assert seen["next_steps"] == "Ikut kelas UMKM Disnaker"
    me = api.get("/api/v1/counseling/me/").json()
    assert me["recommendation"] == "entrepreneurship"
    assert all("notes" not in s for s in me["sessions"])
    assert "rahasia" not in str(me)

    other = open_case(office=case.office)
    cases_assign_pending(actor=None)
    api.force_authenticate(other.participant.user)
    assert api.get(f"/api/v1/counseling/sessions/{session_id}/").status_code == 404


def test_reassign_and_handover_api(api, setup, make_user):
    konselor, case = setup
    taker = KonselorFactory(office=case.office, capacity=5)
    supervisor = make_user("supervisor", office=case.office)
    api.force_authenticate(supervisor)
    no_reason = api.post(
        "/api/v1/counseling/cases/reassign/", {"cases": [case.pk], "to_konselor": taker.pk, "reason": ""}
    )
    assert no_reason.status_code == 400
    moved = api.post(
        "/api/v1/counseling/cases/reassign/",
        {"cases": [case.pk], "to_konselor": taker.pk, "reason": "Beban dibagi"},
        format="json",
    )
    assert moved.status_code == 200 and moved.json()["moved"] == 1
    back = api.post(
        f"/api/v1/counseling/konselors/{taker.pk}/handover/",
        {"to_konselor": None, "reason": "Cuti melahirkan"},
        format="json",
    )
    assert back.status_code == 200 and back.json()["moved"] == 1
    case.refresh_from_db()
    assert case.konselor == konselor
    assert case.status == CaseStatus.NEW
    api.force_authenticate(konselor.user)
    assert api.post("/api/v1/counseling/cases/reassign/", {"cases": [case.pk], "reason": "x"}).status_code == 403


def test_unassigned_queue_api_shows_age(api, solo, make_user):
    with time_machine.travel(timezone.now() - dt.timedelta(days=3), tick=False):
        case = open_case(office=solo)
    api.force_authenticate(make_user("supervisor", office=solo))
    rows = api.get("/api/v1/counseling/unassigned/").json()["results"]
    assert [(r["id"], r["age_days"]) for r in rows] == [(case.pk, 3)]
    KonselorFactory(office=solo)
    assert api.post("/api/v1/counseling/cases/assign-pending/").json()["assigned"] == 1


def test_worker_reschedule_request_via_api(api, setup):
    konselor, case = setup
    session = session_schedule(
        case=case,
        mode="online",
        starts_at=timezone.now() + dt.timedelta(days=3),
        meeting_link="https://meet.example.id/x",
        actor=konselor.user,
    )
    api.force_authenticate(case.participant.user)
    response = api.post(
        f"/api/v1/counseling/sessions/{session.pk}/reschedule-request/", {"reason": "Sakit", "preference": "Senin"}
    )
    assert response.status_code == 200 and response.json()["status"] == "reschedule_requested"
    api.force_authenticate(konselor.user)
    new_start = timezone.now() + dt.timedelta(days=5)
    response = api.post(
        f"/api/v1/counseling/sessions/{session.pk}/reschedule/", {"starts_at": new_start.isoformat()}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "scheduled"
