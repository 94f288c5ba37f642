"""Reads for the competency assessment pages (能力评估, DOMAIN.md C3), scoped by the acting user.

Who is on a user's list: themselves (a self-assessment) and the people they supervise on the day
(org.scoping.supervised_by: a team leader the team in force, a manager or HR the chosen center). The
rules of an assessment and of the fit are in talent.competencies.
"""
import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.careers.models import Requirement
from agentpath.common.calendar import QUARTER, period_of
from agentpath.common.errors import Invalid, NotFound
from agentpath.org import scoping
from agentpath.org.models import Employee

from .competencies import fit_scores, own_profile, profile_for
from .models import Competency, CompetencyAssessment, PositionCompetency

SELF, SUPERVISOR = CompetencyAssessment.By.SELF, CompetencyAssessment.By.SUPERVISOR


def present_period(today: datetime.date | None = None) -> str:
    """The period a new assessment is for unless the user names another: the present quarter."""
    return period_of(today or timezone.localdate(), QUARTER).code


def may_open_list(user) -> bool:
    """The list is for people with an employee record (their own assessment) and for supervisors."""
    return user.is_authenticated and (bool(user.employee_id) or scoping.supervises_people(user))


def people_on_list(user, center=None, as_of: datetime.date | None = None) -> QuerySet:
    """The user themselves and the people they supervise on the day; for a manager or HR, those of `center`."""
    supervised = scoping.supervised_by(user, as_of or timezone.localdate())
    if center is not None:
        supervised = supervised.filter(center=center)
    qs = Employee.objects.filter(Q(pk__in=supervised.values("pk")) | Q(pk=user.employee_id))
    return qs.select_related("team", "position", "level").order_by("employee_no")


def person_for(user, employee_no: str, as_of: datetime.date | None = None) -> Employee:
    """A person whose competencies the user may open: anyone in their scope (org.scoping), and the people
    they supervise by the team in force on the day (a member moved in by a move not yet on the employee row);
    404 otherwise."""
    as_of = as_of or timezone.localdate()
    reachable = Q(pk__in=scoping.employees_visible_to(user).values("pk")) | Q(
        pk__in=scoping.supervised_by(user, as_of).values("pk"))
    employee = (Employee.objects.filter(reachable, employee_no=employee_no)
                .select_related("team", "position", "level", "center").first())
    if employee is None:
        raise Http404
    return employee


def list_rows(people: list[Employee], period: str) -> list[dict]:
    """For each person: the fit to their position and how many competencies of their position's profile are
    assessed in the period, by themselves and by their supervisor (four queries whatever the number of people)."""
    fits = fit_scores(people)
    in_profile = PositionCompetency.objects.filter(position_id=OuterRef("employee__position_id"),
                                                   competency_id=OuterRef("competency_id"))
    done = {(r["employee_id"], r["by"]): r["n"] for r in CompetencyAssessment.objects.filter(
        employee__in=people, period=period).filter(Exists(in_profile)).values("employee_id", "by")
        .annotate(n=Count("id"))}
    sizes = dict(Employee.objects.filter(pk__in=[p.pk for p in people]).annotate(
        n=Count("position__competency_profile")).values_list("pk", "n"))
    return [{"employee": p, "fit": fits[p.pk], "profile_size": sizes.get(p.pk, 0), "self": done.get((p.pk, SELF), 0),
             "supervisor": done.get((p.pk, SUPERVISOR), 0)} for p in people]


def asked_by_moves(employee: Employee, today: datetime.date) -> dict[str, tuple[int, str]]:
    """Competencies that a move open from the person's level asks for (a min_competency requirement in force
    today, on the move or on its target level): {code: (level required, the move's target)}; the highest
    level where several ask."""
    reqs = (Requirement.objects.filter(kind=Requirement.Kind.MIN_COMPETENCY)
            .filter(Q(transition__from_level_id=employee.level_id)
                    | Q(level__transitions_in__from_level_id=employee.level_id))
            .select_related("transition__to_level", "level").distinct())
    out: dict[str, tuple[int, str]] = {}
    for r in reqs:
        if r.is_effective_on(today) and r.value is not None:
            target = (r.transition.to_level if r.transition_id else r.level).display_name
            if int(r.value) > out.get(r.competency, (0, ""))[0]:
                out[r.competency] = (int(r.value), target)
    return out


def sheet(employee: Employee, period: str, today: datetime.date | None = None) -> list[dict]:
    """The assessment sheet of a period: the competencies of the person's position profile and those a move open
    to them asks for (asked_by_moves), each with what its levels 1–5 look like, the level required, and the
    self and supervisor's levels given in that period."""
    given = {(a.competency_id, a.by): a for a in CompetencyAssessment.objects.filter(
        employee=employee, period=period).select_related("assessed_by")}
    rows = [(pc.competency, pc.level, None) for pc in own_profile(employee)]
    asked = asked_by_moves(employee, today or timezone.localdate())
    in_profile = {c.code for c, _level, _move in rows}
    rows += [(c, asked[c.code][0], asked[c.code][1])
             for c in Competency.objects.filter(code__in=set(asked) - in_profile).order_by("code")]
    return [{"competency": c, "required": level, "for_move": move, "levels": list(enumerate(c.levels, start=1)),
             "self": given.get((c.id, SELF)), "supervisor": given.get((c.id, SUPERVISOR))}
            for c, level, move in rows]


def history(employee: Employee) -> list[dict]:
    """Every period the person was assessed in, newest first: per competency the self and supervisor's levels."""
    periods: dict[str, dict] = {}
    for a in (CompetencyAssessment.objects.filter(employee=employee).select_related("competency")
              .order_by("-period", "competency__code")):
        row = periods.setdefault(a.period, {}).setdefault(a.competency.code, {"competency": a.competency})
        row[a.by] = a.level
    return [{"period": code, "rows": list(rows.values())} for code, rows in periods.items()]


def person_page(employee: Employee, period: str) -> dict:
    """What the person's competency page shows: the fit and gaps (the supervisor's latest counts), the best
    lateral moves with their gaps, the sheet of the period and the history."""
    profile = profile_for(employee)
    return {"fit": profile["own"], "lateral": profile["lateral"], "sheet": sheet(employee, period),
            "history": history(employee), "period": period}


def competency_dictionary() -> QuerySet:
    return Competency.objects.all()


def competency_named(code: str) -> Competency:
    """The competency of a code; none such is 404 (the API's not_found)."""
    competency = Competency.objects.filter(code=code).first()
    if competency is None:
        raise NotFound(_("No competency %(code)s.") % {"code": code})
    return competency


def competencies_named(codes) -> dict[str, Competency]:
    """The competencies of a sheet's codes, by code; unknown codes are refused together (422, one item each)."""
    found = {c.code: c for c in Competency.objects.filter(code__in=codes)}
    unknown = sorted(set(codes) - set(found))
    if unknown:
        items = [{"code": "unknown_competency", "field": f"levels.{code}",
                  "message": _("No competency %(code)s.") % {"code": code}} for code in unknown]
        raise Invalid(" ".join(item["message"] for item in items), errors=items)
    return found
