"""import_registry: COPY-based upsert of employers, participants and contributions, with
per-row errors (file, line, reason), all-or-nothing for unreadable files. Imports are staged by
one registry officer and applied when a second approves (see test_registry_staging.py); here a
national (head office) officer stages and another approves."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from claims.models import Contribution, Employer, Participant, RegistryImport
from claims.services.registry.decisions import registry_import_approve
from claims.services.registry.staging import registry_import_file, registry_import_run, registry_import_start
from jkp_portal.accounts.models import Office, User
from jkp_portal.audit.selectors import audit_events_for
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Error reports are written under a throw-away MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


EMP_HEADER = "npp,name,size,sector,province_code,regency,office_code,bankrupt_or_closed\n"
PAR_HEADER = (
    "nik,kpj,full_name,birth_date,citizenship,employer_npp,contract_type,contract_start,contract_end,"
    "jkp_registered_on,programs,jkn_segment,phone,email\n"
)
CON_HEADER = "nik,period,wage,status\n"
NIK_A = "3372010505900001"  # male, 1990-05-05
NIK_B = "3372014505900002"  # female (day + 40)


def write(tmp_path, name: str, text: str | bytes):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def officer(username: str) -> User:
    head = OfficeFactory(code="HQ-UJI", kind=Office.Kind.HEAD)
    user, _ = User.objects.get_or_create(username=username, defaults={"roles": ["registry_officer"], "office": head})
    return user


def run(kind, path):
    """Stage the file as one head-office registry officer and approve it as another."""
    imp = registry_import_file(kind=kind, path=path, actor=officer("petugas.a"))
    if imp.status == RegistryImport.Status.STAGED:
        registry_import_approve(registry_import=imp, actor=officer("petugas.b"))
        imp.refresh_from_db()
    return imp


def report_rows(imp) -> list[dict]:
    with imp.error_report.open("rb") as fh:
        return list(csv.DictReader(io.StringIO(fh.read().decode("utf-8"))))


@pytest.fixture
def registry(tmp_path):
    """Two employers and two participants imported from CSV."""
    OfficeFactory(code="KC-SKA")
    emp = write(
        tmp_path,
        "emp.csv",
        EMP_HEADER
        + "NPP1,PT Bengawan Tekstil,large,13121,33,Kota Surakarta,KC-SKA,false\n"
        + 'NPP2,"CV Maju, Jaya",small,g,64,Kota Balikpapan,,ya\n',
    )
    par = write(
        tmp_path,
        "par.csv",
        PAR_HEADER
        + f"{NIK_A},KPJ1,Budi Santoso,1990-05-05,WNI,NPP1,PKWTT,2019-01-02,,2022-01-10,JKN;JKK;JKM;JHT;JP,PPU,0812,\n"
        + f"{NIK_B},KPJ2,Siti Rahayu,1991-02-03,WNI,NPP2,PKWT,2020-01-01,2026-12-31,2022-01-10,jkn;JKK;JKM;JHT,PBI,,siti@contoh.id\n",
    )
    assert run("employers", emp).rows_imported == 2
    assert run("participants", par).rows_imported == 2
    return tmp_path


def test_import_creates_rows_with_derived_fields(registry):
    """Employers get their office from office_code and the bankrupt flag; participants get sex from the
    NIK (even when the NIK's date differs from the birth date), programmes upper-cased, empty text kept."""
    e1, e2 = Employer.objects.get(npp="NPP1"), Employer.objects.get(npp="NPP2")
    assert e1.office.code == "KC-SKA" and not e1.bankrupt_or_closed
    assert e2.office is None and e2.bankrupt_or_closed and e2.name == "CV Maju, Jaya" and e2.regency == "64.71"
    a, b = Participant.objects.get(nik=NIK_A), Participant.objects.get(nik=NIK_B)
    assert a.sex == "M" and a.employer == e1 and a.email == "" and a.contract_end is None
    assert b.sex == "F" and b.birth_date == dt.date(1991, 2, 3)  # NIK says 1990-05-05: accepted
    assert b.programs == ["JKN", "JKK", "JKM", "JHT"] and b.jkn_segment == "PBI"
    assert b.contract_end == dt.date(2026, 12, 31)


def test_reimport_updates_and_never_duplicates(registry):
    """Importing the same ledger twice leaves one row per NIK+period; a changed wage or status updates it."""
    con = write(registry, "con.csv", CON_HEADER + f"{NIK_A},2025-01,4500000,paid\n{NIK_A},2025-02,4500000,arrears\n")
    first = run("contributions", con)
    second = run("contributions", con)
    assert Contribution.objects.count() == 2
    assert "2 baru" in first.message and "2 tidak berubah" in second.message
    changed = write(
        registry, "con2.csv", CON_HEADER + f"{NIK_A},2025-02,4750000.50,paid\n{NIK_A},2025-03,4750000,paid\n"
    )
    third = run("contributions", changed)
    assert "1 baru, 1 berubah" in third.message
    feb = Contribution.objects.get(participant__nik=NIK_A, period=dt.date(2025, 2, 1))
    assert feb.wage == Decimal("4750000.50") and feb.status == "paid"
    assert Contribution.objects.count() == 3
    # Participants and employers upsert too.
    par = write(
        registry,
        "par2.csv",
        PAR_HEADER + f"{NIK_A},KPJ1,Budi Santoso Updated,1990-05-05,WNI,NPP2,PKWTT,2019-01-02,,2022-01-10,JKN,PPU,,\n",
    )
    run("participants", par)
    a = Participant.objects.get(nik=NIK_A)
    assert a.full_name == "Budi Santoso Updated" and a.employer.npp == "NPP2"
    assert Participant.objects.count() == 2


def test_bad_rows_reported_with_line_and_reason_good_rows_land(registry):
    """Each refused row is reported with its line (header = line 1) and reason; the good rows are saved."""
    con = write(
        registry,
        "ledger.csv",
        CON_HEADER
        + f"{NIK_A},2025-01,4500000,paid\n"  # 2 ok
        + "3372010505900000,2025-01,4500000,paid\n"  # 3 serial 0000
        + f"{NIK_A},2025-13,4500000,paid\n"  # 4 impossible month
        + f"{NIK_A},2025-02,-100,paid\n"  # 5 negative wage
        + f"{NIK_A},2025-03,4.500.000,paid\n"  # 6 not a number
        + f"{NIK_A},2025-04,4500000,lunas\n"  # 7 unknown status
        + "3372010505900099,2025-01,4500000,paid\n"  # 8 unknown participant
        + f"{NIK_A},2025-05,4500000\n"  # 9 missing field
        + f"{NIK_B},2025-01,3000000,arrears\n"  # 10 ok
        + f"{NIK_A},2099-01,4500000,paid\n",  # 11 future month
    )
    imp = run("contributions", con)
    assert imp.status == RegistryImport.Status.DONE
    assert (imp.rows_total, imp.rows_imported, imp.rows_rejected) == (10, 2, 8)
    assert Contribution.objects.count() == 2
    lines = {e["line"]: e["reason"] for e in imp.errors}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 9, 11]
    assert "0000" in lines[3]
    assert "bulan harus 01–12" in lines[4]
    assert "negatif" in lines[5]
    assert "bukan angka" in lines[6]
    assert "status" in lines[7]
    assert "tidak terdaftar" in lines[8]
    assert "jumlah kolom 3, seharusnya 4" in lines[9]
    assert "masa depan" in lines[11]
    rows = report_rows(imp)
    assert [int(r["line"]) for r in rows] == [3, 4, 5, 6, 7, 8, 9, 11]
    assert {r["file"] for r in rows} == {"ledger.csv"}
    assert rows[5]["key"] == "3372010505900099 2025-01"


def test_participant_row_checks(registry):
    """Impossible dates, unknown enums, unknown employer, bad NIK and bad e-mail are row errors."""
    par = write(
        registry,
        "par.csv",
        PAR_HEADER
        + "3372010505900010,K,Ani,1990-02-30,WNI,NPP1,PKWTT,,,2022-01-10,JKN,PPU,,\n"  # 2 impossible date
        + "3372010505900011,K,Ani,05/05/1990,WNI,NPP1,PKWTT,,,2022-01-10,JKN,PPU,,\n"  # 3 not ISO
        + "3372010505900012,K,Ani,1990-05-05,WNI,NPP9,PKWTT,,,2022-01-10,JKN,PPU,,\n"  # 4 unknown employer
        + "3372010505900013,K,Ani,1990-05-05,WNI,NPP1,KONTRAK,,,2022-01-10,JKN,PPU,,\n"  # 5 contract type
        + "3372013505900014,K,Ani,1990-05-05,WNI,NPP1,PKWTT,,,2022-01-10,JKN,PPU,,\n"  # 6 day 35
        + "3372010505900015,K,Ani,1990-05-05,WNI,NPP1,PKWTT,,,2022-01-10,JKN;XYZ,PPU,,\n"  # 7 programme
        + "3372010505900016,K,Ani,1990-05-05,WNI,NPP1,PKWT,2022-01-01,2021-01-01,2022-01-10,JKN,PPU,,\n"  # 8 end<start
        + "3372010505900017,K,Ani,1990-05-05,WNI,NPP1,PKWTT,,,2022-01-10,JKN,PPU,,bukan-email\n"  # 9 email
        + "3372010505900018,K,Ani,1990-05-05,XX,NPP1,PKWTT,,,2022-01-10,JKN,PPU,,\n"  # 10 citizenship
        + "3372010505900019,K,Ani,1990-05-05,WNA,NPP1,PKWTT,,,2022-01-10,JKN,PPU,,\n",  # 11 ok
    )
    imp = run("participants", par)
    assert imp.rows_imported == 1 and imp.rows_rejected == 9
    lines = {e["line"]: e["reason"] for e in imp.errors}
    assert "bukan tanggal yang ada" in lines[2]
    assert "YYYY-MM-DD" in lines[3]
    assert "NPP9" in lines[4]
    assert "contract_type" in lines[5]
    assert "01–31 atau 41–71" in lines[6]
    assert "XYZ" in lines[7]
    assert "sebelum contract_start" in lines[8]
    assert "email" in lines[9]
    assert "citizenship" in lines[10]
    assert Participant.objects.get(nik="3372010505900019").citizenship == "WNA"


def test_employer_row_checks(registry):
    """Unknown office code, bad province, unknown size and a bad flag are row errors."""
    emp = write(
        registry,
        "emp.csv",
        EMP_HEADER
        + "E1,PT A,large,C,33,Kota Surakarta,KC-XXX,false\n"
        + "E2,PT B,large,C,99,Kota Surakarta,,false\n"
        + "E3,PT C,huge,consumer_goods,33,Kota Surakarta,,false\n"
        + "E4,PT D,large,C,33,Kota Surakarta,,mungkin\n"
        + "E5,PT E,MEDIUM,,33,,,\n",
    )
    imp = run("employers", emp)
    assert imp.rows_imported == 1
    reasons = [e["reason"] for e in imp.errors]
    assert "office_code 'KC-XXX' tidak dikenal" in reasons[0]
    assert "province_code" in reasons[1]
    assert "size" in reasons[2]
    assert "bankrupt_or_closed" in reasons[3]
    e5 = Employer.objects.get(npp="E5")
    assert (e5.size, e5.sector, e5.kbli_code, e5.regency, e5.bankrupt_or_closed) == ("medium", "", "", "", False)


def test_employer_sector_is_a_kbli_section_or_5_digit_code(registry):
    """The sector column takes a KBLI 2020 section letter in either case, or a 5-digit KBLI 2020 code
    (its section from the first two digits, the code kept), or nothing (not known)."""
    emp = write(
        registry,
        "emp.csv",
        EMP_HEADER
        + "K1,PT Garmen,large,14111,33,Kota Surakarta,,false\n"
        + "K2,PT Kretek,large,12011,33,Kota Surakarta,,false\n"
        + "K3,PT Toko,small,g,33,Kota Surakarta,,false\n"
        + "K4,PT Sawit,medium,01262,64,Kota Balikpapan,,false\n"
        + "K5,PT Entah,micro,,33,Kota Surakarta,,false\n",
    )
    imp = run("employers", emp)
    assert (imp.rows_imported, imp.rows_rejected) == (5, 0)
    got = {e.npp: (e.sector, e.kbli_code) for e in Employer.objects.filter(npp__startswith="K")}
    assert got == {
        "K1": ("C", "14111"),
        "K2": ("C", "12011"),
        "K3": ("G", ""),
        "K4": ("A", "01262"),
        "K5": ("", ""),
    }
    assert Employer.objects.get(npp="K1").get_sector_display() == "C — Industri Pengolahan"


def test_employer_sector_junk_and_former_slugs_are_row_errors(registry):
    """An old slug, a letter outside A–U, a code of no KBLI division or any other text: the row is
    refused with an Indonesian reason naming the expected form; nothing is guessed."""
    emp = write(
        registry,
        "emp.csv",
        EMP_HEADER
        + "J1,PT A,large,consumer_goods,33,Kota Surakarta,,false\n"
        + "J2,PT B,large,Z,33,Kota Surakarta,,false\n"
        + "J3,PT C,large,04111,33,Kota Surakarta,,false\n"
        + "J4,PT D,large,1411,33,Kota Surakarta,,false\n"
        + "J5,PT E,large,Manufaktur,33,Kota Surakarta,,false\n"
        + "J6,PT F,large,C,33,Kota Surakarta,,false\n",
    )
    imp = run("employers", emp)
    assert (imp.rows_imported, imp.rows_rejected) == (1, 5)
    reasons = {e["key"]: e["reason"] for e in imp.errors}
    expected = "isi huruf kategori KBLI 2020 (A–U) atau kode KBLI 2020 5 digit, mis. C atau 14111"
    assert reasons["J1"] == f"sector 'consumer_goods': kode sektor lama tidak dipakai lagi; {expected}"
    assert reasons["J2"] == f"sector 'Z': {expected}"
    assert reasons["J3"] == f"sector '04111': golongan pokok 04 tidak ada di KBLI 2020; {expected}"
    assert reasons["J4"] == f"sector '1411': {expected}"
    assert reasons["J5"] == f"sector 'Manufaktur': {expected}"
    assert set(Employer.objects.filter(npp__startswith="J").values_list("npp", flat=True)) == {"J6"}


def test_duplicate_keys_last_row_wins(registry):
    """A key repeated in one file: the last row is imported, each earlier one is refused naming the line
    that replaced it."""
    con = write(
        registry,
        "dup.csv",
        CON_HEADER
        + f"{NIK_A},2025-01,1000000,paid\n"
        + f"{NIK_A},2025-01,2000000,arrears\n"
        + f"{NIK_B},2025-01,3000000,paid\n"
        + f"{NIK_A},2025-01,4000000,paid\n",
    )
    imp = run("contributions", con)
    assert (imp.rows_imported, imp.rows_rejected) == (2, 2)
    assert [(e["line"], e["reason"]) for e in imp.errors] == [
        (2, "kunci ganda dalam berkas; digantikan oleh baris 5"),
        (3, "kunci ganda dalam berkas; digantikan oleh baris 5"),
    ]
    assert Contribution.objects.get(participant__nik=NIK_A).wage == Decimal("4000000")


def test_huge_fields_are_row_errors(registry):
    """A field longer than its column is refused, as is a field beyond the CSV field limit; the rows
    after it are still read."""
    long_name = "A" * 5000
    giant = "B" * 300_000
    par = write(
        registry,
        "par.csv",
        PAR_HEADER
        + f"3372010505900020,K,{long_name},1990-05-05,WNI,NPP1,PKWTT,,,2022-01-10,JKN,PPU,,\n"
        + f"3372010505900021,K,{giant},1990-05-05,WNI,NPP1,PKWTT,,,2022-01-10,JKN,PPU,,\n"
        + "3372010505900022,K,Cici,1990-05-05,WNI,NPP1,PKWTT,,,2022-01-10,JKN,PPU,,\n",
    )
    imp = run("participants", par)
    assert imp.rows_imported == 1 and imp.rows_rejected == 2
    assert "terlalu panjang (5000 karakter, maksimal 200)" in imp.errors[0]["reason"]
    assert imp.errors[1]["line"] == 3
    assert Participant.objects.filter(nik="3372010505900022").exists()


def test_wrong_encoding_imports_nothing(registry):
    """A file that is not UTF-8 is refused as a whole, even when the bad byte comes after thousands
    of good rows: nothing is saved and the reason says so."""
    good = "".join(f"{NIK_A},{2000 + i // 12}-{i % 12 + 1:02d},4500000,paid\n" for i in range(300))
    body = (CON_HEADER + good).encode() + f"{NIK_B},2025-01,3000000,paid\n".encode() + b"3372\xe9,2025-02,1,paid\n"
    imp = run("contributions", write(registry, "latin1.csv", body))
    assert imp.status == RegistryImport.Status.FAILED
    assert "UTF-8" in imp.message and "(baris 303)" in imp.message
    assert imp.rows_imported == 0
    assert Contribution.objects.count() == 0
    assert not imp.error_report


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("nik,period,wage\n3372010505900001,2025-01,1\n", "Kolom wajib tidak ada: status"),
        ("", "Berkas kosong"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "UTF-8"),
        ("<html><body>not a csv</body></html>\n", "Kolom wajib tidak ada"),
    ],
)
def test_unreadable_files_import_nothing(registry, body, expected):
    """Missing columns, an empty file or something that is not CSV: status failed, nothing saved."""
    before = Contribution.objects.count()
    imp = run("contributions", write(registry, "bad.csv", body))
    assert imp.status == RegistryImport.Status.FAILED
    assert expected in imp.message
    assert Contribution.objects.count() == before


def test_bom_extra_columns_and_any_order_are_accepted(registry):
    """A spreadsheet's BOM, columns in another order and extra columns are fine."""
    body = "\ufeffstatus,extra,wage,period,nik\npaid,x,4500000,2025-01," + NIK_A + "\npaid,x,1,2025-13," + NIK_A + "\n"
    imp = run("contributions", write(registry, "bom.csv", body))
    assert imp.rows_imported == 1
    assert imp.errors == [{"line": 3, "key": f"{NIK_A} 2025-13", "reason": "periode 2025-13: bulan harus 01–12"}]


def test_import_is_audited(registry):
    """Every import, done or failed, leaves an audit event with its counts."""
    imp = run("contributions", write(registry, "c.csv", CON_HEADER + f"{NIK_A},2025-01,4500000,paid\n"))
    failed = run("contributions", write(registry, "d.csv", "x\n"))
    staged_event, done_event = list(audit_events_for(imp))[-2:]
    assert staged_event.action == "registry_import_stage" and staged_event.to_state == "staged"
    assert staged_event.data["rows_imported"] == 1 and staged_event.actor_label == "petugas.a"
    assert done_event.action == "registry_import_approve" and done_event.to_state == "done"
    assert done_event.data["inserted"] == 1 and done_event.actor_label == "petugas.b"
    failed_event = list(audit_events_for(failed))[-1]
    assert failed_event.to_state == "failed" and "Kolom wajib" in failed_event.reason


def test_run_from_a_file_object(registry):
    """The service takes any binary file object (browser uploads)."""
    actor = officer("petugas.a")
    imp = registry_import_start(kind="contributions", source_name="upload.csv", actor=actor)
    source = io.BytesIO((CON_HEADER + f"{NIK_A},2025-01,4500000,paid\n").encode())
    registry_import_run(registry_import=imp, source=source, actor=actor)
    assert imp.status == "staged" and imp.rows_imported == 1 and imp.rows_new == 1


def test_command_reports_file_line_and_reason(registry, capsys):
    """The command prints each refused row as file:line and stops with an error on an unreadable file."""
    con = write(registry, "c.csv", CON_HEADER + f"{NIK_A},2025-01,4500000,paid\n{NIK_A},2025-13,1,paid\n")
    out = io.StringIO()
    officer("petugas.a")
    args = ("--user", "petugas.a", "--no-progress")
    call_command("import_registry", "--contributions", str(con), *args, stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "1 dari 2 baris diterima" in text
    assert "c.csv:3:" in text and "bulan harus 01–12" in text
    bad = write(registry, "x.csv", "nik\n1\n")
    with pytest.raises(CommandError, match="Kolom wajib tidak ada"):
        call_command("import_registry", "--contributions", str(bad), *args, stdout=out, stderr=io.StringIO())
    with pytest.raises(CommandError, match="nothing to import"):
        call_command("import_registry", stdout=out)


def test_error_report_cells_never_run_as_formulas(registry):
    """A refused row's key, its reason and the file name come back in the error
    CSV as text: a leading = + - @ gets a quote (no live formula in a spreadsheet)."""
    emp = write(
        registry,
        "=cmd.csv",
        EMP_HEADER
        + '"=HYPERLINK(""http://x"",""klik"")",PT A,large,C,33,Kota Surakarta,KC-XXX,false\n'
        + "@SUM(A1),PT B,large,C,99,Kota Surakarta,,false\n",
    )
    imp = run("employers", emp)
    rows = report_rows(imp)
    assert [r["key"] for r in rows] == ['\'=HYPERLINK("http://x","klik")', "'@SUM(A1)"]
    assert {r["file"] for r in rows} == {"'=cmd.csv"}
    assert not any(r["reason"].startswith(("=", "+", "-", "@")) for r in rows)


def test_domicile_column_is_optional_and_a_blank_keeps_the_recorded_one(registry):
    """``domicile_regency`` (a code or an official name) is stored as its code; a file without
    the column, or a blank cell, keeps the domicile on record; an unknown one is a row error."""
    row_a = f"{NIK_A},KPJ1,Budi Santoso,1990-05-05,WNI,NPP1,PKWTT,2019-01-02,,2022-01-10,JKN;JKK;JKM;JHT;JP,PPU,0812,"
    row_b = f"{NIK_B},KPJ2,Siti Rahayu,1991-02-03,WNI,NPP2,PKWT,2020-01-01,2026-12-31,2022-01-10,JKN,PBI,,"
    header = PAR_HEADER.strip() + ",domicile_regency\n"
    first = run("participants", write(registry, "d1.csv", header + f"{row_a},Kota Surakarta\n{row_b},64.71\n"))
    assert "2 berubah" in first.message
    assert dict(Participant.objects.values_list("nik", "domicile_regency")) == {NIK_A: "33.72", NIK_B: "64.71"}
    # Without the column, and with a blank cell: nothing changes.
    again = run("participants", write(registry, "d2.csv", PAR_HEADER + f"{row_a}\n"))
    blank = run("participants", write(registry, "d3.csv", header + f"{row_b},\n"))
    assert "1 tidak berubah" in again.message and "1 tidak berubah" in blank.message
    assert dict(Participant.objects.values_list("nik", "domicile_regency")) == {NIK_A: "33.72", NIK_B: "64.71"}
    bad = run("participants", write(registry, "d4.csv", header + f"{row_a},Bandung\n"))
    rows = report_rows(bad)
    assert len(rows) == 1 and "domicile_regency" in rows[0]["reason"] and "Bandung" in rows[0]["reason"]
    assert Participant.objects.get(nik=NIK_A).domicile_regency == "33.72"
