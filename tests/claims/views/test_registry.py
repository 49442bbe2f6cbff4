"""Registry pages and API for BPJS staff: search, participant page with the eligibility check,
browser import with its error report; scoped to the staff member's offices."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Claim, ClaimStatus, Contribution, RegistryImport
from claims.services.registry.decisions import registry_import_approve
from claims.services.registry.staging import registry_import_run, registry_import_start
from jkp_portal.accounts.models import Office
from tests.claims.factories import EmployerFactory, ParticipantFactory, add_contributions, nik_for
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Error reports are written under a throw-away MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def offices(db):
    regional = OfficeFactory(code="RG-JTD", name="Kanwil Uji", kind=Office.Kind.REGIONAL)
    solo = OfficeFactory(code="BR-SKA", name="KC Uji Surakarta", parent=regional)
    bpn = OfficeFactory(code="BR-BPN", name="KC Uji Balikpapan", province_codes=["64"])
    head = OfficeFactory(code="HQ", name="Kantor Pusat Uji", kind=Office.Kind.HEAD)
    return {"regional": regional, "solo": solo, "bpn": bpn, "head": head}


@pytest.fixture
def solo_participant(offices):
    employer = EmployerFactory(
        npp="NPP-SOLO", name="PT Bengawan Uji", office=offices["solo"], size="large", sector="C", kbli_code="14111"
    )
    p = ParticipantFactory(
        employer=employer,
        full_name="Sri Wahyuni",
        nik=nik_for(dt.date(1990, 10, 20), female=True, serial=9, region="327305"),
        kpj="KPJ-SOLO-1",
        sex="F",
    )
    add_contributions(p, start="2023-07", months=24, wage=Decimal("4500000"))
    return p


@pytest.fixture
def bpn_participant(offices):
    employer = EmployerFactory(npp="NPP-BPN", name="PT Mahakam Uji", office=offices["bpn"], province_code="64")
    p = ParticipantFactory(employer=employer, full_name="Rahmat Hidayat", kpj="KPJ-BPN-1")
    add_contributions(p, start="2023-07", months=24)
    return p


@pytest.fixture
def solo_verifier(make_user, offices):
    return make_user("verifier", office=offices["solo"])


@pytest.fixture
def solo_officer(make_user, offices):
    return make_user("registry_officer", office=offices["solo"])


def login(client, user):
    client.force_login(user)
    return client


# --- search ------------------------------------------------------------------------------


def test_search_shows_only_own_office_participants_with_masked_nik(
    client, solo_verifier, solo_participant, bpn_participant
):
    """A branch verifier sees their branch's participants, NIK masked; another branch's are not listed."""
    login(client, solo_verifier)
    response = client.get(reverse("claims:registry_search"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sri Wahyuni" in html and "Rahmat Hidayat" not in html
    assert "3273********0009" in html and solo_participant.nik not in html


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Wahyu", True),
        ("sri wahyuni", True),
        ("KPJ-SOLO-1", True),
        ("327305", True),
        ("3273056010900009", True),
        ("Budi", False),
    ],
)
def test_search_by_nik_kpj_or_name(client, solo_verifier, solo_participant, query, found):
    """Search matches the start of the NIK, the exact KPJ or part of the name."""
    login(client, solo_verifier)
    html = client.get(reverse("claims:registry_search"), {"q": query}).content.decode()
    assert ("Sri Wahyuni" in html) is found


def test_regional_and_head_office_scope(client, make_user, offices, solo_participant, bpn_participant):
    """A regional supervisor sees their branches; a head-office supervisor and an admin see everything."""
    regional = make_user("supervisor", office=offices["regional"])
    html = login(client, regional).get(reverse("claims:registry_search")).content.decode()
    assert "Sri Wahyuni" in html and "Rahmat Hidayat" not in html
    for user in (make_user("supervisor", office=offices["head"]), make_user("admin")):
        html = login(client, user).get(reverse("claims:registry_search")).content.decode()
        assert "Sri Wahyuni" in html and "Rahmat Hidayat" in html


def test_search_query_count_does_not_grow_with_rows(client, solo_verifier, offices, django_assert_max_num_queries):
    """The list costs a fixed number of queries whatever the number of rows on the page."""
    employer = EmployerFactory(office=offices["solo"])
    ParticipantFactory.create_batch(30, employer=employer)
    login(client, solo_verifier)
    client.get(reverse("claims:registry_search"))  # warm the session
    with django_assert_max_num_queries(6):
        response = client.get(reverse("claims:registry_search"))
    assert response.content.decode().count("/registri/peserta/") == 25


def test_registry_pages_refuse_workers_and_anonymous(client, make_user, solo_participant):
    """Workers get 403; anonymous visitors go to the login page."""
    url = reverse("claims:registry_search")
    assert client.get(url).status_code == 302
    login(client, make_user("worker"))
    assert client.get(url).status_code == 403
    assert client.get(reverse("claims:registry_participant", args=[solo_participant.pk])).status_code == 403
    assert client.get(reverse("claims:registry_import")).status_code == 403


# --- participant page ---------------------------------------------------------------------


def test_participant_page_shows_registry_data_and_ledger(client, solo_verifier, solo_participant):
    """The page shows the full NIK, the employer, contract, programmes and 24 ledger months."""
    Contribution.objects.filter(participant=solo_participant, period=dt.date(2025, 3, 1)).update(status="arrears")
    login(client, solo_verifier)
    response = client.get(reverse("claims:registry_participant", args=[solo_participant.pk]))
    html = response.content.decode()
    assert solo_participant.nik in html and "PT Bengawan Uji" in html and "NPP-SOLO" in html
    assert "JP" in html and "PKWTT" in html
    assert "C — Industri Pengolahan" in html and "14111" in html  # the KBLI 2020 section and code
    assert response.context["paid_count"] == 23 and response.context["arrears_count"] == 1
    assert len(response.context["ledger"]) == 24
    assert response.context["ledger"][0]["period"] == dt.date(2025, 6, 1)
    assert "4.500.000" in html


def test_other_office_participant_is_404(client, solo_verifier, bpn_participant):
    """A participant outside the staff member's offices does not exist for them."""
    login(client, solo_verifier)
    assert client.get(reverse("claims:registry_participant", args=[bpn_participant.pk])).status_code == 404


def test_check_shows_full_verdict(client, solo_verifier, solo_participant):
    """Entering a PHK date and reason shows every criterion, the payer, deadline and schedule."""
    login(client, solo_verifier)
    url = reverse("claims:registry_participant", args=[solo_participant.pk])
    response = client.get(url, {"phk_date": "2025-06-15", "phk_reason": "efficiency", "decision_date": "2025-07-03"})
    verdict = response.context["verdict"]
    assert verdict["eligible"] is True and verdict["rule_set"] == "PP6_2025"
    assert len(verdict["criteria"]) == 11
    assert verdict["claim_deadline"] == "2025-12-15"
    assert [m["amount"] for m in verdict["schedule"]] == ["2700000"] * 6
    html = response.content.decode()
    assert "Layak menerima manfaat JKP" in html
    assert "24 bulan iuran lunas pada Jul 2023–Jun 2025" in html
    assert "Rp 16.200.000" in html


def test_check_refused_for_excluded_reason_and_counts_previous_claims(client, solo_verifier, solo_participant):
    """A resignation is refused with its criterion; an earlier approved claim makes this a second claim."""
    login(client, solo_verifier)
    url = reverse("claims:registry_participant", args=[solo_participant.pk])
    response = client.get(url, {"phk_date": "2025-06-15", "phk_reason": "resignation", "decision_date": "2025-07-03"})
    assert response.context["verdict"]["failed"] == ["EXCLUDED_REASON"]
    assert "Tidak layak" in response.content.decode()
    Claim.objects.create(participant=solo_participant, status=ClaimStatus.APPROVED, phk_date=dt.date(2024, 1, 10))
    response = client.get(url, {"phk_date": "2025-06-15", "phk_reason": "efficiency", "decision_date": "2025-07-03"})
    contrib = next(c for c in response.context["verdict"]["criteria"] if c["code"] == "INSUFFICIENT_CONTRIBUTIONS")
    assert not contrib["passed"] and "setelah PHK klaim sebelumnya (Jan 2024)" in contrib["detail"]


def test_check_form_errors_keep_input(client, solo_verifier, solo_participant):
    """A PHK date after the filing date or a decision date before JKP existed shows an error, no verdict."""
    login(client, solo_verifier)
    url = reverse("claims:registry_participant", args=[solo_participant.pk])
    response = client.get(url, {"phk_date": "2025-08-15", "phk_reason": "efficiency", "decision_date": "2025-07-03"})
    assert response.context["verdict"] is None
    assert "Tanggal PHK setelah tanggal pengajuan" in response.content.decode()
    assert 'value="2025-08-15"' in response.content.decode()
    response = client.get(url, {"phk_date": "2020-01-15", "phk_reason": "efficiency", "decision_date": "2020-02-03"})
    assert response.context["verdict"] is None and "2021-02-02" in response.content.decode()


# --- browser import -------------------------------------------------------------------------


def test_browser_import_with_error_report(client, solo_officer, solo_participant):
    """A registry officer uploads a CSV, sees the counts and the first errors, and downloads the full
    error report."""
    login(client, solo_officer)
    body = (
        f"nik,period,wage,status\n{solo_participant.nik},2025-07,4600000,paid\n{solo_participant.nik},2025-13,1,paid\n"
    )
    upload = SimpleUploadedFile("iuran.csv", body.encode(), content_type="text/csv")
    response = client.post(reverse("claims:registry_import"), {"kind": "contributions", "file": upload})
    imp = RegistryImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:registry_import_detail", args=[imp.pk])
    assert imp.started_by == solo_officer and imp.source_name == "iuran.csv"
    assert (imp.rows_imported, imp.rows_rejected) == (1, 1)
    page = client.get(response["Location"]).content.decode()
    assert "bulan harus 01–12" in page and reverse("claims:registry_import_errors", args=[imp.pk]) in page
    download = client.get(reverse("claims:registry_import_errors", args=[imp.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert rows == [
        {"file": "iuran.csv", "line": "3", "key": f"{solo_participant.nik} 2025-13", "reason": rows[0]["reason"]}
    ]
    listing = client.get(reverse("claims:registry_import")).content.decode()
    assert "iuran.csv" in listing


@pytest.mark.parametrize("role", ["worker", "verifier", "supervisor"])
def test_error_report_forbidden_for_others(client, make_user, solo_participant, solo_officer, offices, role):
    """Only registry officers download an import's error report or see the import (403 for others)."""
    imp = registry_import_start(kind="contributions", source_name="x.csv", actor=solo_officer)
    source = io.BytesIO(b"nik,period,wage,status\n1,2,3,4\n")
    registry_import_run(registry_import=imp, source=source, actor=solo_officer)
    assert imp.error_report
    login(client, make_user(role, office=offices["solo"]))
    assert client.get(reverse("claims:registry_import_errors", args=[imp.pk])).status_code == 403
    assert client.get(reverse("claims:registry_import_detail", args=[imp.pk])).status_code == 403


def test_browser_import_unreadable_file(client, solo_officer):
    """An unreadable upload imports nothing and says why."""
    login(client, solo_officer)
    upload = SimpleUploadedFile("iuran.csv", b"nik;periode\n1;2\n", content_type="text/csv")
    response = client.post(reverse("claims:registry_import"), {"kind": "contributions", "file": upload}, follow=True)
    imp = RegistryImport.objects.get()
    assert imp.status == "failed"
    assert "Kolom wajib tidak ada" in response.content.decode()


def test_large_browser_import_runs_in_celery(client, solo_officer, solo_participant, settings, monkeypatch,
                                             django_capture_on_commit_callbacks, make_user, offices):  # fmt: skip
    """A file above the synchronous limit is staged by a Celery task after commit; the result page
    shows it running until the task has finished; a second officer then applies it."""
    from claims.views import registry as views

    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setattr(views, "SYNC_MAX_BYTES", 10)
    login(client, solo_officer)
    body = f"nik,period,wage,status\n{solo_participant.nik},2025-07,4600000,paid\n"
    upload = SimpleUploadedFile("besar.csv", body.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("claims:registry_import"), {"kind": "contributions", "file": upload})
    imp = RegistryImport.objects.get()
    assert imp.status == "running"
    assert 'http-equiv="refresh"' in client.get(response["Location"]).content.decode()
    for callback in callbacks:
        callback()
    imp.refresh_from_db()
    assert imp.status == "staged" and imp.rows_imported == 1
    period = dt.date(2025, 7, 1)
    assert not Contribution.objects.filter(participant=solo_participant, period=period, wage=4600000).exists()
    second = make_user("registry_officer", office=offices["regional"])
    registry_import_approve(registry_import=imp, actor=second)
    assert Contribution.objects.filter(participant=solo_participant, period=period, wage=4600000).exists()


# --- API ---------------------------------------------------------------------------------------


def test_api_list_scoped_and_masked(api, solo_verifier, solo_participant, bpn_participant):
    """GET /api/v1/registry/participants/ lists the staff member's participants, paginated, NIK masked."""
    api.force_authenticate(solo_verifier)
    body = api.get("/api/v1/registry/participants/", {"search": "Sri"}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["nik_masked"] == "3273********0009" and "nik" not in row
    assert row["employer_npp"] == "NPP-SOLO"
    assert api.get("/api/v1/registry/participants/", {"search": "Rahmat"}).json()["count"] == 0


def test_api_detail_and_scope(api, solo_verifier, solo_participant, bpn_participant):
    """The detail has the full NIK, employer and 24 ledger months; another office's participant is 404."""
    api.force_authenticate(solo_verifier)
    body = api.get(f"/api/v1/registry/participants/{solo_participant.pk}/").json()
    assert body["nik"] == solo_participant.nik
    assert body["employer"]["npp"] == "NPP-SOLO" and body["employer"]["office"] == "BR-SKA"
    assert (body["employer"]["sector"], body["employer"]["sector_label"], body["employer"]["kbli_code"]) == (
        "C",
        "C — Industri Pengolahan",
        "14111",
    )
    assert len(body["ledger"]) == 24 and body["ledger"][0] == {
        "period": "2025-06",
        "wage": "4500000.00",
        "status": "paid",
    }
    assert api.get(f"/api/v1/registry/participants/{bpn_participant.pk}/").status_code == 404
    assert api.post(f"/api/v1/registry/participants/{bpn_participant.pk}/check/", {}).status_code == 404


def test_api_check_returns_verdict(api, solo_verifier, solo_participant):
    """POST .../check/ answers the engine's verdict JSON for the registry data."""
    api.force_authenticate(solo_verifier)
    url = f"/api/v1/registry/participants/{solo_participant.pk}/check/"
    body = api.post(url, {"phk_date": "2025-06-15", "phk_reason": "efficiency", "decision_date": "2025-07-03"}).json()
    assert body["eligible"] is True and body["payer"] == "bpjs" and body["total"] == "16200000"
    assert [c["code"] for c in body["criteria"]][0] == "NOT_CITIZEN"
    body = api.post(url, {"phk_date": "2025-06-15", "phk_reason": "retirement", "decision_date": "2025-07-03"}).json()
    assert body["eligible"] is False and body["failed"] == ["EXCLUDED_REASON"]
    assert body["schedule"] == [] and body["total"] == "0"


def test_api_check_validation(api, solo_verifier, solo_participant):
    """Bad input answers 400 with a message per field."""
    api.force_authenticate(solo_verifier)
    url = f"/api/v1/registry/participants/{solo_participant.pk}/check/"
    response = api.post(url, {"phk_date": "2025-02-30", "phk_reason": "bored"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"phk_date", "phk_reason"}
    response = api.post(url, {"phk_date": "2025-08-01", "phk_reason": "efficiency", "decision_date": "2025-07-03"})
    assert response.status_code == 400 and "phk_date" in response.json()["errors"]
    response = api.post(url, {"phk_date": "2020-01-01", "phk_reason": "efficiency", "decision_date": "2020-02-01"})
    assert response.status_code == 400 and "decision_date" in response.json()["errors"]


def test_api_refuses_workers(api, make_user, solo_participant):
    """Workers and anonymous clients cannot use the registry API."""
    assert api.get("/api/v1/registry/participants/").status_code in (401, 403)
    api.force_authenticate(make_user("worker"))
    assert api.get("/api/v1/registry/participants/").status_code == 403
    assert api.post(f"/api/v1/registry/participants/{solo_participant.pk}/check/", {}).status_code == 403


def test_api_list_query_count(api, solo_verifier, offices, django_assert_max_num_queries):
    """The API list costs a fixed number of queries."""
    employer = EmployerFactory(office=offices["solo"])
    ParticipantFactory.create_batch(30, employer=employer)
    api.force_authenticate(solo_verifier)
    with django_assert_max_num_queries(4):
        assert len(api.get("/api/v1/registry/participants/").json()["results"]) == 25
