"""The /api/v1/phk/ endpoints: create with rows or CSV, mediation, mass layoffs, outreach."""

import datetime as dt
import json

import pytest
import time_machine

from claims.phk.models import PhkReport

from .factories import csv_upload, pdf_upload

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))


def _rows(workers, **kw):
    return [
        {"nik": w.nik, "phk_date": "2025-10-31", "reason": "efficiency", "accepted": "yes", "notes": ""} | kw
        for w in workers
    ]


def test_employer_creates_a_report_with_json_rows(api, world, make_workers):
    workers = make_workers(2)
    api.force_authenticate(world.hr)
    response = api.post(
        "/api/v1/phk/reports/",
        {"notice_letter": pdf_upload(), "rows": json.dumps(_rows(workers)), "notes": "efisiensi"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("LPHK/2025/")
    assert body["workers_count"] == 2
    assert {r["participant"]["nik"] for r in body["rows"]} == {w.nik for w in workers}
    assert body["documents"][0]["kind"] == "notice_letter"
    assert PhkReport.objects.get().source == "api"


def test_employer_creates_a_report_with_a_csv(api, world, make_workers):
    workers = make_workers(3)
    api.force_authenticate(world.hr)
    response = api.post(
        "/api/v1/phk/reports/",
        {
            "notice_letter": pdf_upload(),
            "csv_file": csv_upload([(w.nik, "2025-10-31", "business_closure", "yes", "") for w in workers]),
            "is_closure": "true",
        },
        format="multipart",
    )
    assert response.status_code == 201
    assert response.json()["mass_layoff_case"]["number"].startswith("PHKM/2025/")


def test_bad_rows_answer_400_with_the_lines(api, world, make_workers):
    (worker,) = make_workers(1)
    api.force_authenticate(world.hr)
    rows = _rows([worker]) + [{"nik": "123", "phk_date": "kemarin", "reason": "x", "accepted": "?"}]
    response = api.post(
        "/api/v1/phk/reports/", {"notice_letter": pdf_upload(), "rows": json.dumps(rows)}, format="multipart"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_rows"
    assert [line["line"] for line in body["lines"]] == [2]
    assert len(body["lines"][0]["errors"]) == 4
    assert body["errors"]["rows"][0].startswith("Baris 2:")
    assert not PhkReport.objects.exists()


def test_create_needs_rows_or_csv_and_a_letter(api, world):
    api.force_authenticate(world.hr)
    response = api.post("/api/v1/phk/reports/", {"rows": json.dumps([])}, format="multipart")
    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {"notice_letter"}


def test_only_employers_create(api, world, make_workers):
    api.force_authenticate(world.mediator)
    response = api.post(
        "/api/v1/phk/reports/",
        {"notice_letter": pdf_upload(), "rows": json.dumps(_rows(make_workers(1)))},
        format="multipart",
    )
    assert response.status_code == 403


def test_lists_are_scoped_and_guessed_ids_are_404(api, world, make_workers, submit):
    mine = submit(make_workers(1))
    theirs = submit(make_workers(1, employer=world.other_employer), actor=world.other_hr)
    api.force_authenticate(world.hr)
    assert [r["id"] for r in api.get("/api/v1/phk/reports/").json()["results"]] == [mine.pk]
    assert api.get(f"/api/v1/phk/reports/{theirs.pk}/").status_code == 404
    assert api.get(f"/api/v1/phk/rows/{theirs.rows.get().pk}/").status_code == 404
    api.force_authenticate(world.mediator)
    assert [r["id"] for r in api.get("/api/v1/phk/reports/").json()["results"]] == [mine.pk]
    assert api.post(f"/api/v1/phk/reports/{theirs.pk}/confirm/", {}, format="json").status_code == 404
    api.force_authenticate(world.other_verifier)
    assert [r["id"] for r in api.get("/api/v1/phk/reports/").json()["results"]] == [theirs.pk]
    detail = api.get(f"/api/v1/phk/reports/{theirs.pk}/").json()
    assert "*" in detail["rows"][0]["participant"]["nik"]  # staff lists show masked NIKs


def test_mediation_over_the_api_with_409_on_wrong_state(api, world, make_workers, submit):
    a, b = make_workers(2)
    report = submit([a])
    contested = submit([b], accepted="no").rows.get()
    api.force_authenticate(world.mediator)
    ok = api.post(f"/api/v1/phk/reports/{report.pk}/confirm/", {"note": "oke"}, format="json")
    assert ok.status_code == 200 and ok.json()[0]["status"] == "confirmed"
    again = api.post(f"/api/v1/phk/reports/{report.pk}/confirm/", {}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "state_conflict"

    disputed = api.post(
        f"/api/v1/phk/rows/{contested.pk}/dispute/",
        {"court_case_number": "8/PHI", "court_name": "PHI Smg"},
        format="json",
    )
    assert disputed.status_code == 200 and disputed.json()["status"] == "disputed"
    twice = api.post(
        f"/api/v1/phk/rows/{contested.pk}/dispute/",
        {"court_case_number": "8/PHI", "court_name": "PHI Smg"},
        format="json",
    )
    assert twice.status_code == 409
    assert "Diperselisihkan" in twice.json()["detail"]
    resolved = api.post(
        f"/api/v1/phk/rows/{contested.pk}/resolve/",
        {"decision_number": "8/Pdt", "inkracht_date": "2025-11-19", "outcome": "annulled", "document": pdf_upload()},
        format="multipart",
    )
    assert resolved.status_code == 200 and resolved.json()["status"] == "annulled"
    assert resolved.json()["documents"][0]["kind"] == "court_decision"


def test_employer_cannot_mediate_and_mediator_cannot_withdraw(api, world, make_workers, submit):
    row = submit(make_workers(1)).rows.get()
    api.force_authenticate(world.hr)
    assert api.post(f"/api/v1/phk/rows/{row.pk}/dispute/", {}, format="json").status_code == 403
    api.force_authenticate(world.mediator)
    assert api.post(f"/api/v1/phk/rows/{row.pk}/withdraw/", {"reason": "x"}, format="json").status_code == 403
    api.force_authenticate(world.hr)
    assert (
        api.post(f"/api/v1/phk/rows/{row.pk}/withdraw/", {"reason": "salah"}, format="json").json()["status"]
        == "withdrawn"
    )


def test_employer_summary(api, world, make_workers):
    from tests.claims.factories import add_contributions

    (worker,) = make_workers(1)
    add_contributions(worker, start="2025-06", months=2, status="arrears", wage=1_000_000)
    api.force_authenticate(world.hr)
    body = api.get("/api/v1/phk/employer/summary/").json()
    assert body["employer"]["npp"] == "NPP-TEX"
    assert body["arrears"]["months_in_arrears"] == 2
    assert body["arrears"]["consecutive_streak"] == 2
    assert body["arrears"]["total_wages"] == "2000000"
    assert body["arrears"]["jkp_amount"] == "7200"  # 0.36 % of Rp 1,000,000 for two months (PP 6/2025)
    assert body["benefits_owed"] == []
    api.force_authenticate(world.mediator)
    assert api.get("/api/v1/phk/employer/summary/").status_code == 403


def test_mass_layoff_and_outreach_over_the_api(api, world, make_workers, submit, django_capture_on_commit_callbacks):
    report = submit(make_workers(5), is_closure=True)
    case = report.mass_layoff_case
    api.force_authenticate(world.supervisor)
    assert [c["id"] for c in api.get("/api/v1/phk/mass-layoffs/").json()["results"]] == [case.pk]
    detail = api.get(f"/api/v1/phk/mass-layoffs/{case.pk}/").json()
    assert detail["summary"]["workers"] == 5
    assert detail["summary"]["earliest_deadline"] == "2026-04-30"
    workers = api.get(f"/api/v1/phk/mass-layoffs/{case.pk}/workers/?status=not_signed_up").json()
    assert workers["count"] == 5 and workers["results"][0]["days_left"] == 161

    created = api.post(
        f"/api/v1/phk/mass-layoffs/{case.pk}/events/",
        {
            "title": "Sosialisasi JKP",
            "starts_at": "2025-11-25T09:00:00+07:00",
            "place": "",
            "online_link": "https://zoom.us/j/987",
            "organiser_office": world.office.code,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    event_id = created.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        invited = api.post(f"/api/v1/phk/events/{event_id}/invite/")
    assert invited.json()["invited"] == 5
    assert api.post(f"/api/v1/phk/events/{event_id}/invite/").json()["invited"] == 0
    ids = [i["participant_id"] for i in api.get(f"/api/v1/phk/events/{event_id}/").json()["invitations"]]
    with time_machine.travel(dt.datetime(2025, 11, 25, 10, 0, tzinfo=WIB), tick=False):
        held = api.post(f"/api/v1/phk/events/{event_id}/attendance/", {"attended": ids[:3]}, format="json")
        assert held.status_code == 200
        assert held.json()["status"] == "held" and held.json()["attended"] == 3
        assert api.post(f"/api/v1/phk/events/{event_id}/cancel/", {"reason": "x"}, format="json").status_code == 409

    api.force_authenticate(world.other_mediator)
    assert api.get(f"/api/v1/phk/mass-layoffs/{case.pk}/").status_code == 404
    assert api.get(f"/api/v1/phk/events/{event_id}/").status_code == 404
    api.force_authenticate(world.hr)
    assert api.get("/api/v1/phk/mass-layoffs/").status_code == 403


def test_phk_api_is_in_the_openapi_schema(api, world):
    api.force_authenticate(world.hr)
    schema = api.get("/api/schema/?format=json").json()
    paths = set(schema["paths"])
    for path in (
        "/api/v1/phk/reports/",
        "/api/v1/phk/reports/{id}/confirm/",
        "/api/v1/phk/rows/{id}/agreement/",
        "/api/v1/phk/rows/{id}/dispute/",
        "/api/v1/phk/rows/{id}/resolve/",
        "/api/v1/phk/mass-layoffs/{id}/workers/",
        "/api/v1/phk/events/{id}/attendance/",
    ):
        assert path in paths, path
    assert "multipart/form-data" in schema["paths"]["/api/v1/phk/reports/"]["post"]["requestBody"]["content"]
