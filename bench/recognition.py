"""Recognition benchmark (issue 20): one month's badge awards over the whole workforce for every default rule.

    .venv/bin/python bench/recognition.py            # 50,000 people ever employed, then 100,000 (50,000 active)
    .venv/bin/python bench/recognition.py --small    # 5,000, then 10,000

On PostgreSQL (a throwaway cluster unless DATABASE_URL is set), built set-based in SQL, in two halves of the same
shape (each its own center, teams of 15): people hired over seven years, half of them gone again; two years of
daily KPI of everyone while employed (working days, inserted in date order as daily files arrive: calls, AHT, the
QA score on about a third of the days, the monthly exam on the first working day from the 20th), the monthly and
quarterly business-composite ranks of those two years, the pre-job course for six in ten and electives, the
weekly Friday review of every team with everyone's attendance, and an agreed IDP with three actions for one
active person in five (half done on time, the rest one late or one open).

It times the product's award run (recognition.services.award_period: its rules spread over
RECOGNITION_AWARD_CONNECTIONS database connections, 2 by default, the heaviest first) for 2026-09 — a month that
closes a quarter, so every default rule runs — and, in the same run, one hand-written SQL statement per rule that
inserts the same awards into a copy of the award table (CREATE TABLE … LIKE recognition_award INCLUDING ALL: the
same indexes and constraints), one after another on one connection. Both start from an empty award table (the
go-live run: every once-in-a-career badge is given at once, the heaviest month there is). `mismatches` counts
the (badge, person, occasion, day, facts) rows found on one side only. The product is timed at the first half (50,000 ever employed, kept as a copy of the database made
before the second half is added) and at the whole (100,000), the two alternating run by run so that the load of
a shared machine weighs on both alike; the hand-written statements at the whole. A steady month (2026-09 with
2026-08 awarded before it, as every month after the go-live) is timed at the whole as well and printed (steady_s)
for reference; the targets are on the go-live month. Times are the best of three runs
(after a warm one), per badge the best of each; peak_mb is this process's peak memory. The product's run includes
its inbox step; the generated people have no accounts, so that step reads who could be told and tells nobody
(--accounts gives each active person a login, and the run tells them: docs/recognition.md).
The session settings (_common.SESSION_SETTINGS, jit off) hold for every connection, the product's and the
baseline's alike, from before the first statement.

Targets: awards_s < 5 s at the full size, awards_ratio ≤ 1.5, scale_ratio ≤ 2.2, peak_mb < 1024, mismatches 0;
the exit status is 1 when one is missed. Last line: one JSON object.
"""
import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SESSION_SETTINGS, database, finish, make_agents, peak_rss_mb, setup_django  # noqa: E402

MONTH = "2026-09"
PREVIOUS_MONTH = "2026-08"  # awarded before the steady month's timed run of MONTH
START, END = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)
LAST_DAY = END - datetime.timedelta(days=1)
QUARTER, QUARTER_START = "2026Q3", datetime.date(2026, 7, 1)
HISTORY_START = datetime.date(2024, 10, 1)  # two years of daily KPI up to the month's end
TARGETS = {"awards_s": 5.0, "awards_ratio": 1.5, "scale_ratio": 2.2, "peak_mb": 1024, "mismatches": 0}
SKILL = "(abs(hashtext(e.employee_no)) %% 1000) / 1000.0"  # a person's steady level, 0–1


def say(text: str) -> None:
    print(f"{time.strftime('%H:%M:%S', time.gmtime())} {text}", flush=True)


def generate(people: int, half: int, accounts: bool = False) -> None:
    """Half `half` of the workforce: `people` more people ever employed (half of them active) and their facts;
    with `accounts`, a login for each active person (the award run's inbox step then tells them)."""
    from django.conf import settings
    from django.db import connection

    from agentpath.careers.models import Position
    from agentpath.learning.models import Course
    from agentpath.performance.models import CompositeGroup, Metric

    prefix, center = f"R{half}-", f"recog{half}"
    make_agents(people, prefix=prefix, center_code=center)
    col = {m.code: m.column for m in Metric.objects.filter(code__in=["exam_score", "qa_score", "calls_handled",
                                                                     "aht"])}
    group = CompositeGroup.objects.get(scorecard__position__code="agent", code="business")
    position = Position.objects.get(code="agent")
    pre_job = Course.objects.get(code="pre-job-program")
    mine = [prefix + "%"]
    with connection.cursor() as c:
        say(f"half {half}: {people:,} people, hire and exit dates")
        c.execute("""UPDATE org_employee e SET hire_date = DATE '2019-06-01' + (abs(hashtext(e.employee_no)) %% 2670)
                      WHERE e.employee_no LIKE %s""", mine)
        c.execute(f"""UPDATE org_employee e SET status = 'exited',
                             exit_date = LEAST(e.hire_date + 20 + (abs(hashtext(e.employee_no || 'x')) %% 1500),
                                               DATE '{LAST_DAY}')
                      WHERE e.employee_no LIKE %s AND abs(hashtext(e.employee_no || 'q')) %% 2 = 1""", mine)

        say("daily KPI of two years (date order)")
        c.execute("ALTER TABLE performance_kpiday DROP CONSTRAINT IF EXISTS performance_kpiday_pkey")
        c.execute("DROP INDEX IF EXISTS performance_kpiday_date_brin")
        exam_day = ("(date_trunc('month', d) + interval '19 days')::date + CASE extract(isodow FROM "
                    "date_trunc('month', d) + interval '19 days') WHEN 6 THEN 2 WHEN 7 THEN 1 ELSE 0 END")
        c.execute(f"""INSERT INTO performance_kpiday (employee_id, date, {col['calls_handled']}, {col['aht']},
                                                      {col['qa_score']}, {col['exam_score']})
                      SELECT e.id, d::date, 60 + floor(random() * 40), 280 + floor(random() * 120),
                             CASE WHEN random() < 0.35
                                  THEN floor(10 * LEAST(100, 89 + 9 * {SKILL} + 6 * (random() - 0.5))) / 10 END,
                             CASE WHEN d::date = {exam_day}
                                  THEN LEAST(100, floor(68 + 34 * {SKILL} + 6 * (random() - 0.5))) END
                      FROM generate_series(DATE '{HISTORY_START}', DATE '{LAST_DAY}', interval '1 day') d
                      JOIN org_employee e ON e.hire_date <= d AND (e.exit_date IS NULL OR e.exit_date >= d)
                      WHERE e.employee_no LIKE %s AND extract(isodow FROM d) < 6
                      ORDER BY d, e.id""", mine)
        c.execute("ALTER TABLE performance_kpiday ADD PRIMARY KEY (employee_id, date)")
        c.execute("CREATE INDEX performance_kpiday_date_brin ON performance_kpiday USING brin (date)")

        say("monthly and quarterly business-composite ranks")
        for kind, step, fmt in (("month", "1 month", "YYYY-MM"), ("quarter", "3 months", 'YYYY"Q"Q')):
            c.execute(f"""INSERT INTO performance_kpiresult (employee_id, period_kind, period, period_start, group_id,
                                 group_code, position_id, center_id, team_id, composite, rank, peer_size, percentile,
                                 deductions, computed_at, widened)
                          SELECT id, '{kind}', to_char(p, '{fmt}'), p, {group.id}, 'business', {position.id},
                                 center_id, team_id, s, rank() OVER w, count(*) OVER (PARTITION BY p),
                                 100.0 * (count(*) OVER (PARTITION BY p) - rank() OVER w)
                                   / count(*) OVER (PARTITION BY p), 0, now(), false
                          FROM (SELECT e.id, e.center_id, e.team_id, p::date AS p,
                                       round((60 + 30 * {SKILL} + 10 * random())::numeric, 2)::float AS s
                                FROM generate_series(DATE '{HISTORY_START}', DATE '{START}', interval '{step}') p
                                JOIN org_employee e ON e.hire_date < p + interval '{step}'
                                     AND (e.exit_date IS NULL OR e.exit_date >= p)
                                WHERE e.employee_no LIKE %s) t
                          WINDOW w AS (PARTITION BY p ORDER BY s DESC)""", mine)

        say("course completions")
        c.execute(f"""INSERT INTO learning_coursecompletion (employee_id, course_id, completed_on, credits, score, source)
                      SELECT id, %s, hire_date + 30, 6, NULL, 'bench' FROM org_employee
                      WHERE employee_no LIKE %s AND abs(hashtext(employee_no || 'c')) %% 10 < 6
                        AND hire_date + 30 <= DATE '{LAST_DAY}'
                        AND (exit_date IS NULL OR exit_date >= hire_date + 30)""", [pre_job.id, *mine])
        c.execute(f"""INSERT INTO learning_coursecompletion (employee_id, course_id, completed_on, credits, score, source)
                      SELECT e.id, co.id, e.hire_date + 60 + 90 * g, co.credits, NULL, 'bench'
                      FROM org_employee e CROSS JOIN generate_series(1, 4) g
                      JOIN learning_course co ON co.id = (SELECT id FROM learning_course WHERE id <> %s
                                                          ORDER BY id OFFSET (abs(hashtext(e.employee_no || g)) %% 8)
                                                          LIMIT 1)
                      WHERE e.employee_no LIKE %s AND e.hire_date + 60 + 90 * g <= COALESCE(e.exit_date,
                                                                                           DATE '{LAST_DAY}')
                      ON CONFLICT DO NOTHING""", [pre_job.id, *mine])

        say("weekly reviews and attendance")
        c.execute(f"""INSERT INTO learning_trainingevent (name, name_en, kind, team_id, center_id, date)
                      SELECT '周五经验分享 ' || d::date, '', 'weekly_review', t.id, t.center_id, d::date
                      FROM org_team t CROSS JOIN generate_series(DATE '{HISTORY_START}', DATE '{LAST_DAY}',
                                                                 interval '1 day') d
                      WHERE t.code LIKE %s AND extract(isodow FROM d) = 5""", [center + "-%"])
        c.execute("""INSERT INTO learning_trainingsession (event_id, starts_at, ends_at, place, state)
                     SELECT ev.id, (ev.date + time '17:30') AT TIME ZONE %s, (ev.date + time '18:00') AT TIME ZONE %s,
                            '', 'held'
                     FROM learning_trainingevent ev WHERE ev.center_id = (SELECT id FROM org_center WHERE code = %s)""",
                  [settings.TIME_ZONE, settings.TIME_ZONE, center])
        c.execute("""INSERT INTO learning_attendance (event_id, session_id, employee_id, status, comment)
                     SELECT ev.id, s.id, e.id,
                            CASE WHEN r < 0.93 THEN 'present' WHEN r < 0.96 THEN 'late' WHEN r < 0.99 THEN 'absent'
                                 ELSE 'excused' END, ''
                     FROM learning_trainingevent ev JOIN learning_trainingsession s ON s.event_id = ev.id
                     JOIN org_employee e ON e.team_id = ev.team_id AND e.hire_date <= ev.date
                          AND (e.exit_date IS NULL OR e.exit_date >= ev.date)
                     CROSS JOIN LATERAL (SELECT random() + 0 * e.id AS r) x
                     WHERE ev.center_id = (SELECT id FROM org_center WHERE code = %s)""", [center])

        say("IDPs")
        c.execute("""INSERT INTO development_idp (employee_id, version, state, target_date, leader_comment, created_at)
                     SELECT id, 1, 'agreed', DATE '2026-12-31', '', now() FROM org_employee
                     WHERE employee_no LIKE %s AND exit_date IS NULL AND abs(hashtext(employee_no || 'i')) %% 5 = 0""",
                  mine)
        c.execute("""INSERT INTO development_idpaction (idp_id, kind, title, owner, due_date, status, evidence,
                                                        completed_on)
                     SELECT i.id, 'stretch', '行动 ' || g, '本人', DATE '2026-06-30' + 30 * g,
                            CASE WHEN k = 3 AND g = 3 THEN 'enrolled' ELSE 'done' END,
                            CASE WHEN k = 3 AND g = 3 THEN '' ELSE '完成' END,
                            CASE WHEN k = 3 AND g = 3 THEN NULL
                                 WHEN k = 2 AND g = 2 THEN DATE '2026-06-30' + 30 * g + 3
                                 ELSE DATE '2026-06-30' + 30 * g - (i.id %% 20)::int END
                     FROM development_idp i JOIN org_employee e ON e.id = i.employee_id
                     CROSS JOIN generate_series(1, 3) g
                     CROSS JOIN LATERAL (SELECT CASE WHEN i.id %% 4 < 2 THEN 1 ELSE 2 + i.id %% 2 END AS k) x
                     WHERE e.employee_no LIKE %s""", mine)
        if accounts:
            say("a login for each active person")
            c.execute("""INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
                                                   is_staff, is_active, date_joined, role, employee_id)
                         SELECT '!', false, 'u-' || employee_no, '', '', '', false, true, now(), 'agent', id
                         FROM org_employee WHERE employee_no LIKE %s AND exit_date IS NULL""", mine)
        say("VACUUM ANALYZE")
        c.execute("VACUUM ANALYZE")


def _json(*pairs: str) -> str:
    return "jsonb_build_object(" + ", ".join(pairs) + ")"


def hand_written_statements() -> list[tuple[str, str]]:
    """(badge code, one INSERT … SELECT into hand_awards written for PostgreSQL by hand) per default rule badge."""
    from django.conf import settings

    from agentpath.performance.models import Metric
    from agentpath.recognition.models import Badge

    exam = Metric.objects.get(code="exam_score").column
    qa = Metric.objects.get(code="qa_score").column
    statements = []
    for b in Badge.objects.filter(active=True).exclude(rule=Badge.Rule.BY_HAND):
        p = b.params
        ins = f"""INSERT INTO hand_awards (badge_id, employee_id, occasion, earned_on, facts, reason, run_period,
                                          awarded_at, revoke_reason) SELECT {b.id}, """
        tail = f", '', '{MONTH}', now(), ''"
        if b.rule == Badge.Rule.MONTHLY_EXAM:
            statements.append((b.code, f"""{ins} employee_id, '{MONTH}', DATE '{LAST_DAY}',
                {_json(f"'period', '{MONTH}'::text", f"'score', max({exam})", f"'min', {p['min_score']}::float")}{tail}
                FROM performance_kpiday WHERE date >= '{START}' AND date < '{END}' AND {exam} >= {p['min_score']}
                GROUP BY employee_id"""))
        elif b.rule == Badge.Rule.QA_STREAK:
            first = datetime.date(2026, 9 - p["months"] + 1, 1)
            statements.append((b.code, f"""{ins} employee_id, '{MONTH}', DATE '{LAST_DAY}',
                {_json(f"'period', '{MONTH}'::text", f"'months', {p['months']}", f"'min', {p['min_score']}::float",
                       "'lowest', round(min(score)::numeric, 1)")}{tail}
                FROM (SELECT employee_id, date_trunc('month', date) AS m, avg({qa}) AS score FROM performance_kpiday
                      WHERE date >= '{first}' AND date < '{END}' AND {qa} IS NOT NULL GROUP BY 1, 2) t
                GROUP BY employee_id HAVING count(*) = {p['months']} AND min(score) >= {p['min_score']}"""))
        elif b.rule == Badge.Rule.KPI_TOP:
            period, last = (MONTH, LAST_DAY) if p["period_kind"] == "month" else (QUARTER, LAST_DAY)
            statements.append((b.code, f"""{ins} employee_id, period, DATE '{last}',
                {_json(f"'period', '{period}'::text", f"'group', '{p['group']}'::text", "'rank', rank",
                       "'peers', peer_size", f"'top', {p['top_percent']}::float",
                       "'composite', round(composite::numeric, 1)")}{tail}
                FROM performance_kpiresult WHERE period = '{period}' AND group_code = '{p['group']}'
                AND rank <= peer_size * {p['top_percent'] / 100.0}"""))
        elif b.rule == Badge.Rule.TENURE:
            span = f"hire_date + {p['days']}" if p.get("days") else \
                f"(hire_date + interval '{p['years']} years')::date"
            days, years = p.get("days") or "NULL::int", p.get("years") or "NULL::int"
            statements.append((b.code, f"""{ins} id, 'once', m, {_json("'hired', hire_date", f"'days', {days}",
                                                               f"'years', {years}")}{tail}
                FROM (SELECT id, hire_date, exit_date, {span} AS m FROM org_employee) e
                WHERE m <= '{LAST_DAY}' AND (exit_date IS NULL OR exit_date >= m)"""))
        elif b.rule == Badge.Rule.COURSE:
            statements.append((b.code, f"""{ins} cc.employee_id, 'once', min(cc.completed_on),
                {_json("'course', c.code", "'name', c.name", "'on', min(cc.completed_on)")}{tail}
                FROM learning_coursecompletion cc JOIN learning_course c ON c.id = cc.course_id
                WHERE c.code = '{p['course']}' AND cc.completed_on < '{END}' GROUP BY cc.employee_id, c.code, c.name"""))
        elif b.rule == Badge.Rule.FULL_ATTENDANCE:
            statements.append((b.code, f"""{ins} a.employee_id, '{MONTH}', DATE '{LAST_DAY}',
                {_json(f"'period', '{MONTH}'::text", "'sessions', count(*)")}{tail}
                FROM learning_attendance a JOIN learning_trainingsession s ON s.id = a.session_id
                WHERE s.starts_at >= (TIMESTAMP '{START}' AT TIME ZONE '{settings.TIME_ZONE}')
                  AND s.starts_at < (TIMESTAMP '{END}' AT TIME ZONE '{settings.TIME_ZONE}')
                  AND s.state IN ('held', 'feedback_closed')
                GROUP BY a.employee_id
                HAVING count(*) FILTER (WHERE a.status = 'present') = count(*) AND count(*) >= {p['min_sessions']}"""))
        elif b.rule == Badge.Rule.IDP_ON_TIME:
            statements.append((b.code, f"""{ins} i.employee_id, to_char(max(a.completed_on), 'YYYY-MM'), max(a.completed_on),
                {_json("'version', i.version", "'actions', count(*)", "'last_done', max(a.completed_on)",
                       "'target', i.target_date")}{tail}
                FROM development_idp i JOIN development_idpaction a ON a.idp_id = i.id
                WHERE i.state = 'agreed' AND a.status <> 'cancelled'
                GROUP BY i.id HAVING bool_and(a.status = 'done' AND coalesce(a.completed_on <= a.due_date, false))
                   AND max(a.completed_on) < '{END}' AND (i.target_date IS NULL OR max(a.completed_on) <= i.target_date)
                ON CONFLICT DO NOTHING"""))
        else:
            raise SystemExit(f"no hand-written statement for the default rule {b.rule} ({b.code})")
    return statements


def hand_written(cursor, statements: list[tuple[str, str]]) -> tuple[float, dict[str, float]]:
    """Seconds of all the hand-written statements (each its own transaction, as each badge of the product) and
    seconds per badge."""
    cursor.execute("DROP TABLE IF EXISTS hand_awards")
    cursor.execute("CREATE TABLE hand_awards (LIKE recognition_award INCLUDING ALL)")
    for column, table in (("badge_id", "recognition_badge"), ("employee_id", "org_employee"),
                          ("awarded_by_id", "accounts_user"), ("revoked_by_id", "accounts_user")):
        cursor.execute(f"ALTER TABLE hand_awards ADD FOREIGN KEY ({column}) REFERENCES {table} (id) "
                       "DEFERRABLE INITIALLY DEFERRED")  # the award table's foreign keys, as Django makes them
    cursor.execute("VACUUM ANALYZE hand_awards")
    per_badge = {}
    started = time.perf_counter()
    for code, sql in statements:
        begin = time.perf_counter()
        cursor.execute(sql)  # autocommit: the deferred foreign-key checks run here, as at each badge's commit
        per_badge[code] = time.perf_counter() - begin
    return time.perf_counter() - started, per_badge


def product_run(cursor, after: str | None = None) -> tuple[float, dict[str, float]]:
    """Seconds of the product's award run (recognition.services.award_period, the inbox included) from an empty
    award table — or, with `after`, from the table as that month's run left it (a steady month: the month before
    awarded, untimed, and the table vacuumed and analysed since, as autovacuum would have) — and seconds per badge
    (from its progress calls)."""
    from agentpath.recognition.models import Badge
    from agentpath.recognition.services import award_connections, award_period

    cursor.execute("TRUNCATE recognition_award, inbox_inboxitem")
    if after:
        award_period(after)
    cursor.execute("VACUUM ANALYZE recognition_award")
    codes = list(Badge.objects.filter(active=True).exclude(rule=Badge.Rule.BY_HAND).values_list("code", flat=True))
    marks = []
    started = time.perf_counter()
    run = award_period(MONTH, progress=lambda done, total: marks.append(time.perf_counter()))
    seconds = time.perf_counter() - started
    per_badge = {code: run.seconds[code] for code in codes}  # each statement on its connection, begin to commit
    say(f"product run ({connection_name()}{', after ' + after if after else ''}): {seconds:.3f} s, "
        f"{run.total:,} awards, the rules given by {award_connections()} connections in {marks[-1] - started:.3f} s "
        f"(their own seconds add up to {sum(per_badge.values()):.3f}); "
        + ", ".join(f"{k} {v:.3f}" for k, v in per_badge.items()))
    return seconds, per_badge


def connection_name() -> str:
    from django.db import connection

    return connection.settings_dict["NAME"]


def use_database(name: str) -> None:
    """Point the product's connection at database `name` (the whole, or the copy of the first half); the new
    connection carries the same session settings (checked), as every connection of a bench."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name
    with connection.cursor() as c:
        for setting, wanted in SESSION_SETTINGS.items():
            c.execute(f"SHOW {setting}")
            if c.fetchone()[0] != wanted:
                raise SystemExit(f"the connection to {name} has {setting} other than {wanted}")


def copy_database(source: str, target: str) -> None:
    """CREATE DATABASE target TEMPLATE source (no connection to source may be open meanwhile)."""
    from django.db import connection

    use_database("postgres")
    with connection.cursor() as c:
        c.execute(f'DROP DATABASE IF EXISTS "{target}"')
        c.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    use_database(source)


def drop_database(name: str, back_to: str) -> None:
    from django.db import connection

    use_database("postgres")
    with connection.cursor() as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
    use_database(back_to)


def best(runs: list[tuple[float, dict[str, float]]]) -> tuple[float, dict[str, float]]:
    """The fastest run's seconds, and each badge's fastest seconds over all runs."""
    return min(r[0] for r in runs), {code: min(r[1][code] for r in runs) for code in runs[0][1]}


def mismatches(cursor) -> int:
    columns = "badge_id, employee_id, occasion, earned_on, facts"
    cursor.execute(f"""SELECT count(*) FROM ((SELECT {columns} FROM recognition_award
                       EXCEPT SELECT {columns} FROM hand_awards) UNION ALL (SELECT {columns} FROM hand_awards
                       EXCEPT SELECT {columns} FROM recognition_award)) d""")
    return cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--accounts", action="store_true",
                        help="a login for each active person: the run's inbox step tells them (for reference)")
    args = parser.parse_args()
    half = 5_000 if args.small else 50_000
    with database():
        setup_django()
        from django.db import connection

        from agentpath.recognition.models import Award

        whole_db = connection.settings_dict["NAME"]
        half_db = f"{whole_db}_half"
        generate(half, 1, args.accounts)
        say(f"the first half kept as database {half_db}")
        copy_database(whole_db, half_db)
        generate(half, 2, args.accounts)
        # The half, the whole and the hand-written statements alternate run by run (after a warm run of each), so that
        # the load of the machine, which other work changes from minute to minute, weighs on all three alike and
        # passes neither for the way the product scales nor for its distance to the baseline. The whole and the
        # baseline swap places every other round, so neither always runs on the other's warm cache (with three
        # runs the baseline has the warm place twice: if anything, against the product).
        statements = hand_written_statements()
        # The steady month (the whole, the month before awarded first: what every month after the go-live costs) is
        # printed for reference; it runs before the other two at the whole, so the award table keeps the go-live run.
        half_runs, whole_runs, hand_runs, steady_runs = [], [], [], []
        for n in range(args.runs + 1):
            steps = [("half", half_runs), ("steady", steady_runs), ("whole", whole_runs), ("hand", hand_runs)]
            for step, runs in steps if n % 2 else [steps[0], steps[1], steps[3], steps[2]]:
                use_database(half_db if step == "half" else whole_db)
                with connection.cursor() as c:
                    measured = hand_written(c, statements) if step == "hand" else \
                        product_run(c, after=PREVIOUS_MONTH if step == "steady" else None)
                    if step == "hand":
                        say(f"hand-written run: {measured[0]:.3f} s")
                if n:  # the first of each is the warm run
                    runs.append(measured)
        drop_database(half_db, whole_db)
        half_s, _half_per_badge = best(half_runs)
        awards_s, product_per_badge = best(whole_runs)
        awards_sql_s, hand_per_badge = best(hand_runs)
        steady_s, _steady_per_badge = best(steady_runs)
        say(f"product at {half:,}: {half_s:.3f} s; at {2 * half:,}: {awards_s:.3f} s; hand-written at {2 * half:,}: "
            f"{awards_sql_s:.3f} s; a steady month at {2 * half:,} ({MONTH} after {PREVIOUS_MONTH}): {steady_s:.3f} s "
            "(for reference, no target)")
        # The award table holds the whole's last product run, hand_awards the last hand-written one.
        with connection.cursor() as c:
            print("seconds per badge, best of the runs: the product's statement on its connection (two at once), "
                  "the hand-written one alone")
            print(f"{'badge':20} {'product s':>10} {'hand s':>8} {'ratio':>6}")
            for code, seconds in product_per_badge.items():
                print(f"{code:20} {seconds:10.3f} {hand_per_badge[code]:8.3f} {seconds / hand_per_badge[code]:6.2f}")
            missed_rows = mismatches(c)
            awarded = Award.objects.count()
            c.execute("SELECT count(*) FROM performance_kpiday")
            kpi_days = c.fetchone()[0]
            c.execute("SELECT count(*) FROM learning_attendance")
            attendances = c.fetchone()[0]
            c.execute("SELECT count(*) FILTER (WHERE exit_date IS NULL), count(*) FROM org_employee")
            active, ever = c.fetchone()
        figures = {"people": ever, "active": active,
                   "kpi_days": kpi_days, "attendances": attendances, "awards": awarded,
                   "half_s": round(half_s, 3), "awards_s": round(awards_s, 3), "awards_sql_s": round(awards_sql_s, 3),
                   "awards_ratio": round(awards_s / awards_sql_s, 2), "scale_ratio": round(awards_s / half_s, 2),
                   "peak_mb": round(peak_rss_mb()), "mismatches": missed_rows, "steady_s": round(steady_s, 3),
                   "accounts": args.accounts}
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
