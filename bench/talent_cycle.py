"""Talent cycle benchmark (issue 9): eligibility with explanations and the 9-box for 50,000 people, then 100,000.

    .venv/bin/python bench/talent_cycle.py            # 50,000 employees, then 100,000
    .venv/bin/python bench/talent_cycle.py --small    # 5,000 employees, then 10,000

On PostgreSQL (a throwaway cluster unless DATABASE_URL is set) it builds, set-based in SQL, a workforce in
centers of 2,500 (teams of 15) on the management, professional, VIP, QA, training and support ladders of the
default framework: hire events, a promotion into today's level for everyone above the entry level, a team
change for one in twenty; course completions (the entry courses of the current level, some of the next
level's, electives) with their credits; one year of daily KPI for the positions with a scorecard, the monthly
exam score in it (the fact min_exam_average reads) and the quarterly ranks of the last two quarters; discipline
records, nominations and supervisor potential ratings. The workforce has no long unpaid leave (the only thing
that would make months in level differ from calendar months).

It then times the product's talent cycle for the whole workforce: every open transition of every active
person with every requirement checked and explained (talent.eligibility.evaluate_people, as a promotion round
reads a center: the tenure facts of org.selectors.with_tenure, then evaluate), plus the 9-box placement of
every center (talent.nine_box.open_reviews, as `agentpath talent open-reviews` opens a quarter's reviews; rolled
back after each run). In the same run it times one hand-written SQL statement that computes three criteria
alone (months in level, credits in the window, KPI percentile over the last quarters) for every person and
open transition, and compares its verdicts with the product's (`mismatches`). Then it doubles the workforce
and times the cycle again. Times are the best of three runs (--runs; the machine may be shared); peak_mb is the peak
resident memory of this process.

Targets: cycle_s < 10 s at 50,000, ratio ≤ 3, scale_ratio ≤ 2.2, peak_mb < 1024, mismatches 0; the exit status
is 1 when one is missed. Last line: one JSON object.
"""
import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import database, finish, peak_rss_mb, setup_django  # noqa: E402

CENTER_SIZE, TEAM_SIZE = 2_500, 15
AS_OF = datetime.date(2026, 7, 15)  # the cycle's day: 2026Q1 and 2026Q2 are the last two complete quarters
KPI_FIRST, KPI_LAST = datetime.date(2025, 7, 1), datetime.date(2026, 6, 30)
QUARTERS = ("2026Q1", "2026Q2")
REVIEW_QUARTER = "2026Q2"
TARGETS = {"cycle_s": 10.0, "ratio": 3.0, "scale_ratio": 2.2, "peak_mb": 1024.0, "mismatches": 0}
# Per mille of the workforce: (share, level, position, the level and position they were hired into).
MIX = [
    (640, "mgmt-agent", "agent", None, None),
    (120, "pro-senior", "senior-agent", "mgmt-agent", "agent"),
    (30, "pro-expert", "business-expert", "mgmt-agent", "agent"),
    (70, "mgmt-tl", "team-leader", "mgmt-agent", "agent"),
    (15, "mgmt-supervisor", "supervisor", "mgmt-agent", "agent"),
    (2, "mgmt-manager", "cs-manager", "mgmt-agent", "agent"),
    (40, "vip-assistant", "vip-assistant", None, None),
    (20, "vip-manager", "vip-manager", "vip-assistant", "vip-assistant"),
    (8, "vip-senior", "vip-senior", "vip-assistant", "vip-assistant"),
    (20, "qa-officer", "qa-officer", "mgmt-agent", "agent"),
    (4, "qa-lead", "qa-lead", "mgmt-agent", "agent"),
    (12, "trainer", "trainer", "mgmt-agent", "agent"),
    (3, "trainer-senior", "trainer-senior", "mgmt-agent", "agent"),
    (5, "scheduler", "scheduler", "mgmt-agent", "agent"),
    (3, "mis-analyst", "mis-analyst", "mgmt-agent", "agent"),
    (4, "paperwork-clerk", "paperwork-clerk", None, None),
    (2, "billing-clerk", "billing-clerk", None, None),
    (2, "collections-agent", "collections-agent", None, None),
]
# Daily KPI for one weekday (float arithmetic; s is a stable per-person skill in (-1, 1)).
KPI_EXPRS = {
    "calls_handled": "floor(45 + 20 * random() + 10 * a.s)",
    "aht": "floor(10 * exp(5.8 - 0.1 * a.s + 0.3 * (random() + random() - 1))) / 10",
    "fcr": "floor(10 * (75 + 5 * a.s + 15 * (random() - 0.5))) / 10",
    "csat": "floor(10 * (88 + 3 * a.s + 10 * (random() - 0.5))) / 10",
    "nps": "floor(30 + 20 * a.s + 40 * (random() - 0.5))",
    "qa_score": "CASE WHEN random() < 0.35 THEN floor(10 * (86 + 4 * a.s + 10 * (random() - 0.5))) / 10 END",
    "adherence": "floor(10 * (93 + 2 * a.s + 6 * (random() - 0.5))) / 10",
    "sales_conversion": "floor(100 * (8 + 2 * a.s + 6 * (random() - 0.5))) / 100",
    "complaints": "CASE WHEN random() < 0.01 THEN 1 ELSE 0 END",
    "deductions": "CASE WHEN random() < 0.005 THEN 1 + floor(random() * 5) ELSE 0 END",
    # the monthly exam (seed 002 §3.4.4) on the last weekday of the month
    "exam_score": "CASE WHEN a.month_end THEN least(100, greatest(0, floor(80 + 8 * a.s + 12 * (random() - 0.5)))) END",
}


def build_workforce(first_center: int, people: int) -> None:
    """people / CENTER_SIZE centers numbered from first_center, with everything the cycle reads."""
    from django.db import connection

    centers = [f"tc{first_center + i:03d}" for i in range(people // CENTER_SIZE)]
    with connection.cursor() as c:
        c.execute("SET synchronous_commit = off")
        c.execute("DROP TABLE IF EXISTS bench_mix")
        c.execute("CREATE TEMP TABLE bench_mix (lo int, hi int, level_id int, position_id int, grade int, "
                  "hire_level_id int, hire_position_id int, hire_grade int)")
        lo = 0
        for share, level, position, hire_level, hire_position in MIX:
            c.execute("""INSERT INTO bench_mix
                         SELECT %s, %s, l.id, p.id, l.grade_max, coalesce(hl.id, l.id), coalesce(hp.id, p.id),
                                coalesce(hl.grade_max, l.grade_max)
                         FROM careers_level l JOIN careers_position p ON p.code = %s
                         LEFT JOIN careers_level hl ON hl.code = %s LEFT JOIN careers_position hp ON hp.code = %s
                         WHERE l.code = %s""", [lo, lo + share, position, hire_level, hire_position, level])
            lo += share
        assert lo == 1000, lo
        c.execute("INSERT INTO org_center (code, name, city) SELECT code, '人才中心 ' || code, '' FROM unnest(%s::text[]) "
                  "code", [centers])
        teams = CENTER_SIZE // TEAM_SIZE + 1
        c.execute("""INSERT INTO org_team (code, name, center_id)
                     SELECT ce.code || '-t' || g, ce.code || ' 组 ' || g, ce.id
                     FROM org_center ce CROSS JOIN generate_series(1, %s) g WHERE ce.code = ANY(%s)""",
                  [teams, centers])
        # One row per person: where they sit, since when, what they were hired as (h: a stable hash in [0, 1)).
        c.execute("DROP TABLE IF EXISTS bench_people")
        c.execute("""CREATE TEMP TABLE bench_people AS
            SELECT x.*, m.level_id, m.position_id, m.grade, m.hire_level_id, m.hire_position_id, m.hire_grade,
                   m.hire_level_id <> m.level_id AS promoted,
                   %(as_of)s::date - (70 + floor(x.h * 1800))::int AS hire_date, x.g %% 20 = 7 AS mover
            FROM (SELECT ce.id AS center_id, ce.code || '-' || lpad(g::text, 5, '0') AS employee_no, g,
                         (SELECT t.id FROM org_team t WHERE t.code = ce.code || '-t' || ((g - 1) / %(team)s + 1)) AS team_id,
                         (SELECT t.id FROM org_team t
                          WHERE t.code = ce.code || '-t' || (((g - 1) / %(team)s + 1) %% %(teams)s + 1)) AS prev_team_id,
                         ((hashtext(ce.code || g) & 2147483647) %% 1000000) / 1000000.0 AS h,
                         (g * 7919) %% 1000 AS bucket
                  FROM org_center ce CROSS JOIN generate_series(1, %(size)s) g WHERE ce.code = ANY(%(centers)s)) x
            JOIN bench_mix m ON x.bucket >= m.lo AND x.bucket < m.hi""",
                  {"as_of": AS_OF, "team": TEAM_SIZE, "teams": teams, "size": CENTER_SIZE, "centers": centers})
        # Promoted people entered today's level somewhere between 2 months after their hire and yesterday; movers
        # (one in twenty) came from the next team of the center halfway through that stay (it goes on).
        c.execute("""ALTER TABLE bench_people ADD COLUMN level_since date;
                     UPDATE bench_people SET level_since = CASE WHEN promoted
                         THEN hire_date + 60 + floor(((h * 7919) - floor(h * 7919)) * greatest(%s::date - hire_date - 60, 1))::int
                         ELSE hire_date END""", [AS_OF])
        c.execute("""INSERT INTO org_employee (employee_no, name, center_id, team_id, position_id, level_id, grade,
                         hire_date, education, status, phone, id_number, email)
                     SELECT employee_no, '员工' || g, center_id, team_id, position_id, level_id, grade, hire_date,
                            'vocational', 'active', '', '', '' FROM bench_people""")
        c.execute("ALTER TABLE bench_people ADD COLUMN id int; "
                  "UPDATE bench_people b SET id = e.id FROM org_employee e WHERE e.employee_no = b.employee_no")
        event = """INSERT INTO org_employmentevent (employee_id, kind, effective_date, from_level_id, to_level_id,
                       from_position_id, to_position_id, from_grade, to_grade, from_team_id, to_team_id,
                       from_center_id, to_center_id, cause, decision_ref, recorded_at, scheduled) """
        c.execute("ALTER TABLE bench_people ADD COLUMN first_team_id int; "
                  "UPDATE bench_people SET first_team_id = CASE WHEN mover THEN prev_team_id ELSE team_id END")
        c.execute(event + """SELECT id, 'hire', hire_date, NULL, hire_level_id, NULL, hire_position_id, NULL,
                                    hire_grade, NULL, first_team_id, NULL, center_id, 'hire', '', now(), false
                             FROM bench_people""")
        c.execute(event + """SELECT id, 'promotion', level_since, hire_level_id, level_id, hire_position_id,
                                    position_id, hire_grade, grade, first_team_id, first_team_id, center_id, center_id,
                                    'promotion', 'bench', now(), false
                             FROM bench_people WHERE promoted""")
        c.execute(event + """SELECT id, 'team_change', level_since + ((%s::date - level_since) / 2), level_id,
                                    level_id, position_id, position_id, grade, grade, prev_team_id, team_id, center_id,
                                    center_id, 'reorg', '', now(), false
                             FROM bench_people WHERE mover""", [AS_OF])
        # Courses: each person's entry courses of today's level (nine in ten), the next levels' (a third),
        # electives (one in twelve); dated within the last two years, never before the hire.
        c.execute("""INSERT INTO learning_coursecompletion (employee_id, course_id, completed_on, credits, score,
                         source)
            SELECT b.id, co.id,
                   greatest(b.hire_date + 20, %(as_of)s::date - 20
                            - floor(((hashtext(b.employee_no || co.code) & 2147483647) %% 700))::int),
                   co.credits, 80, 'bench'
            FROM bench_people b CROSS JOIN learning_course co
            WHERE ((hashtext(co.code || b.employee_no) & 2147483647) %% 1000) < CASE
                WHEN EXISTS (SELECT 1 FROM careers_requirement r WHERE r.level_id = b.level_id AND r.course_id = co.id
                             AND r.kind = 'required_course') THEN 900
                WHEN EXISTS (SELECT 1 FROM careers_transition t JOIN careers_requirement r ON r.level_id = t.to_level_id
                             WHERE t.from_level_id = b.level_id AND r.course_id = co.id) THEN 330
                ELSE 85 END""", {"as_of": AS_OF})
        c.execute("""INSERT INTO org_disciplinaryrecord (employee_id, date, severity, description)
                     SELECT id, %s::date - (g %% 300), 'warning', '迟到 3 次' FROM bench_people WHERE g %% 50 = 3""",
                  [AS_OF])
        c.execute("""INSERT INTO talent_nomination (employee_id, transition_id, nominated_by_id, nominated_on, reason,
                         withdrawn)
                     SELECT b.id, t.id, (SELECT id FROM accounts_user WHERE username = 'bench-hr'), %s::date - 30,
                            '业绩突出', false
                     FROM bench_people b JOIN careers_transition t ON t.from_level_id = b.level_id
                     WHERE b.g %% 8 = 1 AND EXISTS (SELECT 1 FROM careers_requirement r WHERE r.transition_id = t.id
                                                    AND r.kind = 'supervisor_nomination')""", [AS_OF])
        c.execute("""INSERT INTO talent_potentialrating (employee_id, period, rating, rated_by_id, rated_on, note)
                     SELECT id, %s, 1 + floor(h * 4.999)::int, (SELECT id FROM accounts_user WHERE username = 'bench-hr'),
                            %s::date - 10, '' FROM bench_people WHERE g %% 10 <> 0""", [REVIEW_QUARTER, AS_OF])
    generate_kpi()
    with connection.cursor() as c:  # every table: the framework's too (the planner took the requirements for one
        c.execute("ANALYZE")        # row and ran the hand-written statement for 200 s at 5,000 people)


def generate_kpi() -> int:
    """A year of weekdays for the people of bench_people whose position has a scorecard, days outer (rows in
    date order, as daily files arrive), then the ranks of the last two quarters."""
    from django.db import connection

    from agentpath.common.calendar import parse_period
    from agentpath.performance.closed_periods import is_closed
    from agentpath.performance.models import Metric
    from agentpath.performance.ranking import compute_ranks, recompute_closed_period

    col = {m.code: m.column for m in Metric.objects.filter(code__in=KPI_EXPRS)}
    cols = ", ".join(col[m] for m in KPI_EXPRS)
    values = ", ".join(KPI_EXPRS.values())
    with connection.cursor() as c:
        c.execute("ALTER TABLE performance_kpiday DROP CONSTRAINT IF EXISTS performance_kpiday_pkey")
        c.execute("DROP INDEX IF EXISTS performance_kpiday_date_brin")
        c.execute("""CREATE TEMP TABLE bench_kpi_people AS
                     SELECT b.id, (b.h * 2 - 1) AS s, b.hire_date FROM bench_people b
                     WHERE b.position_id IN (SELECT position_id FROM performance_scorecard WHERE active)""")
        c.execute(f"""INSERT INTO performance_kpiday (employee_id, date, {cols})
            SELECT a.id, a.day, {values}
            FROM (SELECT d::date AS day,
                         extract(month FROM d) <> extract(month FROM d + CASE WHEN extract(isodow FROM d) = 5
                                                 THEN interval '3 days' ELSE interval '1 day' END) AS month_end
                  FROM generate_series(%s::date, %s::date, interval '1 day') d
                  WHERE extract(isodow FROM d) < 6) d
            CROSS JOIN LATERAL (SELECT e.id, d.day, d.month_end, e.s FROM bench_kpi_people e
                                WHERE e.hire_date <= d.day) a""", [KPI_FIRST, KPI_LAST])
        rows = c.rowcount
        c.execute("DROP TABLE bench_kpi_people")
        c.execute("SET maintenance_work_mem = '1GB'")
        c.execute("ALTER TABLE performance_kpiday ADD PRIMARY KEY (employee_id, date)")
        c.execute("CREATE INDEX performance_kpiday_date_brin ON performance_kpiday USING brin (date)")
        c.execute("VACUUM ANALYZE performance_kpiday")
    for quarter in QUARTERS:
        if is_closed(parse_period(quarter), AS_OF):  # the second workforce joins ranks computed for the first
            recompute_closed_period(quarter, reason="bench: the workforce doubled")
        else:
            compute_ranks(quarter, today=AS_OF)
    with connection.cursor() as c:
        c.execute("ANALYZE performance_kpiresult")
    return rows


def cycle() -> tuple[float, dict]:
    """The product's talent cycle for every active person; returns (seconds, verdicts of the three criteria)."""
    from django.db import transaction

    from agentpath.accounts.models import User
    from agentpath.careers.models import Requirement
    from agentpath.org.models import Center, Employee
    from agentpath.talent.eligibility import evaluate_people
    from agentpath.talent.nine_box import open_reviews

    by = User.objects.get(username="bench-hr")
    centers = list(Center.objects.filter(code__startswith="tc").order_by("code"))
    started = time.perf_counter()
    options = evaluate_people(Employee.objects.filter(status=Employee.Status.ACTIVE), AS_OF)
    with transaction.atomic():
        reviews = open_reviews(centers, period=REVIEW_QUARTER, by=by, as_of=AS_OF)
        seconds = time.perf_counter() - started
        placed = sum(review.placements.count() for review in reviews)
        transaction.set_rollback(True)
    assert placed == len(options), (placed, len(options))
    three = {Requirement.Kind.MIN_MONTHS_IN_LEVEL, Requirement.Kind.MIN_CREDITS, Requirement.Kind.MIN_KPI_PERCENTILE}
    verdicts = {(emp_id, o.transition.id, c.requirement_id): c.met
                for emp_id, opts in options.items() for o in opts for c in o.checks if c.kind in three}
    return seconds, verdicts


HAND_SQL = """
CREATE TEMP TABLE hand_verdicts AS
WITH ev AS (  -- the event history as intervals, with the start of each stay in a level
    SELECT e.employee_id, e.effective_date, e.id, e.kind, e.to_level_id, e.to_position_id,
           CASE WHEN lag(e.to_level_id) OVER w IS DISTINCT FROM e.to_level_id THEN e.effective_date END AS starts
    FROM org_employmentevent e WHERE e.effective_date <= %(as_of)s
    WINDOW w AS (PARTITION BY e.employee_id ORDER BY e.effective_date, e.id)
), held AS (  -- what is in force on the day: the latest event, and the stay in its level
    SELECT DISTINCT ON (employee_id) employee_id, kind, to_level_id AS level_id, to_position_id AS position_id,
           max(starts) OVER (PARTITION BY employee_id ORDER BY effective_date, id) AS since
    FROM ev ORDER BY employee_id, effective_date DESC, id DESC
), person AS (
    SELECT h.employee_id, h.level_id, h.position_id,
           (extract(year FROM %(as_of)s::date) - extract(year FROM h.since)) * 12
             + extract(month FROM %(as_of)s::date) - extract(month FROM h.since)
             - CASE WHEN extract(day FROM %(as_of)s::date) < extract(day FROM h.since)
                     AND %(as_of)s::date <> (date_trunc('month', %(as_of)s::date) + interval '1 month - 1 day')::date
                    THEN 1 ELSE 0 END AS months
    FROM held h JOIN org_employee emp ON emp.id = h.employee_id AND emp.status = 'active'
    WHERE h.kind <> 'exit'
), credits AS (
    SELECT employee_id, sum(credits) AS total FROM learning_coursecompletion
    WHERE completed_on > %(credits_after)s AND completed_on <= %(as_of)s GROUP BY employee_id
), kpi AS (
    SELECT employee_id, round(avg(percentile)::numeric, 1) AS pct, count(DISTINCT period) AS quarters
    FROM performance_kpiresult WHERE period_kind = 'quarter' AND period = ANY(%(quarters)s) GROUP BY employee_id
), req AS (  -- the three kinds in force, for each transition: its own and those of its target level
    SELECT t.id AS transition_id, t.from_level_id, t.from_position_id, r.id AS requirement_id, r.kind, r.value,
           r.quarters
    FROM careers_transition t JOIN careers_requirement r
      ON r.transition_id = t.id OR (r.level_id = t.to_level_id AND t.to_level_id <> t.from_level_id)
    WHERE r.kind IN ('min_months_in_level', 'min_credits', 'min_kpi_percentile')
      AND r.effective_from <= %(as_of)s AND (r.effective_to IS NULL OR r.effective_to >= %(as_of)s)
)
SELECT p.employee_id, q.transition_id, q.requirement_id,
       CASE q.kind WHEN 'min_months_in_level' THEN p.months >= q.value
                   WHEN 'min_credits' THEN coalesce(c.total, 0) >= q.value
                   ELSE k.quarters >= q.quarters AND k.pct >= q.value END AS met
FROM person p
JOIN req q ON q.from_level_id = p.level_id AND (q.from_position_id IS NULL OR q.from_position_id = p.position_id)
LEFT JOIN credits c ON c.employee_id = p.employee_id
LEFT JOIN kpi k ON k.employee_id = p.employee_id
"""


def hand_written() -> tuple[float, dict]:
    from django.db import connection

    from agentpath.common.calendar import last_months

    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS hand_verdicts")
        started = time.perf_counter()
        c.execute(HAND_SQL, {"as_of": AS_OF, "credits_after": last_months(AS_OF, 12).after,
                             "quarters": list(QUARTERS)})
        seconds = time.perf_counter() - started
        c.execute("SELECT employee_id, transition_id, requirement_id, coalesce(met, false) FROM hand_verdicts")
        return seconds, {(e, t, r): met for e, t, r, met in c.fetchall()}


def mismatches(product: dict, hand: dict) -> int:
    """Verdicts that differ, plus the product's (person, transition, requirement) the statement lacks. Only
    that way round: the product skips a grade step for someone at the top of the band, which the statement
    (three criteria alone) does not know."""
    return sum(1 for key, met in hand.items() if key in product and product[key] != met) + \
        sum(1 for key in product if key not in hand)


def best_of(runs: int, fn):
    """The machine is shared: the best of a few runs is the closest to the code's own cost."""
    return min((fn() for _ in range(runs)), key=lambda run: run[0])


def measure(people: int, label: str, runs: int) -> dict:
    from django.db import connection

    cycle_s, product = best_of(runs, cycle)
    sql_s, hand = best_of(runs, hand_written)
    wrong = mismatches(product, hand)
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM org_employee WHERE status = 'active'")
        active = c.fetchone()[0]
    print(f"{label}: {active:,} active people; talent cycle (eligibility with explanations for every open "
          f"transition + 9-box of every center) {cycle_s:.2f} s; hand-written SQL for three criteria {sql_s:.2f} s; "
          f"ratio {cycle_s / sql_s:.2f}; {len(product):,} verdicts of the three kinds compared, {wrong} mismatches",
          flush=True)
    return {"cycle_s": cycle_s, "sql_s": sql_s, "compared": len(product), "mismatches": wrong}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="5,000 then 10,000 employees")
    parser.add_argument("--runs", type=int, default=3, help="time each step this many times, keep the best (3)")
    args = parser.parse_args()
    people = 5_000 if args.small else 50_000
    bench_started = time.perf_counter()
    with database():
        setup_django()
        from agentpath.accounts.models import User

        User.objects.create(username="bench-hr", role="hr_admin")
        started = time.perf_counter()
        build_workforce(0, people)
        print(f"built {people:,} people with their history, courses, a year of KPI and two quarters of ranks in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
        first = measure(people, f"{people:,}", args.runs)
        started = time.perf_counter()
        build_workforce(people // CENTER_SIZE, people)
        print(f"added {people:,} more in {time.perf_counter() - started:.0f} s", flush=True)
        second = measure(2 * people, f"{2 * people:,}", args.runs)
    figures = {"cycle_s": round(first["cycle_s"], 3), "sql_s": round(first["sql_s"], 3),
               "ratio": round(first["cycle_s"] / first["sql_s"], 3), "cycle_100k_s": round(second["cycle_s"], 3),
               "scale_ratio": round(second["cycle_s"] / first["cycle_s"], 3), "peak_mb": round(peak_rss_mb(), 1),
               "people": people, "sql_100k_s": round(second["sql_s"], 3),
               "compared": first["compared"] + second["compared"],
               "mismatches": first["mismatches"] + second["mismatches"],
               "bench_s": round(time.perf_counter() - bench_started)}
    finish(figures, missed_targets(figures))


def missed_targets(figures: dict) -> list[str]:
    """The targets this run missed (the 10 s limit is for 50,000 people; a --small run easily holds it)."""
    missed = []
    if figures["cycle_s"] >= TARGETS["cycle_s"]:
        missed.append(f"cycle_s {figures['cycle_s']} ≥ {TARGETS['cycle_s']}")
    for key in ("ratio", "scale_ratio"):
        if figures[key] > TARGETS[key]:
            missed.append(f"{key} {figures[key]} > {TARGETS[key]}")
    if figures["peak_mb"] >= TARGETS["peak_mb"]:
        missed.append(f"peak_mb {figures['peak_mb']} ≥ {TARGETS['peak_mb']}")
    if figures["mismatches"] != TARGETS["mismatches"]:
        missed.append(f"mismatches {figures['mismatches']} ≠ 0")
    return missed


if __name__ == "__main__":
    main()
