"""NIK validation per the rules file: 16 digits, day 01–31 or 41–71, month 01–12,
serial not 0000; the embedded date is never compared with the birth date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.eligibility import NikError, nik_sex, validate_nik


@pytest.mark.parametrize(
    "nik, sex",
    [
        ("3515140508680001", "M"),  # rules file: male, born 1968-08-05
        ("3273056010900009", "F"),  # rules file: female, born 1990-10-20 (day 20 + 40)
        ("3273050101000001", "M"),  # day 01, lowest
        ("3273053112990001", "M"),  # day 31, highest male
        ("3273054101990001", "F"),  # day 41, lowest female
        ("3273057112999999", "F"),  # day 71, highest
    ],
)
def test_valid_niks_and_sex(nik: str, sex: str) -> None:
    """The rules file's examples and the day-range edges are valid, with the right sex."""
    validate_nik(nik)
    assert nik_sex(nik) == sex


@pytest.mark.parametrize(
    "nik",
    [
        "351514050868000",  # 15 digits
        "35151405086800011",  # 17 digits
        "",
        "35151405086800A1",  # letter
        "3515 14050868001",  # space
        "351514050868000١",  # Arabic-Indic digit: isdigit() but not ASCII
        "3515140008680001",  # day 00
        "3515143208680001",  # day 32
        "3515144008680001",  # day 40
        "3515147208680001",  # day 72
        "3515140500680001",  # month 00
        "3515140513680001",  # month 13
        "3515140508680000",  # serial 0000
        "3273056000900009",  # female, month 00
    ],
)
def test_invalid_niks_rejected(nik: str) -> None:
    """Malformed NIKs raise NikError (a ValueError) with an Indonesian message."""
    with pytest.raises(NikError) as exc:
        validate_nik(nik)
    assert isinstance(exc.value, ValueError)
    assert "NIK" in str(exc.value)
    with pytest.raises(NikError):
        nik_sex(nik)


def test_non_string_rejected() -> None:
    """An integer is not a NIK (leading zeros would be lost)."""
    with pytest.raises(NikError):
        validate_nik(3515140508680001)  # type: ignore[arg-type]


def test_date_differing_from_birth_date_accepted() -> None:
    """A NIK whose date differs from the recorded birth date is still valid, and so is
    a calendar-impossible date such as 31 February: only ranges are checked."""
    recorded_birth_date = date(1969, 3, 17)
    nik = "3515140508680001"  # encodes 1968-08-05
    assert (recorded_birth_date.day, recorded_birth_date.month) != (int(nik[6:8]), int(nik[8:10]))
    validate_nik(nik)
    validate_nik("3515143102680001")  # 31 February


@st.composite
def generated_nik(draw) -> tuple[str, str]:
    region = draw(st.integers(min_value=110101, max_value=949999))
    birth = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2029, 12, 31)))
    sex = draw(st.sampled_from("MF"))
    serial = draw(st.integers(min_value=1, max_value=9999))
    day = birth.day + (40 if sex == "F" else 0)
    nik = f"{region:06d}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
    return nik, sex


@given(generated_nik())
def test_generated_nik_round_trips_sex(case: tuple[str, str]) -> None:
    """Any NIK built from a region, birth date, sex and serial is valid and gives back its sex."""
    nik, sex = case
    validate_nik(nik)
    assert nik_sex(nik) == sex


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_validation_matches_the_rule(nik: str) -> None:
    """For any 16 digits, validity is exactly: day 01–31/41–71, month 01–12, serial ≠ 0000."""
    day, month, serial = int(nik[6:8]), int(nik[8:10]), nik[12:]
    expected = (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12 and serial != "0000"
    try:
        validate_nik(nik)
        valid = True
    except NikError:
        valid = False
    assert valid == expected
