"""KPI ranks benchmark (issues 3 and 6): quarterly composites and ranks for 50,000 agents with a year of daily KPI.

    .venv/bin/python bench/kpi_ranks.py            # 50,000 agents, then 100,000
    .venv/bin/python bench/kpi_ranks.py --small    # 5,000 agents, then 10,000

On PostgreSQL (a throwaway cluster unless DATABASE_URL is set): generates a year of weekday KPI
(10 metrics) in SQL, with each agent's hire event and, for one agent in twenty, a move to the next center
in the middle of the quarter (so peer groups come from the event history as of each person's last working
day). Times the product's compute_ranks for one quarter against one hand-written SQL statement computing
the same ranks (its own as-of lookup: the latest event on or before the last working day), compares every
rank, peer-group size and percentile both ways (`mismatches`), then doubles the workforce and times again.
Times are the best of three runs (warm cache; the machine may be shared). Targets: ranks_s < 10 s at 50,000 agents, ratio ≤ 1.5,
scale_ratio ≤ 2.2, mismatches 0; the exit status is 1 when one is missed. Last line: one JSON object.
"""
import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import database, finish, make_agents, peak_rss_mb, setup_django  # noqa: E402

CENTER_SIZE = 2_500
MOVE_DAY = datetime.date(2026, 2, 16)  # mid-quarter reorg: one agent in twenty moves to the next center
TARGETS = {"ranks_s": 10.0, "ratio": 1.5, "scale_ratio": 2.2, "mismatches": 0}
METRICS = ["calls_handled", "aht", "fcr", "csat", "nps", "qa_score", "adherence", "sales_conversion",
           "complaints", "deductions"]


def generate_year(first_center: int, agents: int, year_start: datetime.date, year_end: datetime.date) -> int:
    """Agents in centers of CENTER_SIZE and one row per agent and weekday, in date order, set-based in SQL."""
    from django.db import connection

    from agentpath.performance.models import Metric

    for i in range(agents // CENTER_SIZE):
        make_agents(CENTER_SIZE, prefix=f"R{first_center + i:03d}-", center_code=f"rank{first_center + i:03d}")
    add_history(first_center, agents // CENTER_SIZE)
    col = {m.code: m.column for m in Metric.objects.filter(code__in=METRICS)}
    skill = "((hashtext(e.employee_no) %% 1000) / 1000.0)"  # a stable per-agent skill in (-1, 1)
    # Float arithmetic only (numeric rounding is slow at this size); r() is one uniform draw in [0, 1).
    exprs = {
        "calls_handled": "floor(45 + 20 * random() + 10 * {s})",
        "aht": "floor(10 * exp(5.8 - 0.1 * {s} + 0.3 * (random() + random() - 1))) / 10",
        "fcr": "floor(10 * (75 + 5 * {s} + 15 * (random() - 0.5))) / 10",
        "csat": "floor(10 * (88 + 3 * {s} + 10 * (random() - 0.5))) / 10",
        "nps": "floor(30 + 20 * {s} + 40 * (random() - 0.5))",
        "qa_score": "CASE WHEN random() < 0.35 THEN floor(10 * (86 + 4 * {s} + 10 * (random() - 0.5))) / 10 END",
        "adherence": "floor(10 * (93 + 2 * {s} + 6 * (random() - 0.5))) / 10",
        "sales_conversion": "floor(100 * (8 + 2 * {s} + 6 * (random() - 0.5))) / 100",
        "complaints": "CASE WHEN random() < 0.01 THEN 1 ELSE 0 END",
        "deductions": "CASE WHEN random() < 0.005 THEN 1 + floor(random() * 5) ELSE 0 END",
    }
    cols = ", ".join(col[m] for m in METRICS)
    values = ", ".join(exprs[m].format(s=skill) for m in METRICS)
    with connection.cursor() as c:
        c.execute("SET synchronous_commit = off")
        c.execute("ALTER TABLE performance_kpiday DROP CONSTRAINT IF EXISTS performance_kpiday_pkey")
        c.execute("DROP INDEX IF EXISTS performance_kpiday_date_brin")
        c.execute("CREATE TEMP TABLE bench_agents AS SELECT e.id, e.employee_no, "
                  f"{skill.replace('%%', '%%')} AS s FROM org_employee e "
                  "WHERE e.center_id IN (SELECT id FROM org_center WHERE code >= %s AND code LIKE 'rank%%')",
                  [f"rank{first_center:03d}"])
        # Days outer, agents inner (LATERAL): rows arrive in date order, as daily files do, with no sort.
        c.execute(f"""INSERT INTO performance_kpiday (employee_id, date, {cols})
            SELECT a.id, a.day, {values.replace(skill, 'a.s')}
            FROM generate_series(%s::date, %s::date, interval '1 day') d
            CROSS JOIN LATERAL (SELECT e.id, d::date AS day, e.s FROM bench_agents e) a
            WHERE extract(isodow FROM d) < 6""", [year_start, year_end])
        rows = c.rowcount
        c.execute("DROP TABLE bench_agents")
        c.execute("SET maintenance_work_mem = '1GB'")
        c.execute("ALTER TABLE performance_kpiday ADD PRIMARY KEY (employee_id, date)")
        c.execute("CREATE INDEX performance_kpiday_date_brin ON performance_kpiday USING brin (date)")
        c.execute("VACUUM ANALYZE performance_kpiday")
    return rows


def add_history(first_center: int, centers: int) -> None:
    """Hire events for the new agents and, for one in twenty, a move on MOVE_DAY to the same-numbered team of
    the next center (the last center's movers go to the first), as org.services.record_move records it."""
    from django.db import connection

    codes = [f"rank{first_center + i:03d}" for i in range(centers)]
    with connection.cursor() as c:
        c.execute("""INSERT INTO org_employmentevent (employee_id, kind, effective_date, to_level_id, to_position_id,
                         to_grade, to_team_id, to_center_id, cause, decision_ref, recorded_at, scheduled)
                     SELECT e.id, 'hire', e.hire_date, e.level_id, e.position_id, e.grade, e.team_id, e.center_id,
                            'hire', '', now(), false
                     FROM org_employee e JOIN org_center ce ON ce.id = e.center_id WHERE ce.code = ANY(%s)""",
                  [codes])
        c.execute("""CREATE TEMP TABLE bench_moves AS
                     SELECT e.id, e.team_id AS from_team, e.center_id AS from_center, nt.id AS to_team,
                            nt.center_id AS to_center, e.level_id, e.position_id, e.grade
                     FROM org_employee e
                     JOIN org_center ce ON ce.id = e.center_id
                     JOIN org_team t ON t.id = e.team_id
                     JOIN org_center nc ON nc.code = (%s::text[])[(array_position(%s::text[], ce.code::text) %% %s) + 1]
                     JOIN org_team nt ON nt.center_id = nc.id
                          AND nt.code = nc.code || substring(t.code FROM length(ce.code) + 1)
                     WHERE ce.code = ANY(%s) AND e.id %% 20 = 0""", [codes, codes, len(codes), codes])
        c.execute("""INSERT INTO org_employmentevent (employee_id, kind, effective_date, from_level_id, to_level_id,
                         from_position_id, to_position_id, from_grade, to_grade, from_team_id, to_team_id,
                         from_center_id, to_center_id, cause, decision_ref, recorded_at, scheduled)
                     SELECT id, 'team_change', %s, level_id, level_id, position_id, position_id, grade, grade,
                            from_team, to_team, from_center, to_center, 'reorg', '', now(), false FROM bench_moves""",
                  [MOVE_DAY])
        c.execute("""UPDATE org_employee e SET team_id = m.to_team, center_id = m.to_center
                     FROM bench_moves m WHERE m.id = e.id""")
        c.execute("DROP TABLE bench_moves")
        c.execute("ANALYZE org_employmentevent")


HAND_SQL = """
CREATE TEMP TABLE hand_ranks AS
WITH agg AS (
    SELECT d.employee_id,
           COALESCE(SUM(d.{aht} * d.{calls}) / NULLIF(SUM(CASE WHEN d.{aht} IS NOT NULL THEN d.{calls} END), 0),
                    AVG(d.{aht})) AS aht,
           COALESCE(SUM(d.{fcr} * d.{calls}) / NULLIF(SUM(CASE WHEN d.{fcr} IS NOT NULL THEN d.{calls} END), 0),
                    AVG(d.{fcr})) AS fcr,
           COALESCE(SUM(d.{csat} * d.{calls}) / NULLIF(SUM(CASE WHEN d.{csat} IS NOT NULL THEN d.{calls} END), 0),
                    AVG(d.{csat})) AS csat,
           COALESCE(SUM(d.{sales} * d.{calls}) / NULLIF(SUM(CASE WHEN d.{sales} IS NOT NULL THEN d.{calls} END), 0),
                    AVG(d.{sales})) AS sales,
           -- volume metrics per day worked (a day with calls)
           SUM(d.{calls}) / NULLIF(COUNT(*) FILTER (WHERE d.{calls} > 0), 0) AS calls,
           SUM(d.{complaints}) / NULLIF(COUNT(*) FILTER (WHERE d.{calls} > 0), 0) AS complaints,
           AVG(d.{nps}) AS nps, AVG(d.{qa}) AS qa, AVG(d.{adh}) AS adh, AVG(d.{exam}) AS exam,
           SUM(d.{ded}) AS ded, MAX(d.date) AS last_day
    FROM performance_kpiday d WHERE d.date >= %(start)s AND d.date < %(end)s
    GROUP BY d.employee_id
), placed AS (  -- position and center in force on the last working day: the latest event up to that day
    SELECT a.*, ev.to_position_id AS position_id, ev.to_center_id AS center_id
    FROM agg a CROSS JOIN LATERAL (
        SELECT x.kind, x.to_position_id, x.to_center_id FROM org_employmentevent x
        WHERE x.employee_id = a.employee_id AND x.effective_date <= a.last_day
        ORDER BY x.effective_date DESC, x.id DESC LIMIT 1) ev
    WHERE ev.kind <> 'exit'
), scored AS (
    SELECT a.employee_id, a.position_id, a.center_id, m.grp, m.weight,
           CASE WHEN count(*) OVER w = 1 THEN 0.5 ELSE percent_rank() OVER (w ORDER BY m.sv) END AS score
    FROM placed a
    JOIN performance_scorecard sc ON sc.position_id = a.position_id AND sc.active
    CROSS JOIN LATERAL (SELECT v.grp, v.metric, v.weight, -- aggregates rounded to 6 decimals, as the product
                               round(v.sv::numeric, 6)::float8 AS sv FROM (VALUES
        ('business', 'qa', 0.25, a.qa), ('business', 'aht', 0.2, -a.aht), ('business', 'fcr', 0.2, a.fcr),
        ('business', 'adh', 0.15, a.adh), ('business', 'calls', 0.1, a.calls), ('business', 'exam', 0.1, a.exam),
        ('value', 'sales', 0.4, a.sales), ('value', 'csat', 0.3, a.csat), ('value', 'nps', 0.2, a.nps),
        ('value', 'complaints', 0.1, -a.complaints)) AS v(grp, metric, weight, sv)) AS m
    WHERE m.sv IS NOT NULL
    WINDOW w AS (PARTITION BY a.position_id, a.center_id, m.metric)
), composite AS (
    SELECT employee_id, position_id, center_id, grp,
           round((sum(weight * score) / sum(weight))::numeric, 9)::float8 AS composite
    FROM scored GROUP BY employee_id, position_id, center_id, grp
)
SELECT r.*, CASE WHEN r.peer_size = 1 THEN 100.0 ELSE 100.0 * (r.peer_size - r.rank) / (r.peer_size - 1) END
       AS percentile
FROM (SELECT c.*, rank() OVER (p ORDER BY composite DESC) AS rank, count(*) OVER p AS peer_size
      FROM composite c WINDOW p AS (PARTITION BY position_id, center_id, grp)) r
"""


def hand_written(period) -> float:
    from django.db import connection

    from agentpath.performance.models import Metric

    col = {m.code: m.column for m in Metric.objects.all()}
    sql = HAND_SQL.format(aht=col["aht"], calls=col["calls_handled"], fcr=col["fcr"], csat=col["csat"],
                          sales=col["sales_conversion"], nps=col["nps"], qa=col["qa_score"], adh=col["adherence"],
                          exam=col["exam_score"], complaints=col["complaints"], ded=col["deductions"])
    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS hand_ranks")
        started = time.perf_counter()
        c.execute(sql, {"start": period.start, "end": period.end})
        return time.perf_counter() - started


def mismatches(period) -> tuple[int, int]:
    """(ranks compared, mismatches): every hand-computed rank missing from the product or differing in peer
    group (position, center), rank, peer-group size or percentile, plus every product rank the hand-written
    statement does not have."""
    from django.db import connection

    differs = ("r.id IS NULL OR r.position_id <> h.position_id OR r.center_id <> h.center_id OR r.rank <> h.rank "
               "OR r.peer_size <> h.peer_size OR abs(r.percentile - h.percentile) > 1e-9")
    with connection.cursor() as c:
        c.execute(f"""SELECT COUNT(*), COUNT(*) FILTER (WHERE {differs})
                      FROM hand_ranks h LEFT JOIN performance_kpiresult r
                        ON r.employee_id = h.employee_id AND r.group_code = h.grp AND r.period = %s""",
                  [period.code])
        compared, hand_side = c.fetchone()
        c.execute("""SELECT COUNT(*) FROM performance_kpiresult r LEFT JOIN hand_ranks h
                       ON h.employee_id = r.employee_id AND h.grp = r.group_code
                     WHERE r.period = %s AND h.employee_id IS NULL""", [period.code])
        return compared, hand_side + c.fetchone()[0]


def best_of_three(fn) -> float:
    """The machine is shared: the best of three runs is the closest to the statement's own cost."""
    return min(fn(), fn(), fn())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="5,000 then 10,000 agents")
    args = parser.parse_args()
    agents = 5_000 if args.small else 50_000
    bench_started = time.perf_counter()
    with database():
        setup_django()
        from agentpath.common.calendar import quarter_period
        from agentpath.performance.ranking import compute_ranks

        year_start, year_end = datetime.date(2025, 7, 1), datetime.date(2026, 6, 30)
        period = quarter_period(2026, 1)

        def ranks():
            started = time.perf_counter()
            stored = compute_ranks(period, today=period.last_day)  # recomputed while the quarter is open
            assert stored > 0
            return time.perf_counter() - started

        started = time.perf_counter()
        rows = generate_year(0, agents, year_start, year_end)
        print(f"generated {agents:,} agents × a year of weekdays: {rows:,} day rows × {len(METRICS)} metrics "
              f"in {time.perf_counter() - started:.0f} s", flush=True)
        ranks_s, sql_s = best_of_three(ranks), best_of_three(lambda: hand_written(period))
        total, wrong = mismatches(period)
        print(f"{agents:,} agents, {period.code}: product compute_ranks {ranks_s:.2f} s (target < 10 s at 50,000); "
              f"hand-written SQL {sql_s:.2f} s; ratio {ranks_s / sql_s:.2f} (target ≤ 1.5); {total:,} ranks "
              f"compared both ways, {wrong} mismatches (target 0)", flush=True)
        started = time.perf_counter()
        rows = generate_year(agents // CENTER_SIZE, agents, year_start, year_end)
        print(f"added {agents:,} more agents ({rows:,} day rows) in {time.perf_counter() - started:.0f} s",
              flush=True)
        ranks_2x, sql_2x = best_of_three(ranks), best_of_three(lambda: hand_written(period))
        total_2x, wrong_2x = mismatches(period)
        print(f"{2 * agents:,} agents: compute_ranks {ranks_2x:.2f} s; scale ratio {ranks_2x / ranks_s:.2f} "
              f"(target ≤ 2.2; the hand-written SQL's, for reference: {sql_2x / sql_s:.2f}); {total_2x:,} ranks "
              f"compared, {wrong_2x} mismatches; whole bench {time.perf_counter() - bench_started:.0f} s", flush=True)
        figures = {"agents": agents, "ranks_s": round(ranks_s, 3), "sql_s": round(sql_s, 3),
                   "ratio": round(ranks_s / sql_s, 3), "ranks_100k_s": round(ranks_2x, 3),
                   "scale_ratio": round(ranks_2x / ranks_s, 3), "sql_100k_s": round(sql_2x, 3),
                   "sql_scale_ratio": round(sql_2x / sql_s, 3), "ranks_compared": total + total_2x,
                   "mismatches": wrong + wrong_2x, "peak_mb": round(peak_rss_mb(), 1)}
    finish(figures, missed_targets(figures))


def missed_targets(figures: dict) -> list[str]:
    """The targets this run missed (the 10 s limit is for 50,000 agents; a --small run easily holds it)."""
    missed = []
    if figures["ranks_s"] >= TARGETS["ranks_s"]:
        missed.append(f"ranks_s {figures['ranks_s']} ≥ {TARGETS['ranks_s']}")
    for key in ("ratio", "scale_ratio"):
        if figures[key] > TARGETS[key]:
            missed.append(f"{key} {figures[key]} > {TARGETS[key]}")
    if figures["mismatches"] != TARGETS["mismatches"]:
        missed.append(f"mismatches {figures['mismatches']} ≠ 0")
    return missed


if __name__ == "__main__":
    main()
