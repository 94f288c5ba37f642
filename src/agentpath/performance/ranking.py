"""Composites and ranks per month and quarter, computed set-based for the whole workforce.

The method (docs/kpi.md "Normalisation and ranking"):
1. Each metric of a scorecard is aggregated over the period per employee by its rule (aggregation.py: mean
   of the days, call-weighted mean, mean per day worked, sum, or last value); rounded to 6 decimals.
2. Peer group = same position and same center, those in force (event history, org.history) on the last day
   the person worked in the period; a later move or reorg does not change a past period's peer group.
   Within the peer group each metric is normalised:
   percentile = PERCENT_RANK() = share of peers with a strictly worse value (0 worst … 1 best; a peer group
   of one scores 0.5), or z-score = (value − mean) / population standard deviation. Lower-is-better
   metrics are negated first, so "better" always sorts higher.
3. A group's composite is the weighted mean of its normalised metrics that have a value (weights of
   missing metrics are left out, not counted as zero).
4. Rank = RANK() by composite descending within the peer group (ties share the better rank, the next
   rank skips: 1, 2, 2, 4); percentile = 100 × (n − rank) / (n − 1), 100 when alone.
5. Bottom X %: rank − 1 ≥ n × (1 − X), i.e. at least (1 − X) of the peers rank strictly better; ties
   at the boundary fall on the better side (seed 002 §3.5 "季度综合排名50%以下"): bottom_share_condition.
6. A closed period keeps its ranks (closed_periods.py); recompute_closed_period is the logged exception.
"""
import datetime

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.common.calendar import Period, parse_period, periods_between
from agentpath.org.history import intervals_sql

from .aggregation import END, START, aggregate_columns, alias, weight_column
from .closed_periods import PeriodClosed, is_closed, record_ranking
from .defaults import DEDUCTIONS_METRIC
from .derived import derive_period_values
from .models import KpiDay, KpiPeriodValue, KpiResult, Metric, RankLog, Scorecard, ScorecardMetric

_EPSILON = 1e-9
BOTTOM_HALF = 0.5


def bottom_share_condition(share: float) -> Q:
    """The bottom-share rule, once (seed 002 §3.5 "季度综合排名50%以下"): rank − 1 ≥ n × (1 − share), i.e. at
    least (1 − share) of the peers rank strictly better; ties at the boundary fall on the better side. A filter
    or annotation on KpiResult rows (derived.bottom_share_sql says the same in SQL, for the team metrics)."""
    if not 0 <= share <= 1:
        raise ValueError(f"share {share} is not between 0 and 1")
    return Q(rank__gte=F("peer_size") * (1 - share) + 1 - _EPSILON)


class Pass:
    """The ranking statement runs in two passes over disjoint scorecards (issue 18): first the scorecards of
    imported metrics only (agents, QA, schedulers …), then, once performance.derived has computed the period's
    derived and product values from the first pass's ranks, the scorecards that weigh them (team leaders,
    supervisors, managers, trainers). One statement, one method; ALL for a caller that needs both at once."""
    OWN = "own"
    PERIOD = "period"
    ALL = "all"


def _scorecards_of(which: str) -> list[int]:
    per_period = set(ScorecardMetric.objects.filter(group__scorecard__active=True)
                     .exclude(metric__kind=Metric.Kind.IMPORTED).values_list("group__scorecard_id", flat=True))
    active = set(Scorecard.objects.filter(active=True).values_list("id", flat=True))
    if which == Pass.OWN:
        return sorted(active - per_period)
    if which == Pass.PERIOD:
        return sorted(per_period)
    return sorted(active)


def ranks_select_sql(vendor: str, period: Period, computed_at: datetime.datetime, which: str = Pass.ALL
                     ) -> tuple[str, list] | None:
    """The one statement computing every person's composites and ranks for a period, for the scorecards of
    one pass (Pass).

    Returns the SQL (a SELECT producing the columns of KpiResult) and its parameters, or None when no active
    scorecard of the pass weighs any metric. Peer group (position, center) and team are those in force, by the
    event history (org.history), on the last day the person worked in the period (their last daily row, or the
    `as_of` day of their period values): an interval join of the assignment intervals overlapping the period,
    set-based. A position with fewer people in a center than its scorecard's minimum peer group is compared
    with the same family and level across centers (`widened`)."""
    scorecards = _scorecards_of(which)
    weighted = (ScorecardMetric.objects.filter(group__scorecard_id__in=scorecards)
                .values_list("metric_id", flat=True).distinct())
    metrics = list(Metric.objects.filter(id__in=weighted).order_by("slot"))
    if not metrics:
        return None
    daily = [m for m in metrics if not m.per_period]
    periodic = [m for m in metrics if m.per_period]
    deductions = Metric.objects.filter(code=DEDUCTIONS_METRIC).first()
    table = KpiDay._meta.db_table
    ded = f"SUM(d.{deductions.column})" if deductions else "0"
    bounds = {START: period.start, END: period.end}
    assignments, assignment_params = intervals_sql(None, period.start, period.last_day)
    card_list = ", ".join(str(int(i)) for i in scorecards)
    params: list = []
    if daily:
        agg_cols, names = aggregate_columns(daily, weight_column())
        params += [bounds[n] for n in names] + [period.start, period.end]
        # The second pass reads the daily rows of its own people only (team leaders' own exam), not everyone's:
        # on PostgreSQL as an array of ids, which the (employee, date) key reads directly instead of scanning the
        # period's rows of the whole workforce for them (hash joins only: see _store).
        people = ("SELECT s.employee_id FROM assignment s JOIN performance_scorecard sc "
                  f"ON sc.position_id = s.position_id AND sc.id IN ({card_list})")
        own_people = "" if which != Pass.PERIOD else (
            f"AND d.employee_id = ANY(ARRAY({people}))" if vendor == "postgresql"
            else f"AND d.employee_id IN ({people})")
        daily_sql = f"""SELECT d.employee_id, MAX(d.date) AS last_day, {", ".join(agg_cols)}, {ded} AS deductions
    FROM {table} d
    WHERE d.date >= %s AND d.date < %s {own_people}
    GROUP BY d.employee_id"""
    if periodic:
        pv_cols = ", ".join(f"MAX(CASE WHEN v.metric_id = {m.id} THEN v.value END) AS {alias(m)}" for m in periodic)
        pv_sql = f"""SELECT v.employee_id, MAX(v.as_of) AS last_day, {pv_cols}, 0 AS deductions
    FROM {KpiPeriodValue._meta.db_table} v WHERE v.period = %s GROUP BY v.employee_id"""
    if daily and periodic:
        both = ", ".join(f"MAX(u.{alias(m)}) AS {alias(m)}" for m in metrics)
        d_cols = ", ".join(alias(m) if not m.per_period else f"NULL AS {alias(m)}" for m in metrics)
        p_cols = ", ".join(alias(m) if m.per_period else f"NULL AS {alias(m)}" for m in metrics)
        agg_sql = f"""SELECT u.employee_id, MAX(u.last_day) AS last_day, {both}, SUM(u.deductions) AS deductions
    FROM (SELECT employee_id, last_day, {d_cols}, deductions FROM ({daily_sql}) dd
          UNION ALL SELECT employee_id, last_day, {p_cols}, deductions FROM ({pv_sql}) pp) u
    GROUP BY u.employee_id"""
        params.append(period.code)
    elif periodic:
        agg_sql = pv_sql
        params.append(period.code)
    else:
        agg_sql = daily_sql
    raw_value = "CASE m.slot " + " ".join(f"WHEN {m.slot} THEN p.{alias(m)}" for m in metrics) + " END"
    # Aggregates are rounded to 6 decimals before comparing, so that equal values tie whatever the order in
    # which (parallel) sums were added up. Rows without a value are dropped on the raw value, so that the
    # rounding (a conversion to NUMERIC, the costly part) runs once per kept row, not again in the filter.
    if vendor == "postgresql":
        value_case = f"ROUND(CAST({raw_value} AS NUMERIC), 6)::float8"
        zscore = ("COALESCE((l.sv - AVG(l.sv) OVER w) / NULLIF(STDDEV_POP(l.sv) OVER w, 0), 0)")
        rounded = "ROUND(CAST(SUM(s.weight * s.score) / SUM(s.weight) AS NUMERIC), 9)::float8"
    else:
        value_case = f"ROUND({raw_value}, 6)"
        zscore = ("COALESCE((l.sv - AVG(l.sv) OVER w) / NULLIF(SQRT(MAX(AVG(l.sv * l.sv) OVER w - "
                  "AVG(l.sv) OVER w * AVG(l.sv) OVER w, 0)), 0), 0)")
        rounded = "ROUND(SUM(s.weight * s.score) / SUM(s.weight), 9)"
    # The z-score's window aggregates are computed for every row once named: only when a scorecard uses them.
    zscore_case = (f"WHEN l.normalisation = 'zscore' THEN {zscore}\n                "
                   if Scorecard.objects.filter(id__in=scorecards, normalisation=Scorecard.Normalisation.ZSCORE).exists()
                   else "")
    # Peer keys: the position in the center, or (widened) the family and level across centers.
    keys = "l.wide, l.k_position, l.k_family, l.k_center"
    sql = f"""
WITH assignment AS (
    {assignments}
), agg AS (
    {agg_sql}
), peer0 AS (
    SELECT a.*, s.position_id, s.center_id, s.team_id, s.level_id, pos.family, sc.id AS scorecard_id,
           sc.normalisation, sc.min_peer_size, CASE WHEN sc.composite_over_available THEN 1 ELSE 0 END AS over_available
    FROM agg a
    JOIN assignment s ON s.employee_id = a.employee_id AND s.valid_from <= a.last_day
                     AND (s.valid_to IS NULL OR a.last_day < s.valid_to)
    JOIN performance_scorecard sc ON sc.position_id = s.position_id AND sc.id IN ({card_list})
    JOIN careers_position pos ON pos.id = s.position_id
), peer1 AS (
    SELECT p.*, CASE WHEN COUNT(*) OVER (PARTITION BY p.position_id, p.center_id) < p.min_peer_size
                     THEN 1 ELSE 0 END AS widened
    FROM peer0 p
), peer AS (
    SELECT p.*, MAX(p.widened) OVER (PARTITION BY p.family, p.level_id) AS any_widened FROM peer1 p
), long AS (
    SELECT p.employee_id, p.position_id, p.center_id, p.normalisation, p.over_available, g.id AS group_id,
           g.code AS group_code, m.id AS metric_id, sm.weight, sx.wide,
           CASE WHEN sx.wide = 1 THEN p.level_id ELSE p.position_id END AS k_position,
           CASE WHEN sx.wide = 1 THEN p.family END AS k_family,
           CASE WHEN sx.wide = 1 THEN NULL ELSE p.center_id END AS k_center,
           CASE WHEN m.higher_is_better THEN {value_case} ELSE -({value_case}) END AS sv
    FROM peer p
    JOIN (SELECT 0 AS wide UNION ALL SELECT 1) sx
      ON (sx.wide = 0 AND p.widened = 0) OR (sx.wide = 1 AND p.any_widened = 1)
    JOIN performance_compositegroup g ON g.scorecard_id = p.scorecard_id
    JOIN performance_scorecardmetric sm ON sm.group_id = g.id
    JOIN performance_metric m ON m.id = sm.metric_id
    WHERE {raw_value} IS NOT NULL
), scored AS (
    SELECT l.employee_id, l.position_id, l.center_id, l.group_id, l.group_code, l.weight, l.over_available,
           {keys},
           CASE {zscore_case}WHEN COUNT(*) OVER w = 1 THEN 0.5
                ELSE PERCENT_RANK() OVER (w ORDER BY l.sv) END AS score
    FROM long l
    WINDOW w AS (PARTITION BY {keys}, l.metric_id)
), composite AS (  -- grouped by person, group and peer side only: the other keys follow from those
    SELECT s.employee_id, MAX(s.position_id) AS position_id, MAX(s.center_id) AS center_id, s.group_id,
           MAX(s.group_code) AS group_code, s.wide, MAX(s.k_position) AS k_position, MAX(s.k_family) AS k_family,
           MAX(s.k_center) AS k_center, {rounded} AS composite
    FROM scored s
    JOIN (SELECT sm.group_id, COUNT(*) AS metrics FROM performance_scorecardmetric sm GROUP BY sm.group_id) gm
      ON gm.group_id = s.group_id
    GROUP BY s.employee_id, s.group_id, s.wide
    HAVING MAX(s.over_available) = 1 OR COUNT(*) = MAX(gm.metrics)
), ranked AS (
    SELECT c.*, RANK() OVER (PARTITION BY c.wide, c.k_position, c.k_family, c.k_center, c.group_code
                             ORDER BY c.composite DESC) AS rnk,
           COUNT(*) OVER (PARTITION BY c.wide, c.k_position, c.k_family, c.k_center, c.group_code) AS n
    FROM composite c
)
SELECT r.employee_id, %s AS period_kind, %s AS period, %s AS period_start, r.group_id, r.group_code,
       r.position_id, r.center_id, p.team_id, r.composite, r.rnk AS rank, r.n AS peer_size,
       CASE WHEN r.n = 1 THEN 100.0 ELSE 100.0 * (r.n - r.rnk) / (r.n - 1) END AS percentile,
       (r.wide = 1) AS widened, COALESCE(p.deductions, 0) AS deductions, %s AS computed_at
FROM ranked r
JOIN peer p ON p.employee_id = r.employee_id  -- team and deductions: one per person, kept out of the sorts
WHERE r.wide = p.widened
"""
    # The assignment CTE comes first (the second pass's daily rows read it): its parameters lead.
    return sql, assignment_params + params + [period.kind, period.code, period.start, computed_at]


RESULT_COLUMNS = ("employee_id, period_kind, period, period_start, group_id, group_code, position_id, center_id, "
                  "team_id, composite, rank, peer_size, percentile, widened, deductions, computed_at")
# The rank figures a recomputation compares; a difference in any of them is a changed rank.
_CHANGED = ("n.employee_id IS NULL OR n.rank <> o.rank OR n.peer_size <> o.peer_size "
            "OR ABS(n.percentile - o.percentile) > 1e-9 OR ABS(n.composite - o.composite) > 1e-9")
CHANGES_KEPT = 1000  # changed ranks listed in a log row (the counts are always exact)


def _store(period: Period, *, compare: bool = False) -> tuple[int, int, list[dict]]:
    """Replace the period's results by a fresh computation: (rows stored, rows before, changed ranks when
    `compare`: each {employee_no, group, rank_before, rank_after, ...}, a missing side None).

    Two passes of the one ranking statement (Pass): the scorecards of imported metrics first; then the period's
    derived and product values (performance.derived, reading the first pass's ranks); then the scorecards that
    weigh those."""
    now = timezone.now()
    table = KpiResult._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # CREATE TABLE AS may run the scan and aggregation with parallel workers; INSERT … SELECT may not.
            cursor.execute("SET LOCAL jit = off")
            # The statement joins whole sets. The planner has no statistics on the event intervals (window
            # results), misjudges the as-of join as a few rows and would loop over it per metric (measured:
            # 100,000 agents 25 s instead of 12 s); hash joins are right at every size.
            cursor.execute("SET LOCAL enable_nestloop = off")
            # Its sorts (one row per person and metric) stay in memory up to 100,000 agents instead of spilling.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            temp = "CREATE TEMP TABLE kpi_ranked ON COMMIT DROP AS"
        else:
            temp = "CREATE TEMP TABLE kpi_ranked AS"
        built = ranks_select_sql(connection.vendor, period, now, Pass.OWN)
        if built is None:  # no active scorecard weighs a metric: nobody is ranked
            cursor.execute(f"{temp} SELECT {RESULT_COLUMNS} FROM {table} WHERE 1 = 0")
        else:
            sql, params = built
            cursor.execute(f"{temp} {sql}", params)
        derive_period_values(cursor, connection.vendor, period, "kpi_ranked")
        built = ranks_select_sql(connection.vendor, period, now, Pass.PERIOD)
        if built is not None:
            sql, params = built
            cursor.execute(f"INSERT INTO kpi_ranked ({RESULT_COLUMNS}) {sql}", params)
        changes = _changes(cursor, period) if compare else []
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE period = %s", [period.code])
        before = cursor.fetchone()[0]
        cursor.execute(f"DELETE FROM {table} WHERE period = %s", [period.code])
        cursor.execute(f"INSERT INTO {table} ({RESULT_COLUMNS}) SELECT {RESULT_COLUMNS} FROM kpi_ranked")
        stored = cursor.rowcount
        cursor.execute("DROP TABLE kpi_ranked")
    return stored, before, changes


def _changes(cursor, period: Period) -> list[dict]:
    """Ranks of the stored results that the fresh computation (temp table kpi_ranked) changes, set-based."""
    table = KpiResult._meta.db_table
    cursor.execute(f"""
        SELECT e.employee_no, o.group_code, o.rank, n.rank, o.peer_size, n.peer_size, o.percentile, n.percentile
        FROM {table} o JOIN org_employee e ON e.id = o.employee_id
        LEFT JOIN kpi_ranked n ON n.employee_id = o.employee_id AND n.group_id = o.group_id
        WHERE o.period = %s AND ({_CHANGED})
        UNION ALL
        SELECT e.employee_no, n.group_code, NULL, n.rank, NULL, n.peer_size, NULL, n.percentile
        FROM kpi_ranked n JOIN org_employee e ON e.id = n.employee_id
        LEFT JOIN {table} o ON o.period = %s AND o.employee_id = n.employee_id AND o.group_id = n.group_id
        WHERE o.id IS NULL
        ORDER BY 1, 2""", [period.code, period.code])
    keys = ("employee_no", "group", "rank_before", "rank_after", "peer_size_before", "peer_size_after",
            "percentile_before", "percentile_after")
    numbers = (None, None, int, int, int, int, float, float)  # PostgreSQL's temp table holds NUMERIC percentiles
    return [{k: (v if v is None or cast is None else cast(v)) for k, cast, v in zip(keys, numbers, row, strict=True)}
            for row in cursor.fetchall()]


def _as_period(period: Period | str) -> Period:
    return parse_period(period) if isinstance(period, str) else period


def compute_ranks(period: Period | str, *, today: datetime.date | None = None) -> int:
    """Compute every composite, rank and percentile of one month or quarter; returns the rows stored.

    One statement over the workforce (window functions); the period's previous results are replaced. A closed
    period (closed_periods.is_closed) is refused: its ranks change only by recompute_closed_period."""
    period = _as_period(period)
    today = today or timezone.localdate()
    if is_closed(period, today):
        raise PeriodClosed(period)
    stored = _store(period)[0]
    if stored:
        record_ranking(period, today)
    return stored


def changes_if_recomputed(period: Period | str) -> list[dict]:
    """The ranks a recomputation of the period would change (as recompute_closed_period lists them); nothing is
    stored."""
    period = _as_period(period)
    with transaction.atomic():
        changes = _store(period, compare=True)[2]
        transaction.set_rollback(True)
    return changes


def recompute_closed_period(period: Period | str, *, reason: str, by=None) -> RankLog:
    """The explicit, logged recomputation of a closed period's ranks (e.g. after a late KPI correction): the
    log row says who asked, why, how many ranks there were before and after, and which ranks changed."""
    period = _as_period(period)
    if not (reason or "").strip():
        raise ValueError(_("Say why the ranks of the closed period %(period)s are recomputed.")
                         % {"period": period.code})
    stored, before, changes = _store(period, compare=True)
    if stored:
        record_ranking(period, timezone.localdate())
    return RankLog.objects.create(period=period.code, action=RankLog.Action.RECOMPUTED, reason=reason.strip(),
                                  requested_by=by, ranks_before=before, ranks_after=stored,
                                  ranks_changed=len(changes), changes=changes[:CHANGES_KEPT])


def people_without_assignment(period: Period | str) -> list[str]:
    """Employee numbers of people with KPI in the period but nothing in force on their last working day of it
    (no event history, or KPI after their exit): they cannot be placed in a peer group, so they are not
    ranked. The command says so rather than leaving them out silently."""
    period = _as_period(period)
    assignments, params = intervals_sql(None, period.start, period.last_day)
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT e.employee_no FROM (
                SELECT d.employee_id, MAX(d.date) AS last_day FROM {KpiDay._meta.db_table} d
                WHERE d.date >= %s AND d.date < %s GROUP BY d.employee_id) a
            JOIN org_employee e ON e.id = a.employee_id
            WHERE NOT EXISTS (SELECT 1 FROM ({assignments}) s WHERE s.employee_id = a.employee_id
                              AND s.valid_from <= a.last_day AND (s.valid_to IS NULL OR a.last_day < s.valid_to))
            ORDER BY e.employee_no""", [period.start, period.end, *params])
        return [row[0] for row in cursor.fetchall()]


def compute_ranks_between(first: datetime.date, last: datetime.date,
                          today: datetime.date | None = None) -> dict[str, int]:
    """After an import: recompute every open month and quarter touching [first, last]. A closed one keeps its
    ranks, and a log row says that late KPI arrived for it (recompute it with recompute_closed_period)."""
    today = today or timezone.localdate()
    done, kept = {}, []
    for p in periods_between(first, last):
        if is_closed(p, today):
            kept.append(RankLog(period=p.code, action=RankLog.Action.KEPT,
                                reason=_("KPI values between %(first)s and %(last)s changed after the period "
                                         "closed; its ranks were kept.") % {"first": first, "last": last}))
        else:
            done[p.code] = _store(p)[0]
            if done[p.code]:
                record_ranking(p, today)
    RankLog.objects.bulk_create(kept)
    return done
