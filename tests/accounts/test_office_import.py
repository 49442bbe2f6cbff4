"""The offices CSV import (jkp_portal/accounts/office_import.py): every row is
checked before anything is written, each kind of error is reported with its
line and column, nothing is saved when any row is wrong, a second import of
the same file changes nothing, and each office created or changed has an audit
event naming the changed fields."""

from __future__ import annotations

import pytest

from jkp_portal.accounts.models import Office
from jkp_portal.accounts.office_import import (
    OfficeImportInvalid,
    offices_csv_read,
    offices_import,
    offices_import_file,
)
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.exceptions import ApplicationError
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

HEADER = "code,name,kind,parent_code,regencies,address,phone"
HEAD = 'KP,Kantor Pusat,head,,,"Jl. Gatot Subroto Kav. 79, Jakarta",021 5207797'
JATENG = "KW-JTD,Kanwil Jawa Tengah & DIY,regional,KP,33 34,Jl. Pemuda 140 Semarang,+62243520004"
SOLO = 'KC-SKA,KC Surakarta,branch,KW-JTD,"Kota Surakarta; 33.11 33.13",Jl. Slamet Riyadi 316,(0271) 714050'


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def run(*rows: str, actor="tests", **kwargs):
    return offices_import_file(source=csv_bytes(*rows), actor=actor, source_name="kantor.csv", **kwargs)


def errors_of(*rows: str) -> list[tuple[int, str, str]]:
    with pytest.raises(OfficeImportInvalid) as caught:
        run(*rows)
    return [(e.line, e.column, e.message) for e in caught.value.row_errors]


def test_a_file_creates_the_hierarchy_with_codes_provinces_and_e164_phones():
    result = run(SOLO, JATENG, HEAD)  # children before their parents: the order of the file does not matter
    assert sorted(result.created) == ["KC-SKA", "KP", "KW-JTD"]
    assert result.updated == result.unchanged == []
    head, jateng, solo = (Office.objects.get(code=c) for c in ("KP", "KW-JTD", "KC-SKA"))
    assert head.kind == "head" and head.parent is None and head.province_codes == [] and head.regencies == []
    assert head.phone == "+62215207797" and head.address == "Jl. Gatot Subroto Kav. 79, Jakarta"
    assert jateng.parent == head and jateng.province_codes == ["33", "34"] and jateng.regencies == []
    assert solo.parent == jateng and solo.kind == "branch"
    # "Kota Surakarta" is stored by its code; the branch's provinces follow from its regencies
    assert solo.regencies == ["33.72", "33.11", "33.13"] and solo.province_codes == ["33"]
    assert solo.phone == "+62271714050"


def test_each_created_office_has_an_audit_event_with_its_fields():
    run(HEAD, JATENG)
    jateng = Office.objects.get(code="KW-JTD")
    event = AuditEvent.objects.get(object_id=str(jateng.pk), action="office_created")
    assert event.actor_label == "tests" and event.to_state == "regional" and "kantor.csv" in event.reason
    assert event.data["fields"] == {
        "code": "KW-JTD",
        "name": "Kanwil Jawa Tengah & DIY",
        "kind": "regional",
        "parent": "KP",
        "province_codes": ["33", "34"],
        "regencies": [],
        "address": "Jl. Pemuda 140 Semarang",
        "phone": "+62243520004",
    }


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    run(HEAD, JATENG, SOLO)
    events = AuditEvent.objects.count()
    rows = list(Office.objects.order_by("code").values())
    again = run(HEAD, JATENG, SOLO)
    assert again.created == again.updated == []
    assert sorted(again.unchanged) == ["KC-SKA", "KP", "KW-JTD"]
    assert AuditEvent.objects.count() == events
    assert list(Office.objects.order_by("code").values()) == rows


def test_a_changed_office_is_updated_and_its_audit_event_names_only_the_changed_fields():
    run(HEAD, JATENG, SOLO)
    solo = Office.objects.get(code="KC-SKA")
    moved = 'KC-SKA,KC Surakarta Baru,branch,KW-JTD,"33.72; 33.11",Jl. Slamet Riyadi 316,0271 714051'
    result = run(HEAD, JATENG, moved)
    assert result.updated == ["KC-SKA"] and sorted(result.unchanged) == ["KP", "KW-JTD"]
    solo.refresh_from_db()
    assert solo.name == "KC Surakarta Baru" and solo.regencies == ["33.72", "33.11"]
    event = AuditEvent.objects.get(object_id=str(solo.pk), action="office_updated")
    assert event.data["changes"] == {
        "name": ["KC Surakarta", "KC Surakarta Baru"],
        "regencies": [["33.72", "33.11", "33.13"], ["33.72", "33.11"]],
        "phone": ["+62271714050", "+62271714051"],
    }


def test_a_parent_may_already_exist_and_offices_missing_from_the_file_are_kept_and_reported():
    run(HEAD, JATENG, SOLO)
    result = run("KC-SMG,KC Semarang,branch,KW-JTD,33.74,,")
    assert result.created == ["KC-SMG"]
    assert result.not_in_file == ["KC-SKA", "KP", "KW-JTD"]
    assert Office.objects.get(code="KC-SMG").parent.code == "KW-JTD"
    assert Office.objects.count() == 4


def test_a_branch_may_take_over_a_regency_when_its_old_branch_is_in_the_same_file():
    run(HEAD, JATENG, SOLO)
    solo = 'KC-SKA,KC Surakarta,branch,KW-JTD,"33.72; 33.11",Jl. Slamet Riyadi 316,(0271) 714050'
    result = run(solo, "KC-KLT,KC Klaten,branch,KW-JTD,33.10 33.13,,")
    assert result.created == ["KC-KLT"] and result.updated == ["KC-SKA"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ((HEAD, "KW-X,Kanwil X,provinsi,KP,33,,"), (3, "kind", "jenis kantor provinsi tidak dikenal")),
        ((HEAD, JATENG, "KC-X,KC X,branch,KW-JTD,33.99,,"), (4, "regencies", "Kabupaten/kota 33.99 tidak dikenal")),
        ((HEAD, "KW-X,Kanwil X,regional,KP,99,,"), (3, "regencies", "kode provinsi 99 tidak dikenal")),
        ((HEAD, JATENG, "KC-X,KC X,branch,KW-JTD,33,,"), (4, "regencies", "33 adalah kode provinsi")),
        ((HEAD, JATENG, "KC-X,KC X,branch,KW-JTD,Bandung,,"), (4, "regencies", "Bandung tidak dikenal")),
        ((HEAD, JATENG, "KC-X,KC X,branch,KW-JTD,,,"), (4, "regencies", "sedikitnya satu kabupaten/kota")),
        ((HEAD, "KP2,Kantor Pusat 2,head,,,,"), (3, "kind", "hanya boleh ada satu kantor pusat")),
        (("KP,Kantor Pusat,head,KW-JTD,,,", JATENG), (2, "parent_code", "kantor pusat tidak berinduk")),
        (("KP,Kantor Pusat,head,,33,,",), (2, "regencies", "mencakup seluruh Indonesia")),
        ((HEAD, JATENG, SOLO, "KW-Y,Kanwil Y,regional,KC-SKA,35,,"), (5, "parent_code", "harus kantor pusat")),
        ((HEAD, "KW-Y,Kanwil Y,regional,,35,,"), (3, "parent_code", "harus berinduk ke kantor pusat")),
        ((HEAD, "KC-X,KC X,branch,KP,33.72,,"), (3, "parent_code", "harus kantor wilayah; KP (baris 2)")),
        ((HEAD, "KC-X,KC X,branch,,33.72,,"), (3, "parent_code", "harus berinduk ke kantor wilayah")),
        ((HEAD, "KC-X,KC X,branch,KW-NONE,33.72,,"), (3, "parent_code", "KW-NONE tidak dikenal")),
        ((HEAD, JATENG, "KW-JTD,Kanwil lagi,regional,KP,33,,"), (4, "code", "sudah dipakai di baris 3")),
        ((HEAD, "KW-X,Kanwil X,regional,KP,33,,12345"), (3, "phone", "Nomor telepon tidak valid")),
        ((HEAD, "KW-X,Kanwil X,regional,KP,33,"), (3, "", "jumlah kolom 6, seharusnya 7")),
        ((HEAD, "KW-X,,regional,KP,33,,"), (3, "name", "wajib diisi")),
        ((HEAD, "KW X,Kanwil X,regional,KP,33,,"), (3, "code", "hanya boleh berisi huruf")),
        (
            (HEAD, JATENG, SOLO, "KC-Y,KC Y,branch,KW-JTD,33.13,,"),
            (5, "regencies", "sudah dicakup kantor cabang KC-SKA"),
        ),
    ],
)
def test_each_kind_of_error_names_its_line_and_column(rows, expected):
    line, column, text = expected
    found = errors_of(*rows)
    assert any(e[0] == line and e[1] == column and text in e[2] for e in found), found
    assert not Office.objects.exists()


def test_a_regency_of_two_branches_in_the_file_names_the_first():
    found = errors_of(HEAD, JATENG, SOLO, "KC-Y,KC Y,branch,KW-JTD,Kabupaten Karanganyar,,")
    assert found == [(5, "regencies", "Kabupaten Karanganyar (33.13) sudah dicakup kantor cabang KC-SKA (baris 4)")]


def test_a_regency_of_a_branch_not_in_the_file_is_refused():
    run(HEAD, JATENG, SOLO)
    found = errors_of("KC-Y,KC Y,branch,KW-JTD,33.72,,")
    assert len(found) == 1 and found[0][:2] == (2, "regencies")
    assert "Kota Surakarta (33.72) sudah dicakup kantor cabang KC-SKA yang tidak ada di berkas" in found[0][2]
    assert not Office.objects.filter(code="KC-Y").exists()


def test_a_second_head_office_is_refused_also_against_the_portal():
    OfficeFactory(code="KP-LAMA", name="Kantor Pusat Lama", kind="head", province_codes=[])
    found = errors_of(HEAD)
    assert found == [(2, "kind", "hanya boleh ada satu kantor pusat; kantor pusat lain: KP-LAMA (sudah ada di portal)")]


def test_a_regional_office_cannot_become_a_branch_while_branches_outside_the_file_hang_under_it():
    run(HEAD, JATENG, SOLO)
    found = errors_of("KW-JTD,Kanwil Jawa Tengah & DIY,branch,KP,33.74,,")
    assert (
        2,
        "kind",
        "jenis tidak dapat diubah menjadi kantor cabang: kantor KC-SKA (tidak ada di berkas) berinduk ke kantor ini",
    ) in found
    assert Office.objects.get(code="KW-JTD").kind == "regional"


def test_nothing_is_saved_when_any_row_is_wrong_and_every_error_is_reported():
    bad = (
        HEAD,
        JATENG,
        SOLO,
        "KC-A,KC A,cabang-besar,KW-JTD,33.74,,",  # unknown kind
        "KC-B,KC B,branch,KW-JTD,33.72,,0000",  # regency of KC-SKA, bad phone
        "KC-C,KC C,branch,KW-NONE,Kota Semarang,,",  # unknown parent
    )
    with pytest.raises(OfficeImportInvalid) as caught:
        run(*bad)
    found = [(e.line, e.column) for e in caught.value.row_errors]
    assert found == [(5, "kind"), (6, "regencies"), (6, "phone"), (7, "parent_code")]
    assert "4 kesalahan pada 3 dari 6 baris; tidak ada kantor yang disimpan" in caught.value.message
    assert caught.value.errors["rows"][0].startswith("Baris 5, kolom kind: jenis kantor cabang-besar tidak dikenal")
    assert not Office.objects.exists() and not AuditEvent.objects.filter(action__startswith="office_").exists()


def test_on_error_an_existing_office_keeps_its_values():
    run(HEAD, JATENG, SOLO)
    renamed = SOLO.replace("KC Surakarta", "KC Solo")
    with pytest.raises(OfficeImportInvalid):
        run(HEAD, JATENG, renamed, "KC-X,KC X,branch,KW-JTD,33.99,,")
    assert Office.objects.get(code="KC-SKA").name == "KC Surakarta"
    assert not AuditEvent.objects.filter(action="office_updated").exists()


def test_kinds_names_separators_and_a_semicolon_file_are_understood():
    data = (
        b"code;name;kind;parent_code;regencies;address;phone\n"
        b"KP;Kantor Pusat;Kantor Pusat;;;;\n"
        b"KW-JTD;Kanwil Jateng;kanwil;KP;33;;\n"
        b'KC-SKA;KC Surakarta;cabang;KW-JTD;"Kota Surakarta, Kabupaten Sukoharjo";;\n'
    )
    result = offices_import_file(source=data, actor="tests")
    assert sorted(result.created) == ["KC-SKA", "KP", "KW-JTD"]
    assert Office.objects.get(code="KC-SKA").regencies == ["33.72", "33.11"]


def test_progress_is_told_of_every_row():
    ticks = []
    run(HEAD, JATENG, SOLO, progress=ticks.append)
    assert sum(ticks) == 3
    ticks.clear()
    with pytest.raises(OfficeImportInvalid):
        run(HEAD, "KW-X,Kanwil X,nope,KP,33,,", progress=ticks.append)
    assert sum(ticks) == 2


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"", "Berkas kosong"),
        (b"code,name,kind\nKP,Kantor Pusat,head\n", "Kolom wajib tidak ada: parent_code, regencies, address, phone"),
        (csv_bytes(), "hanya baris judul"),
        (csv_bytes(HEAD, "KW,Kanwil \xe9,regional,KP,33,,").replace("\xe9".encode(), b"\xe9"), "(baris 3)"),
        (csv_bytes(HEAD, 'KW,"Kanwil,regional,KP,33,,'), "rusak"),
        (b"\x00\x01binary", "bukan CSV"),
    ],
)
def test_a_file_that_cannot_be_read_saves_nothing(data, text):
    with pytest.raises(ApplicationError) as caught:
        offices_csv_read(data)
    assert text in caught.value.message and caught.value.errors["csv_file"]


def test_the_rows_as_read_keep_their_line_numbers():
    office_file = offices_csv_read(csv_bytes(HEAD, "", JATENG))
    assert [row.line for row in office_file.rows] == [2, 4]
    result = offices_import(office_file=office_file, actor="tests")
    assert sorted(result.created) == ["KP", "KW-JTD"]
