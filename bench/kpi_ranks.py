"""KPI ranks benchmark (issues 3, 6 and 18): quarterly composites and ranks for 50,000 agents with a year of daily KPI
plus their team leaders, supervisors, managers and QA officers (about 5,000), the derived team metrics included.

    .venv/bin/python bench/kpi_ranks.py            # 50,000 agents, then 100,000
    .venv/bin/python bench/kpi_ranks.py --small    # 5,000 agents, then 10,000

On PostgreSQL (a throwaway cluster unless DATABASE_URL is set): generates a year of weekday KPI
(10 metrics) in SQL, with each agent's hire event and, for one agent in twenty, a move to the next center
in the middle of the quarter (so peer groups come from the event history as of each person's last working
day). Times the product's compute_ranks for one quarter against one hand-written SQL statement computing
the same ranks (its own as-of lookup: the latest event on or before the last working day), compares every
rank, peer-group size and percentile both ways (`mismatches`), then doubles the workforce and times again.
Issue 18: every team has a leader, four teams a supervisor, each center a manager and QA officers (their own
imported KPI); one agent in fifty leaves mid-quarter and one in forty is a new hire who leaves after 35 days.
A second hand-written statement computes the team leaders' derived team metrics and ranks (its own formulation:
a join per KPI day to the member's and the leader's interval, DISTINCT ON for the last team); `team_s` is the
product's compute_ranks for every family, `team_sql_s` the two hand-written statements, `team_ratio` their ratio
(`ratio` is the same comparison), team-leader ranks are compared both ways into `mismatches`.
Times are the best of three runs (warm cache, the tables vacuumed and analysed after each load as autovacuum
would; the machine may be shared). Targets: ranks_s < 15 s at 50,000 agents,
ratio and team_ratio ≤ 1.5, scale_ratio ≤ 2.2, mismatches 0; the exit status is 1 when one is missed. Last line: one
JSON object.
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
EXIT_DAY = datetime.date(2026, 2, 20)  # one agent in fifty leaves mid-quarter
HIRE_DAY = datetime.date(2026, 1, 12)  # one agent in forty is a new hire who leaves after 35 days
QA_PER_CENTER = 25  # with the leaders (one a team of 15), supervisors (one per 4 teams) and a manager per center:
                    # about 5,000 leaders and functional staff for 50,000 agents
TARGETS = {"ranks_s": 15.0, "ratio": 1.5, "scale_ratio": 2.2, "mismatches": 0, "team_ratio": 1.5}
METRICS = ["calls_handled", "aht", "fcr", "csat", "nps", "qa_score", "adherence", "sales_conversion",
           "complaints", "deductions"]


def generate_year(first_center: int, agents: int, year_start: datetime.date, year_end: datetime.date) -> int:
    """Agents in centers of CENTER_SIZE and one row per agent and weekday, in date order, set-based in SQL."""
    from django.db import connection

    from agentpath.performance.models import Metric

    for i in range(agents // CENTER_SIZE):
        make_agents(CENTER_SIZE, prefix=f"R{first_center + i:03d}-", center_code=f"rank{first_center + i:03d}")
    add_staff(first_center, agents // CENTER_SIZE)
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
                  "WHERE e.center_id IN (SELECT id FROM org_center WHERE code >= %s AND code LIKE 'rank%%') "
                  "AND e.position_id = (SELECT id FROM careers_position WHERE code = 'agent')",
                  [f"rank{first_center:03d}"])
        # Days outer, agents inner (LATERAL): rows arrive in date order, as daily files do, with no sort.
        c.execute(f"""INSERT INTO performance_kpiday (employee_id, date, {cols})
            SELECT a.id, a.day, {values.replace(skill, 'a.s')}
            FROM generate_series(%s::date, %s::date, interval '1 day') d
            CROSS JOIN LATERAL (SELECT e.id, d::date AS day, e.s FROM bench_agents e) a
            WHERE extract(isodow FROM d) < 6""", [year_start, year_end])
        rows = c.rowcount
        c.execute("DROP TABLE bench_agents")
        rows += staff_kpi(c, first_center, col, year_start, year_end)
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
                     WHERE ce.code = ANY(%s) AND e.id %% 20 = 0
                       AND e.position_id = (SELECT id FROM careers_position WHERE code = 'agent')""",
                  [codes, codes, len(codes), codes])
        c.execute("""INSERT INTO org_employmentevent (employee_id, kind, effective_date, from_level_id, to_level_id,
                         from_position_id, to_position_id, from_grade, to_grade, from_team_id, to_team_id,
                         from_center_id, to_center_id, cause, decision_ref, recorded_at, scheduled)
                     SELECT id, 'team_change', %s, level_id, level_id, position_id, position_id, grade, grade,
                            from_team, to_team, from_center, to_center, 'reorg', '', now(), false FROM bench_moves""",
                  [MOVE_DAY])
        c.execute("""UPDATE org_employee e SET team_id = m.to_team, center_id = m.to_center
                     FROM bench_moves m WHERE m.id = e.id""")
        c.execute("DROP TABLE bench_moves")
        # Team attrition: one agent in fifty leaves on EXIT_DAY (not a mover), and one in forty hired on HIRE_DAY
        # leaves after a month (the 90-day attrition). Their KPI stops on their last day.
        c.execute("""UPDATE org_employee e SET hire_date = %s FROM org_center ce
                     WHERE ce.id = e.center_id AND ce.code = ANY(%s) AND e.id %% 40 = 3
                       AND e.position_id = (SELECT id FROM careers_position WHERE code = 'agent')""",
                  [HIRE_DAY, codes])
        c.execute("""UPDATE org_employmentevent ev SET effective_date = %s FROM org_employee e
                     WHERE e.id = ev.employee_id AND ev.kind = 'hire' AND e.hire_date = %s""", [HIRE_DAY, HIRE_DAY])
        c.execute("""INSERT INTO org_employmentevent (employee_id, kind, effective_date, from_team_id, cause,
                         decision_ref, recorded_at, scheduled)
                     SELECT e.id, 'exit', CASE WHEN e.id %% 40 = 3 THEN %s ELSE %s END, e.team_id, 'exit', '', now(),
                            false
                     FROM org_employee e JOIN org_center ce ON ce.id = e.center_id
                     WHERE ce.code = ANY(%s) AND (e.id %% 50 = 7 OR e.id %% 40 = 3)
                       AND e.position_id = (SELECT id FROM careers_position WHERE code = 'agent')""",
                  [HIRE_DAY + datetime.timedelta(days=35), EXIT_DAY, codes])
        c.execute("ANALYZE org_employmentevent")


def add_staff(first_center: int, centers: int) -> None:
    """A team leader in each team, a supervisor over every four teams (the leaders report to them), a manager per
    center and QA_PER_CENTER QA officers; their hire events come with the agents' (add_history)."""
    from django.db import connection

    codes = [f"rank{first_center + i:03d}" for i in range(centers)]
    position = "(SELECT id FROM careers_position WHERE code = '{}')"
    level = "(SELECT level_id FROM careers_position WHERE code = '{}')"
    insert = """INSERT INTO org_employee (employee_no, name, center_id, team_id, position_id, level_id, grade,
                    hire_date, education, status, phone, id_number, email) """
    with connection.cursor() as c:
        c.execute(insert + f"""SELECT 'TL-' || t.code, '组长' || t.code, t.center_id, t.id, {position.format('team-leader')},
                    {level.format('team-leader')}, 7, DATE '2023-01-01', '', 'active', '', '', ''
                    FROM org_team t JOIN org_center ce ON ce.id = t.center_id WHERE ce.code = ANY(%s)""", [codes])
        c.execute(insert + f"""SELECT 'SUP-' || ce.code || '-' || g, '主管' || g, ce.id, NULL, {position.format('supervisor')},
                    {level.format('supervisor')}, 5, DATE '2022-01-01', '', 'active', '', '', ''
                    FROM org_center ce CROSS JOIN generate_series(1, %s) g WHERE ce.code = ANY(%s)""",
                  [(CENTER_SIZE // 15 + 3) // 4 + 1, codes])
        c.execute("""UPDATE org_employee l SET manager_id = s.id FROM org_team t, org_center ce, org_employee s
                     WHERE l.employee_no = 'TL-' || t.code AND ce.id = t.center_id AND ce.code = ANY(%s)
                       AND s.employee_no = 'SUP-' || ce.code || '-'
                           || ((substring(t.code FROM '-t([0-9]+)$')::int - 1) / 4 + 1)""", [codes])
        c.execute(insert + f"""SELECT 'MGR-' || ce.code, '经理' || ce.code, ce.id, NULL, {position.format('cs-manager')},
                    {level.format('cs-manager')}, 3, DATE '2021-01-01', '', 'active', '', '', ''
                    FROM org_center ce WHERE ce.code = ANY(%s)""", [codes])
        c.execute(insert + f"""SELECT 'QA-' || ce.code || '-' || g, '质检' || g, ce.id, NULL, {position.format('qa-officer')},
                    {level.format('qa-officer')}, 7, DATE '2023-06-01', '', 'active', '', '', ''
                    FROM org_center ce CROSS JOIN generate_series(1, %s) g WHERE ce.code = ANY(%s)""",
                  [QA_PER_CENTER, codes])


def staff_kpi(c, first_center: int, col: dict, year_start: datetime.date, year_end: datetime.date) -> int:
    """Leaders' monthly exams (the last weekday of each month) and QA officers' daily evaluations, Wednesday
    calibration and Friday disputes, set-based."""
    from agentpath.performance.models import Metric

    col = {**col, **{m.code: m.column for m in Metric.objects.filter(
        code__in=["exam_score", "qa_evaluation_rate", "qa_calibration_dev", "qa_disputes_overturned"])}}
    staff = """FROM org_employee e JOIN org_center ce ON ce.id = e.center_id
               JOIN careers_position p ON p.id = e.position_id
               WHERE ce.code >= %s AND ce.code LIKE 'rank%%' AND p.code = ANY(%s)"""
    month_ends = """SELECT max(d)::date AS day FROM generate_series(%s::date, %s::date, interval '1 day') d
                    WHERE extract(isodow FROM d) < 6 GROUP BY date_trunc('month', d)"""
    c.execute(f"""INSERT INTO performance_kpiday (employee_id, date, {col['exam_score']})
        SELECT e.id, m.day, floor(60 + 40 * random()) FROM ({month_ends}) m CROSS JOIN LATERAL (
            SELECT e.id {staff}) e""",
              [year_start, year_end, f"rank{first_center:03d}", ["team-leader", "supervisor", "cs-manager"]])
    rows = c.rowcount
    c.execute(f"""INSERT INTO performance_kpiday (employee_id, date, {col['qa_evaluation_rate']},
            {col['qa_calibration_dev']}, {col['qa_disputes_overturned']})
        SELECT e.id, d::date, floor(10 * (100 + 24 * (random() - 0.5))) / 10,
               CASE WHEN extract(isodow FROM d) = 3 THEN floor(10 * exp(1.1 + 0.45 * (random() - 0.5))) / 10 END,
               CASE WHEN extract(isodow FROM d) = 5 THEN floor(100 * random() * 10) / 100 END
        FROM generate_series(%s::date, %s::date, interval '1 day') d CROSS JOIN LATERAL (SELECT e.id {staff}) e
        WHERE extract(isodow FROM d) < 6""", [year_start, year_end, f"rank{first_center:03d}", ["qa-officer"]])
    return rows + c.rowcount


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
     AND a.position_id = (SELECT id FROM careers_position WHERE code = 'agent')  -- the agents' scorecard
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


HAND_TEAM_SQL = """
CREATE TEMP TABLE hand_team AS
WITH iv AS (  -- every assignment interval from the events (an exit ends the last one)
    SELECT x.* FROM (
        SELECT ev.employee_id, ev.kind, ev.to_team_id AS team_id, ev.to_center_id AS center_id,
               ev.to_position_id AS position_id, ev.effective_date AS f,
               LEAD(ev.effective_date) OVER (PARTITION BY ev.employee_id ORDER BY ev.effective_date, ev.id) AS t
        FROM org_employmentevent ev) x
    WHERE x.kind <> 'exit' AND (x.t IS NULL OR x.t > x.f)
), leader AS (
    SELECT iv.employee_id AS leader_id, iv.team_id, iv.center_id, iv.f, iv.t FROM iv WHERE iv.position_id = %(tl)s
), member AS (
    SELECT iv.* FROM iv WHERE iv.position_id = %(agent)s
), daily AS (  -- each day of a member counts for the leader of the team the member was in that day
    SELECT l.leader_id,
           SUM(d.{fcr} * d.{calls}) / NULLIF(SUM(CASE WHEN d.{fcr} IS NOT NULL THEN d.{calls} END), 0) AS fcr,
           SUM(d.{csat} * d.{calls}) / NULLIF(SUM(CASE WHEN d.{csat} IS NOT NULL THEN d.{calls} END), 0) AS csat,
           SUM(d.{aht} * d.{calls}) / NULLIF(SUM(CASE WHEN d.{aht} IS NOT NULL THEN d.{calls} END), 0) AS aht,
           100.0 * COUNT(*) FILTER (WHERE d.{exam} >= 60) / NULLIF(COUNT(d.{exam}), 0) AS exam_pass
    FROM performance_kpiday d
    JOIN member m ON m.employee_id = d.employee_id AND d.date >= m.f AND (m.t IS NULL OR d.date < m.t)
    JOIN leader l ON l.team_id = m.team_id AND d.date >= l.f AND (l.t IS NULL OR d.date < l.t)
    WHERE d.date >= %(start)s AND d.date < %(end)s
    GROUP BY l.leader_id
), member_end AS (  -- the team each member was in at their last day in the quarter
    SELECT DISTINCT ON (m.employee_id) m.employee_id, m.team_id
    FROM member m WHERE m.f < %(end)s AND (m.t IS NULL OR m.t > %(start)s)
    ORDER BY m.employee_id, m.f DESC
), ranked_members AS (
    SELECT l.leader_id, AVG(r.percentile) AS pct,
           100.0 * AVG(CASE WHEN r.rank - 1 >= r.peer_size * 0.5 THEN 1.0 ELSE 0.0 END) AS bottom
    FROM member_end me JOIN leader l ON l.team_id = me.team_id AND l.f < %(end)s AND (l.t IS NULL OR l.t > %(start)s)
    JOIN performance_kpiresult r ON r.employee_id = me.employee_id AND r.period = %(code)s
    GROUP BY l.leader_id
), attrition AS (
    SELECT l.leader_id,
           100.0 * COUNT(DISTINCT m.employee_id) FILTER (WHERE m.t >= %(year)s AND m.t < %(end)s AND EXISTS (
               SELECT 1 FROM org_employmentevent x WHERE x.employee_id = m.employee_id AND x.kind = 'exit'
                 AND x.effective_date = m.t)) / COUNT(DISTINCT m.employee_id) AS a12,
           100.0 * COUNT(DISTINCT m.employee_id) FILTER (WHERE e.hire_date > %(start)s::date - 90
                 AND m.t >= %(start)s AND m.t < %(end)s AND m.t < e.hire_date + 90 AND EXISTS (
               SELECT 1 FROM org_employmentevent x WHERE x.employee_id = m.employee_id AND x.kind = 'exit'
                 AND x.effective_date = m.t))
             / NULLIF(COUNT(DISTINCT m.employee_id) FILTER (WHERE e.hire_date > %(start)s::date - 90
                 AND e.hire_date < %(end)s AND m.f < %(end)s AND (m.t IS NULL OR m.t > %(start)s)), 0) AS a90
    FROM leader l JOIN member m ON m.team_id = l.team_id AND m.f < %(end)s AND (m.t IS NULL OR m.t > %(year)s)
    JOIN org_employee e ON e.id = m.employee_id
    WHERE l.f < %(end)s AND (l.t IS NULL OR l.t > %(start)s)
    GROUP BY l.leader_id
), own_exam AS (
    SELECT d.employee_id AS leader_id, AVG(d.{exam}) AS exam FROM performance_kpiday d
    WHERE d.date >= %(start)s AND d.date < %(end)s AND d.employee_id IN (SELECT leader_id FROM leader)
    GROUP BY d.employee_id
), leaders AS (
    SELECT l.leader_id, l.center_id, dl.fcr, dl.csat, dl.aht, dl.exam_pass, rm.pct, rm.bottom, a.a12, a.a90,
           0.0 AS idp, oe.exam  -- no agreed IDP in the bench: every member's fact is 0
    FROM leader l
    LEFT JOIN daily dl ON dl.leader_id = l.leader_id LEFT JOIN ranked_members rm ON rm.leader_id = l.leader_id
    LEFT JOIN attrition a ON a.leader_id = l.leader_id LEFT JOIN own_exam oe ON oe.leader_id = l.leader_id
    WHERE l.f < %(end)s AND (l.t IS NULL OR l.t > %(start)s)
), scored AS (
    SELECT a.leader_id, a.center_id, m.grp, m.weight,
           CASE WHEN count(*) OVER w = 1 THEN 0.5 ELSE percent_rank() OVER (w ORDER BY m.sv) END AS score
    FROM leaders a CROSS JOIN LATERAL (SELECT v.grp, v.metric, v.weight, round(v.sv::numeric, 6)::float8 AS sv
        FROM (VALUES ('team', 'pct', 0.35, a.pct), ('team', 'fcr', 0.15, a.fcr), ('team', 'csat', 0.15, a.csat),
                     ('team', 'aht', 0.1, -a.aht), ('team', 'bottom', 0.25, -a.bottom),
                     ('people', 'a90', 0.25, -a.a90), ('people', 'a12', 0.2, -a.a12),
                     ('people', 'pass', 0.2, a.exam_pass), ('people', 'idp', 0.1, a.idp),
                     ('people', 'exam', 0.25, a.exam)) AS v(grp, metric, weight, sv)) AS m
    WHERE m.sv IS NOT NULL
    WINDOW w AS (PARTITION BY a.center_id, m.metric)
), composite AS (
    SELECT leader_id, center_id, grp, round((sum(weight * score) / sum(weight))::numeric, 9)::float8 AS composite
    FROM scored GROUP BY leader_id, center_id, grp
)
SELECT r.*, CASE WHEN r.peer_size = 1 THEN 100.0 ELSE 100.0 * (r.peer_size - r.rank) / (r.peer_size - 1) END
       AS percentile
FROM (SELECT c.*, rank() OVER (p ORDER BY composite DESC) AS rank, count(*) OVER p AS peer_size
      FROM composite c WINDOW p AS (PARTITION BY center_id, grp)) r
"""


def hand_written_team(period) -> float:
    """The team leaders' derived team metrics and ranks by hand (run after the agents' hand-written ranks are
    stored by the product: it reads the agents' KpiResult rows as the product's second pass reads its first)."""
    from django.db import connection

    from agentpath.careers.models import Position
    from agentpath.common.calendar import add_months
    from agentpath.performance.models import Metric

    col = {m.code: m.column for m in Metric.objects.all()}
    sql = HAND_TEAM_SQL.format(fcr=col["fcr"], csat=col["csat"], aht=col["aht"], calls=col["calls_handled"],
                               exam=col["exam_score"])
    ids = dict(Position.objects.filter(code__in=["team-leader", "agent"]).values_list("code", "id"))
    params = {"start": period.start, "end": period.end, "code": period.code, "year": add_months(period.end, -12),
              "tl": ids["team-leader"], "agent": ids["agent"]}
    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS hand_team")
        c.execute("SET work_mem = '256MB'")
        started = time.perf_counter()
        c.execute(sql, params)
        return time.perf_counter() - started


def team_mismatches(period) -> tuple[int, int]:
    """(team-leader ranks compared, mismatches) between the hand-written team statement and the product."""
    from django.db import connection

    differs = ("r.id IS NULL OR r.rank <> h.rank OR r.peer_size <> h.peer_size "
               "OR abs(r.percentile - h.percentile) > 1e-9")
    with connection.cursor() as c:
        c.execute(f"""SELECT COUNT(*), COUNT(*) FILTER (WHERE {differs})
                      FROM hand_team h LEFT JOIN performance_kpiresult r
                        ON r.employee_id = h.leader_id AND r.group_code = h.grp AND r.period = %s""", [period.code])
        compared, wrong = c.fetchone()
        c.execute("""SELECT COUNT(*) FROM performance_kpiresult r JOIN careers_position p ON p.id = r.position_id
                     LEFT JOIN hand_team h ON h.leader_id = r.employee_id AND h.grp = r.group_code
                     WHERE r.period = %s AND p.code = 'team-leader' AND h.leader_id IS NULL""", [period.code])
        return compared, wrong + c.fetchone()[0]


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
                     WHERE r.period = %s AND h.employee_id IS NULL
                       AND r.position_id = (SELECT id FROM careers_position WHERE code = 'agent')""", [period.code])
        return compared, hand_side + c.fetchone()[0]


def settle() -> None:
    """VACUUM ANALYZE after a bulk load, as autovacuum does on a running system: without it the first statements
    over a million fresh rows set their hint bits (writing every page) and the 10,000-agent runs read the dead rows
    of the runs before them (measured with --small, backend CPU: 5,000 agents 1.9 s; 10,000 agents 4.3–5.4 s
    growing run by run, 3.7 s once vacuumed)."""
    from django.db import connection

    with connection.cursor() as cursor:  # autocommit: VACUUM runs outside a transaction
        cursor.execute("VACUUM ANALYZE")


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
        settle()
        ranks_s, sql_s = best_of_three(ranks), best_of_three(lambda: hand_written(period))
        team_sql_s = sql_s + best_of_three(lambda: hand_written_team(period))
        total, wrong = mismatches(period)
        team_total, team_wrong = team_mismatches(period)
        print(f"every family incl. derived team metrics ({team_total:,} team-leader ranks checked by hand, "
              f"{team_wrong} mismatches): product {ranks_s:.2f} s; hand-written agents + team leaders "
              f"{team_sql_s:.2f} s; team_ratio {ranks_s / team_sql_s:.2f} (target ≤ 1.5)", flush=True)
        print(f"{agents:,} agents, {period.code}: product compute_ranks {ranks_s:.2f} s (every family; target < 15 s "
              f"at 50,000); hand-written SQL for the agents {sql_s:.2f} s; {total:,} ranks "
              f"compared both ways, {wrong} mismatches (target 0)", flush=True)
        started = time.perf_counter()
        rows = generate_year(agents // CENTER_SIZE, agents, year_start, year_end)
        print(f"added {agents:,} more agents ({rows:,} day rows) in {time.perf_counter() - started:.0f} s",
              flush=True)
        settle()
        ranks_2x, sql_2x = best_of_three(ranks), best_of_three(lambda: hand_written(period))
        total_2x, wrong_2x = mismatches(period)
        team_sql_2x = sql_2x + best_of_three(lambda: hand_written_team(period))
        team_total_2x, team_wrong_2x = team_mismatches(period)
        print(f"{2 * agents:,} agents: compute_ranks {ranks_2x:.2f} s; scale ratio {ranks_2x / ranks_s:.2f} "
              f"(target ≤ 2.2; the hand-written SQL's, for reference: {sql_2x / sql_s:.2f}); {total_2x:,} ranks "
              f"compared, {wrong_2x} mismatches; whole bench {time.perf_counter() - bench_started:.0f} s", flush=True)
        figures = {"agents": agents, "ranks_s": round(ranks_s, 3), "sql_s": round(sql_s, 3),
                   "ratio": round(ranks_s / team_sql_s, 3), "ranks_100k_s": round(ranks_2x, 3),
                   "scale_ratio": round(ranks_2x / ranks_s, 3), "sql_100k_s": round(sql_2x, 3),
                   "sql_scale_ratio": round(sql_2x / sql_s, 3), "ranks_compared": total + total_2x,
                   "mismatches": wrong + wrong_2x + team_wrong + team_wrong_2x,
                   "team_s": round(ranks_s, 3), "team_sql_s": round(team_sql_s, 3),
                   "team_ratio": round(ranks_s / team_sql_s, 3), "team_sql_100k_s": round(team_sql_2x, 3),
                   "team_ranks_compared": team_total + team_total_2x, "peak_mb": round(peak_rss_mb(), 1)}
    finish(figures, missed_targets(figures))


def missed_targets(figures: dict) -> list[str]:
    """The targets this run missed (the 10 s limit is for 50,000 agents; a --small run easily holds it)."""
    missed = []
    if figures["ranks_s"] >= TARGETS["ranks_s"]:
        missed.append(f"ranks_s {figures['ranks_s']} ≥ {TARGETS['ranks_s']}")
    for key in ("ratio", "scale_ratio", "team_ratio"):
        if figures[key] > TARGETS[key]:
            missed.append(f"{key} {figures[key]} > {TARGETS[key]}")
    if figures["mismatches"] != TARGETS["mismatches"]:
        missed.append(f"mismatches {figures['mismatches']} ≠ 0")
    return missed


if __name__ == "__main__":
    main()
