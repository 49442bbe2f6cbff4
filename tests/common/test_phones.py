"""Indonesian phone numbers (jkp_portal/common/phones.py): mobiles for SMS in
the national form, any number (an office's telephone) in E.164."""

import pytest
from django.core.exceptions import ValidationError

from jkp_portal.common.phones import indonesian_mobile, indonesian_phone, mobile_or_blank, phone_display, phone_masked


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0271 714050", "+62271714050"),
        ("(0271) 714-050", "+62271714050"),
        ("+62 21 5207797", "+62215207797"),
        ("6281234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_any_indonesian_number_is_kept_in_e164(typed, stored):
    assert indonesian_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "+65 6234 5678", "telepon kantor", "0271"])
def test_a_number_that_is_not_indonesian_or_not_a_number_is_refused(typed):
    with pytest.raises(ValidationError) as caught:
        indonesian_phone(typed)
    assert caught.value.code == "invalid_phone"
    assert "Nomor telepon tidak valid" in caught.value.messages[0]


@pytest.mark.parametrize("typed", ["+62 812-3456-7890", "0812 3456 7890", "6281234567890", "(0812) 3456-7890"])
def test_a_mobile_number_is_kept_in_e164_whatever_the_spelling(typed):
    assert indonesian_mobile(typed) == "+6281234567890"


@pytest.mark.parametrize("typed", ["0271 714050", "0800 123 4567", "0812", "+65 9123 4567", "0812345678901234"])
def test_a_fixed_line_or_a_foreign_or_short_number_is_no_mobile(typed):
    with pytest.raises(ValidationError):
        indonesian_mobile(typed)
    assert mobile_or_blank(typed) == ""


def test_the_quick_path_agrees_with_the_library_on_every_mobile_prefix():
    """The registry import's quick path must accept exactly what a full parse accepts."""
    import phonenumbers

    for prefix in range(800, 900):
        for length in range(7, 13):
            national = f"{prefix}{'7' * length}"
            number = phonenumbers.parse("0" + national, "ID")
            expected = phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            )
            assert (mobile_or_blank("0" + national) == "+62" + national) is expected, national


def test_people_read_a_number_as_they_write_it_and_a_page_shows_only_four_digits():
    assert phone_display("+6281234567890") == "0812-3456-7890"
    assert phone_display("+62271714050") == "(0271) 714050"
    assert phone_masked("+6281234567890") == "••••7890"
