"""Reads for talent pages, scoped through org.selectors (org.scoping underneath)."""
import datetime

from django.utils import timezone

from agentpath.careers.models import Transition
from agentpath.org import selectors as org_selectors

from .competencies import profile_for
from .eligibility import PathOption, evaluate, evaluate_people

# What a person's path shows: moves up, sideways and within the band (demotions are decisions, not goals).
PATH_KINDS = (Transition.Kind.PROMOTION, Transition.Kind.LATERAL, Transition.Kind.GRADE_STEP)
KIND_ORDER = {Transition.Kind.PROMOTION: 0, Transition.Kind.LATERAL: 1, Transition.Kind.GRADE_STEP: 2}


def nearest_move(options: list[PathOption]) -> PathOption | None:
    """The nearest move: the fewest requirements missing (promotions before lateral moves before grade steps on a
    tie); None when no move is open."""
    return min(options, key=lambda o: (len(o.checks) - o.met_count, KIND_ORDER.get(o.transition.kind, 3)),
               default=None)


def unmet_on_nearest_move(people, as_of: datetime.date, kinds: tuple[str, ...] = PATH_KINDS) -> dict[int, int]:
    """Requirements not met on each person's nearest move (of `kinds`, the path's by default) on `as_of`, for a
    queryset of people (a whole workforce): the eligibility engine set-based (evaluate_people, one query per kind of
    fact); people with no such move open are left out (there is nothing they miss)."""
    return {pk: len(nearest.checks) - nearest.met_count
            for pk, options in evaluate_people(people, as_of, kinds=kinds).items()
            if (nearest := nearest_move(options)) is not None}


def path_for(user, employee_no: str, as_of: datetime.date | None = None) -> dict:
    """The employee's standing and every move open to them, each requirement explained. 404 if out of scope.

    For someone who has left, every requirement is evaluated as of the exit date (the facts stop there: months
    in level, the KPI quarters, the credit and discipline windows), and `left_on` says so."""
    as_of = as_of or timezone.localdate()
    employee = org_selectors.employee_for(user, employee_no, as_of)
    left_on = employee.exit_date if employee.status == employee.Status.EXITED else None
    if left_on is not None and left_on < as_of:
        as_of = left_on
        employee = org_selectors.employee_for(user, employee_no, as_of)
    options = evaluate([employee], as_of, kinds=PATH_KINDS)[employee.id]
    options.sort(key=lambda o: (KIND_ORDER[o.transition.kind], -o.progress_percent))
    return {
        "employee": employee,
        "as_of": as_of,
        "left_on": left_on,
        "months_in_level": org_selectors.months_in_level(employee, as_of),
        "tenure_months": org_selectors.tenure_months(employee, as_of),
        "options": options,
        "competencies": radar(profile_for(employee)),
    }


def radar(profile: dict) -> dict | None:
    """The person's competencies against their position's profile, for the radar chart (None: no profile)."""
    rows = profile["own"]["rows"]
    if not rows:
        return None
    return {"score": profile["own"]["score"], "rows": rows, "lateral": profile["lateral"],
            "chart": {"indicators": [{"name": r["competency"].name, "max": 5} for r in rows],
                      "required": [r["required"] for r in rows], "actual": [r["actual"] or 0 for r in rows]}}
