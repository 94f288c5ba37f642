"""KPI ranks benchmark (issue 3): quarterly composites and ranks for 50,000 agents with a year of daily KPI.

    .venv/bin/python bench/kpi_ranks.py            # 50,000 agents, then 100,000
    .venv/bin/python bench/kpi_ranks.py --small    # 5,000 agents, then 10,000

On PostgreSQL (a throwaway cluster unless DATABASE_URL is set): generates a year of weekday KPI
(10 metrics) in SQL, times the product's compute_ranks for one quarter against one hand-written SQL
statement computing the same ranks (and checks they agree), then doubles the workforce and times again.
Times are the better of two runs (warm cache). Last line: one JSON object.
"""
import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import database, last_line, make_agents, peak_rss_mb, setup_django  # noqa: E402

CENTER_SIZE = 2_500
METRICS = ["calls_handled", "aht", "fcr", "csat", "nps", "qa_score", "adherence", "sales_conversion",
           "complaints", "deductions"]


def generate_year(first_center: int, agents: int, year_start: datetime.date, year_end: datetime.date) -> int:
    """Agents in centers of CENTER_SIZE and one row per agent and weekday, in date order, set-based in SQL."""
    from django.db import connection

    from agentpath.performance.models import Metric

    for i in range(agents // CENTER_SIZE):
        make_agents(CENTER_SIZE, prefix=f"R{first_center + i:03d}-", center_code=f"rank{first_center + i:03d}")
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
           SUM(d.{calls}) AS calls, AVG(d.{nps}) AS nps, AVG(d.{qa}) AS qa, AVG(d.{adh}) AS adh,
           AVG(d.{exam}) AS exam, SUM(d.{complaints}) AS complaints, SUM(d.{ded}) AS ded
    FROM performance_kpiday d WHERE d.date >= %(start)s AND d.date < %(end)s
    GROUP BY d.employee_id
), scored AS (
    SELECT a.employee_id, e.position_id, e.center_id, m.grp, m.weight,
           CASE WHEN count(*) OVER w = 1 THEN 0.5 ELSE percent_rank() OVER (w ORDER BY m.sv) END AS score
    FROM agg a JOIN org_employee e ON e.id = a.employee_id
    JOIN performance_scorecard sc ON sc.position_id = e.position_id AND sc.active
    CROSS JOIN LATERAL (SELECT v.grp, v.metric, v.weight, -- aggregates rounded to 6 decimals, as the product
                               round(v.sv::numeric, 6)::float8 AS sv FROM (VALUES
        ('business', 'qa', 0.25, a.qa), ('business', 'aht', 0.2, -a.aht), ('business', 'fcr', 0.2, a.fcr),
        ('business', 'adh', 0.15, a.adh), ('business', 'calls', 0.1, a.calls), ('business', 'exam', 0.1, a.exam),
        ('value', 'sales', 0.4, a.sales), ('value', 'csat', 0.3, a.csat), ('value', 'nps', 0.2, a.nps),
        ('value', 'complaints', 0.1, -a.complaints)) AS v(grp, metric, weight, sv)) AS m
    WHERE m.sv IS NOT NULL
    WINDOW w AS (PARTITION BY e.position_id, e.center_id, m.metric)
), composite AS (
    SELECT employee_id, position_id, center_id, grp,
           round((sum(weight * score) / sum(weight))::numeric, 9)::float8 AS composite
    FROM scored GROUP BY employee_id, position_id, center_id, grp
)
SELECT c.*, rank() OVER (p ORDER BY composite DESC) AS rank, count(*) OVER p AS peer_size
FROM composite c WINDOW p AS (PARTITION BY position_id, center_id, grp)
"""


def hand_written(period) -> float:
    from django.db import connection

    from agentpath.performance.models import Metric

    col = {m.code: m.column for m in Metric.objects.all()}
    sql = HAND_SQL.format(aht=col["aht"], calls=col["calls_handled"], fcr=col["fcr"], csat=col["csat"],
                          sales=col["sales_conversion"], nps=col["nps"], qa=col["qa_score"], adh=col["adherence"],
                          exam=col["exam_score"], complaints=col["complaints"], ded=col["deductions"])
    with connection.cursor() as c:
        c.execute("SET jit = off")
        c.execute("DROP TABLE IF EXISTS hand_ranks")
        started = time.perf_counter()
        c.execute(sql, {"start": period.start, "end": period.end})
        return time.perf_counter() - started


def disagreements(period) -> tuple[int, int]:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("""SELECT COUNT(*), COUNT(*) FILTER (WHERE r.id IS NULL OR r.rank <> h.rank
                                                       OR r.peer_size <> h.peer_size)
                     FROM hand_ranks h LEFT JOIN performance_kpiresult r
                       ON r.employee_id = h.employee_id AND r.group_code = h.grp AND r.period = %s""",
                  [period.code])
        return c.fetchone()


def best_of_two(fn) -> float:
    return min(fn(), fn())


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
            stored = compute_ranks(period)
            assert stored > 0
            return time.perf_counter() - started

        started = time.perf_counter()
        rows = generate_year(0, agents, year_start, year_end)
        print(f"generated {agents:,} agents × a year of weekdays: {rows:,} day rows × {len(METRICS)} metrics "
              f"in {time.perf_counter() - started:.0f} s", flush=True)
        ranks_s, sql_s = best_of_two(ranks), best_of_two(lambda: hand_written(period))
        total, wrong = disagreements(period)
        print(f"{agents:,} agents, {period.code}: product compute_ranks {ranks_s:.2f} s; hand-written SQL "
              f"{sql_s:.2f} s; ratio {ranks_s / sql_s:.2f} (target ≤ 1.5); {total:,} ranks, {wrong} differ",
              flush=True)
        started = time.perf_counter()
        rows = generate_year(agents // CENTER_SIZE, agents, year_start, year_end)
        print(f"added {agents:,} more agents ({rows:,} day rows) in {time.perf_counter() - started:.0f} s",
              flush=True)
        ranks_2x = best_of_two(ranks)
        print(f"{2 * agents:,} agents: compute_ranks {ranks_2x:.2f} s; scale ratio {ranks_2x / ranks_s:.2f} "
              f"(target ≤ 2.2); whole bench {time.perf_counter() - bench_started:.0f} s", flush=True)
        last_line({"ranks_s": round(ranks_s, 3), "sql_s": round(sql_s, 3), "ratio": round(ranks_s / sql_s, 3),
                   "ranks_100k_s": round(ranks_2x, 3), "scale_ratio": round(ranks_2x / ranks_s, 3),
                   "peak_mb": round(peak_rss_mb(), 1)})


if __name__ == "__main__":
    main()
