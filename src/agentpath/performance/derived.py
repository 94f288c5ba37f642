"""Derived and product metrics: one value per person and period (KpiPeriodValue), computed set-based for the whole
workforce with the period's ranks (issue 18; docs/kpi.md "Derived team metrics").

Who is measured on what (Scorecard.unit, by the event history, never today's org):
- a team leader (unit "team"): the people of the team they are in while they hold the position, day by day;
- a supervisor (unit "teams"): the teams whose leaders report to them (Employee.manager: the history records no
  reporting line, so this one link is today's), for the days both held their positions;
- a manager (unit "center"): the people of the center they are in.
Members are the people of the unit in positions measured on their own values (Scorecard.unit "own").

The metrics (each a Metric of kind derived or product, weighed by a scorecard):
- team_fcr, team_csat, team_aht: call-weighted means of the members' daily values, each day counted for the
  unit the member was in that day (a member who moved mid-quarter counts for both teams, day by day);
- team_exam_pass: share of the members' monthly exams (exam_score) at or above the pass mark;
- team_composite_pct, team_bottom_half: the members' ranks of the first pass (ranking.Pass.OWN): mean
  percentile over their composite groups, share of those ranks in the bottom half (the one bottom-share rule),
  each member counted for the unit(s) they were in at their last day in the period;
- team_attrition_90d: exits in the period within 90 days of hire ÷ members in their first 90 days during the
  period; team_attrition_12m: exits in the 12 months to the period's end ÷ members during those 12 months; both
  for the unit(s) the holder has on their last day in the period, a leaver counted for the unit they left from;
- member facts (team_idp_agreed …): a higher app's per-person fact (register_member_fact), averaged like the
  ranks; person facts (trainer_rating …): a higher app's per-person value (register_person_fact).
A metric without a registered provider (e.g. team_idp_on_time: IDP actions record no completion date) gets no
values; the performance file says "no data this period" for it.

Layers: performance sits below learning, exams, talent and development. Their facts come in through the two
registries below, filled in their AppConfig.ready(): a provider returns SQL (employee_id, value) over its own
tables for a period, and performance places it in the period's values. Performance never imports them.
"""
import datetime
from collections.abc import Callable

from agentpath.common.calendar import Period, add_months
from agentpath.org.history import intervals_sql

from .defaults import EXAM_PASS_MARK, WEIGHT_METRIC
from .models import KpiDay, KpiPeriodValue, Metric, Scorecard, ScorecardMetric

# (period) -> (SQL selecting employee_id, value; its parameters)
FactProvider = Callable[[Period], tuple[str, list]]
MEMBER_FACTS: dict[str, FactProvider] = {}
PERSON_FACTS: dict[str, FactProvider] = {}

_EPSILON = 1e-9
TEAM_METRICS = {"team_composite_pct", "team_fcr", "team_csat", "team_aht", "team_bottom_half", "team_attrition_90d",
                "team_attrition_12m", "team_exam_pass"}
_TEMP = ("tm_assign", "tm_unit", "tm_member", "tm_last", "tm_asof")
_UNIT_DAY = "tm_unit_day"


def register_member_fact(metric_code: str, provider: FactProvider) -> None:
    """A higher app gives each member a value for a team metric (e.g. development: 100 when the member's IDP is
    agreed); the team's value is the mean over its members."""
    MEMBER_FACTS[metric_code] = provider


def register_person_fact(metric_code: str, provider: FactProvider) -> None:
    """A higher app gives people their own value of a product metric (e.g. learning: a trainer's rating)."""
    PERSON_FACTS[metric_code] = provider


def bottom_share_sql(share: float, alias: str = "r") -> str:
    """The bottom-share rule of ranking.bottom_share_condition, in SQL over a KpiResult-shaped row."""
    return f"{alias}.rank >= {alias}.peer_size * {1 - share!r} + 1 - {_EPSILON!r}"


def _greatest(vendor: str, a: str, b: str) -> str:
    return f"GREATEST({a}, {b})" if vendor == "postgresql" else f"MAX({a}, {b})"


def _least(vendor: str, a: str, b: str) -> str:
    return f"LEAST({a}, {b})" if vendor == "postgresql" else f"MIN({a}, {b})"


def _plus_days(vendor: str, day: str, days: int) -> str:
    return f"({day} + {int(days)})" if vendor == "postgresql" else f"date({day}, '+{int(days)} days')"


def period_metrics_in_use() -> dict[str, Metric]:
    """The derived and product metrics some active scorecard weighs, by code."""
    ids = ScorecardMetric.objects.filter(group__scorecard__active=True).exclude(
        metric__kind=Metric.Kind.IMPORTED).values_list("metric_id", flat=True)
    return {m.code: m for m in Metric.objects.filter(id__in=ids)}


def derive_period_values(cursor, vendor: str, period: Period, ranked_table: str) -> int:
    """Replace the period's derived and product values; `ranked_table` holds the first pass's ranks (columns of
    KpiResult). Returns the values stored."""
    values = KpiPeriodValue._meta.db_table
    cursor.execute(f"DELETE FROM {values} WHERE period = %s", [period.code])
    wanted = period_metrics_in_use()
    if not wanted:
        return 0
    temp = "CREATE TEMP TABLE {} ON COMMIT DROP AS" if vendor == "postgresql" else "CREATE TEMP TABLE {} AS"
    window_start = min(period.start, add_months(period.end, -12))
    if vendor == "postgresql":  # the planner knows nothing of a fresh temp table: its size decides the joins
        cursor.execute(f"ANALYZE {ranked_table}")
    _units(cursor, vendor, temp, period, window_start)
    daily = _daily_sums(wanted)
    if daily:
        _unit_days(cursor, temp, period, daily)
    inserted = 0
    insert = f"INSERT INTO {values} (employee_id, period, metric_id, value, as_of) "
    for sql, params in _team_selects(vendor, period, wanted, ranked_table, daily) + _fact_selects(period, wanted):
        cursor.execute(insert + sql, params)
        inserted += cursor.rowcount
    for name in _TEMP + ((_UNIT_DAY,) if daily else ()):
        cursor.execute(f"DROP TABLE {name}")
    return inserted


def _units(cursor, vendor: str, temp: str, period: Period, window_start: datetime.date) -> None:
    """Temp tables: every assignment interval of the window clipped to it, with its scorecard's unit
    (tm_assign); the units each holder measures, interval by interval (tm_unit); the members of those units
    (tm_member); each member's holders at their last day in the period (tm_last); each person's last day in the
    period in their position and each holder's units that day (tm_asof)."""
    great, least = (lambda a, b: _greatest(vendor, a, b)), (lambda a, b: _least(vendor, a, b))

    def create(name: str, select: str, params=()) -> None:
        cursor.execute(f"{temp.format(name)} {select}", list(params))
        if vendor == "postgresql":  # the planner knows nothing of a fresh temp table: its size decides the joins
            cursor.execute(f"ANALYZE {name}")

    intervals, params = intervals_sql(None, window_start, period.last_day)
    create("tm_assign", f"""
        SELECT s.employee_id, s.center_id, s.team_id, s.position_id,
               {great("s.valid_from", "%s")} AS f, {least("COALESCE(s.valid_to, %s)", "%s")} AS t, sc.unit
        FROM ({intervals}) s JOIN {Scorecard._meta.db_table} sc ON sc.position_id = s.position_id AND sc.active""",
           [window_start, period.end, period.end, *params])
    create("tm_unit", f"""
        SELECT a.employee_id AS holder_id, a.team_id, NULL AS center_id, a.f, a.t FROM tm_assign a
        WHERE a.unit = 'team' AND a.team_id IS NOT NULL
        UNION ALL
        SELECT a.employee_id, NULL, a.center_id, a.f, a.t FROM tm_assign a WHERE a.unit = 'center'
        UNION ALL
        SELECT sup.employee_id, l.team_id, NULL, {great("sup.f", "l.f")}, {least("sup.t", "l.t")}
        FROM tm_assign sup
        JOIN org_employee le ON le.manager_id = sup.employee_id
        JOIN tm_assign l ON l.employee_id = le.id AND l.unit = 'team' AND l.team_id IS NOT NULL
                        AND l.f < sup.t AND sup.f < l.t
        WHERE sup.unit = 'teams'""")
    member_cols = f"u.holder_id, m.employee_id AS member_id, {great('u.f', 'm.f')} AS f, {least('u.t', 'm.t')} AS t"
    create("tm_member", f"""
        SELECT {member_cols} FROM tm_unit u
        JOIN tm_assign m ON m.team_id = u.team_id AND m.unit = 'own' AND m.f < u.t AND u.f < m.t
        WHERE u.team_id IS NOT NULL AND m.employee_id <> u.holder_id
        UNION ALL
        SELECT {member_cols} FROM tm_unit u
        JOIN tm_assign m ON m.center_id = u.center_id AND m.unit = 'own' AND m.f < u.t AND u.f < m.t
        WHERE u.team_id IS NULL AND m.employee_id <> u.holder_id""")
    create("tm_last", """
        SELECT x.holder_id, x.member_id FROM (
            SELECT mb.holder_id, mb.member_id, mb.t, MAX(mb.t) OVER (PARTITION BY mb.member_id) AS last_t
            FROM tm_member mb WHERE mb.t > %s AND mb.f < %s) x
        WHERE x.t = x.last_t""", [period.start, period.end])
    # A holder's last day in the period in the position (the day their peer group is read) and their units then.
    create("tm_asof", f"""
        SELECT u.holder_id, u.team_id, u.center_id, h.as_of FROM tm_unit u
        JOIN (SELECT a.employee_id, MAX({great("a.f", "%s")}) AS as_of FROM tm_assign a
              WHERE a.t > %s AND a.f < %s GROUP BY a.employee_id) h
          ON h.employee_id = u.holder_id AND u.f <= h.as_of AND h.as_of < u.t""",
           [period.start, period.start, period.end])


def _holder_as_of() -> str:
    return "(SELECT DISTINCT holder_id, as_of FROM tm_asof)"


def _daily_sums(wanted: dict[str, Metric]) -> list[tuple[str, str, str]]:
    """The team metrics of the member days, each a ratio of two sums over the days d: (code, numerator,
    denominator)."""
    metrics = {m.code: m for m in Metric.objects.filter(code__in=[WEIGHT_METRIC, "fcr", "csat", "aht", "exam_score"])}
    calls = metrics.get(WEIGHT_METRIC)
    daily = []
    for code, source in (("team_fcr", "fcr"), ("team_csat", "csat"), ("team_aht", "aht")):
        if code in wanted and calls is not None and source in metrics:
            v, w = f"d.{metrics[source].column}", f"d.{calls.column}"
            daily.append((code, f"SUM({v} * {w})", f"SUM(CASE WHEN {v} IS NOT NULL THEN {w} END)"))
    if "team_exam_pass" in wanted and "exam_score" in metrics:
        e = f"d.{metrics['exam_score'].column}"
        daily.append(("team_exam_pass", f"100.0 * SUM(CASE WHEN {e} >= {EXAM_PASS_MARK!r} THEN 1 ELSE 0 END)",
                      f"COUNT({e})"))
    return daily


def _unit_days(cursor, temp: str, period: Period, daily: list) -> None:
    """Temp table tm_unit_day: the sums of `daily` over the member days of the period, per team, center and day (a
    member's day goes to the team and center of their own assignment that day, tm_assign). Each member day is read
    once here, not once for each of the leader, supervisor and manager it counts for (issue 18 bench: a third of
    the rows to group); the holders then add up the days of their units."""
    sums = ", ".join(f"{num} AS n{i}, {den} AS d{i}" for i, (_code, num, den) in enumerate(daily))
    cursor.execute(f"""{temp.format(_UNIT_DAY)}
        SELECT a.team_id, a.center_id, d.date, {sums}
        FROM tm_assign a JOIN {KpiDay._meta.db_table} d ON d.employee_id = a.employee_id
         AND d.date >= a.f AND d.date < a.t AND d.date >= %s AND d.date < %s
        WHERE a.unit = %s
        GROUP BY a.team_id, a.center_id, d.date""", [period.start, period.end, Scorecard.Unit.OWN])


def _team_selects(vendor: str, period: Period, wanted: dict[str, Metric], ranked_table: str, daily: list) -> list:
    """One INSERT … SELECT per family of team metrics: (SQL, params), each yielding employee_id, period,
    metric_id, value, as_of."""
    selects = []
    if daily:  # each holder adds up the unit days of their units (tm_unit_day)
        ratios = ", ".join(f"SUM(x.n{i}) / NULLIF(SUM(x.d{i}), 0) AS c{i}" for i in range(len(daily)))
        parts = ", ".join(f"ud.n{i}, ud.d{i}" for i in range(len(daily)))
        per_holder = f"""SELECT x.holder_id, {ratios} FROM (
            SELECT u.holder_id, {parts} FROM tm_unit u
            JOIN {_UNIT_DAY} ud ON ud.team_id = u.team_id AND ud.date >= u.f AND ud.date < u.t
            UNION ALL
            SELECT u.holder_id, {parts} FROM tm_unit u
            JOIN {_UNIT_DAY} ud ON u.team_id IS NULL AND ud.center_id = u.center_id AND ud.date >= u.f AND ud.date < u.t
        ) x GROUP BY x.holder_id"""
        selects += _unpivot([(code, "") for code, _n, _d in daily], per_holder, [], wanted, period)
    ranked = []
    if "team_composite_pct" in wanted:
        ranked.append(("team_composite_pct", "AVG(r.percentile)"))
    if "team_bottom_half" in wanted:
        ranked.append(("team_bottom_half", f"100.0 * AVG(CASE WHEN {bottom_share_sql(0.5)} THEN 1.0 ELSE 0.0 END)"))
    if ranked:
        cols = ", ".join(f"{expr} AS c{i}" for i, (_code, expr) in enumerate(ranked))
        per_holder = f"""SELECT l.holder_id, {cols} FROM tm_last l JOIN {ranked_table} r ON r.employee_id = l.member_id
            GROUP BY l.holder_id"""
        selects += _unpivot(ranked, per_holder, [], wanted, period)
    selects += _attrition(vendor, period, wanted)
    for code, provider in MEMBER_FACTS.items():
        if code in wanted:
            fact_sql, fact_params = provider(period)
            per_holder = f"""SELECT l.holder_id, AVG(f.value) AS c0 FROM tm_last l
                JOIN ({fact_sql}) f ON f.employee_id = l.member_id GROUP BY l.holder_id"""
            selects += _unpivot([(code, "")], per_holder, fact_params, wanted, period)
    return selects


def _unpivot(columns: list, per_holder: str, params: list, wanted: dict[str, Metric], period: Period) -> list:
    """Rows (holder, period, metric, value, as_of) from a per-holder select with columns c0, c1 …: one statement,
    the per-holder aggregate computed once (MATERIALIZED) for all its metrics."""
    branches, branch_params = [], []
    for i, (code, _expr) in enumerate(columns):
        branches.append(f"SELECT v.holder_id, %s, %s, v.c{i}, h.as_of FROM v JOIN h ON h.holder_id = v.holder_id "
                        f"WHERE v.c{i} IS NOT NULL")
        branch_params += [period.code, wanted[code].id]
    return [(f"""WITH v AS MATERIALIZED ({per_holder}), h AS MATERIALIZED {_holder_as_of()}
        {" UNION ALL ".join(branches)}""", [*params, *branch_params])]


# Each holder's units on their last day joined to the people ever assigned to them in the window, by equality
# (a team's members, a center's members) so that the join is a hash join, not a loop over every pair.
_UNIT_MEMBERS = """SELECT u.holder_id, u.as_of, u.team_id, NULL AS center_id, a.employee_id AS member_id
    FROM tm_asof u JOIN (SELECT DISTINCT employee_id, team_id FROM tm_assign WHERE unit = 'own') a
      ON a.team_id = u.team_id
    UNION ALL
    SELECT u.holder_id, u.as_of, NULL, u.center_id, a.employee_id
    FROM tm_asof u JOIN (SELECT DISTINCT employee_id, center_id FROM tm_assign WHERE unit = 'own') a
      ON u.team_id IS NULL AND a.center_id = u.center_id"""


def _attrition(vendor: str, period: Period, wanted: dict[str, Metric]) -> list:
    """The team's 90-day and 12-month attrition for the unit(s) each holder has on their last day in the period
    (tm_asof): leavers counted for the unit of their last interval before the exit."""
    out = []
    year_start = add_months(period.end, -12)
    for code, start, new_only in (("team_attrition_90d", period.start, True),
                                  ("team_attrition_12m", year_start, False)):
        if code not in wanted:
            continue
        new_hire = ""
        recent_leaver = ""
        params_new: list = []
        if new_only:  # members in their first 90 days at some point of the window, leavers within 90 days
            new_hire = "AND e.hire_date > %s AND e.hire_date < %s"
            params_new = [start - datetime.timedelta(days=90), period.end]
            recent_leaver = f"AND ev.effective_date < {_plus_days(vendor, 'e.hire_date', 90)}"
        sql = f"""SELECT x.holder_id, %s, %s, 100.0 * x.leavers / x.members, x.as_of FROM (
            SELECT u.holder_id, MAX(u.as_of) AS as_of,
                   COUNT(DISTINCT a.employee_id) AS members,
                   COUNT(DISTINCT CASE WHEN ev.id IS NOT NULL {recent_leaver} THEN a.employee_id END) AS leavers
            FROM ({_UNIT_MEMBERS}) u
            JOIN tm_assign a ON a.employee_id = u.member_id AND a.unit = 'own' AND a.f < %s AND a.t > %s
                            AND (u.team_id IS NULL OR a.team_id = u.team_id)
                            AND (u.center_id IS NULL OR a.center_id = u.center_id)
            JOIN org_employee e ON e.id = a.employee_id {new_hire}
            LEFT JOIN org_employmentevent ev ON ev.employee_id = a.employee_id AND ev.kind = 'exit'
                 AND ev.effective_date = a.t AND ev.effective_date >= %s AND ev.effective_date < %s
            GROUP BY u.holder_id) x
            WHERE x.members > 0"""
        out.append((sql, [period.code, wanted[code].id, period.end, start, *params_new, start, period.end]))
    return out


def _fact_selects(period: Period, wanted: dict[str, Metric]) -> list:
    """A person's own product values (register_person_fact), as of their last day in the period in a position
    with a scorecard."""
    out = []
    for code, provider in PERSON_FACTS.items():
        if code not in wanted:
            continue
        fact_sql, fact_params = provider(period)
        out.append((f"""SELECT f.employee_id, %s, %s, f.value, h.as_of FROM ({fact_sql}) f
            JOIN (SELECT a.employee_id, MAX(CASE WHEN a.f > %s THEN a.f ELSE %s END) AS as_of FROM tm_assign a
                  WHERE a.t > %s AND a.f < %s GROUP BY a.employee_id) h ON h.employee_id = f.employee_id
            WHERE f.value IS NOT NULL""",
                    [period.code, wanted[code].id, *fact_params, period.start, period.start, period.start,
                     period.end]))
    return out


def metrics_without_provider() -> list[str]:
    """Product metrics in use that nothing fills (the page and docs say they are not available)."""
    return sorted(code for code, m in period_metrics_in_use().items()
                  if m.kind == Metric.Kind.PRODUCT and code not in MEMBER_FACTS and code not in PERSON_FACTS)
