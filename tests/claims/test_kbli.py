"""KBLI 2020: the 21 sections and their titles, the divisions of each, and how a
registry value becomes (section, code)."""

import pytest

from claims.kbli import DIVISIONS, TITLES, KbliError, Sector, parse_sector, section_label, section_of_code, short_label
from claims.models import Sector as ModelSector


def test_the_21_sections_stored_as_their_letter_with_the_official_title():
    assert Sector.values == list("ABCDEFGHIJKLMNOPQRSTU")
    assert ModelSector is Sector  # the old import path keeps working
    assert Sector.C.label == "C — Industri Pengolahan"
    assert str(TITLES["G"]) == "Perdagangan Besar dan Eceran; Reparasi dan Perawatan Mobil dan Sepeda Motor"
    assert str(section_label("U")) == "U — Aktivitas Badan Internasional dan Badan Ekstra Internasional Lainnya"
    assert section_label("") == "" and section_label("Z") == ""


def test_short_labels_only_where_the_title_is_long():
    assert str(short_label("N")) == "N — Penyewaan dan Penunjang Usaha"
    assert str(short_label("F")) == "F — Konstruksi"  # short already: the official title
    assert all(len(str(short_label(code))) <= 45 for code in Sector.values)


@pytest.mark.parametrize(
    ("division", "section"),
    [("01", "A"), ("03", "A"), ("05", "B"), ("10", "C"), ("12", "C"), ("33", "C"), ("35", "D"), ("39", "E")]
    + [("43", "F"), ("47", "G"), ("53", "H"), ("56", "I"), ("63", "J"), ("66", "K"), ("68", "L"), ("75", "M")]
    + [("82", "N"), ("84", "O"), ("85", "P"), ("88", "Q"), ("93", "R"), ("96", "S"), ("98", "T"), ("99", "U")],
)
def test_divisions_map_to_their_section(division, section):
    assert DIVISIONS[division] == section


def test_88_divisions_and_the_gaps_are_not_divisions():
    assert len(DIVISIONS) == 88
    assert set(DIVISIONS.values()) == set(Sector.values)
    for gap in ("00", "04", "34", "40", "44", "48", "54", "57", "67", "76", "83", "89"):
        assert gap not in DIVISIONS


def test_section_of_a_code():
    assert section_of_code("14111") == "C"
    assert section_of_code("47111") == "G"
    assert section_of_code("04111") is None  # no division 04
    assert section_of_code("1411") is None and section_of_code("C") is None and section_of_code("") is None


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("C", ("C", "")),
        ("c", ("C", "")),  # either case
        (" g ", ("G", "")),
        ("U", ("U", "")),
        ("14111", ("C", "14111")),  # garment
        ("12011", ("C", "12011")),  # kretek cigarettes
        ("01262", ("A", "01262")),  # oil palm
        ("", ("", "")),  # not known
    ],
)
def test_parse_accepts_a_letter_or_a_5_digit_code(value, parsed):
    assert parse_sector(value) == parsed


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("consumer_goods", "kode sektor lama tidak dipakai lagi"),
        ("OTHER", "kode sektor lama tidak dipakai lagi"),
        ("04111", "golongan pokok 04 tidak ada di KBLI 2020"),
        ("V", "huruf kategori KBLI 2020 (A–U) atau kode KBLI 2020 5 digit"),
        ("1411", "huruf kategori KBLI 2020 (A–U) atau kode KBLI 2020 5 digit"),
        ("141110", "huruf kategori KBLI 2020 (A–U) atau kode KBLI 2020 5 digit"),
        ("C14111", "huruf kategori KBLI 2020 (A–U) atau kode KBLI 2020 5 digit"),
        ("Industri", "huruf kategori KBLI 2020 (A–U) atau kode KBLI 2020 5 digit"),
    ],
)
def test_parse_refuses_anything_else_naming_the_expected_form(value, message):
    with pytest.raises(KbliError) as err:
        parse_sector(value)
    assert message in str(err.value)
    assert "mis. C atau 14111" in str(err.value)
