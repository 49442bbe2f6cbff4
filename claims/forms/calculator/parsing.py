"""Reading the calculator's wire formats: months ("TTTT-BB"), rupiah, dates, month counts."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_iso_date(text: str) -> bool:
    if not _ISO_DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_month(text: Any) -> tuple[int, int]:
    """``"2024-07"`` -> ``(2024, 7)``; ValueError with an Indonesian message otherwise."""
    match = _MONTH_RE.match(str(text).strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(
            _("“%(value)s” bukan bulan yang valid: gunakan format TTTT-BB, mis. 2024-07.") % {"value": text}
        )
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(_("“%(value)s”: bulan harus 01 sampai 12.") % {"value": text})
    if year < 1900:
        raise ValueError(_("“%(value)s”: tahun tidak masuk akal.") % {"value": text})
    return year, month


_PLAIN = re.compile(r"^\d+(,\d{1,2})?$")
_GROUPED_ID = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")


def parse_rupiah(text: str) -> Decimal:
    """Indonesian money input -> Decimal: "4.500.000", "Rp 4.500.000,00", "4500000".

    Dots group thousands and a comma starts the (at most 2) decimals, as written
    in Indonesia. Anything else raises ValueError with an Indonesian message.
    """
    cleaned = re.sub(r"\s+", "", text or "")
    cleaned = re.sub(r"^(?i:rp)\.?", "", cleaned)
    if cleaned.startswith("-"):
        raise ValueError(_("Upah tidak boleh negatif."))
    if not (_PLAIN.match(cleaned) or _GROUPED_ID.match(cleaned)):
        raise ValueError(_("Tulis upah dalam rupiah, mis. 4.500.000 atau 4500000."))
    try:
        return Decimal(cleaned.replace(".", "").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        raise ValueError(_("Tulis upah dalam rupiah, mis. 4.500.000 atau 4500000."))


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def index_month(idx: int) -> tuple[int, int]:
    return idx // 12, idx % 12 + 1


def months_from_count(phk_date: date, count: int, *, last_six_consecutive: bool) -> frozenset[tuple[int, int]]:
    """The simple mode's answer as paid months ending at the PHK month.

    ``count`` months are laid back from the PHK month. When the last six were
    not paid without a break, the month before the PHK month is left unpaid, so
    no run of six ends in the PHK month or the month before it.
    """
    phk_idx = month_index(phk_date.year, phk_date.month)
    out = []
    idx = phk_idx
    while len(out) < count:
        if not (not last_six_consecutive and idx == phk_idx - 1):
            out.append(index_month(idx))
        idx -= 1
    return frozenset(out)
