"""Indonesian phone numbers, checked with Google's libphonenumber data
(``phonenumbers``): the prefixes and lengths of Indonesian operators and area
codes change, and a hand-written pattern let through numbers no SMS can reach."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _indonesian(value: str, message: str) -> phonenumbers.PhoneNumber:
    """``value`` as a valid Indonesian number, whatever the spelling typed
    (``+62 271 714050``, ``0271-714050``, ``6281234567890``); else ValidationError."""
    try:
        number = phonenumbers.parse(value or "", "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(message, code="invalid_phone") from exc
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise ValidationError(message, code="invalid_phone")
    return number


def indonesian_mobile(value: str) -> str:
    """The number in the usual national form (``081234567890``) whatever the
    spelling typed (``+62 812-3456-7890``, ``6281234567890``); ValidationError
    when it is not an Indonesian mobile number (SMS is sent to it)."""
    message = _("Nomor ponsel tidak valid (contoh: 081234567890).")
    number = _indonesian(value, message)
    if phonenumbers.number_type(number) not in _MOBILE:
        raise ValidationError(message, code="invalid_phone")
    return f"0{number.national_number}"


def indonesian_phone(value: str) -> str:
    """Any Indonesian number, fixed line or mobile (an office's telephone), in
    E.164 (``+62271714050``) whatever the spelling typed (``0271 714050``,
    ``(0271) 714-050``); ``""`` for blank; ValidationError otherwise."""
    if not (value or "").strip():
        return ""
    number = _indonesian(value, _("Nomor telepon tidak valid (contoh: 0271 714050 atau +62271714050)."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
