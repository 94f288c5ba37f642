"""People of the demo and their employment histories, planned in memory.

`materialize` replays a person's planned moves through the same state machine as org.services
(hire_employee, record_move, record_exit): every event carries the from_/to_ values those services would
write and the person's final state is the result of the last event. The generator then stores the rows
in bulk.
"""
import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from agentpath.org.history import stay_in_level_starts

MONTH_DAYS = 30.44

# The grade a person usually gets on entering a level when the band is wide (grade 1 is the highest);
# other levels start at the bottom of their band.
ENTRY_GRADE = {
    "mgmt-supervisor": 6, "mgmt-manager": 4, "mgmt-director": 2, "pro-chief": 5, "vip-supervisor": 6,
    "cola-rep": 8, "cola-f1": 8, "cola-f2": 7, "cola-senior": 7, "cola-f3": 6, "cola-deputy": 5, "cola-f4": 3,
}


def after_months(day: datetime.date, months: float) -> datetime.date:
    """A planning step of fractional months (random durations), not calendar arithmetic (common.calendar)."""
    return day + datetime.timedelta(days=round(months * MONTH_DAYS))


def months_between(start: datetime.date, end: datetime.date) -> float:
    """Fractional months for planning odds; whole calendar months are common.calendar.months_between."""
    return (end - start).days / MONTH_DAYS


@dataclass(frozen=True)
class LevelInfo:
    code: str
    track: str
    order: int
    grade_min: int
    grade_max: int
    courses: tuple[str, ...]

    @property
    def entry_grade(self) -> int:
        return min(max(ENTRY_GRADE.get(self.code, self.grade_max), self.grade_min), self.grade_max)

    def clamp(self, grade: int) -> int:
        return min(max(grade, self.grade_min), self.grade_max)


@dataclass
class FrameworkView:
    """What the planner needs to know of the loaded framework, keyed by codes (no database ids)."""

    levels: dict[str, LevelInfo]
    transitions: dict[tuple[str, str], str]  # (from level, to level) -> kind, grade steps excluded
    course_credits: dict[str, Decimal]

    def kind_between(self, src: str, dst: str) -> str:
        kind = self.transitions.get((src, dst))
        if kind:
            return kind
        a, b = self.levels[src], self.levels[dst]
        if src == dst or a.track != b.track:
            return "lateral"
        return "promotion" if b.order > a.order else "demotion"

    def next_levels(self, code: str) -> list[str]:
        return [dst for (src, dst), kind in self.transitions.items()
                if src == code and dst != code and kind in ("promotion", "lateral")]


@dataclass
class Move:
    date: datetime.date
    kind: str | None = None  # None: the framework's kind of transition between the two levels
    level: str | None = None
    position: str | None = None
    team: str | None = None
    grade_step: bool = False
    cause: str = ""


@dataclass(repr=False)
class Person:
    key: int
    center: str
    seat: object
    name: str
    female: bool
    birth: datetime.date
    education: str
    phone: str
    id_number: str
    hire_date: datetime.date
    hire_level: str
    hire_position: str | None
    hire_team: str | None
    hire_grade: int
    hire_cause: str
    internal: bool = False
    moves: list[Move] = field(default_factory=list)
    exit_date: datetime.date | None = None
    exit_cause: str = ""
    status: str = "active"
    special: str = ""  # why the planner touched this person (demotion, rotation …), to keep choices apart
    # filled by materialize() and the planner
    events: list[dict] = field(default_factory=list)
    level: str = ""
    position: str | None = None
    grade: int = 0
    team: str | None = None
    level_since: datetime.date | None = None
    employee_no: str = ""
    manager: "Person | None" = None
    completions: list[tuple[str, datetime.date, Decimal]] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<Person {self.employee_no or self.key} {self.name} {self.level or self.hire_level}>"

    def tenure_months(self, today: datetime.date) -> float:
        return months_between(self.hire_date, self.exit_date or today)


def _grade_on_entering(fw: FrameworkView, kind: str, grade: int, level: str) -> int:
    info = fw.levels[level]
    if kind == "demotion":
        return info.entry_grade
    if kind == "promotion":
        return info.clamp(min(grade, info.entry_grade))
    return info.clamp(grade)


def _grade_steps(rng: random.Random, person: Person, today: datetime.date) -> list[Move]:
    """晋等: within each stay in a level, a step up the band now and then (at least 12 months apart)."""
    level_moves = sorted((m for m in person.moves if m.level), key=lambda m: m.date)
    starts = [person.hire_date] + [m.date for m in level_moves]
    ends = [m.date for m in level_moves] + [person.exit_date or today]
    steps = []
    for start, end in zip(starts, ends, strict=True):
        t = start
        while True:
            t = after_months(t, rng.uniform(12.5, 26))
            if t >= end - datetime.timedelta(days=20) or rng.random() > 0.55:
                break
            steps.append(Move(date=t, kind="grade_step", grade_step=True, cause="年度晋等"))
    return steps


def materialize(fw: FrameworkView, rng: random.Random, person: Person, today: datetime.date) -> None:
    """Replay the person's moves the way org.services would record them; set events and current state."""
    end = person.exit_date or today + datetime.timedelta(days=1)
    moves = [m for m in person.moves if person.hire_date < m.date < end]
    moves += _grade_steps(rng, person, today)
    moves.sort(key=lambda m: (m.date, m.grade_step))
    level, position, grade, team = person.hire_level, person.hire_position, person.hire_grade, person.hire_team
    events = [dict(kind="hire", effective_date=person.hire_date, to_level=level, to_position=position,
                   to_grade=grade, to_team=team, cause=person.hire_cause)]
    since = person.hire_date
    for move in moves:
        if move.grade_step:
            if grade <= fw.levels[level].grade_min:
                continue
            kind, new_level, new_grade = "grade_step", level, grade - 1
        else:
            new_level = move.level or level
            kind = move.kind or fw.kind_between(level, new_level)
            new_grade = _grade_on_entering(fw, kind, grade, new_level) if move.level else grade
        # org.services.record_move: a move to another level takes the position given or none (a position never
        # outlives its level: 客服专员 is a 代表 position, the F1/F2 rows have none)
        new_position = move.position if move.position is not None or new_level != level else position
        new_team = move.team if move.team is not None else team
        if (new_level, new_position, new_grade, new_team) == (level, position, grade, team):
            continue
        events.append(dict(kind=kind, effective_date=move.date, from_level=level, to_level=new_level,
                           from_position=position, to_position=new_position, from_grade=grade, to_grade=new_grade,
                           from_team=team, to_team=new_team, cause=move.cause))
        if stay_in_level_starts(level, new_level):  # org's one rule: a move that keeps the level keeps the stay
            since = move.date
        level, position, grade, team = new_level, new_position, new_grade, new_team
    if person.exit_date:
        events.append(dict(kind="exit", effective_date=person.exit_date, from_level=level, from_team=team,
                           cause=person.exit_cause))
        person.status = "exited"
    person.events = events
    person.level, person.position, person.grade, person.team = level, position, grade, team
    person.level_since = since
