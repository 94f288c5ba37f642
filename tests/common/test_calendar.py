"""One calendar: whole months, windows and periods, with property tests over month ends and leap years."""
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentpath.common.calendar import (
    FIRST_PERIOD_YEAR,
    LAST_PERIOD_YEAR,
    add_months,
    is_month_end,
    last_months,
    last_quarters,
    month_period,
    months_between,
    parse_period,
    period_of,
    periods_between,
    quarter_period,
)

days = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2090, 12, 31))
month_ends = days.map(lambda d: add_months(d.replace(day=1), 1) - datetime.timedelta(days=1))
leap_days = st.integers(1992, 2088).filter(lambda y: y % 4 == 0 and (y % 100 or y % 400 == 0)).map(
    lambda y: datetime.date(y, 2, 29))
counts = st.integers(0, 240)


def test_31_august_to_28_february_is_6_months():
    assert months_between(datetime.date(2025, 8, 31), datetime.date(2026, 2, 28)) == 6
    assert months_between(datetime.date(2025, 8, 31), datetime.date(2026, 2, 27)) == 5


def test_whole_months_count_the_day_of_the_month():
    assert months_between(datetime.date(2026, 1, 5), datetime.date(2026, 3, 4)) == 1
    assert months_between(datetime.date(2026, 1, 5), datetime.date(2026, 3, 5)) == 2
    assert months_between(datetime.date(2026, 3, 5), datetime.date(2026, 1, 5)) == 0


def test_leap_day_anniversaries():
    assert add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)
    assert months_between(datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)) == 12
    assert months_between(datetime.date(2024, 2, 29), datetime.date(2028, 2, 29)) == 48
    assert add_months(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)


@given(days, counts)
def test_adding_n_months_is_n_whole_months_later(day, n):
    assert months_between(day, add_months(day, n)) == n


@given(days, counts)
def test_the_day_before_the_anniversary_is_one_month_short(day, n):
    later = add_months(day, n + 1)
    assert months_between(day, later - datetime.timedelta(days=1)) == n


@given(days, days)
def test_whole_months_are_the_largest_n_that_fits(start, end):
    n = months_between(start, end)
    if end < start:
        assert n == 0
    else:
        assert add_months(start, n) <= end < add_months(start, n + 1)


@given(month_ends, counts)
def test_a_month_end_lands_on_a_month_end_or_on_the_same_day(day, n):
    moved = add_months(day, n)
    assert moved.day == day.day or is_month_end(moved)


@given(leap_days, st.integers(1, 40))
def test_a_leap_day_moves_to_the_end_of_february_in_common_years(day, years):
    moved = add_months(day, 12 * years)
    assert moved.month == 2 and is_month_end(moved)


@given(days, st.integers(-240, 240))
def test_adding_months_is_monotone(day, n):
    assert add_months(day, n) <= add_months(day, n + 1)


@given(days, st.integers(1, 60))
def test_the_last_n_months_are_calendar_months(as_of, n):
    window = last_months(as_of, n)
    assert as_of in window and window.after not in window
    assert months_between(window.after, as_of) == n


def test_the_last_12_months_are_not_365_days_in_a_leap_year():
    window = last_months(datetime.date(2024, 3, 1), 12)
    assert window.after == datetime.date(2023, 3, 1)
    assert datetime.date(2023, 3, 2) in window  # 365 days back would leave this day out


def test_periods_parse_and_contain_their_days():
    assert parse_period("2026Q3") == quarter_period(2026, 3)
    assert parse_period("2026-q4").end == datetime.date(2027, 1, 1)
    assert parse_period("2026-02").end == datetime.date(2026, 3, 1)
    assert parse_period("2026-09") == month_period(2026, 9)
    assert [p.code for p in periods_between(datetime.date(2026, 6, 20), datetime.date(2026, 7, 2))] == \
        ["2026-06", "2026Q2", "2026-07", "2026Q3"]
    with pytest.raises(ValueError):
        parse_period("2026Q5")


@given(days, st.sampled_from(["month", "quarter"]))
def test_a_day_lies_in_its_period(day, kind):
    period = period_of(day, kind)
    assert period.start <= day < period.end and period.last_day < period.end
    if FIRST_PERIOD_YEAR <= day.year <= LAST_PERIOD_YEAR:
        assert parse_period(period.code) == period
    else:
        with pytest.raises(ValueError):
            parse_period(period.code)


@pytest.mark.parametrize("text", ["1900Q1", "1999-12", "2101Q1", "0000-01", "9999Q4"])
def test_a_period_outside_the_years_2000_to_2100_is_refused_naming_the_range(text):
    with pytest.raises(ValueError, match="2000–2100"):
        parse_period(text)


def test_the_first_and_last_years_are_periods():
    assert parse_period("2000Q1").start == datetime.date(2000, 1, 1)
    assert parse_period("2100-12").last_day == datetime.date(2100, 12, 31)


def test_last_quarters_are_complete_quarters_before_the_current_one():
    assert [p.code for p in last_quarters(datetime.date(2026, 1, 15), 3)] == ["2025Q4", "2025Q3", "2025Q2"]
    assert [p.code for p in last_quarters(datetime.date(2026, 9, 30), 1)] == ["2026Q2"]


@given(days, st.integers(1, 12))
def test_last_quarters_are_consecutive_and_before_as_of(as_of, n):
    quarters = last_quarters(as_of, n)
    assert len(quarters) == n and quarters[0].end == period_of(as_of, "quarter").start
    assert all(a.start == b.end for a, b in zip(quarters, quarters[1:], strict=False))
