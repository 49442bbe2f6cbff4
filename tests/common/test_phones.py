"""Indonesian phone numbers (jkp_portal/common/phones.py): mobiles for SMS in
the national form, any number (an office's telephone) in E.164."""

import pytest
from django.core.exceptions import ValidationError

from jkp_portal.common.phones import indonesian_mobile, indonesian_phone


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


def test_the_mobile_rule_is_unchanged_a_fixed_line_is_no_mobile():
    assert indonesian_mobile("+62 812-3456-7890") == "081234567890"
    with pytest.raises(ValidationError):
        indonesian_mobile("0271 714050")
