"""Indonesian phone numbers, checked with Google's libphonenumber data
(``phonenumbers``): the prefixes and lengths of Indonesian operators and area
codes change, and a hand-written pattern let through numbers no SMS can reach."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
# The usual spellings of a mobile number (``0812…``, ``+62 812…``, ``62812…``),
# checked against the library's own pattern for Indonesian mobile numbers: a
# registry import reads a million of them, and a full parse costs 30 µs each.
_MOBILE_PATTERN = re.compile(phonenumbers.PhoneMetadata.metadata_for_region("ID").mobile.national_number_pattern)
_COMMON_SPELLING = re.compile(r"(?:\+?62|0)(8\d{7,11})")
_SEPARATORS = re.compile(r"[\s\-.()]")


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
    """The number in E.164 (``+6281234567890``), the one form the portal
    stores, whatever the spelling typed (``0812-3456-7890``, ``6281234567890``);
    ValidationError when it is not an Indonesian mobile number (SMS is sent to it)."""
    common = _COMMON_SPELLING.fullmatch(_SEPARATORS.sub("", value or ""))
    if common and _MOBILE_PATTERN.fullmatch(common.group(1)):
        return "+62" + common.group(1)
    message = _("Nomor ponsel tidak valid (contoh: 081234567890).")
    number = _indonesian(value, message)
    if phonenumbers.number_type(number) not in _MOBILE:
        raise ValidationError(message, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mobile_or_blank(value: str) -> str:
    """``indonesian_mobile`` for a number read from a record (registry,
    account): ``""`` when it is blank or no Indonesian mobile number, so no SMS
    is ever sent to it."""
    try:
        return indonesian_mobile(value) if (value or "").strip() else ""
    except ValidationError:
        return ""


def phone_display(value: str) -> str:
    """A stored number as people write it at home (``0812-3456-7890``,
    ``(0271) 714050``); anything unparsable is shown as stored."""
    try:
        number = phonenumbers.parse(value or "", "ID")
    except phonenumbers.NumberParseException:
        return value or ""
    if number.country_code != 62:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone_masked(value: str) -> str:
    """Only the last four digits (``••••7890``): what a page may show of a
    number it sent a code to."""
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    return f"••••{digits[-4:]}" if len(digits) >= 4 else "••••"


def indonesian_phone(value: str) -> str:
    """Any Indonesian number, fixed line or mobile (an office's telephone), in
    E.164 (``+62271714050``) whatever the spelling typed (``0271 714050``,
    ``(0271) 714-050``); ``""`` for blank; ValidationError otherwise."""
    if not (value or "").strip():
        return ""
    number = _indonesian(value, _("Nomor telepon tidak valid (contoh: 0271 714050 atau +62271714050)."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def rewrite_stored_phones(model, field: str = "phone", *, mobile: bool = True, batch: int = 5000) -> int:
    """For data migrations: rewrite every stored number of ``model.field`` in
    E.164. ``mobile``: a number that is no Indonesian mobile becomes blank (SMS
    could never reach it); otherwise (an office's line) an unparsable one is
    kept as typed. Returns how many rows changed."""
    convert = mobile_or_blank if mobile else _phone_or_same
    changed = []
    count = 0
    rows = model.objects.exclude(**{field: ""}).only("pk", field).order_by("pk")
    for row in rows.iterator(chunk_size=batch):
        value = getattr(row, field)
        new = convert(value)
        if new != value:
            setattr(row, field, new)
            changed.append(row)
        if len(changed) >= batch:
            model.objects.bulk_update(changed, [field])
            count += len(changed)
            changed.clear()
    if changed:
        model.objects.bulk_update(changed, [field])
        count += len(changed)
    return count


def _phone_or_same(value: str) -> str:
    try:
        return indonesian_phone(value)
    except ValidationError:
        return value
