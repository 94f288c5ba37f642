"""Promotion eligibility computed from facts and explained (DOMAIN.md C1, C8).

For a set of employees (one, a team, or the whole workforce) and every transition open to each of them,
every requirement in force on a day is evaluated against the facts of that day and explained as
"actual / required": the level, position and grade in force that day come from the event history
(org.history, annotated by org.selectors.with_tenure for the same day), windows are calendar months
(common.calendar). A fact that does not exist is "no data" for the user, never a quiet substitute; a
person who was not annotated is a programming error and raises. The facts are gathered set-based: one query
per kind of fact (and per distinct window), never a query per person.
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.careers.models import Requirement, Transition
from agentpath.careers.requirements import competency_label, in_reading_order
from agentpath.careers.selectors import effective_requirements
from agentpath.common.calendar import last_months
from agentpath.common.rows import cycles_not_collected, number_rows, of_people
from agentpath.learning.models import CourseCompletion
from agentpath.org import leave
from agentpath.org.models import DisciplinaryRecord, Employee
from agentpath.org.selectors import fill_tenure, months_in_level, tenure_fact
from agentpath.performance.facts import exam_score_averages, peer_group_name, recent_composite_percentiles
from agentpath.performance.stars import recent_star_ratings

from .competencies import supervisor_levels
from .models import Nomination

K = Requirement.Kind


@dataclass(frozen=True, slots=True)
class RequirementCheck:
    requirement_id: int
    kind: str
    label: str  # what is measured, e.g. "Months in level"
    description: str  # the rule, e.g. "At least 6 months in the current level"
    met: bool
    actual: str  # "5 / 6 months"
    has_data: bool = True  # False when the fact does not exist yet (e.g. no KPI imported)
    peer_group: str = ""  # a KPI percentile: the peer group it was computed in ("peer group: same position …")

    @property
    def status(self) -> str:
        return "met" if self.met else ("unmet" if self.has_data else "unknown")


@dataclass(slots=True)
class PathOption:
    transition: Transition
    checks: tuple[RequirementCheck, ...] = ()

    @property
    def eligible(self) -> bool:
        return all(c.met for c in self.checks)

    @property
    def met_count(self) -> int:
        return sum(1 for c in self.checks if c.met)

    @property
    def progress_percent(self) -> int:
        return round(100 * self.met_count / len(self.checks)) if self.checks else 100


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


class _Facts:
    """Every fact the requirements of `transitions` need, for `employees`, loaded in bulk."""

    def __init__(self, employees: list[Employee], requirements: list[Requirement], as_of: datetime.date):
        ids = [e.id for e in employees]
        self.as_of = as_of
        course_ids = {r.course_id for r in requirements if r.kind == K.REQUIRED_COURSE}
        self.completed: set[tuple[int, int]] = set()
        if course_ids:
            self.completed = set(number_rows(of_people(CourseCompletion.objects.filter(course_id__in=course_ids,
                                                                           completed_on__lte=as_of), ids)
                                           .order_by().values_list("employee_id", "course_id")))  # a set: no order
        self.credits: dict[int, dict[int, Decimal]] = {}
        for months in {r.window_months for r in requirements if r.kind == K.MIN_CREDITS}:
            window = last_months(as_of, months)
            rows = (of_people(CourseCompletion.objects.filter(completed_on__gt=window.after, completed_on__lte=window.until),
                        ids).values("employee_id").annotate(total=Sum("credits")))
            self.credits[months] = {r["employee_id"]: r["total"] for r in rows}
        self.discipline: dict[int, dict[int, int]] = {}
        for months in {r.window_months for r in requirements if r.kind == K.NO_DISCIPLINE}:
            window = last_months(as_of, months)
            rows = (of_people(DisciplinaryRecord.objects.filter(date__gt=window.after, date__lte=window.until), ids)
                    .values("employee_id").annotate(n=Count("id")))
            self.discipline[months] = defaultdict(int, {r["employee_id"]: r["n"] for r in rows})
        self.nominated: set[tuple[int, int]] = set()
        if any(r.kind == K.SUPERVISOR_NOMINATION for r in requirements):
            self.nominated = set(of_people(Nomination.objects.filter(withdrawn=False, nominated_on__lte=as_of), ids)
                                 .order_by().values_list("employee_id", "transition_id"))
        self.kpi_percentile: dict[tuple[int, int], float | None] = {}
        self.kpi_quarters: dict[tuple[int, int], int] = {}
        self.kpi_peer_group: dict[tuple[int, int], str] = {}  # performance.facts.PeerGroup
        for quarters in {r.quarters for r in requirements if r.kind == K.MIN_KPI_PERCENTILE}:
            for emp_id, (value, ranked, peer) in recent_composite_percentiles(ids, quarters, as_of).items():
                self.kpi_percentile[(quarters, emp_id)] = value
                self.kpi_quarters[(quarters, emp_id)] = ranked
                self.kpi_peer_group[(quarters, emp_id)] = peer
        self.exam_average: dict[tuple[int, int], float] = {}
        for months in {r.window_months for r in requirements if r.kind == K.MIN_EXAM_AVERAGE}:
            window = last_months(as_of, months)
            for emp_id, value in exam_score_averages(ids, window.after, window.until).items():
                self.exam_average[(months, emp_id)] = value
        self.stars: dict[int, dict[int, tuple[int, int]]] = {}  # months → person → (lowest stars, months rated)
        for months in {r.window_months for r in requirements if r.kind == K.MIN_STAR_RATING}:
            self.stars[months] = recent_star_ratings(ids, months, as_of)
        self.months: dict[int, tuple] = {}  # (months in level, uncounted leave days in it) of each person
        if any(r.kind == K.MIN_MONTHS_IN_LEVEL for r in requirements):
            self.months = {e.id: (months_in_level(e, as_of),
                                  tenure_fact(e, "uncounted_leave_days_in_level", as_of)) for e in employees}
        self.competency: dict[tuple[int, str], float] = {}
        comps = {r.competency for r in requirements if r.kind == K.MIN_COMPETENCY}
        if comps:
            self.competency = _competency_levels(ids, comps)


def _competency_levels(employee_ids, competencies) -> dict[tuple[int, str], float]:
    """The supervisor's latest assessment of each competency (talent.competencies); none: "not assessed yet"."""
    return {key: float(level) for key, level in supervisor_levels(employee_ids, competencies).items()}


def _messages() -> dict[str, str]:
    """The words of the explanations, translated once per evaluation rather than once per check (gettext
    costs more than the check itself when a whole workforce is evaluated)."""
    return {
        "months": _("%(a)s / %(r)s months"), "less_leave": _("%(actual)s (less %(kind)s %(d)s days)"),
        "no_level": _("no level history"), "completed": _("completed"), "missing": _("missing"),
        "credits": _("%(a)s / %(r)s credits"), "none": _("none"), "records": _("%(n)s record(s)"),
        "nominated": _("nominated"), "not_nominated": _("not nominated"), "no_kpi": _("no KPI ranking yet"),
        "kpi_short": _("not enough data (%(n)s / %(q)s quarters)"), "percentile": _("P%(a)s / P%(r)s"),
        "no_exam": _("no exam results yet"), "not_assessed": _("not assessed yet"),
        "no_stars": _("no star rating yet"), "stars_short": _("not enough data (%(n)s / %(w)s months)"),
        "stars": _("%(a)s / %(r)s stars, last %(w)s months"), "peer_group": _("peer group: %(group)s"),
    }


def _label(req: Requirement) -> str:
    """What a requirement measures, e.g. "Months in level" (the same for everyone: worded once)."""
    if req.kind == K.MIN_MONTHS_IN_LEVEL:
        return _("Months in level")
    if req.kind == K.REQUIRED_COURSE:
        return _("Course %(c)s") % {"c": req.course.display_name}
    if req.kind == K.MIN_CREDITS:
        return _("Credits in %(w)s months") % {"w": req.window_months}
    if req.kind == K.NO_DISCIPLINE:
        return _("Disciplinary records in %(w)s months") % {"w": req.window_months}
    if req.kind == K.SUPERVISOR_NOMINATION:
        return _("Supervisor nomination")
    if req.kind == K.MIN_KPI_PERCENTILE:
        return _("KPI percentile, last %(q)s quarters") % {"q": req.quarters}
    if req.kind == K.MIN_EXAM_AVERAGE:
        return _("Exam average, %(w)s months") % {"w": req.window_months}
    if req.kind == K.MIN_COMPETENCY:
        return _("Competency %(c)s") % {"c": competency_label(req.competency)}
    if req.kind == K.MIN_STAR_RATING:
        return _("Star-service rating, %(w)s months") % {"w": req.window_months}
    return req.get_kind_display()


class _Wording:
    """Each requirement's label and rule (str(req)), the message templates, and the checks already made: a
    check is a value (the same requirement, fact and verdict read the same for everyone), so it is made and
    worded once and shared, which keeps a whole workforce's explanations small and fast."""

    def __init__(self):
        self.messages = _messages()
        self._by_requirement: dict[int, tuple[str, str]] = {}
        self._checks: dict[tuple, RequirementCheck] = {}

    def of(self, req: Requirement) -> tuple[str, str]:
        words = self._by_requirement.get(req.id)
        if words is None:
            words = self._by_requirement[req.id] = (_label(req), str(req))
        return words

    def check(self, req: Requirement, fact, met: bool, actual, has_data: bool = True,
              peer_group: str = "") -> RequirementCheck:
        """The check of `req` for this fact (`actual` words it, called only the first time; the fact includes
        whatever else the check shows, e.g. the peer group)."""
        key = (req.id, fact)
        found = self._checks.get(key)
        if found is None:
            label, desc = self.of(req)
            found = self._checks[key] = RequirementCheck(req.id, req.kind, label, desc, bool(met), actual(),
                                                         has_data, peer_group)
        return found


def _shared(values, make) -> list[RequirementCheck]:
    """The checks of a column of facts: each distinct fact is checked and worded once (`make`), then shared."""
    made: dict = {}
    return [made[v] if v in made else made.setdefault(v, make(v)) for v in values]


def _column(req: Requirement, transition: Transition, facts: _Facts, w: _Wording):
    """The check of `req` on `transition` as a function of the people it applies to (ids, in order), made once
    per evaluation: the kind is looked at and the facts it reads are bound here; the column is then one pass
    over the people, each distinct fact checked and worded once."""
    m, check = w.messages, w.check
    if req.kind == K.MIN_MONTHS_IN_LEVEL:
        months_of = facts.months

        def months_check(fact):
            months, uncounted = fact
            if months is None:
                return check(req, None, False, lambda: m["no_level"], has_data=False)

            def months_actual():
                actual = m["months"] % {"a": months, "r": _fmt(req.value)}
                if uncounted:
                    actual = m["less_leave"] % {"actual": actual, "kind": leave.uncounted_kind_names(),
                                                "d": uncounted}
                return actual
            return check(req, fact, months >= req.value, months_actual)
        return lambda ids: _shared([months_of[i] for i in ids], months_check)
    if req.kind == K.REQUIRED_COURSE:
        completed, course_id = facts.completed, req.course_id

        def course_check(done):
            return check(req, done, done, lambda: m["completed"] if done else m["missing"])
        return lambda ids: _shared([(i, course_id) in completed for i in ids], course_check)
    if req.kind == K.MIN_CREDITS:
        credits, zero = facts.credits[req.window_months], Decimal(0)

        def credits_check(total):
            return check(req, total, total >= req.value,
                         lambda: m["credits"] % {"a": _fmt(total), "r": _fmt(req.value)})
        return lambda ids: _shared([credits.get(i) or zero for i in ids], credits_check)
    if req.kind == K.NO_DISCIPLINE:
        discipline = facts.discipline[req.window_months]

        def discipline_check(n):
            return check(req, n, n == 0, lambda: m["none"] if n == 0 else m["records"] % {"n": n})
        return lambda ids: _shared([discipline.get(i, 0) for i in ids], discipline_check)
    if req.kind == K.SUPERVISOR_NOMINATION:
        nominated, transition_id = facts.nominated, transition.id

        def nomination_check(ok):
            return check(req, ok, ok, lambda: m["nominated"] if ok else m["not_nominated"])
        return lambda ids: _shared([(i, transition_id) in nominated for i in ids], nomination_check)
    if req.kind == K.MIN_KPI_PERCENTILE:
        percentiles, ranked_quarters, quarters = facts.kpi_percentile, facts.kpi_quarters, req.quarters
        peer_groups = facts.kpi_peer_group
        peer_words = {}  # PeerGroup → "peer group: …", worded once

        def kpi_check(fact):
            value, ranked, peer = fact
            if value is None:
                return check(req, None, False, lambda: m["no_kpi"], has_data=False)
            if peer not in peer_words:
                peer_words[peer] = m["peer_group"] % {"group": peer_group_name(peer)}
            if ranked < quarters:
                return check(req, ("short", ranked, peer), False,
                             lambda: m["kpi_short"] % {"n": ranked, "q": quarters}, has_data=False,
                             peer_group=peer_words[peer])
            return check(req, (value, peer), value >= req.value,
                         lambda: m["percentile"] % {"a": _fmt(value), "r": _fmt(req.value)},
                         peer_group=peer_words[peer])
        return lambda ids: _shared([(percentiles.get((quarters, i)), ranked_quarters.get((quarters, i), 0),
                                     peer_groups.get((quarters, i))) for i in ids], kpi_check)
    if req.kind == K.MIN_EXAM_AVERAGE:
        averages, months = facts.exam_average, req.window_months

        def exam_check(value):
            if value is None:
                return check(req, None, False, lambda: m["no_exam"], has_data=False)
            return check(req, value, value >= req.value, lambda: f"{_fmt(value)} / {_fmt(req.value)}")
        return lambda ids: _shared([averages.get((months, i)) for i in ids], exam_check)
    if req.kind == K.MIN_COMPETENCY:
        levels, competency = facts.competency, req.competency

        def competency_check(value):
            if value is None:
                return check(req, None, False, lambda: m["not_assessed"], has_data=False)
            return check(req, value, value >= req.value, lambda: f"{_fmt(value)} / {_fmt(req.value)}")
        return lambda ids: _shared([levels.get((i, competency)) for i in ids], competency_check)
    if req.kind == K.MIN_STAR_RATING:
        ratings, months = facts.stars[req.window_months], req.window_months

        def star_check(fact):
            if fact is None:
                return check(req, None, False, lambda: m["no_stars"], has_data=False)
            low, rated = fact
            if rated < months:
                return check(req, ("short", rated), False, lambda: m["stars_short"] % {"n": rated, "w": months},
                             has_data=False)
            return check(req, low, low >= req.value,
                         lambda: m["stars"] % {"a": low, "r": _fmt(req.value), "w": months})
        return lambda ids: _shared([ratings.get(i) for i in ids], star_check)
    unknown = check(req, "?", False, lambda: "?", has_data=False)
    return lambda ids: [unknown] * len(ids)


def open_transitions(level_ids) -> list[Transition]:
    return list(Transition.objects.filter(from_level_id__in=level_ids)
                .select_related("from_level", "to_level", "to_level__track", "from_position", "to_position")
                .order_by("kind", "to_level__track__order", "to_level__order"))


def evaluate(employees: list[Employee], as_of: datetime.date | None = None,
             kinds: tuple[str, ...] | None = None) -> dict[int, list[PathOption]]:
    """For each employee (annotated by org.selectors.with_tenure for the same `as_of`), every transition open
    from the level they held on `as_of` with every requirement in force that day checked. Requirements come
    from the transition and from its target level. A transition from a position applies only to people in
    that position that day. Someone not yet hired on `as_of` has no options."""
    as_of = as_of or timezone.localdate()
    if not employees:
        return {}
    held = {e.id: (tenure_fact(e, "level_on", as_of), tenure_fact(e, "position_on", as_of),
                   tenure_fact(e, "grade_on", as_of)) for e in employees}
    transitions = [t for t in open_transitions({level for level, _p, _g in held.values() if level is not None})
                   if kinds is None or t.kind in kinds]
    reqs_in_force = list(effective_requirements(as_of).filter(
        Q(transition__in=transitions) | Q(level__in={t.to_level_id for t in transitions})))
    by_transition, by_level = defaultdict(list), defaultdict(list)
    for r in reqs_in_force:
        (by_transition[r.transition_id] if r.transition_id else by_level[r.level_id]).append(r)
    facts = _Facts(employees, reqs_in_force, as_of)
    wording = _Wording()
    columns_of = {  # the same for everyone: the checks in reading order, made once per transition
        t.id: [_column(r, t, facts, wording) for r in in_reading_order(
            by_transition[t.id] + ([] if t.from_level_id == t.to_level_id else by_level[t.to_level_id]))]
        for t in transitions}
    with cycles_not_collected():
        return _options_of_everyone(employees, held, transitions, columns_of)


class _Person:
    """A person as the evaluation reads them, for a whole center or workforce: id, hire and exit dates and the
    tenure facts of the day (org.selectors.fill_tenure sets them), without a model object each."""

    def __init__(self, id: int, hire_date: datetime.date, exit_date: datetime.date | None, as_of: datetime.date):
        self.id, self.hire_date, self.exit_date, self.facts_as_of = id, hire_date, exit_date, as_of


def evaluate_people(people: QuerySet, as_of: datetime.date | None = None,
                    kinds: tuple[str, ...] | None = None) -> dict[int, list[PathOption]]:
    """`evaluate` for a queryset of people (a center, the whole workforce): only what the evaluation reads is
    fetched (their id, hire and exit dates) and their tenure facts of `as_of` are read set-based."""
    as_of = as_of or timezone.localdate()
    with cycles_not_collected():
        rows = [_Person(*row, as_of) for row in people.order_by("pk").values_list("id", "hire_date", "exit_date")]
        fill_tenure(rows, as_of)
        return evaluate(rows, as_of, kinds)


def _options_of_everyone(employees, held, transitions, columns_of) -> dict[int, list[PathOption]]:
    """Transition by transition: the people it is open to (their level, position and grade that day), each
    requirement's column of checks over them, and an option per person (people keep the transitions' order)."""
    result = {e.id: [] for e in employees}
    at_level = defaultdict(list)
    for emp_id, (level_id, position_id, grade) in held.items():
        if level_id is not None:
            at_level[level_id].append((emp_id, position_id, grade))
    for t in transitions:
        top = t.from_level.grade_min if t.kind == Transition.Kind.GRADE_STEP else None
        from_position = t.from_position_id
        ids = [emp_id for emp_id, position_id, grade in at_level[t.from_level_id]
               if (not from_position or from_position == position_id)
               and (top is None or grade > top)]  # a grade step: not for someone already at the top of the band
        columns = [column(ids) for column in columns_of[t.id]]
        rows = zip(*columns, strict=True) if columns else ((),) * len(ids)
        for emp_id, checks in zip(ids, rows, strict=True):
            result[emp_id].append(PathOption(t, checks))
    return result
