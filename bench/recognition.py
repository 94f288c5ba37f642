"""Recognition benchmark (issue 20): one month's badge awards over the whole workforce for every default rule.

    .venv/bin/python bench/recognition.py            # 100,000 people ever employed (50,000 active), then 200,000
    .venv/bin/python bench/recognition.py --small    # 10,000 (5,000 active), then 20,000

On PostgreSQL (a throwaway cluster unless DATABASE_URL is set): people with hire dates spread over seven years
and half of them gone, daily KPI of the awarded month and the two before it (QA score on about a third of the
days, the monthly exam once a month), the month's composite ranks, and pre-job course completions, all made
set-based in SQL. Times the product's award_period for the month against one hand-written SQL statement per rule
inserting the same awards, compares every (badge, person, occasion) both ways (`mismatches`), then doubles the
workforce and times the product again. Not generated (so those rules award nothing on either side): training
attendance and program enrolments; the KPI history is three months, not two years (the rules read at most the
last three months; older rows only cost index depth). Targets: awards_s < 5 s at the full size, awards_ratio ≤ 1.5,
scale_ratio ≤ 2.2, peak_mb < 1024, mismatches 0; the exit status is 1 when one is missed. Last line: JSON.
"""
import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import database, finish, make_agents, peak_rss_mb, setup_django  # noqa: E402

MONTH = "2026-10"
START, END = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)
HISTORY_START = datetime.date(2026, 8, 1)
TARGETS = {"awards_s": 5.0, "awards_ratio": 1.5, "scale_ratio": 2.2, "peak_mb": 1024, "mismatches": 0}


def generate(people: int, batch: int) -> None:
    """`people` more people (half of them gone), their KPI of three months, ranks of the month, completions."""
    from django.db import connection

    from agentpath.careers.models import Position
    from agentpath.learning.models import Course
    from agentpath.performance.models import CompositeGroup, Metric

    prefix, center = f"B{batch}-", f"recog{batch}"
    make_agents(people, prefix=prefix, center_code=center)
    col = {m.code: m.column for m in Metric.objects.filter(code__in=["exam_score", "qa_score"])}
    group = CompositeGroup.objects.get(scorecard__position__code="agent", code="business")
    position = Position.objects.get(code="agent")
    course = Course.objects.get(code="pre-job-program")
    skill = "(abs(hashtext(e.employee_no)) %% 1000) / 1000.0"
    with connection.cursor() as c:
        c.execute("""UPDATE org_employee e SET hire_date = DATE '2019-06-01' + (abs(hashtext(e.employee_no)) %% 2600),
                             exit_date = CASE WHEN abs(hashtext(e.employee_no || 'x')) %% 2 = 0 THEN NULL
                                              ELSE DATE '2019-06-01' + (abs(hashtext(e.employee_no)) %% 2600) + 200 END
                      WHERE e.employee_no LIKE %s""", [prefix + "%"])
        c.execute("UPDATE org_employee SET exit_date = NULL WHERE exit_date > DATE '2026-11-01' AND employee_no LIKE %s",
                  [prefix + "%"])
        c.execute(f"""INSERT INTO performance_kpiday (employee_id, date, {col['qa_score']}, {col['exam_score']})
                      SELECT e.id, d::date,
                             CASE WHEN random() < 0.35 THEN floor(10 * (90 + 8 * {skill} + 6 * (random() - 0.5))) / 10 END,
                             CASE WHEN extract(day FROM d) = 20 THEN floor(70 + 31 * {skill}) END
                      FROM org_employee e, generate_series(DATE '{HISTORY_START}', DATE '{END}' - 1, '1 day') d
                      WHERE e.employee_no LIKE %s AND e.exit_date IS NULL AND extract(isodow FROM d) < 6""",
                  [prefix + "%"])
        c.execute(f"""INSERT INTO performance_kpiresult (employee_id, period_kind, period, period_start, group_id,
                             group_code, position_id, center_id, team_id, composite, rank, peer_size, percentile,
                             deductions, computed_at)
                      SELECT id, 'month', '{MONTH}', DATE '{START}', {group.id}, 'business', {position.id}, center_id,
                             team_id, s, rank() OVER (ORDER BY s DESC), count(*) OVER (),
                             100.0 * (count(*) OVER () - rank() OVER (ORDER BY s DESC)) / count(*) OVER (), 0, now()
                      FROM (SELECT e.id, e.center_id, e.team_id, {skill} * 100 AS s FROM org_employee e
                            WHERE e.employee_no LIKE %s AND e.exit_date IS NULL) t""", [prefix + "%"])
        c.execute("""INSERT INTO learning_coursecompletion (employee_id, course_id, completed_on, credits, score,
                             source)
                     SELECT id, %s, hire_date + 30, 6, NULL, 'bench' FROM org_employee
                     WHERE employee_no LIKE %s AND abs(hashtext(employee_no || 'c')) %% 10 < 6""",
                  [course.id, prefix + "%"])
        c.execute("ANALYZE")


def hand_written(cursor) -> float:
    """One INSERT … SELECT per default rule into hand_awards; returns the seconds they took together."""
    from agentpath.performance.models import Metric
    from agentpath.recognition.models import Badge

    exam = Metric.objects.get(code="exam_score").column
    qa = Metric.objects.get(code="qa_score").column
    cursor.execute("DROP TABLE IF EXISTS hand_awards")
    cursor.execute("CREATE UNLOGGED TABLE hand_awards (badge_id int, employee_id bigint, occasion text)")
    statements = []
    for b in Badge.objects.filter(active=True).exclude(rule=Badge.Rule.BY_HAND):
        p, ins = b.params, f"INSERT INTO hand_awards SELECT {b.id}, "
        if b.rule == Badge.Rule.MONTHLY_EXAM:
            statements.append(f"""{ins} employee_id, '{MONTH}' FROM performance_kpiday WHERE date >= '{START}'
                AND date < '{END}' AND {exam} >= {p['min_score']} GROUP BY employee_id""")
        elif b.rule == Badge.Rule.QA_STREAK:
            statements.append(f"""{ins} employee_id, '{MONTH}' FROM (SELECT employee_id, date_trunc('month', date) m
                FROM performance_kpiday WHERE date >= DATE '{END}' - interval '{p['months']} months' AND date < '{END}'
                AND {qa} IS NOT NULL GROUP BY 1, 2 HAVING avg({qa}) >= {p['min_score']}) t
                GROUP BY employee_id HAVING count(*) = {p['months']}""")
        elif b.rule == Badge.Rule.KPI_TOP and p["period_kind"] == "month":
            statements.append(f"""{ins} employee_id, period FROM performance_kpiresult WHERE period = '{MONTH}'
                AND group_code = '{p['group']}' AND rank <= peer_size * {p['top_percent'] / 100.0}""")
        elif b.rule == Badge.Rule.TENURE:
            span = f"interval '{p['days']} days'" if p.get("days") else f"interval '{p['years']} years'"
            statements.append(f"""{ins} id, 'once' FROM org_employee WHERE (hire_date + {span})::date < '{END}'
                AND (exit_date IS NULL OR exit_date >= (hire_date + {span})::date)""")
        elif b.rule == Badge.Rule.COURSE:
            statements.append(f"""{ins} employee_id, 'once' FROM learning_coursecompletion cc JOIN learning_course c
                ON c.id = cc.course_id WHERE c.code = '{p['course']}' AND completed_on < '{END}'
                GROUP BY employee_id""")
        # full attendance, programs and quarterly ranks: no such data in this bench (see the docstring)
    started = time.perf_counter()
    for sql in statements:
        cursor.execute(sql)
    return time.perf_counter() - started


def product_run() -> float:
    from agentpath.recognition.models import Award
    from agentpath.recognition.services import award_period

    Award.objects.all().delete()
    started = time.perf_counter()
    award_period(MONTH)
    return time.perf_counter() - started


def mismatches(cursor) -> int:
    cursor.execute("""SELECT count(*) FROM ((SELECT badge_id, employee_id, occasion FROM recognition_award
                      EXCEPT SELECT * FROM hand_awards) UNION ALL (SELECT * FROM hand_awards
                      EXCEPT SELECT badge_id, employee_id, occasion FROM recognition_award)) d""")
    return cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    people = 10_000 if args.small else 100_000
    with database():
        setup_django()
        from django.db import connection

        from agentpath.recognition.models import Award

        generate(people, 1)
        with connection.cursor() as c:
            product_run()  # warm
            awards_s = min(product_run() for _ in range(3))
            awards_sql_s = min(hand_written(c) for _ in range(3))
            missed_rows = mismatches(c)
            awarded = Award.objects.count()
        generate(people, 2)
        scaled_s = min(product_run() for _ in range(2))
        figures = {"people": people, "awards": awarded, "awards_s": round(awards_s, 3),
                   "awards_sql_s": round(awards_sql_s, 3), "awards_ratio": round(awards_s / awards_sql_s, 2),
                   "scaled_s": round(scaled_s, 3), "scale_ratio": round(scaled_s / awards_s, 2),
                   "peak_mb": round(peak_rss_mb()), "mismatches": missed_rows}
    missed = []
    if not args.small and figures["awards_s"] > TARGETS["awards_s"]:
        missed.append(f"awards_s {figures['awards_s']} > {TARGETS['awards_s']}")
    for key in ("awards_ratio", "scale_ratio", "peak_mb"):
        if figures[key] > TARGETS[key]:
            missed.append(f"{key} {figures[key]} > {TARGETS[key]}")
    if figures["mismatches"]:
        missed.append(f"mismatches {figures['mismatches']}")
    finish(figures, missed)


if __name__ == "__main__":
    main()
