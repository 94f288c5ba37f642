"""Retention (DOMAIN.md C11, issue 21): Kaplan–Meier curves of tenure by group, median tenure, 90-day and 12-month
attrition and the log-rank test, computed with lifelines over the workforce's tenure spells (one query)."""
import datetime
import math
from dataclasses import dataclass

import pandas as pd
from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from lifelines import KaplanMeierFitter
from lifelines.statistics import logrank_test

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
    history (org.history), not today's employee row; the leader is that team's leader. Two queries (the
    people, their last assignment) and no loop per person, whatever the workforce."""
    people = pd.DataFrame.from_records(
        list(scoping.employees_visible_to(user).filter(hire_date__lte=as_of)
             .values_list("id", "hire_date", "exit_date", "status")),
        columns=["employee_id", "hire_date", "exit_date", "status"])
    columns = ["days", "left", "cohort", "team", "leader", "track", "level", "center"]
    if people.empty:
        return pd.DataFrame(columns=columns)
    held = last_assignments(as_of)
    teams = {t.id: (t.name, t.leader.name if t.leader else "—") for t in Team.objects.select_related("leader")}
    levels = {lv.id: (lv.name, lv.track.name) for lv in Level.objects.select_related("track")}
    centers = dict(Center.objects.values_list("id", "name"))
    frame = people.merge(held, on="employee_id", how="left")
    hired = pd.to_datetime(frame["hire_date"])
    exited = pd.to_datetime(frame["exit_date"])
    left = (frame["status"] == Employee.Status.EXITED).to_numpy() & exited.notna().to_numpy() & (
        exited <= pd.Timestamp(as_of)).to_numpy()
    end = exited.where(left, pd.Timestamp(as_of))
    team = frame["team_id"].map(lambda t: teams.get(t, ("—", "—")) if pd.notna(t) else ("—", "—"))
    level = frame["level_id"].map(lambda lv: levels[lv] if pd.notna(lv) else ("—", "—"))
    return pd.DataFrame({
        "days": (end - hired).dt.days.clip(lower=0).astype(int).to_numpy(), "left": left,
        "cohort": (hired.dt.year.astype(str) + "Q" + hired.dt.quarter.astype(str)).to_numpy(),
        "team": [t[0] for t in team], "leader": [t[1] for t in team], "track": [lv[1] for lv in level],
        "level": [lv[0] for lv in level],
        "center": frame["center_id"].map(lambda c: centers[c] if pd.notna(c) else "—").to_numpy()}, columns=columns)


def last_assignments(as_of: datetime.date) -> pd.DataFrame:
    """Everyone's last interval of the event history starting on or before as_of (org.history.intervals_sql; the
    one in force at the end of a spell): one query, one row per person."""
    sql, params = intervals_sql(None, end=as_of)
    with connection.cursor() as cursor:
        cursor.execute(f"""SELECT employee_id, team_id, level_id, center_id FROM (
                               SELECT h.employee_id, h.team_id, h.level_id, h.center_id, ROW_NUMBER() OVER (
                                   PARTITION BY h.employee_id ORDER BY h.valid_from DESC) AS latest
                               FROM ({sql}) h) last WHERE latest = 1""", params)
        rows = cursor.fetchall()
    return pd.DataFrame.from_records(rows, columns=["employee_id", "team_id", "level_id", "center_id"])


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


def km_curve(group: str, days, left) -> Curve:
    """The Kaplan–Meier estimate of one group with lifelines' 95 % confidence band (exponential Greenwood)."""
    fitter = KaplanMeierFitter().fit(days, event_observed=left)
    band = fitter.confidence_interval_survival_function_
    survival = fitter.survival_function_.iloc[:, 0]
    points = [[float(t), float(s), float(lo), float(hi)]
              for t, s, lo, hi in zip(survival.index, survival.values, band.iloc[:, 0].values, band.iloc[:, 1].values,
                                      strict=True)]
    median = fitter.median_survival_time_
    at = fitter.survival_function_at_times(list(HORIZONS)).values
    return Curve(group=group, people=len(days), exits=int(pd.Series(left).sum()),
                 median_days=None if math.isinf(median) else float(median),
                 attrition={h: float(1 - s) for h, s in zip(HORIZONS, at, strict=True)}, points=points)


def km_by(spells: pd.DataFrame, by: str) -> list[Curve]:
    """One curve per group of the grouping `by` (GROUPINGS), groups in name order; the whole workforce first."""
    if by not in GROUPINGS:
        raise Invalid(_("Unknown grouping %(by)s. Accepted: %(ok)s.") % {"by": by, "ok": ", ".join(GROUPINGS)},
                      code="unknown_grouping")
    if spells.empty:
        return []
    curves = [km_curve(str(_("Everyone")), spells["days"], spells["left"])]
    for name, rows in spells.groupby(by, sort=True):
        curves.append(km_curve(str(name), rows["days"], rows["left"]))
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
