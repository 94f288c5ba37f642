"""Training effectiveness (DOMAIN.md C11, issue 21; the "results" level of training evaluation): the KPI and QA
change of the people who took a training against a matched group who did not. The one method: the trainer
scorecard (learning.trainers) and analytics' training-effectiveness page and API both call matched_effect.

Method. Each taker has a start (enrolled in a program; a course's completion day) and an end (completed). Before =
the WINDOW_MONTHS calendar months before the month of the start; after = the WINDOW_MONTHS months after the month
of the end. KPI = the mean monthly composite percentile (over the person's composite groups) in a window; QA = the
mean daily QA score in a window. The comparison group: people of the same population who never took it (`took`),
matched exactly on the windows (start and end month), the level in force on the first day of the start month,
the tenure band that day (TENURE_BANDS) and the band of the starting KPI percentile (PERCENTILE_BAND points). In
each cell holding both, the difference of the two groups' mean changes; the estimate is their mean weighted by
the takers in each cell (the effect on those who took it), its 95 % confidence interval Student's t with the
variance pooled within cells over both groups (degrees of freedom: people − 2 × cells). Fewer than MIN_GROUP matched
on either side: no estimate, the sizes still shown. Matching on the starting percentile takes out regression to
the mean: people chosen because they ranked low improve the next months whether trained or not."""
import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.db.models import Avg, Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from agentpath.common.calendar import add_months
from agentpath.org.history import intervals
from agentpath.performance.models import KpiDay, KpiResult, Metric

from .models import CourseCompletion, Enrolment

WINDOW_MONTHS = 3
MIN_GROUP = 5  # matched people on each side below which no difference is estimated
PERCENTILE_BAND = 20  # points: starting percentiles 0–20, 20–40 … are matched within a band
TENURE_BANDS = (3, 6, 12, 24)  # months: under 3, 3–6, 6–12, 12–24, 24 and more
OUTCOMES = {"kpi": _("KPI composite percentile"), "qa": _("QA score")}


@dataclass(frozen=True)
class Taker:
    employee_id: int
    started_on: datetime.date
    finished_on: datetime.date


@dataclass
class OutcomeEffect:
    """One outcome's figures over the matched people; difference and bounds None when a group is too small."""

    outcome: str
    treated_n: int = 0  # takers matched to at least one comparison person
    comparison_n: int = 0  # distinct comparison people matched
    unmatched_n: int = 0  # takers with the outcome measured but nobody comparable
    treated_before: float | None = None
    treated_after: float | None = None
    comparison_before: float | None = None  # weighted to the takers' cells
    comparison_after: float | None = None
    difference: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def label(self) -> str:
        return str(OUTCOMES[self.outcome])

    @property
    def sufficient(self) -> bool:
        return self.difference is not None

    @property
    def treated_change(self) -> float | None:
        return _minus(self.treated_after, self.treated_before)

    @property
    def comparison_change(self) -> float | None:
        return _minus(self.comparison_after, self.comparison_before)


@dataclass
class Effect:
    takers: int  # people of the population who took it
    outcomes: list[OutcomeEffect] = field(default_factory=list)
    min_group: int = MIN_GROUP
    window_months: int = WINDOW_MONTHS

    def of(self, outcome: str) -> OutcomeEffect:
        return next(o for o in self.outcomes if o.outcome == outcome)


def _minus(a, b):
    return None if a is None or b is None else a - b


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _windows(start: datetime.date, end: datetime.date) -> tuple[list, list]:
    return ([add_months(start, -k) for k in range(WINDOW_MONTHS, 0, -1)],
            [add_months(end, k) for k in range(1, WINDOW_MONTHS + 1)])


def _tenure_band(days: pd.Series) -> pd.Series:
    months = days / 30.4
    return sum((months >= bound).astype(int) for bound in TENURE_BANDS)


def _wide(rows: list, columns: list, months: list) -> dict[str, pd.DataFrame]:
    """(employee, month, values…) rows as one employee × month table per value."""
    frame = pd.DataFrame.from_records(rows, columns=["employee_id", "month", *columns])
    if frame.empty:
        return {c: pd.DataFrame(columns=months, dtype=float) for c in columns}
    frame["month"] = [m.date() if isinstance(m, datetime.datetime) else m for m in frame["month"]]
    return {c: frame.pivot_table(index="employee_id", columns="month", values=c, aggfunc="sum")
            .reindex(columns=months).astype(float) for c in columns}


def _monthly_facts(people: QuerySet, months: list[datetime.date]):
    """Two grouped queries over the population: the mean composite percentile of each ranked month, and the sum and
    count of the daily QA scores of each month."""
    kpi = (KpiResult.objects.filter(period_kind=KpiResult.PeriodKind.MONTH, period_start__in=months,
                                    employee__in=people.values("pk"))
           .values("employee_id", "period_start").annotate(p=Avg("percentile")).order_by()
           .values_list("employee_id", "period_start", "p"))
    qa = Metric.objects.get(code="qa_score").column
    days = (KpiDay.objects.filter(date__gte=months[0], date__lt=add_months(months[-1], 1),
                                  employee__in=people.values("pk"), **{f"{qa}__isnull": False})
            .annotate(month=TruncMonth("date")).values("employee_id", "month")
            .annotate(s=Sum(qa), n=Count(qa)).order_by().values_list("employee_id", "month", "s", "n"))
    return _wide(list(kpi), ["p"], months)["p"], _wide([(e, m, float(s), n) for e, m, s, n in days], ["s", "n"], months)


def _window_mean(table: pd.DataFrame, months: list, ids) -> np.ndarray:
    return table.reindex(index=ids, columns=months).mean(axis=1, skipna=True).to_numpy()


def _window_qa(qa: dict, months: list, ids) -> np.ndarray:
    total = qa["s"].reindex(index=ids, columns=months).sum(axis=1, min_count=1)
    count = qa["n"].reindex(index=ids, columns=months).sum(axis=1, min_count=1)
    return (total / count.where(count > 0)).to_numpy()


def matched_rows(takers: list[Taker], people: dict, excluded: set, population: QuerySet) -> pd.DataFrame:
    """One row per taker and per possible comparison person for each pair of windows (anchor): the cell they are
    matched in (anchor, level, tenure band, starting percentile band) and the before and after of each outcome."""
    anchors: dict[tuple, list[int]] = {}
    for t in takers:
        anchors.setdefault((_month(t.started_on), _month(t.finished_on)), []).append(t.employee_id)
    windows = {a: _windows(*a) for a in anchors}
    months = sorted({m for before, after in windows.values() for m in before + after})
    kpi, qa = _monthly_facts(population, months)
    starts = sorted({a[0] for a in anchors})
    held = intervals(None, starts[0], starts[-1])  # the level of everyone on each start day: one query
    ids = np.array(list(people), dtype=np.int64)
    hired = pd.Series(people).reindex(ids)
    frames = []
    for number, (anchor, taker_ids) in enumerate(sorted(anchors.items())):
        start = anchor[0]
        level = {i.employee_id: i.level_id for i in held if i.holds_on(start)}
        treated = set(taker_ids)
        keep = [e for e in ids if e in level and (e in treated or e not in excluded)]
        if not keep:
            continue
        before, after = windows[anchor]
        frame = pd.DataFrame({"employee_id": keep, "anchor": number, "level": [level[e] for e in keep],
                              "treated": [e in treated for e in keep]})
        frame["tenure"] = _tenure_band(pd.Series([(start - hired[e]).days for e in keep], dtype=float)).to_numpy()
        frame["kpi_before"], frame["kpi_after"] = _window_mean(kpi, before, keep), _window_mean(kpi, after, keep)
        frame["qa_before"], frame["qa_after"] = _window_qa(qa, before, keep), _window_qa(qa, after, keep)
        frames.append(frame)
    if not frames:
        return pd.DataFrame()
    rows = pd.concat(frames, ignore_index=True)
    rows["band"] = np.minimum(np.floor(rows["kpi_before"] / PERCENTILE_BAND), 100 // PERCENTILE_BAND - 1)
    return rows[rows["band"].notna()]


def _estimate(rows: pd.DataFrame, outcome: str) -> OutcomeEffect:
    """The weighted difference of mean changes over the cells holding both groups, with its t interval."""
    cell = ["anchor", "level", "tenure", "band"]
    rows = rows.dropna(subset=[f"{outcome}_before", f"{outcome}_after"]).copy()
    rows["change"] = rows[f"{outcome}_after"] - rows[f"{outcome}_before"]
    sides = rows.groupby(cell)["treated"].agg(["any", "all"])
    both = sides[sides["any"] & ~sides["all"]].index
    matched = rows[pd.MultiIndex.from_frame(rows[cell]).isin(both)]
    treated, control = matched[matched["treated"]], matched[~matched["treated"]]
    result = OutcomeEffect(outcome, treated_n=int(treated["employee_id"].nunique()),
                           comparison_n=int(control["employee_id"].nunique()),
                           unmatched_n=int(rows.loc[rows["treated"], "employee_id"].nunique()
                                           - treated["employee_id"].nunique()))
    if treated.empty:
        return result
    columns = [f"{outcome}_before", f"{outcome}_after", "change"]
    t_cells = treated.groupby(cell)[columns].mean()
    c_cells = control.groupby(cell)[columns].mean().reindex(t_cells.index)
    t_n = treated.groupby(cell).size().reindex(t_cells.index)
    c_n = control.groupby(cell).size().reindex(t_cells.index)
    weights = t_n / t_n.sum()
    result.treated_before = float(treated[f"{outcome}_before"].mean())
    result.treated_after = float(treated[f"{outcome}_after"].mean())
    result.comparison_before = float((weights * c_cells[f"{outcome}_before"]).sum())
    result.comparison_after = float((weights * c_cells[f"{outcome}_after"]).sum())
    dof = len(matched) - 2 * len(t_cells)
    if result.treated_n < MIN_GROUP or result.comparison_n < MIN_GROUP or dof < 1:
        return result
    residual = matched["change"] - matched.groupby([*cell, "treated"])["change"].transform("mean")
    pooled = float((residual ** 2).sum()) / dof
    difference = float((weights * (t_cells["change"] - c_cells["change"])).sum())
    se = math.sqrt(pooled * float((weights ** 2 * (1 / t_n + 1 / c_n)).sum()))
    from scipy import stats  # scipy (about 1 s to import) when an effect is estimated, not at start

    half = float(stats.t.ppf(0.975, dof)) * se
    result.difference, result.low, result.high = difference, difference - half, difference + half
    return result


def matched_effect(takers: Iterable[Taker], population: QuerySet, took: QuerySet) -> Effect:
    """The effect of a training on the KPI percentile and the QA score of those of `population` (Employee queryset)
    who took it (`takers`; a person's first time counts), against the matched people of `population` who are not in
    `took` (employee ids of everyone who took it in any form: never a comparison). The method: this module's
    docstring. A handful of queries whatever the population (people, their levels, two of monthly facts)."""
    people = dict(population.values_list("id", "hire_date"))
    first: dict[int, Taker] = {}
    for t in sorted(takers, key=lambda t: (t.started_on, t.finished_on)):
        if t.employee_id in people:
            first.setdefault(t.employee_id, t)
    if not first:
        return Effect(0, [OutcomeEffect(o) for o in OUTCOMES])
    excluded = set(took.values_list("employee_id", flat=True)) | set(first)
    rows = matched_rows(list(first.values()), people, excluded, population)
    if rows.empty:
        return Effect(len(first), [OutcomeEffect(o) for o in OUTCOMES])
    return Effect(len(first), [_estimate(rows, o) for o in OUTCOMES])


def program_effect(population: QuerySet, program) -> Effect:
    """Completed enrolments of the program (enrolled → completed); anyone ever enrolled in it is never a comparison."""
    done = Enrolment.objects.filter(program=program, status=Enrolment.Status.COMPLETED, completed_on__isnull=False,
                                    employee__in=population.values("pk"))
    return matched_effect([Taker(*row) for row in done.values_list("employee_id", "enrolled_on", "completed_on")],
                          population, Enrolment.objects.filter(program=program).values("employee_id"))


def course_effect(population: QuerySet, course) -> Effect:
    """Completions of the course (a course is taken on its completion day); anyone who completed it is never a
    comparison."""
    done = CourseCompletion.objects.filter(course=course, employee__in=population.values("pk"))
    return matched_effect([Taker(e, day, day) for e, day in done.values_list("employee_id", "completed_on")],
                          population, CourseCompletion.objects.filter(course=course).values("employee_id"))
