"""Registry imports are a registry officer's job, limited to their office scope, and staged:
nothing changes until a second officer (same or higher office, never the uploader) approves the
diff; every applied field change is in the audit trail (issue 14)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import (
    Contribution,
    Employer,
    Participant,
    RegistryImport,
    RegistryImportFlip,
    StagedContribution,
    StagedEmployer,
)
from claims.services.registry.decisions import registry_import_approve, registry_import_cancel, registry_import_reject
from claims.services.registry.staging import registry_import_run, registry_import_start
from jkp_portal.accounts.models import Office
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.exceptions import ApplicationError
from tests.claims.factories import EmployerFactory, ParticipantFactory, add_contributions, nik_for
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 16)
CON_HEADER = "nik,period,wage,status\n"
PAR_HEADER = (
    "nik,kpj,full_name,birth_date,citizenship,employer_npp,contract_type,contract_start,contract_end,"
    "jkp_registered_on,programs,jkn_segment,phone,email\n"
)
EMP_HEADER = "npp,name,size,sector,province_code,regency,office_code,bankrupt_or_closed\n"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, 0), tick=False):
        yield


@pytest.fixture
def offices(db):
    head = OfficeFactory(code="HQ", name="Kantor Pusat Uji", kind=Office.Kind.HEAD)
    regional = OfficeFactory(code="RG-JTD", name="Kanwil Uji", kind=Office.Kind.REGIONAL, parent=head)
    solo = OfficeFactory(code="BR-SKA", name="KC Uji Surakarta", parent=regional)
    bpn = OfficeFactory(code="BR-BPN", name="KC Uji Balikpapan", province_codes=["64"], parent=head)
    return {"head": head, "regional": regional, "solo": solo, "bpn": bpn}


@pytest.fixture
def solo_worker(offices):
    """Six paid months in the 24 before today: not eligible (needs 12)."""
    employer = EmployerFactory(npp="NPP-SOLO", name="PT Bengawan Uji", office=offices["solo"], size="large")
    p = ParticipantFactory(
        employer=employer,
        full_name="Sri Wahyuni",
        nik=nik_for(dt.date(1990, 10, 20), female=True, serial=9),
        sex="F",
    )
    add_contributions(p, start="2026-04", months=6, wage=Decimal("4500000"))
    return p


@pytest.fixture
def bpn_worker(offices):
    employer = EmployerFactory(npp="NPP-BPN", name="PT Mahakam Uji", office=offices["bpn"], province_code="64")
    p = ParticipantFactory(employer=employer, full_name="Rahmat Hidayat")
    add_contributions(p, start="2026-04", months=6)
    return p


@pytest.fixture
def officers(make_user, offices):
    return {
        "solo": make_user("registry_officer", office=offices["solo"], username="petugas.solo"),
        "solo2": make_user("registry_officer", office=offices["solo"], username="petugas.solo2"),
        "regional": make_user("registry_officer", office=offices["regional"], username="petugas.jateng"),
        "bpn": make_user("registry_officer", office=offices["bpn"], username="petugas.bpn"),
        "head": make_user("registry_officer", office=offices["head"], username="petugas.pusat"),
    }


def months(start: str, n: int) -> list[str]:
    y, m = (int(x) for x in start.split("-"))
    out = []
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def stage(kind: str, body: str, actor) -> RegistryImport:
    imp = registry_import_start(kind=kind, source_name=f"{kind}.csv", actor=actor)
    return registry_import_run(registry_import=imp, source=io.BytesIO(body.encode()), actor=actor)


def twelve_more_months(p) -> str:
    """12 paid months before the six already paid; plus one month already paid, unchanged."""
    rows = [f"{p.nik},{m},4500000,paid\n" for m in months("2025-04", 12)]
    rows.append(f"{p.nik},2026-04,4500000,paid\n")
    return CON_HEADER + "".join(rows)


# --- who may import ---------------------------------------------------------------------


@pytest.mark.parametrize("roles", [("verifier",), ("approver",), ("supervisor",), ("supervisor", "approver")])
def test_other_staff_get_403_on_import_pages(client, make_user, offices, officers, solo_worker, roles):
    """Verifiers, approvers and supervisors cannot open, upload, approve or reject registry imports."""
    imp = stage("contributions", twelve_more_months(solo_worker), officers["solo"])
    client.force_login(make_user(*roles, office=offices["solo"]))
    upload = SimpleUploadedFile("iuran.csv", twelve_more_months(solo_worker).encode(), content_type="text/csv")
    assert client.get(reverse("claims:registry_import")).status_code == 403
    assert client.post(reverse("claims:registry_import"), {"kind": "contributions", "file": upload}).status_code == 403
    assert client.get(reverse("claims:registry_import_detail", args=[imp.pk])).status_code == 403
    for name in ("registry_import_approve", "registry_import_reject", "registry_import_cancel"):
        assert client.post(reverse(f"claims:{name}", args=[imp.pk])).status_code == 403
    assert RegistryImport.objects.count() == 1
    imp.refresh_from_db()
    assert imp.status == RegistryImport.Status.STAGED


@pytest.mark.parametrize("roles", [("verifier",), ("approver",), ("supervisor",), ("admin",)])
def test_other_staff_get_403_on_import_api(api, make_user, offices, officers, solo_worker, roles):
    imp = stage("contributions", twelve_more_months(solo_worker), officers["solo"])
    api.force_authenticate(make_user(*roles, office=offices["solo"]))
    assert api.get("/api/v1/registry/imports/").status_code == 403
    assert api.get(f"/api/v1/registry/imports/{imp.pk}/").status_code == 403
    assert api.post(f"/api/v1/registry/imports/{imp.pk}/approve/").status_code == 403
    imp.refresh_from_db()
    assert imp.status == RegistryImport.Status.STAGED


def test_service_refuses_a_non_officer(make_user, offices):
    with pytest.raises(ApplicationError):
        registry_import_start(kind="contributions", source_name="x.csv", actor=make_user("supervisor"))


# --- office scope -----------------------------------------------------------------------


def test_branch_officer_cannot_change_another_branch(officers, solo_worker, bpn_worker):
    """Rows about another branch's participants and employers are refused, each with a reason."""
    body = CON_HEADER + f"{solo_worker.nik},2025-04,4500000,paid\n{bpn_worker.nik},2025-04,9999999,paid\n"
    imp = stage("contributions", body, officers["solo"])
    assert (imp.rows_imported, imp.rows_rejected) == (1, 1)
    assert imp.errors[0]["line"] == 3 and "di luar wilayah kantor" in imp.errors[0]["reason"]

    body = EMP_HEADER + "NPP-BPN,PT Ganti Nama,small,S,64,Kota Balikpapan,BR-BPN,false\n"
    imp = stage("employers", body, officers["solo"])
    assert imp.rows_rejected == 1 and "di luar wilayah kantor" in imp.errors[0]["reason"]

    # moving a Balikpapan participant onto a Surakarta employer is also outside the scope
    par = (
        f"{bpn_worker.nik},KPJ9,Nama Palsu,1990-05-01,WNI,NPP-SOLO,PKWTT,2019-01-01,,2022-01-10,"
        "JKN;JKK;JKM;JHT;JP,PPU,0812,\n"
    )
    imp = stage("participants", PAR_HEADER + par, officers["solo"])
    assert imp.rows_rejected == 1 and "di luar wilayah kantor" in imp.errors[0]["reason"]
    # a new employer placed in another office's scope
    body = EMP_HEADER + "NPP-NEW,PT Baru,small,S,64,Kota Balikpapan,BR-BPN,false\n"
    imp = stage("employers", body, officers["solo"])
    assert imp.rows_rejected == 1

    for imp in RegistryImport.objects.filter(status="staged"):
        if imp.rows_imported:
            registry_import_approve(registry_import=imp, actor=officers["solo2"])
    bpn_worker.refresh_from_db()
    assert bpn_worker.full_name == "Rahmat Hidayat"
    assert not Contribution.objects.filter(participant=bpn_worker, period=dt.date(2025, 4, 1)).exists()
    assert Employer.objects.get(npp="NPP-BPN").name == "PT Mahakam Uji"


def test_head_office_imports_nationally(officers, solo_worker, bpn_worker):
    body = CON_HEADER + f"{solo_worker.nik},2025-04,4500000,paid\n{bpn_worker.nik},2025-04,4500000,paid\n"
    imp = stage("contributions", body, officers["head"])
    assert (imp.rows_imported, imp.rows_rejected) == (2, 0)


# --- staging and the two-person rule ----------------------------------------------------------


def test_staged_import_changes_nothing_until_approved(officers, solo_worker):
    before = Contribution.objects.filter(participant=solo_worker).count()
    imp = stage("contributions", twelve_more_months(solo_worker), officers["solo"])
    assert imp.status == RegistryImport.Status.STAGED
    assert Contribution.objects.filter(participant=solo_worker).count() == before
    registry_import_approve(registry_import=imp, actor=officers["solo2"])
    imp.refresh_from_db()
    assert imp.status == RegistryImport.Status.DONE and imp.decided_by == officers["solo2"]
    assert Contribution.objects.filter(participant=solo_worker).count() == before + 12


def test_uploader_cannot_approve_and_approver_must_cover_the_office(officers, solo_worker):
    imp = stage("contributions", twelve_more_months(solo_worker), officers["solo"])
    for who in ("solo", "bpn"):
        with pytest.raises(ApplicationError):
            registry_import_approve(registry_import=imp, actor=officers[who])
    imp.refresh_from_db()
    assert imp.status == RegistryImport.Status.STAGED
    # a higher office (the regional office of the branch) may approve
    registry_import_approve(registry_import=imp, actor=officers["regional"])
    imp.refresh_from_db()
    assert imp.status == RegistryImport.Status.DONE


def test_regional_import_cannot_be_approved_by_a_branch(officers, solo_worker):
    imp = stage("contributions", twelve_more_months(solo_worker), officers["regional"])
    with pytest.raises(ApplicationError):
        registry_import_approve(registry_import=imp, actor=officers["solo"])
    registry_import_approve(registry_import=imp, actor=officers["head"])


def test_reject_and_cancel_change_nothing(officers, solo_worker):
    before = Contribution.objects.filter(participant=solo_worker).count()
    imp = stage("contributions", twelve_more_months(solo_worker), officers["solo"])
    with pytest.raises(ApplicationError):
        registry_import_reject(registry_import=imp, actor=officers["solo"], reason="x")
    registry_import_reject(registry_import=imp, actor=officers["solo2"], reason="bulan tidak cocok")
    imp.refresh_from_db()
    assert imp.status == RegistryImport.Status.REJECTED
    with pytest.raises(ApplicationError):
        registry_import_approve(registry_import=imp, actor=officers["solo2"])
    assert not StagedContribution.objects.filter(registry_import=imp).exists()

    imp2 = stage("contributions", twelve_more_months(solo_worker), officers["solo"])
    with pytest.raises(ApplicationError):
        registry_import_cancel(registry_import=imp2, actor=officers["solo2"])
    registry_import_cancel(registry_import=imp2, actor=officers["solo"])
    imp2.refresh_from_db()
    assert imp2.status == RegistryImport.Status.CANCELLED
    assert Contribution.objects.filter(participant=solo_worker).count() == before
    assert [e.action for e in AuditEvent.objects.filter(object_id=str(imp2.pk), action__startswith="registry_import")]


def test_stale_diff_is_not_applied(officers, solo_worker):
    """If the registry changed after staging, approval is refused: the approver approved another diff."""
    imp = stage("contributions", twelve_more_months(solo_worker), officers["solo"])
    Contribution.objects.filter(participant=solo_worker, period=dt.date(2026, 4, 1)).update(status="arrears")
    Contribution.objects.create(
        participant=solo_worker, period=dt.date(2025, 4, 1), wage=Decimal("100"), status="arrears"
    )
    with pytest.raises(ApplicationError, match="berubah"):
        registry_import_approve(registry_import=imp, actor=officers["solo2"])
    assert Contribution.objects.get(participant=solo_worker, period=dt.date(2025, 4, 1)).wage == Decimal("100")


# --- the diff -------------------------------------------------------------------------------


def test_diff_counts_and_eligibility_flips(officers, solo_worker, offices):
    other = ParticipantFactory(employer=solo_worker.employer)
    add_contributions(other, start="2024-12", months=24)  # eligible before and after
    body = twelve_more_months(solo_worker) + f"{other.nik},2026-10,4700000,paid\n"
    imp = stage("contributions", body, officers["solo"])
    assert (imp.rows_new, imp.rows_changed, imp.rows_unchanged) == (12, 1, 1)
    assert imp.flips == 1
    flip = RegistryImportFlip.objects.get(registry_import=imp)
    assert flip.participant == solo_worker
    assert (flip.eligible_before, flip.eligible_after) == (False, True)
    assert "INSUFFICIENT_CONTRIBUTIONS" in flip.failed_before and not flip.failed_after
    changed = StagedContribution.objects.get(registry_import=imp, change="changed")
    assert changed.diff == {"wage": ["4500000.00", "4700000.00"]}


def test_diff_page_shows_counts_flips_and_buttons(client, officers, solo_worker):
    imp = stage("contributions", twelve_more_months(solo_worker), officers["solo"])
    url = reverse("claims:registry_import_detail", args=[imp.pk])
    client.force_login(officers["solo"])
    page = client.get(url).content.decode()
    assert 'data-testid="rows-new">12<' in page and "Sri Wahyuni" in page and 'data-testid="flip"' in page
    assert reverse("claims:registry_import_approve", args=[imp.pk]) not in page  # the uploader
    assert reverse("claims:registry_import_cancel", args=[imp.pk]) in page
    assert client.post(reverse("claims:registry_import_approve", args=[imp.pk])).status_code == 302
    imp.refresh_from_db()
    assert imp.status == RegistryImport.Status.STAGED
    client.force_login(officers["solo2"])
    page = client.get(url + "?change=new&page=2").content.decode()
    assert reverse("claims:registry_import_approve", args=[imp.pk]) in page
    response = client.post(reverse("claims:registry_import_approve", args=[imp.pk]))
    assert response.status_code == 302
    imp.refresh_from_db()
    assert imp.status == RegistryImport.Status.DONE


def test_reject_and_cancel_buttons_keep_the_reason_and_change_nothing(client, officers, solo_worker):
    """The page's reject (second officer) and cancel (uploader) buttons each run
    their transition with the reason typed; the registry stays as it was."""
    rejected = stage("contributions", twelve_more_months(solo_worker), officers["solo"])
    client.force_login(officers["solo2"])
    response = client.post(reverse("claims:registry_import_reject", args=[rejected.pk]), {"reason": "Berkas salah"})
    assert response.status_code == 302
    rejected.refresh_from_db()
    assert rejected.status == RegistryImport.Status.REJECTED
    cancelled = stage("contributions", twelve_more_months(solo_worker), officers["solo"])
    client.force_login(officers["solo"])
    response = client.post(reverse("claims:registry_import_cancel", args=[cancelled.pk]), {"reason": "Salah unggah"})
    assert response.status_code == 302
    cancelled.refresh_from_db()
    assert cancelled.status == RegistryImport.Status.CANCELLED
    assert AuditEvent.objects.filter(object_id=str(rejected.pk), reason="Berkas salah").exists()
    assert AuditEvent.objects.filter(object_id=str(cancelled.pk), reason="Salah unggah").exists()
    assert not Contribution.objects.filter(participant=solo_worker, wage=Decimal("4700000")).exists()


def test_other_branch_officer_cannot_see_the_import(client, officers, solo_worker):
    imp = stage("contributions", twelve_more_months(solo_worker), officers["solo"])
    client.force_login(officers["bpn"])
    assert client.get(reverse("claims:registry_import_detail", args=[imp.pk])).status_code == 404
    assert client.post(reverse("claims:registry_import_approve", args=[imp.pk])).status_code == 404


# --- audit ------------------------------------------------------------------------------------


def test_every_applied_field_change_is_audited(officers, solo_worker):
    par = (
        f"{solo_worker.nik},{solo_worker.kpj},Sri Wahyuningsih,{solo_worker.birth_date},WNI,NPP-SOLO,PKWTT,"
        f"2019-01-01,,2022-01-10,JKN;JKK;JKM;JHT;JP,PPU,0813-1111-2222,{solo_worker.email}\n"
    )
    imp = stage("participants", PAR_HEADER + par, officers["solo"])
    assert (imp.rows_new, imp.rows_changed) == (0, 1)
    registry_import_approve(registry_import=imp, actor=officers["solo2"])
    solo_worker.refresh_from_db()
    assert solo_worker.full_name == "Sri Wahyuningsih"
    event = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(Participant),
        object_id=str(solo_worker.pk),
        action="registry_change",
    )
    assert event.actor == officers["solo2"]
    assert event.data["fields"] == {
        "full_name": ["Sri Wahyuni", "Sri Wahyuningsih"],
        "phone": ["+6281234567890", "+6281311112222"],  # stored in E.164
    }
    assert event.data["import"] == imp.pk

    # Ledger months are audited on their participant: one event per participant and import.
    other = ParticipantFactory(employer=solo_worker.employer)
    add_contributions(other, start="2026-04", months=2, wage=Decimal("3000000"))
    body = twelve_more_months(solo_worker) + f"{other.nik},2026-05,3000000,arrears\n"
    imp = stage("contributions", body, officers["solo"])
    registry_import_approve(registry_import=imp, actor=officers["solo2"])
    ct = ContentType.objects.get_for_model(Participant)
    events = AuditEvent.objects.filter(content_type=ct, action="registry_change", data__import=imp.pk)
    assert events.count() == 2
    ledger = events.get(object_id=str(solo_worker.pk)).data["contributions"]
    assert sorted(ledger) == months("2025-04", 12)
    assert ledger["2025-04"]["fields"] == {"wage": [None, "4500000.00"], "status": [None, "paid"]}
    assert ledger["2025-04"]["change"] == "new" and ledger["2025-04"]["line"] == 2
    assert events.get(object_id=str(other.pk)).data["contributions"] == {
        "2026-05": {"line": 15, "change": "changed", "fields": {"status": ["paid", "arrears"]}}
    }


def test_employer_change_is_audited_with_office_codes(officers, solo_worker, offices):
    body = EMP_HEADER + "NPP-SOLO,PT Bengawan Uji,small,S,33,Kota Surakarta,BR-SKA,true\n"
    imp = stage("employers", body, officers["solo"])
    assert imp.rows_changed == 1
    registry_import_approve(registry_import=imp, actor=officers["regional"])
    event = AuditEvent.objects.get(action="registry_change")
    fields = event.data["fields"]
    assert fields["bankrupt_or_closed"] == ["false", "true"] and fields["size"] == ["large", "small"]
    assert "name" not in fields


def test_employer_kbli_code_is_staged_diffed_applied_and_audited(officers, solo_worker):
    """A 5-digit KBLI code in the sector column: its section and the code are staged, shown in the
    diff and written on approval; a later file giving only the letter clears the code."""
    body = EMP_HEADER + "NPP-SOLO,PT Bengawan Uji,large,47111,33,Kota Surakarta,BR-SKA,false\n"
    imp = stage("employers", body, officers["solo"])
    staged = StagedEmployer.objects.get(registry_import=imp)
    assert (staged.sector, staged.kbli_code) == ("G", "47111")
    assert staged.diff == {"sector": ["C", "G"], "kbli_code": ["", "47111"]}
    assert Employer.objects.get(npp="NPP-SOLO").sector == "C"  # nothing changes before approval
    registry_import_approve(registry_import=imp, actor=officers["regional"])
    employer = Employer.objects.get(npp="NPP-SOLO")
    assert (employer.sector, employer.kbli_code) == ("G", "47111")
    assert AuditEvent.objects.get(action="registry_change").data["fields"] == staged.diff

    letter_only = stage("employers", body.replace(",47111,", ",g,"), officers["solo"])
    assert StagedEmployer.objects.get(registry_import=letter_only).diff == {"kbli_code": ["47111", ""]}


def test_employer_row_staged_before_kbli_is_refused_as_stale(officers, solo_worker):
    """An import staged before the KBLI migration holds the former slugs: its approval is refused
    (the registry's sector is a section now), nothing is written."""
    body = EMP_HEADER + "NPP-SOLO,PT Bengawan Uji,large,S,33,Kota Surakarta,BR-SKA,false\n"
    imp = stage("employers", body, officers["solo"])
    # as the row was staged by the former code, before the migration mapped the registry's slugs
    StagedEmployer.objects.filter(registry_import=imp).update(
        sector="other", diff={"sector": ["consumer_goods", "other"]}
    )
    with pytest.raises(ApplicationError, match="berubah"):
        registry_import_approve(registry_import=imp, actor=officers["regional"])
    assert Employer.objects.get(npp="NPP-SOLO").sector == "C"


# --- command line ------------------------------------------------------------------------------


def test_command_stages_and_a_second_operator_approves(tmp_path, officers, solo_worker):
    path = tmp_path / "iuran.csv"
    path.write_text(twelve_more_months(solo_worker), encoding="utf-8")
    before = Contribution.objects.count()
    out = io.StringIO()
    call_command("import_registry", contributions=str(path), user="petugas.solo", no_progress=True, stdout=out)
    imp = RegistryImport.objects.get()
    assert imp.status == "staged" and Contribution.objects.count() == before
    with pytest.raises(CommandError):
        call_command("approve_registry_import", str(imp.pk), user="petugas.solo", stdout=io.StringIO())
    call_command("approve_registry_import", str(imp.pk), user="petugas.solo2", stdout=io.StringIO())
    assert Contribution.objects.count() == before + 12

    call_command(
        "import_registry",
        contributions=str(path),
        user="petugas.solo",
        approve_as="petugas.solo2",
        no_progress=True,
        stdout=io.StringIO(),
    )
    assert RegistryImport.objects.filter(status="done").count() == 2
    with pytest.raises(CommandError):
        call_command("import_registry", contributions=str(path), no_progress=True, stdout=io.StringIO())


def test_registry_officer_lands_on_the_import_page_and_sees_it_in_the_menu(client, officers, make_user, offices):
    client.force_login(officers["solo"])
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("claims:registry_import")
    page = client.get(reverse("claims:registry_import")).content.decode()
    assert 'href="/registri/impor/"' in page and "Siapkan impor" in page
    client.force_login(make_user("verifier", office=offices["solo"]))
    assert 'href="/registri/impor/"' not in client.get(reverse("claims:registry_search")).content.decode()


def test_api_lists_decides_and_refuses_the_uploader(api, officers, solo_worker):
    imp = stage("contributions", twelve_more_months(solo_worker), officers["solo"])
    api.force_authenticate(officers["solo"])
    listing = api.get("/api/v1/registry/imports/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert [r["id"] for r in rows] == [imp.pk] and rows[0]["status"] == "staged" and not rows[0]["can_decide"]
    refused = api.post(f"/api/v1/registry/imports/{imp.pk}/approve/")
    assert refused.status_code == 403 and refused.json()["code"] == "four_eyes"
    api.force_authenticate(officers["bpn"])
    assert api.get(f"/api/v1/registry/imports/{imp.pk}/").status_code == 404
    api.force_authenticate(officers["solo2"])
    detail = api.get(f"/api/v1/registry/imports/{imp.pk}/").json()
    assert detail["can_decide"] and detail["rows_new"] == 12 and detail["flip_rows"][0]["eligible_after"] is True
    done = api.post(f"/api/v1/registry/imports/{imp.pk}/approve/")
    assert done.status_code == 200 and done.json()["status"] == "done"
    again = api.post(f"/api/v1/registry/imports/{imp.pk}/reject/", {"reason": "x"}, format="json")
    assert again.status_code == 409


def test_changed_row_edited_after_staging_is_stale(officers, solo_worker):
    body = CON_HEADER + f"{solo_worker.nik},2026-05,4700000,paid\n"
    imp = stage("contributions", body, officers["solo"])
    assert imp.rows_changed == 1
    Contribution.objects.filter(participant=solo_worker, period=dt.date(2026, 5, 1)).update(wage=Decimal("100"))
    with pytest.raises(ApplicationError, match="berubah"):
        registry_import_approve(registry_import=imp, actor=officers["solo2"])
    Contribution.objects.filter(participant=solo_worker, period=dt.date(2026, 5, 1)).update(wage=Decimal("4500000"))
    registry_import_approve(registry_import=imp, actor=officers["solo2"])
    assert Contribution.objects.get(participant=solo_worker, period=dt.date(2026, 5, 1)).wage == Decimal("4700000")


def test_participant_change_that_flips_eligibility_is_shown(officers, solo_worker):
    """A participants file is judged with a trial upsert rolled back: making an eligible worker a
    foreign national flips them to not eligible; the registry is untouched until approval."""
    eligible = ParticipantFactory(employer=solo_worker.employer, nik=nik_for(dt.date(1990, 5, 1), serial=77))
    add_contributions(eligible, start="2024-12", months=24)
    par = (
        f"{eligible.nik},{eligible.kpj},{eligible.full_name},1990-05-01,WNA,NPP-SOLO,PKWTT,2019-01-01,,2022-01-10,"
        f"JKN;JKK;JKM;JHT;JP,PPU,{eligible.phone},{eligible.email}\n"
    )
    imp = stage("participants", PAR_HEADER + par, officers["solo"])
    assert (imp.rows_changed, imp.flips) == (1, 1)
    flip = RegistryImportFlip.objects.get(registry_import=imp)
    assert flip.participant == eligible and (flip.eligible_before, flip.eligible_after) == (True, False)
    assert "NOT_CITIZEN" in flip.failed_after
    eligible.refresh_from_db()
    assert eligible.citizenship == "WNI"
