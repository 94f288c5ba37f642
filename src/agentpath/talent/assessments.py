"""Reads for the competency assessment pages (能力评估, DOMAIN.md C3), scoped by the acting user.

Who is on a user's list: themselves (a self-assessment) and the people they supervise on the day
(accounts.scoping.supervised_by: a team leader the team in force, a manager or HR the chosen center). The
rules of an assessment and of the fit are in talent.competencies.
"""
import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from agentpath.accounts import scoping
from agentpath.common.calendar import QUARTER, period_of
from agentpath.org.models import Employee

from .competencies import fit_scores, own_profile, profile_for
from .models import CompetencyAssessment

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


def list_rows(people: list[Employee], period: str) -> list[dict]:
    """For each person: the fit to their position and how many competencies of their profile are assessed in
    the period, by themselves and by their supervisor (three queries whatever the number of people)."""
    fits = fit_scores(people)
    done = {(r["employee_id"], r["by"]): r["n"] for r in CompetencyAssessment.objects.filter(
        employee__in=people, period=period).values("employee_id", "by").annotate(n=Count("id"))}
    sizes = dict(Employee.objects.filter(pk__in=[p.pk for p in people]).annotate(
        n=Count("position__competency_profile")).values_list("pk", "n"))
    return [{"employee": p, "fit": fits[p.pk], "profile_size": sizes.get(p.pk, 0), "self": done.get((p.pk, SELF), 0),
             "supervisor": done.get((p.pk, SUPERVISOR), 0)} for p in people]


def sheet(employee: Employee, period: str) -> list[dict]:
    """The person's position profile as an assessment sheet for a period: each competency with what its levels
    1–5 look like, the level required, and the self and supervisor's levels given in that period."""
    given = {(a.competency_id, a.by): a for a in CompetencyAssessment.objects.filter(
        employee=employee, period=period).select_related("assessed_by")}
    return [{"competency": pc.competency, "required": pc.level,
             "levels": list(enumerate(pc.competency.levels, start=1)),
             "self": given.get((pc.competency_id, SELF)), "supervisor": given.get((pc.competency_id, SUPERVISOR))}
            for pc in own_profile(employee)]


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
