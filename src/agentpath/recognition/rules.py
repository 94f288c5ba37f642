"""The rules that award badges, each one SQL statement over the whole workforce for a month (house style: bulk
work is set-based). A rule is a SELECT of who met it, with the occasion, the day it was earned and the facts that
show it as JSON; `award_statement` wraps it into one INSERT … SELECT … ON CONFLICT DO NOTHING on the unique badge,
person and occasion (award_once), which leaves out whoever already holds the badge for that occasion — a revoked
award included, and whatever a concurrent run stored first); only the number of new awards comes back to Python
(the inbox finds them by their run in the database). (Not a NOT EXISTS as well: measured on PostgreSQL at 50,000 people, the
statement with it took 50 s for the 29,000 awards of one badge, most likely an anti-join re-reading the award table
the statement is filling; the unique index's check is one index probe a row.) The same text runs on SQLite and
PostgreSQL; `Dialect` holds the few spellings they do not share. Never a query per person.

The occasion is the month ("2026-10") of a periodic rule, the quarter ("2026Q4") of a quarterly KPI rank, the month
of the last action of an IDP completed on time, or "once" for a once-in-a-career rule (a course, a tenure
milestone)."""
import datetime
from collections.abc import Callable
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from agentpath.common.calendar import MONTH, QUARTER, Period, add_months, period_of
from agentpath.development.models import Idp, IdpAction
from agentpath.learning.models import Attendance, Enrolment, TrainingSession
from agentpath.performance.models import Metric, slot_column

from .models import Badge

ONCE = "once"
EXAM_METRIC = "exam_score"
QA_METRIC = "qa_score"


class Dialect:
    """The spellings SQLite and PostgreSQL do not share. Parameters are cast where they become JSON values
    (PostgreSQL cannot tell the type of a bare parameter inside jsonb_build_object)."""

    def __init__(self, vendor: str):
        self.postgresql = vendor == "postgresql"

    def json(self, *keys: str) -> Callable[..., str]:
        """json("period", "score")(value_sql, value_sql): a JSON object of those keys and SQL values."""
        function = "jsonb_build_object" if self.postgresql else "json_object"

        def build(*values: str) -> str:
            pairs = ", ".join(f"'{k}', {v}" for k, v in zip(keys, values, strict=True))
            return f"{function}({pairs})"

        return build

    def month_of(self, date_sql: str) -> str:
        """'2026-10' of a date."""
        return f"to_char({date_sql}, 'YYYY-MM')" if self.postgresql else f"strftime('%%Y-%%m', {date_sql})"

    def plus_days(self, date_sql: str) -> str:
        """The date `date_sql` plus a parameter's number of days."""
        return f"({date_sql} + CAST(%s AS INTEGER))" if self.postgresql else \
            f"date({date_sql}, '+' || CAST(%s AS INTEGER) || ' days')"

    def plus_years(self, date_sql: str) -> str:
        """The date plus a parameter's years, 29 February falling on 28 February (as common.calendar.add_months);
        the SQLite spelling takes the parameter twice."""
        if self.postgresql:
            return f"CAST({date_sql} + make_interval(years => CAST(%s AS INTEGER)) AS DATE)"
        moved = f"date({date_sql}, '+' || CAST(%s AS INTEGER) || ' years')"
        return (f"(CASE WHEN strftime('%%d', {moved}) = strftime('%%d', {date_sql}) THEN {moved} "
                f"ELSE date({moved}, 'start of month', '-1 day') END)")

    @property
    def years_params(self) -> int:
        return 1 if self.postgresql else 3


class Statement(NamedTuple):
    """A rule's SELECT of (employee_id, occasion, earned_on, facts) and its parameters."""
    sql: str
    params: list


def _adapt_day(day: datetime.date):
    return connection.ops.adapt_datefield_value(day)


def _adapt_moment(day: datetime.date):
    moment = datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())
    return connection.ops.adapt_datetimefield_value(moment)


def _column(code: str) -> str:
    return Metric.objects.get(code=code).column


TEXT, NUMBER, WHOLE = "CAST(%s AS TEXT)", "CAST(%s AS DOUBLE PRECISION)", "CAST(%s AS INTEGER)"


def course(badge: Badge, period: Period, d: Dialect) -> Statement:
    """Finished the course (its first completion before the month ends); once."""
    facts = d.json("course", "name", "on")("c.code", "c.name", "MIN(cc.completed_on)")
    return Statement(f"""
        SELECT cc.employee_id, '{ONCE}' AS occasion, MIN(cc.completed_on) AS earned_on, {facts} AS facts
        FROM learning_coursecompletion cc JOIN learning_course c ON c.id = cc.course_id
        WHERE c.code = %s AND cc.completed_on < %s
        GROUP BY cc.employee_id, c.code, c.name""", [badge.params["course"], _adapt_day(period.end)])


def program(badge: Badge, period: Period, d: Dialect) -> Statement:
    """Finished the program (its completed enrolment before the month ends); once."""
    facts = d.json("program", "name", "on")("p.code", "p.name", "MIN(en.completed_on)")
    return Statement(f"""
        SELECT en.employee_id, '{ONCE}' AS occasion, MIN(en.completed_on) AS earned_on, {facts} AS facts
        FROM learning_enrolment en JOIN learning_program p ON p.id = en.program_id
        WHERE p.code = %s AND en.status = %s AND en.completed_on < %s
        GROUP BY en.employee_id, p.code, p.name""",
                     [badge.params["program"], Enrolment.Status.COMPLETED, _adapt_day(period.end)])


def full_attendance(badge: Badge, period: Period, d: Dialect) -> Statement:
    """Present (neither late, absent nor excused) at every session held in the month that they were listed for,
    and at least `min_sessions` of them."""
    facts = d.json("period", "sessions")(TEXT, "COUNT(*)")
    return Statement(f"""
        SELECT a.employee_id, %s AS occasion, %s AS earned_on, {facts} AS facts
        FROM learning_attendance a JOIN learning_trainingsession s ON s.id = a.session_id
        WHERE s.starts_at >= %s AND s.starts_at < %s AND s.state IN (%s, %s)
        GROUP BY a.employee_id
        HAVING COUNT(*) = SUM(CASE WHEN a.status = %s THEN 1 ELSE 0 END) AND COUNT(*) >= %s""",
                     [period.code, _adapt_day(period.last_day), period.code, _adapt_moment(period.start),
                      _adapt_moment(period.end), TrainingSession.State.HELD, TrainingSession.State.FEEDBACK_CLOSED,
                      Attendance.Status.PRESENT, badge.params["min_sessions"]])


def monthly_exam(badge: Badge, period: Period, d: Dialect) -> Statement:
    """The month's exam (performance metric exam_score, seed 002 §3.4.4) at or above `min_score`."""
    column, floor = _column(EXAM_METRIC), badge.params["min_score"]
    facts = d.json("period", "score", "min")(TEXT, f"MAX(k.{column})", NUMBER)
    return Statement(f"""
        SELECT k.employee_id, %s AS occasion, %s AS earned_on, {facts} AS facts
        FROM performance_kpiday k
        WHERE k.date >= %s AND k.date < %s AND k.{column} >= %s
        GROUP BY k.employee_id""",
                     [period.code, _adapt_day(period.last_day), period.code, floor, _adapt_day(period.start),
                      _adapt_day(period.end), floor])


def ranked_period(badge: Badge, period: Period) -> Period | None:
    """The month, or for a quarterly badge the quarter the month closes (None in its first two months)."""
    if badge.params["period_kind"] != QUARTER:
        return period_of(period.start, MONTH)
    quarter = period_of(period.last_day, QUARTER)
    return quarter if quarter.end == period.end else None


def kpi_top(badge: Badge, period: Period, d: Dialect) -> Statement | None:
    """The composite of group `group` ranked in the top `top_percent` % of the peer group (rank ≤ peers × N %)
    for the month, or for the quarter when the month ends a quarter."""
    ranked = ranked_period(badge, period)
    if ranked is None:
        return None
    top, group = badge.params["top_percent"], badge.params["group"]
    facts = d.json("period", "group", "rank", "peers", "top", "composite")(
        TEXT, TEXT, "r.rank", "r.peer_size", NUMBER, "ROUND(CAST(r.composite AS NUMERIC), 1)")
    return Statement(f"""
        SELECT r.employee_id, %s AS occasion, %s AS earned_on, {facts} AS facts
        FROM performance_kpiresult r
        WHERE r.period = %s AND r.group_code = %s AND r.rank <= r.peer_size * %s""",
                     [ranked.code, _adapt_day(ranked.last_day), ranked.code, group, top, ranked.code, group,
                      top / 100.0])


def month_number(date_sql: str, first: datetime.date, months: int) -> tuple[str, list]:
    """0 … months-1: which of the `months` months from `first` a date falls in, as comparisons with the months'
    first days (common.calendar's add_months): the same on SQLite and PostgreSQL, and cheaper than formatting or
    truncating every row's date (measured on PostgreSQL at 10,000 people: 255 ms against 330 ms with to_char and
    300 ms with date_trunc for the QA streak's three months)."""
    starts = [add_months(first, n) for n in range(months - 1, 0, -1)]
    branches = " ".join(f"WHEN {date_sql} >= %s THEN {n}" for n in range(months - 1, 0, -1))
    return (f"(CASE {branches} ELSE 0 END)" if starts else "0"), [_adapt_day(day) for day in starts]


def qa_scores_index_sql(vendor: str, slot: int) -> str:
    """The index qa_streak reads (migration 0007): the QA score is on about a third of a person's days, so a partial
    index of the days that carry it, by date with the person and the score, lets PostgreSQL read the months from
    the index alone (index-only; the daily rows are some 40 columns wide)."""
    column = slot_column(slot)
    name = f"recognition_kpiday_qa_{column}"
    if vendor == "postgresql":
        return (f"CREATE INDEX IF NOT EXISTS {name} ON performance_kpiday (date) INCLUDE (employee_id, {column}) "
                f"WHERE {column} IS NOT NULL")
    return f"CREATE INDEX IF NOT EXISTS {name} ON performance_kpiday (date, employee_id, {column}) " \
           f"WHERE {column} IS NOT NULL"


def qa_streak(badge: Badge, period: Period, d: Dialect) -> Statement:
    """The QA score's monthly mean at or above `min_score` in each of the `months` months ending with this one."""
    column, floor, months = _column(QA_METRIC), badge.params["min_score"], badge.params["months"]
    first = add_months(period.start, 1 - months)
    month, month_params = month_number("k.date", first, months)
    facts = d.json("period", "months", "min", "lowest")(TEXT, WHOLE, NUMBER, "ROUND(CAST(MIN(m.score) AS NUMERIC), 1)")
    return Statement(f"""
        SELECT m.employee_id, %s AS occasion, %s AS earned_on, {facts} AS facts
        FROM (SELECT k.employee_id, {month} AS month, AVG(k.{column}) AS score
              FROM performance_kpiday k
              WHERE k.date >= %s AND k.date < %s AND k.{column} IS NOT NULL
              GROUP BY k.employee_id, month) m
        GROUP BY m.employee_id
        HAVING COUNT(*) = %s AND MIN(m.score) >= %s""",
                     [period.code, _adapt_day(period.last_day), period.code, months, floor, *month_params,
                      _adapt_day(first), _adapt_day(period.end), months, floor])


def tenure(badge: Badge, period: Period, d: Dialect) -> Statement:
    """Reached `days` days or `years` years since hire by the end of the month, still employed that day; once."""
    days, years = badge.params.get("days"), badge.params.get("years")
    milestone = d.plus_days("e.hire_date") if days else d.plus_years("e.hire_date")
    span = [days] if days else [years] * d.years_params
    facts = d.json("hired", "days", "years")("t.hire_date", WHOLE, WHOLE)
    return Statement(f"""
        SELECT t.id AS employee_id, '{ONCE}' AS occasion, t.milestone AS earned_on, {facts} AS facts
        FROM (SELECT e.id, e.hire_date, e.exit_date, {milestone} AS milestone
              FROM org_employee e WHERE e.hire_date <= %s) t
        WHERE t.milestone <= %s AND (t.exit_date IS NULL OR t.exit_date >= t.milestone)""",
                     [days, years, *span, _adapt_day(period.last_day), _adapt_day(period.last_day)])


def idp_on_time(badge: Badge, period: Period, d: Dialect) -> Statement:
    """An agreed IDP whose every action (cancelled ones aside) was done on or before its due date, the last one
    before the month ends and by the plan's target date; the occasion is the month of that last action."""
    last = "MAX(a.completed_on)"
    facts = d.json("version", "actions", "last_done", "target")("i.version", "COUNT(*)", last, "i.target_date")
    return Statement(f"""
        SELECT i.employee_id, {d.month_of(last)} AS occasion, {last} AS earned_on, {facts} AS facts
        FROM development_idp i JOIN development_idpaction a ON a.idp_id = i.id
        WHERE i.state = %s AND a.status <> %s
        GROUP BY i.id, i.employee_id, i.version, i.target_date
        HAVING COUNT(*) = SUM(CASE WHEN a.status = %s AND a.completed_on <= a.due_date THEN 1 ELSE 0 END)
           AND {last} < %s AND (i.target_date IS NULL OR {last} <= i.target_date)""",
                     [Idp.State.AGREED, IdpAction.Status.CANCELLED, IdpAction.Status.DONE, _adapt_day(period.end)])


RULES: dict[str, Callable[[Badge, Period, Dialect], Statement | None]] = {
    Badge.Rule.COURSE: course, Badge.Rule.PROGRAM: program, Badge.Rule.FULL_ATTENDANCE: full_attendance,
    Badge.Rule.MONTHLY_EXAM: monthly_exam, Badge.Rule.KPI_TOP: kpi_top, Badge.Rule.QA_STREAK: qa_streak,
    Badge.Rule.TENURE: tenure, Badge.Rule.IDP_ON_TIME: idp_on_time,
}


# Seconds a rule's statement took at 100,000 people ever employed (bench/recognition.py, the go-live month, one
# rule at a time: docs/recognition.md), for the run's order only: the heaviest first, so that the connections the
# run spreads its rules over finish together. A tenure milestone costs by the people who reached it (the earlier,
# the more): 90 days 1.8, 1 year 1.5, 3 years 0.7, 5 years 0.3. The QA streak from its index (migration 0007).
HEAVINESS = {Badge.Rule.QA_STREAK: 1.0, Badge.Rule.FULL_ATTENDANCE: 1.5, Badge.Rule.COURSE: 1.5,
             Badge.Rule.PROGRAM: 1.5, Badge.Rule.MONTHLY_EXAM: 0.3, Badge.Rule.KPI_TOP: 0.2,
             Badge.Rule.IDP_ON_TIME: 0.2, Badge.Rule.TENURE: 1.8}


def heaviness(badge: Badge) -> float:
    """What the badge's statement is expected to cost (seconds at 100,000 people), for ordering only."""
    if badge.rule == Badge.Rule.TENURE:
        years = badge.params.get("years") or badge.params["days"] / 365
        return max(0.2, 1.8 - 0.4 * max(0.0, years - 0.25))
    return HEAVINESS[badge.rule]


def award_statement(badge: Badge, period: Period, *, by_id: int | None, now: datetime.datetime) -> Statement | None:
    """The one INSERT … SELECT that gives `badge` to everyone who met its rule in `period` and does not hold it for
    that occasion yet (a revoked award counts as held: a re-run never gives it back); the cursor's rowcount is the
    number of new awards (the inbox finds them by their run and awarded_at, in the database). The WHERE true keeps
    SQLite from reading ON CONFLICT as a join's ON."""
    d = Dialect(connection.vendor)
    earned = RULES[badge.rule](badge, period, d)
    if earned is None:
        return None
    return Statement(f"""
        INSERT INTO recognition_award (badge_id, employee_id, occasion, earned_on, facts, reason, awarded_by_id,
                                       run_period, awarded_at, revoke_reason)
        SELECT %s, earned.employee_id, earned.occasion, earned.earned_on, earned.facts, '', %s, %s, %s, ''
        FROM ({earned.sql}) AS earned
        WHERE true
        ON CONFLICT (employee_id, badge_id, occasion) DO NOTHING""",
                     [badge.pk, by_id, period.code, connection.ops.adapt_datetimefield_value(now), *earned.params])
