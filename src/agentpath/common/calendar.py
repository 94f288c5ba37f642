"""The one place that owns calendar arithmetic: whole months, month windows, months and quarters.

Month-end rule (decided once, used everywhere): adding months clamps to the last day of a shorter month
(31 Aug + 6 months = 28 Feb), and whole months between two days count an anniversary that falls on a
shorter month's last day (31 Aug → 28 Feb is 6 months; 29 Feb 2024 → 28 Feb 2025 is 12 months). So
months_between(d, add_months(d, n)) == n for every day d and every n ≥ 0.

A window "the last N months" is calendar months, never a count of days: (add_months(as_of, -N), as_of].
"""
import calendar as _stdlib_calendar
import datetime
import functools
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MONTH = "month"  # the values of performance.KpiResult.PeriodKind
QUARTER = "quarter"


@functools.cache
def last_day_of_month(year: int, month: int) -> int:
    return _stdlib_calendar.monthrange(year, month)[1]


def is_month_end(day: datetime.date) -> bool:
    return day.day == last_day_of_month(day.year, day.month)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months (negative goes back), clamped to the end of a shorter month."""
    y, m = divmod(day.year * 12 + (day.month - 1) + months, 12)
    return datetime.date(y, m + 1, min(day.day, last_day_of_month(y, m + 1)))


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from start to end: the largest n with add_months(start, n) ≤ end; 0 when end < start.

    5 Jan → 4 Mar is 1, → 5 Mar is 2; 31 Aug → 28 Feb is 6 (the anniversary falls on February's last day)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day and not is_month_end(end):
        months -= 1
    return months


@dataclass(frozen=True)
class Window:
    """A span of days (after, until]: the day `after` is outside, `until` is inside."""

    after: datetime.date
    until: datetime.date

    def __contains__(self, day: datetime.date) -> bool:
        return self.after < day <= self.until


def last_months(as_of: datetime.date, months: int) -> Window:
    """The last `months` calendar months up to and including as_of: (as_of − months, as_of]."""
    return Window(add_months(as_of, -months), as_of)


@dataclass(frozen=True)
class Period:
    kind: str  # MONTH or QUARTER
    code: str  # "2026-07" or "2026Q3"
    start: datetime.date
    end: datetime.date  # exclusive

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)


def month_period(year: int, month: int) -> Period:
    start = datetime.date(year, month, 1)
    end = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return Period(MONTH, f"{year:04d}-{month:02d}", start, end)


def quarter_period(year: int, quarter: int) -> Period:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return Period(QUARTER, f"{year:04d}Q{quarter}", start, end)


# The years a period may name: before 2000 no contact center kept the records this system reads, and past 2100 is
# a typing error; the same range everywhere (pages, API, CLI), so 1900Q1 is refused as clearly as 2026Q5.
FIRST_PERIOD_YEAR, LAST_PERIOD_YEAR = 2000, 2100
# The periods' written form, for schemas that document it (parse_period is the rule; it also takes spaces around).
PERIOD_PATTERN = r"^\d{4}(-?[Qq][1-4]|-(0?[1-9]|1[0-2]))$"


def parse_period(text: str) -> Period:
    """'2026-07' (a month) or '2026Q3' / '2026-Q3' (a quarter), of a year FIRST_PERIOD_YEAR–LAST_PERIOD_YEAR."""
    value = (text or "").strip().upper()
    quarter = re.fullmatch(r"(\d{4})-?Q([1-4])", value)
    month = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
    if not (quarter or (month and 1 <= int(month[2]) <= 12)):
        raise ValueError(_("%(value)s is not a period; write a month as 2026-07 or a quarter as 2026Q3.")
                         % {"value": text})
    year, number = int((quarter or month)[1]), int((quarter or month)[2])
    if not FIRST_PERIOD_YEAR <= year <= LAST_PERIOD_YEAR:
        raise ValueError(_("%(value)s is outside the years %(first)s–%(last)s that a period may name.")
                         % {"value": text, "first": FIRST_PERIOD_YEAR, "last": LAST_PERIOD_YEAR})
    return quarter_period(year, number) if quarter else month_period(year, number)


def period_of(day: datetime.date, kind: str) -> Period:
    if kind == MONTH:
        return month_period(day.year, day.month)
    if kind == QUARTER:
        return quarter_period(day.year, (day.month - 1) // 3 + 1)
    raise ValueError(f"unknown period kind {kind!r}")


def periods_between(first: datetime.date, last: datetime.date) -> list[Period]:
    """Every month and quarter that contains a day in [first, last]."""
    periods, seen = [], set()
    day = first.replace(day=1)
    while day <= last:
        for kind in (MONTH, QUARTER):
            p = period_of(day, kind)
            if p.code not in seen:
                seen.add(p.code)
                periods.append(p)
        day = add_months(day, 1)
    return periods


def last_quarters(as_of: datetime.date, count: int) -> list[Period]:
    """The `count` quarters that ended before the quarter containing as_of, newest first."""
    current = period_of(as_of, QUARTER)
    out = []
    day = current.start
    for _i in range(count):
        day = add_months(day, -3)
        out.append(period_of(day, QUARTER))
    return out
