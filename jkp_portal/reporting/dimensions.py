"""The dimensions of the dashboard figures, the pre-aggregated grains, and the
decision-time histogram. Plain Python (no Django models), shared by the refresh
SQL, the selectors, the exports and the monthly report.

Every summary table has one row per combination of

    month × office × province × sector × sex × age band × contract type × rule set

at the ``FULL`` grain, and the same figures rolled up over the demographic
dimensions at smaller grains (``BASE`` keeps month, office, province and rule
set; ``SECTOR`` adds the sector; and so on). A query reads the smallest grain
that still holds every dimension it filters or breaks down by, so the
unfiltered national dashboard adds up a few thousand rows instead of hundreds
of thousands (see ``grain_for``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

# Age at submission, in whole years: (code, lowest age, label).
AGE_BANDS: tuple[tuple[int, int, object], ...] = (
    (0, 0, _("< 25")),
    (1, 25, _("25–29")),
    (2, 30, _("30–39")),
    (3, 40, _("40–49")),
    (4, 50, _("50+")),
)
AGE_BAND_LABELS = {code: label for code, _low, label in AGE_BANDS}


def age_band_of(age: int) -> int:
    band = 0
    for code, low, _label in AGE_BANDS:
        if age >= low:
            band = code
    return band


class Grain:
    """Grain codes stored in the summary tables' ``grain`` column."""

    FULL = 0  # every dimension
    BASE = 1  # month, office, province, rule set
    SECTOR = 2  # BASE + sector
    AGE_BAND = 3  # BASE + age band
    SEX = 4  # BASE + sex
    CONTRACT_TYPE = 5  # BASE + contract type
    NATIONAL = 6  # every dimension but the office (national figures filtered on several demographics)


# The demographic dimensions (the ones rolled up) and the grain that keeps each alone.
DEMOGRAPHIC_GRAINS: dict[str, int] = {
    "sector": Grain.SECTOR,
    "age_band": Grain.AGE_BAND,
    "sex": Grain.SEX,
    "contract_type": Grain.CONTRACT_TYPE,
}
DEMOGRAPHIC_DIMENSIONS: tuple[str, ...] = tuple(DEMOGRAPHIC_GRAINS)
# Dimensions present at every grain.
BASE_DIMENSIONS: tuple[str, ...] = ("month", "office_id", "province", "rule_set")


def grain_for(dimensions: Iterable[str], *, by_office: bool = True) -> int:
    """The smallest grain holding every dimension in ``dimensions`` (filters
    plus the breakdown of a query). ``by_office`` False (national figures, no
    office filter or breakdown) lets several demographics be read from the
    NATIONAL grain, a fraction of the FULL one."""
    demographic = {d for d in dimensions if d in DEMOGRAPHIC_GRAINS}
    if not demographic:
        return Grain.BASE
    if len(demographic) == 1:
        return DEMOGRAPHIC_GRAINS[demographic.pop()]
    return Grain.FULL if by_office else Grain.NATIONAL


def rollup_grains() -> list[tuple[int, bool, tuple[str, ...]]]:
    """(grain, office kept?, demographic dimensions kept) for every grain built from FULL."""
    return (
        [(Grain.BASE, True, ())]
        + [(grain, True, (dim,)) for dim, grain in DEMOGRAPHIC_GRAINS.items()]
        + [(Grain.NATIONAL, False, DEMOGRAPHIC_DIMENSIONS)]
    )


# --- decision time ------------------------------------------------------------------
# Days from submission to decision, counted in a histogram with one bucket per
# day up to 30 days, then wider buckets; the last one is open-ended. Medians and
# 90th percentiles are read from the summed histogram (``percentile``), so they
# can be computed for any filter from the summary tables alone.
DECISION_BUCKETS: tuple[tuple[int, int | None], ...] = tuple((d, d) for d in range(31)) + (
    (31, 45),
    (46, 60),
    (61, 90),
    (91, None),
)


def bucket_sql(column: str) -> list[str]:
    """SQL conditions, one per bucket, for a day count in ``column``."""
    conditions = []
    for low, high in DECISION_BUCKETS:
        if high is None:
            conditions.append(f"{column} >= {low}")
        elif low == high:
            conditions.append(f"{column} = {low}")
        else:
            conditions.append(f"{column} BETWEEN {low} AND {high}")
    return conditions


def histogram_of(days: Iterable[int]) -> list[int]:
    """The histogram of a list of day counts (what the refresh SQL computes)."""
    counts = [0] * len(DECISION_BUCKETS)
    for value in days:
        for i, (low, high) in enumerate(DECISION_BUCKETS):
            if value >= low and (high is None or value <= high):
                counts[i] += 1
                break
    return counts


@dataclass(frozen=True)
class Percentile:
    days: float  # the value; for the open-ended bucket, its lower bound
    open_ended: bool = False  # True: "more than 90 days"

    def __str__(self) -> str:
        if self.open_ended:
            return f"> {DECISION_BUCKETS[-1][0] - 1}"
        return f"{self.days:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _value_at_rank(histogram: Sequence[int], rank: int) -> tuple[float, bool]:
    """The ``rank``-th smallest value (0-based). Inside a daily bucket this is
    exact; inside a wider bucket the values are taken as evenly spread."""
    seen = 0
    for (low, high), count in zip(DECISION_BUCKETS, histogram, strict=False):
        if count and rank < seen + count:
            if high is None:
                return float(low), True
            if low == high:
                return float(low), False
            position = (rank - seen + 0.5) / count
            return low + (high - low) * position, False
        seen += count
    raise ValueError("rank beyond the histogram")


def percentile(histogram: Sequence[int], fraction: float) -> Percentile | None:
    """The percentile of the day counts a histogram holds, interpolated between
    neighbouring values like PostgreSQL's ``percentile_cont``. None when empty."""
    total = sum(histogram)
    if total == 0:
        return None
    position = fraction * (total - 1)
    lower = int(position)
    low_value, low_open = _value_at_rank(histogram, lower)
    if lower + 1 >= total or position == lower:
        return Percentile(low_value, low_open)
    high_value, high_open = _value_at_rank(histogram, lower + 1)
    if low_open or high_open:
        return Percentile(float(DECISION_BUCKETS[-1][0]), True)
    return Percentile(low_value + (high_value - low_value) * (position - lower))


def add_histograms(histograms: Iterable[Sequence[int] | None]) -> list[int]:
    total = [0] * len(DECISION_BUCKETS)
    for histogram in histograms:
        if histogram:
            for i, count in enumerate(histogram):
                total[i] += count or 0
    return total


# --- months -------------------------------------------------------------------------
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
MONTH_NAMES = (
    _("Januari"),
    _("Februari"),
    _("Maret"),
    _("April"),
    _("Mei"),
    _("Juni"),
    _("Juli"),
    _("Agustus"),
    _("September"),
    _("Oktober"),
    _("November"),
    _("Desember"),
)


def month_add(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_range(start: date, end: date) -> list[date]:
    months = []
    current = start.replace(day=1)
    while current <= end:
        months.append(current)
        current = month_add(current, 1)
    return months


def month_label(month: date) -> str:
    """'Mar 2025' (Indonesian abbreviations, as on the charts)."""
    return f"{MONTH_ABBR[month.month - 1]} {month.year}"


def month_name(month: date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"
