"""Indonesian number formatting for charts' labels, downloads and the plain-text
report (thousands with ".", decimals with ",")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _


def number(value) -> str:
    if value is None:
        return "—"
    return f"{int(value):,}".replace(",", ".")


def decimal1(value) -> str:
    if value is None:
        return "—"
    return f"{float(value):,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")


def pct(value) -> str:
    return "—" if value is None else f"{decimal1(value)} %"


def change(value) -> str:
    """A year-on-year change: "+12,5 %", "−3,0 %"."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{decimal1(abs(value))} %"


def rupiah(value) -> str:
    if value is None:
        return "—"
    whole = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"Rp {number(whole)}"


def days(value) -> str:
    """A decision-time percentile (dimensions.Percentile) in days."""
    if value is None:
        return "—"
    return _("%(days)s hari") % {"days": value}


def rupiah_short(value) -> str:
    """Large sums for headline figures: "Rp 197,6 miliar"."""
    if value is None:
        return "—"
    amount = float(value)
    for size, unit in ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta")):
        if abs(amount) >= size:
            return f"Rp {decimal1(amount / size)} {unit}"
    return rupiah(value)
