"""Promotion eligibility computed from facts and explained (DOMAIN.md C1, C8).

For a set of employees (one, a team, or the whole workforce) and every transition open to each of them,
every requirement in force is evaluated against the facts that exist now and explained as
"actual / required". The facts are gathered set-based: one query per kind of fact (and per distinct
window), never a query per person, so the cost grows with the number of requirement kinds, not heads.
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.careers.models import Requirement, Transition
from agentpath.careers.requirements import in_reading_order
from agentpath.careers.selectors import effective_requirements
from agentpath.learning.models import CourseCompletion
from agentpath.org.models import DisciplinaryRecord, Employee
from agentpath.org.selectors import months_between

from .models import Nomination

K = Requirement.Kind


@dataclass
class RequirementCheck:
    requirement_id: int
    kind: str
    label: str  # what is measured, e.g. "Months in level"
    description: str  # the rule, e.g. "At least 6 months in the current level"
    met: bool
    actual: str  # "5 / 6 months"
    has_data: bool = True  # False when the fact does not exist yet (e.g. no KPI imported)

    @property
    def status(self) -> str:
        return "met" if self.met else ("unmet" if self.has_data else "unknown")


@dataclass
class PathOption:
    transition: Transition
    checks: list[RequirementCheck] = field(default_factory=list)

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


def _months_ago(day: datetime.date, months: int) -> datetime.date:
    y, m = divmod(day.year * 12 + (day.month - 1) - months, 12)
    m += 1
    from calendar import monthrange

    return datetime.date(y, m, min(day.day, monthrange(y, m)[1]))


class _Facts:
    """Every fact the requirements of `transitions` need, for `employees`, loaded in bulk."""

    def __init__(self, employees: list[Employee], requirements: list[Requirement], as_of: datetime.date):
        ids = [e.id for e in employees]
        self.as_of = as_of
        course_ids = {r.course_id for r in requirements if r.kind == K.REQUIRED_COURSE}
        self.completed: set[tuple[int, int]] = set()
        if course_ids:
            self.completed = set(CourseCompletion.objects.filter(employee_id__in=ids, course_id__in=course_ids,
                                                                 completed_on__lte=as_of)
                                 .values_list("employee_id", "course_id"))
        self.credits: dict[int, dict[int, Decimal]] = {}
        for window in {r.window_months for r in requirements if r.kind == K.MIN_CREDITS}:
            since = _months_ago(as_of, window)
            rows = (CourseCompletion.objects.filter(employee_id__in=ids, completed_on__gt=since,
                                                    completed_on__lte=as_of)
                    .values("employee_id").annotate(total=Sum("credits")))
            self.credits[window] = {r["employee_id"]: r["total"] for r in rows}
        self.discipline: dict[int, dict[int, int]] = {}
        for window in {r.window_months for r in requirements if r.kind == K.NO_DISCIPLINE}:
            since = _months_ago(as_of, window)
            counts: dict[int, int] = defaultdict(int)
            for emp_id in DisciplinaryRecord.objects.filter(employee_id__in=ids, date__gt=since,
                                                            date__lte=as_of).values_list("employee_id", flat=True):
                counts[emp_id] += 1
            self.discipline[window] = counts
        self.nominated: set[tuple[int, int]] = set()
        if any(r.kind == K.SUPERVISOR_NOMINATION for r in requirements):
            self.nominated = set(Nomination.objects.filter(employee_id__in=ids, withdrawn=False,
                                                           nominated_on__lte=as_of)
                                 .values_list("employee_id", "transition_id"))
        self.kpi_percentile: dict[tuple[int, int], float | None] = {}
        for quarters in {r.quarters for r in requirements if r.kind == K.MIN_KPI_PERCENTILE}:
            for emp_id, value in _kpi_percentiles(ids, quarters, as_of).items():
                self.kpi_percentile[(quarters, emp_id)] = value
        self.exam_average: dict[tuple[int, int], float] = {}
        for window in {r.window_months for r in requirements if r.kind == K.MIN_EXAM_AVERAGE}:
            for emp_id, value in _exam_averages(ids, _months_ago(as_of, window), as_of).items():
                self.exam_average[(window, emp_id)] = value
        self.competency: dict[tuple[int, str], float] = {}
        comps = {r.competency for r in requirements if r.kind == K.MIN_COMPETENCY}
        if comps:
            self.competency = _competency_levels(ids, comps)


def _kpi_percentiles(employee_ids, quarters, as_of) -> dict[int, float]:
    """Mean composite percentile over the last `quarters` complete quarters, from the KPI app when it has data."""
    try:
        from agentpath.performance.facts import recent_composite_percentiles
    except ImportError:
        return {}
    return recent_composite_percentiles(employee_ids, quarters, as_of)


def _exam_averages(employee_ids, since, as_of) -> dict[int, float]:
    """Mean monthly exam score in the window; the monthly exam feeds the KPI metric `exam_score` (seed 002)."""
    try:
        from agentpath.performance.facts import exam_score_averages
    except ImportError:
        return {}
    return exam_score_averages(employee_ids, since, as_of)


def _competency_levels(employee_ids, competencies) -> dict[tuple[int, str], float]:
    return {}  # competency assessments arrive with C3; until then the requirement shows "no data yet"


def _check(req: Requirement, emp: Employee, transition: Transition, facts: _Facts) -> RequirementCheck:
    as_of = facts.as_of
    desc = str(req)
    label = req.get_kind_display()

    def make(met, actual, has_data=True, label=label):
        return RequirementCheck(req.id, req.kind, label, desc, bool(met), actual, has_data)

    if req.kind == K.MIN_MONTHS_IN_LEVEL:
        since = getattr(emp, "level_since", None) or emp.hire_date
        months = months_between(since, as_of)
        return make(months >= req.value, _("%(a)s / %(r)s months") % {"a": months, "r": _fmt(req.value)},
                    label=_("Months in level"))
    if req.kind == K.REQUIRED_COURSE:
        done = (emp.id, req.course_id) in facts.completed
        return make(done, _("completed") if done else _("missing"), label=_("Course %(c)s") % {
            "c": req.course.display_name})
    if req.kind == K.MIN_CREDITS:
        total = facts.credits[req.window_months].get(emp.id) or Decimal(0)
        return make(total >= req.value, _("%(a)s / %(r)s credits") % {"a": _fmt(total), "r": _fmt(req.value)},
                    label=_("Credits in %(w)s months") % {"w": req.window_months})
    if req.kind == K.NO_DISCIPLINE:
        n = facts.discipline[req.window_months].get(emp.id, 0)
        return make(n == 0, _("none") if n == 0 else _("%(n)s record(s)") % {"n": n},
                    label=_("Disciplinary records in %(w)s months") % {"w": req.window_months})
    if req.kind == K.SUPERVISOR_NOMINATION:
        ok = (emp.id, transition.id) in facts.nominated
        return make(ok, _("nominated") if ok else _("not nominated"), label=_("Supervisor nomination"))
    if req.kind == K.MIN_KPI_PERCENTILE:
        value = facts.kpi_percentile.get((req.quarters, emp.id))
        if value is None:
            return make(False, _("no KPI ranking yet"), has_data=False,
                        label=_("KPI percentile, last %(q)s quarters") % {"q": req.quarters})
        return make(value >= req.value, _("P%(a)s / P%(r)s") % {"a": _fmt(value), "r": _fmt(req.value)},
                    label=_("KPI percentile, last %(q)s quarters") % {"q": req.quarters})
    if req.kind == K.MIN_EXAM_AVERAGE:
        value = facts.exam_average.get((req.window_months, emp.id))
        if value is None:
            return make(False, _("no exam results yet"), has_data=False,
                        label=_("Exam average, %(w)s months") % {"w": req.window_months})
        return make(value >= req.value, f"{_fmt(value)} / {_fmt(req.value)}",
                    label=_("Exam average, %(w)s months") % {"w": req.window_months})
    if req.kind == K.MIN_COMPETENCY:
        value = facts.competency.get((emp.id, req.competency))
        if value is None:
            return make(False, _("not assessed yet"), has_data=False,
                        label=_("Competency %(c)s") % {"c": req.competency})
        return make(value >= req.value, f"{_fmt(value)} / {_fmt(req.value)}",
                    label=_("Competency %(c)s") % {"c": req.competency})
    return make(False, "?", has_data=False)


def open_transitions(level_ids) -> list[Transition]:
    return list(Transition.objects.filter(from_level_id__in=level_ids)
                .select_related("from_level", "to_level", "to_level__track", "from_position", "to_position")
                .order_by("kind", "to_level__track__order", "to_level__order"))


def evaluate(employees: list[Employee], as_of: datetime.date | None = None,
             kinds: tuple[str, ...] | None = None) -> dict[int, list[PathOption]]:
    """For each employee (annotated by org.selectors.with_tenure), every transition open to them with every
    requirement in force on `as_of` checked. Requirements come from the transition and from its target level.
    A transition from a position applies only to people in that position."""
    as_of = as_of or timezone.localdate()
    if not employees:
        return {}
    transitions = [t for t in open_transitions({e.level_id for e in employees})
                   if kinds is None or t.kind in kinds]
    reqs_in_force = list(effective_requirements(as_of).filter(
        Q(transition__in=transitions) | Q(level__in={t.to_level_id for t in transitions})))
    by_transition, by_level = defaultdict(list), defaultdict(list)
    for r in reqs_in_force:
        (by_transition[r.transition_id] if r.transition_id else by_level[r.level_id]).append(r)
    facts = _Facts(employees, reqs_in_force, as_of)
    by_from_level = defaultdict(list)
    for t in transitions:
        by_from_level[t.from_level_id].append(t)
    result = {}
    for emp in employees:
        options = []
        for t in by_from_level[emp.level_id]:
            if t.from_position_id and t.from_position_id != emp.position_id:
                continue
            reqs = by_transition[t.id] + ([] if t.from_level_id == t.to_level_id else by_level[t.to_level_id])
            if t.kind == Transition.Kind.GRADE_STEP and emp.grade <= t.from_level.grade_min:
                continue  # already at the top of the band
            reqs = in_reading_order(reqs)
            options.append(PathOption(t, [_check(r, emp, t, facts) for r in reqs]))
        result[emp.id] = options
    return result
