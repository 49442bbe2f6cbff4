"""Median and 90th percentile read from the decision-time histogram."""

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jkp_portal.reporting.dimensions import DECISION_BUCKETS, Grain, grain_for, histogram_of, percentile


def percentile_cont(values, fraction):
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    if low + 1 >= len(ordered):
        return float(ordered[low])
    return ordered[low] + (ordered[low + 1] - ordered[low]) * (position - low)


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=200), st.sampled_from([0.5, 0.9, 0.25]))
def test_exact_like_percentile_cont_for_daily_buckets(days, fraction):
    """Up to 30 days every day has its own bucket: the result equals percentile_cont."""
    assert percentile(histogram_of(days), fraction).days == pytest.approx(percentile_cont(days, fraction), abs=1e-9)


def test_median_of_known_days():
    assert percentile(histogram_of([3, 1, 2]), 0.5).days == 2
    assert percentile(histogram_of([1, 2, 3, 4]), 0.5).days == statistics.median([1, 2, 3, 4])


def test_long_waits_fall_in_wide_buckets_and_the_last_one_is_open():
    """Beyond 30 days the buckets widen; beyond 90 the value is only "more than 90 days"."""
    assert 31 <= percentile(histogram_of([40] * 10), 0.5).days <= 45
    result = percentile(histogram_of([5, 120, 200]), 0.9)
    assert result.open_ended and str(result) == "> 90"
    assert percentile([0] * len(DECISION_BUCKETS), 0.5) is None


def test_grain_for_picks_the_smallest_table_that_holds_the_dimensions():
    assert grain_for([]) == Grain.BASE
    assert grain_for(["province", "office_id"]) == Grain.BASE
    assert grain_for(["sector"]) == Grain.SECTOR
    assert grain_for(["sex", "sex"]) == Grain.SEX
    assert grain_for(["sex", "age_band"]) == Grain.FULL
    assert grain_for(["sex", "age_band"], by_office=False) == Grain.NATIONAL
