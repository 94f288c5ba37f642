"""Retention (DOMAIN.md C11, issue 21): Kaplan–Meier curves of tenure by group, median tenure, 90-day and 12-month
attrition and the log-rank test, computed with lifelines over the workforce's tenure spells (one query)."""
import datetime
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agentpath.careers.models import Level
from agentpath.common.errors import Invalid
from agentpath.org import scoping
from agentpath.org.history import intervals_sql
from agentpath.org.models import Center, Employee, ExitRecord, Team

# The groupings HR switches between: the key, its label, the column of the spells frame that names the group.
GROUPINGS = {
    "cohort": _("Hire cohort (quarter)"),
    "team": _("Team"),
    "leader": _("Team leader"),
    "track": _("Track"),
    "level": _("Level"),
    "center": _("Center"),
}
GROUPING_RULE = _("The hire cohort is the quarter of the hire date; team, team leader, level, track and center "
                  "are those in force on a leaver's last day (on today for the others), from the history of moves.")
HORIZONS = (90, 365)  # days: 90-day and 12-month attrition


def tenure_spells(user, as_of: datetime.date) -> pd.DataFrame:
    """One row per person hired by `as_of` in the user's scope: tenure in days to their exit (left=True) or to
    `as_of` (still employed: censored), and the groups they belong to. The rule (GROUPING_RULE): the hire
    cohort is the quarter of the hire date; team, level, track and center are those in force at the end of the
    spell — on the last day before the exit for a leaver, on `as_of` for the others — read from the event
    history (org.history), not today's employee row; the leader is that team's leader. One query (the people
    with their last assignment), names by id from three small tables, columns computed whole (no loop per
    person), whatever the workforce."""
    columns = ["days", "left", "cohort", "team", "leader", "track", "level", "center"]
    people = (scoping.employees_visible_to(user).filter(hire_date__lte=as_of).order_by()
              .values_list("id", "hire_date", "exit_date", "status"))
    people_sql, people_params = people.query.sql_with_params()
    held_sql, held_params = last_assignments_sql(as_of)
    with connection.cursor() as cursor:
        cursor.execute(f"""SELECT p.hire_date, p.exit_date, p.status, a.team_id, a.level_id, a.center_id
                           FROM ({people_sql}) p LEFT JOIN ({held_sql}) a ON a.employee_id = p.id""",
                       [*people_params, *held_params])
        rows = cursor.fetchall()
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame.from_records(rows, columns=["hire_date", "exit_date", "status", "team_id", "level_id",
                                                     "center_id"])
    hired = pd.to_datetime(frame["hire_date"])
    exited = pd.to_datetime(frame["exit_date"])
    left = (frame["status"] == Employee.Status.EXITED).to_numpy() & exited.notna().to_numpy() & (
        exited <= pd.Timestamp(as_of)).to_numpy()
    end = exited.where(left, pd.Timestamp(as_of))
    quarter = (hired.dt.year * 4 + hired.dt.quarter - 1).to_numpy()
    cohorts = {int(q): f"{q // 4}Q{q % 4 + 1}" for q in np.unique(quarter)}
    teams = list(Team.objects.order_by().values_list("id", "name", "leader__name"))
    levels = list(Level.objects.order_by().values_list("id", "name", "track__name"))
    return pd.DataFrame({
        "days": (end - hired).dt.days.clip(lower=0).astype(int).to_numpy(), "left": left,
        "cohort": pd.Series(quarter).map(cohorts).to_numpy(),
        "team": _named(frame["team_id"], {t: name for t, name, _leader in teams}),
        "leader": _named(frame["team_id"], {t: leader or "—" for t, _name, leader in teams}),
        "track": _named(frame["level_id"], {lv: track for lv, _name, track in levels}),
        "level": _named(frame["level_id"], {lv: name for lv, name, _track in levels}),
        "center": _named(frame["center_id"], dict(Center.objects.values_list("id", "name")))}, columns=columns)


def _named(ids: pd.Series, names: dict) -> np.ndarray:
    """The names of ids (a column of the spells); "—" where there is no id (no team)."""
    return ids.map(names).fillna("—").to_numpy()


def last_assignments_sql(as_of: datetime.date) -> tuple[str, list]:
    """A SELECT of everyone's last interval of the event history starting on or before as_of
    (org.history.intervals_sql; the one in force at the end of a spell): employee_id, team_id, level_id,
    center_id, one row per person. The intervals come out of their window in (person, start) order, so the
    last one is the one no later interval of the same person follows (LEAD over that order: no second sort)."""
    sql, params = intervals_sql(None, end=as_of)
    return f"""SELECT employee_id, team_id, level_id, center_id FROM (
                   SELECT h.employee_id, h.team_id, h.level_id, h.center_id, LEAD(h.valid_from) OVER (
                       PARTITION BY h.employee_id ORDER BY h.valid_from) AS later
                   FROM ({sql}) h) last WHERE later IS NULL""", params


@dataclass
class Curve:
    group: str
    people: int
    exits: int
    median_days: float | None  # None: more than half still employed at the longest tenure seen
    attrition: dict  # horizon days -> share left by then (1 - S(t))
    points: list  # [days, survival, lower 95 %, upper 95 %]

    @property
    def attrition_90(self):
        return self.attrition[90]

    @property
    def attrition_365(self):
        return self.attrition[365]


def tenure_counts(days, left) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A group's distinct (tenure, left) pairs, in tenure order, and how many people have each: the rows
    lifelines' survival table is counted from, each pair once with its count as weight."""
    days, left = np.asarray(days), np.asarray(left, dtype=bool)
    order = np.lexsort((left, days))
    days, left = days[order], left[order]
    first = np.ones(len(days), dtype=bool)
    first[1:] = (days[1:] != days[:-1]) | (left[1:] != left[:-1])
    starts = np.flatnonzero(first)
    return days[starts], left[starts], np.diff(np.append(starts, len(days)))


def km_curve(group: str, days, left) -> Curve:
    """The Kaplan–Meier estimate of one group with lifelines' 95 % confidence band (exponential Greenwood)."""
    return km_from_counts(group, *tenure_counts(days, left))


def km_from_counts(group: str, days, left, counts) -> Curve:
    """km_curve over a group's distinct (tenure, left) pairs and their counts (tenure_counts): lifelines fits the
    pairs with the counts as integer weights, which gives the same survival table, curve and band as one row
    per person and spares most of its per-row work (KaplanMeierFitter's per-fit cost is pandas, not the data)."""
    # lifelines and scipy (about 1.5 s to import) when a curve is drawn, not when the site starts
    from lifelines import KaplanMeierFitter

    fitter = KaplanMeierFitter().fit(days, event_observed=left, weights=counts)
    times = fitter.survival_function_.index.to_numpy(dtype=float)
    survival = fitter.survival_function_.iloc[:, 0].to_numpy()
    points = np.column_stack([times, survival, fitter.confidence_interval_survival_function_.to_numpy()]).tolist()
    median = fitter.median_survival_time_
    # S at each horizon: lifelines' step function read at the last time on or before it (its predict, i.e.
    # survival_function_at_times, without the pandas round trip); the timeline starts at 0
    at = np.searchsorted(times, HORIZONS, side="right") - 1
    return Curve(group=group, people=int(counts.sum()), exits=int(counts[left].sum()),
                 median_days=None if math.isinf(median) else float(median),
                 attrition={h: float(1 - survival[i]) if i >= 0 else 0.0 for h, i in zip(HORIZONS, at, strict=True)},
                 points=points)


def km_by(spells: pd.DataFrame, by: str) -> list[Curve]:
    """One curve per group of the grouping `by` (GROUPINGS), groups in name order; the whole workforce first.
    The (tenure, left) pairs are counted for all groups at once (one sort), then lifelines fits each group."""
    if by not in GROUPINGS:
        raise Invalid(_("Unknown grouping %(by)s. Accepted: %(ok)s.") % {"by": by, "ok": ", ".join(GROUPINGS)},
                      code="unknown_grouping")
    if spells.empty:
        return []
    days, left = spells["days"].to_numpy(), spells["left"].to_numpy(dtype=bool)
    curves = [km_curve(str(_("Everyone")), days, left)]
    codes, names = pd.factorize(spells[by].astype(str), sort=True)
    order = np.lexsort((left, days, codes))
    codes, days, left = codes[order], days[order], left[order]
    first = np.ones(len(days), dtype=bool)
    first[1:] = (codes[1:] != codes[:-1]) | (days[1:] != days[:-1]) | (left[1:] != left[:-1])
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, len(days)))
    codes, days, left = codes[starts], days[starts], left[starts]
    bounds = np.searchsorted(codes, np.arange(len(names) + 1))
    for k, name in enumerate(names):
        a, b = bounds[k], bounds[k + 1]
        curves.append(km_from_counts(name, days[a:b], left[a:b], counts[a:b]))
    return curves


@dataclass
class LogRank:
    a: str
    b: str
    statistic: float
    p_value: float


def log_rank(spells: pd.DataFrame, by: str, a: str, b: str) -> LogRank:
    """The log-rank test of equal tenure curves between two groups of a grouping (lifelines)."""
    first, second = spells[spells[by] == a], spells[spells[by] == b]
    if first.empty or second.empty or a == b:
        raise Invalid(_("Choose two different groups that have people to compare."), code="groups_to_compare")
    from lifelines.statistics import logrank_test  # as in km_from_counts

    result = logrank_test(first["days"], second["days"], event_observed_A=first["left"],
                          event_observed_B=second["left"])
    return LogRank(a, b, float(result.test_statistic), float(result.p_value))


def can_read_retention(user) -> bool:
    """HR and center managers (over their centers) read retention; it is about groups, never one person."""
    return scoping.can_decide_talent(user)


# Tenure bands of the exit-reasons chart: (upper bound in days, exclusive; label). The last band runs on.
TENURE_BANDS = [(90, _("0–3 months")), (180, _("3–6 months")), (365, _("6–12 months")), (730, _("1–2 years")),
                (None, _("2 years and more"))]


def _band(days: int) -> str:
    return str(next(label for bound, label in TENURE_BANDS if bound is None or days < bound))


def exit_reasons(user, as_of: datetime.date) -> dict:
    """Exits by reason (the exit record's, in the user's language; else "not recorded"), counted by hire cohort and by tenure band at the
    exit, over the people the user sees: one query. {"reasons": [...], "cohorts": {cohort: {reason: n}},
    "bands": {band: {reason: n}}}."""
    rows = (ExitRecord.objects.filter(event__employee__in=scoping.employees_visible_to(user),
                                      event__effective_date__lte=as_of)
            .values_list("event__employee__hire_date", "event__effective_date",
                         "reason__label" if (get_language() or "").startswith("en") else "reason__word"))
    unknown = str(_("Not recorded"))
    cohorts: dict = {}
    bands: dict = {str(label): {} for _bound, label in TENURE_BANDS}
    reasons: dict = {}
    for hired, left, reason in rows:
        reason = reason or unknown
        reasons[reason] = reasons.get(reason, 0) + 1
        cohort = f"{hired.year}Q{(hired.month - 1) // 3 + 1}"
        cohorts.setdefault(cohort, {})
        cohorts[cohort][reason] = cohorts[cohort].get(reason, 0) + 1
        band = bands[_band((left - hired).days)]
        band[reason] = band.get(reason, 0) + 1
    order = sorted(reasons, key=lambda r: -reasons[r])
    return {"reasons": order, "cohorts": dict(sorted(cohorts.items())), "bands": bands}
