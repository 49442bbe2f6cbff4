"""The demo's industries: each writes a KBLI 2020 section and a code of that section, and is
read back from them."""

import pytest

from claims.kbli import parse_sector, section_of_code
from jkp_portal.demo.industries import CODES, DEFAULT_CODES, SECTIONS, industry_of, kbli_for


def test_every_code_is_a_5_digit_kbli_code_of_a_known_division():
    for code in [*CODES.values(), *DEFAULT_CODES.values()]:
        assert section_of_code(code) is not None, code


@pytest.mark.parametrize(
    ("industry", "name", "expected"),
    [
        ("consumer_goods", "PT Bengawan Tekstil Nusantara", ("C", "13121")),
        ("consumer_goods", "PT Lawu Garmen Mandiri", ("C", "14111")),
        ("consumer_goods", "PT Muria Kretek Jaya", ("C", "12011")),
        ("consumer_goods", "PT Merapi Utama", ("C", "14111")),  # no telling word: the industry's default
        ("chemicals", "PT Kimia Abadi", ("C", "20111")),
        ("trade_services", "PT Mahakam Niaga Sentosa", ("G", "")),  # the section only
        ("trade_services", "CV Progo Swalayan Makmur", ("G", "47111")),
        ("plantation", "PT Kapuas Sawit Lestari", ("A", "01262")),
        ("other", "PT Apa Saja", ("S", "")),
    ],
)
def test_an_employer_gets_its_section_and_the_code_its_name_suggests(industry, name, expected):
    assert kbli_for(industry, name) == expected


def test_the_industry_is_read_back_from_section_and_code():
    for industry in SECTIONS:
        section, code = kbli_for(industry, "PT Uji")
        assert parse_sector(code or section) == (section, code)
        assert industry_of(section, code) == industry, industry
    assert industry_of("C", "12011") == "consumer_goods" and industry_of("C", "20221") == "chemicals"
    assert industry_of("", "") == "other" and industry_of("Q", "") == "other"
