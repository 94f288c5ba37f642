"""What was in force on a day, read from the event history (DOMAIN.md C2: every change is an event).

Each EmploymentEvent carries the whole assignment it puts in force (to_center, to_team, to_position,
to_level, to_grade) from its effective date until the next event of the same person. Reading the events
in (effective_date, id) order gives one interval per event:

    employee_id, valid_from, valid_to, center_id, team_id, position_id, level_id, grade, level_since

valid_from is inclusive, valid_to exclusive (the next event's date; NULL while it is still in force).
An exit ends the last interval and opens none. Events dated in the future are in the history already:
an interval that starts tomorrow is what will be in force tomorrow (the employee row shows today).

`level_since` is the first day of the current stay in the level: a move that keeps the level (a rotation,
a team change, a grade step, a lateral move to another position of the same level) does not start a new
stay; entering a level from another one (or from outside, hire or rehire) does. This is the one rule for
months in level (stay_in_level_starts); DOMAIN.md C1: "minimum months in current level".

Three ways to read it, all from the same SQL:
  intervals_sql()      a SELECT to join in raw SQL (ranking joins KPI days to the peer group of each day);
  intervals()/assignments_on()   Python rows for a set of people (one query);
  InForceOn(column, day)         an ORM expression to annotate an Employee queryset with the value in force.
Window functions (LAG, LEAD, running MAX) work on SQLite ≥ 3.28 and PostgreSQL.
"""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import DateField, Expression, F, IntegerField

from .models import EmploymentEvent

COLUMNS = ("employee_id", "valid_from", "valid_to", "center_id", "team_id", "position_id", "level_id", "grade",
           "level_since")


def stay_in_level_starts(previous_level, level) -> bool:
    """The one rule for months in level, in Python: an event starts a new stay in a level when the level it
    puts in force (an id or a code) differs from the one before it (or there was none: hire, rehire). The SQL
    below says the same with LAG(); the demo planner uses this function."""
    return level is not None and previous_level != level


def _windowed_sql(where: str = "1 = 1") -> str:
    """Every event (filtered by `where` on the event table `ev`) with its interval and its stay in level."""
    table = EmploymentEvent._meta.db_table
    return f"""
SELECT s.employee_id, s.kind, s.valid_from, s.valid_to, s.center_id, s.team_id, s.position_id, s.level_id,
       s.grade,
       MAX(CASE WHEN s.starts_stay = 1 THEN s.valid_from END) OVER (
           PARTITION BY s.employee_id ORDER BY s.valid_from, s.id ROWS UNBOUNDED PRECEDING) AS level_since
FROM (
    SELECT ev.id, ev.employee_id, ev.kind, ev.effective_date AS valid_from,
           LEAD(ev.effective_date) OVER w AS valid_to,
           ev.to_center_id AS center_id, ev.to_team_id AS team_id, ev.to_position_id AS position_id,
           ev.to_level_id AS level_id, ev.to_grade AS grade,
           CASE WHEN ev.to_level_id IS NOT NULL
                 AND (LAG(ev.to_level_id) OVER w IS NULL OR LAG(ev.to_level_id) OVER w <> ev.to_level_id)
                THEN 1 ELSE 0 END AS starts_stay
    FROM {table} ev
    WHERE {where}
    WINDOW w AS (PARTITION BY ev.employee_id ORDER BY ev.effective_date, ev.id)
) s"""


# Intervals that hold (the exit's own row and same-day superseded rows are not intervals).
_HOLDS = "h.kind <> 'exit' AND (h.valid_to IS NULL OR h.valid_to > h.valid_from)"


def intervals_sql(employee_ids: Iterable[int] | None = None, start: datetime.date | None = None,
                  end: datetime.date | None = None) -> tuple[str, list]:
    """A SELECT of COLUMNS: the intervals of the given people (all when None) that overlap [start, end]
    (both inclusive, each optional). Join it in raw SQL, e.g. a KPI day d to its assignment:
        JOIN (<sql>) a ON a.employee_id = d.employee_id AND d.date >= a.valid_from
                      AND (a.valid_to IS NULL OR d.date < a.valid_to)
    """
    params: list = []
    where = "1 = 1"
    if employee_ids is not None:
        ids = [int(i) for i in employee_ids]
        if not ids:
            where = "1 = 0"
        elif connection.vendor == "postgresql":  # one array parameter: tens of thousands of ids cost nothing to send
            where = "ev.employee_id = ANY(%s)"
            params.append(ids)
        else:
            where = f"ev.employee_id IN ({', '.join(['%s'] * len(ids))})"
            params += ids
    outer = [_HOLDS]
    if end is not None:
        outer.append("h.valid_from <= %s")
        params.append(connection.ops.adapt_datefield_value(end))
    if start is not None:
        outer.append("(h.valid_to IS NULL OR h.valid_to > %s)")
        params.append(connection.ops.adapt_datefield_value(start))
    sql = f"SELECT {', '.join('h.' + c for c in COLUMNS)} FROM ({_windowed_sql(where)}) h WHERE {' AND '.join(outer)}"
    return sql, params


@dataclass(frozen=True)
class Interval:
    employee_id: int
    valid_from: datetime.date
    valid_to: datetime.date | None  # exclusive; None: still in force
    center_id: int
    team_id: int | None
    position_id: int | None
    level_id: int
    grade: int
    level_since: datetime.date

    def holds_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


def _as_date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])  # SQLite returns window results as text


def intervals(employee_ids: Iterable[int] | None = None, start: datetime.date | None = None,
              end: datetime.date | None = None) -> list[Interval]:
    """The intervals of intervals_sql as rows, ordered by person and date (one query)."""
    sql, params = intervals_sql(employee_ids, start, end)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ORDER BY h.employee_id, h.valid_from", params)
        rows = cursor.fetchall()
    return [Interval(r[0], _as_date(r[1]), _as_date(r[2]), *r[3:8], _as_date(r[8])) for r in rows]


def assignments_on(day: datetime.date, employee_ids: Iterable[int] | None = None) -> dict[int, Interval]:
    """For each person (of the given ones, or all) who was employed on `day`: what was in force that day."""
    return {i.employee_id: i for i in intervals(employee_ids, day, day)}


class InForceOn(Expression):
    """Annotate an Employee queryset with one column of the interval in force on `day`, e.g.
    qs.annotate(level_on=InForceOn("level_id", day)); for someone who had left by then, of their last
    interval (their level and months in it at the exit); NULL before the first event. One correlated
    subquery per annotated column, over the person's own events only."""

    def __init__(self, column: str, day: datetime.date):
        if column not in COLUMNS[3:]:
            raise ValueError(f"{column!r} is not one of {COLUMNS[3:]}")
        super().__init__(output_field=DateField() if column == "level_since" else IntegerField())
        self.column, self.day, self.employee = column, day, F("pk")

    def get_source_expressions(self):
        return [self.employee]

    def set_source_expressions(self, exprs):
        (self.employee,) = exprs

    def as_sql(self, compiler, connection):
        employee_sql, employee_params = compiler.compile(self.employee)
        day = connection.ops.adapt_datefield_value(self.day)
        sql = (f"(SELECT h.{self.column} FROM ({_windowed_sql('ev.employee_id = ' + employee_sql)}) h "
               f"WHERE {_HOLDS} AND h.valid_from <= %s ORDER BY h.valid_from DESC LIMIT 1)")
        return sql, (*employee_params, day)

    def from_db_value(self, value, expression, connection):
        return _as_date(value) if self.column == "level_since" else value

    def get_db_converters(self, connection):
        return [self.from_db_value, *super().get_db_converters(connection)]
