"""Competency assessment pages (thin; rules in talent.competencies, reads in talent.assessments).

Everyone with an employee record assesses themselves; team leaders assess the members of the team in force,
managers and HR the people of their centers (org.scoping.supervised_by). Out of scope: 404; in scope but
not theirs to assess: 403.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from agentpath.common.errors import DomainError
from agentpath.org import scoping
from agentpath.org.tables import PAGE_SIZES

from . import assessments, competencies
from . import round_selectors as selectors
from .selectors import radar

PAGE_SIZE = 50


def page_of(request, items):
    """One page of a list, the page size chosen among PAGE_SIZES (templates/_list_pager.html)."""
    size = request.GET.get("per_page", "")
    per_page = int(size) if size.isdigit() and int(size) in PAGE_SIZES else PAGE_SIZE
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def period_asked(request) -> str:
    """The period a page shows: the one named in the address (a quarter or a month that has begun), else the
    present quarter; a bad one is said in a message (a form that writes checks its own period)."""
    text = request.GET.get("period", "").strip()
    if not text:
        return assessments.present_period()
    try:
        return competencies.assessment_period(text)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return assessments.present_period()


def decider_center(request):
    """Managers and HR see one center at a time (the centers they serve); others None: their own people."""
    if not scoping.can_decide_talent(request.user):
        return None, None
    return selectors.center_shown(request.user, request.GET.get("center"))


@require_safe
@login_required
def competency_list(request):
    if not assessments.may_open_list(request.user):
        raise Http404
    period = period_asked(request)
    centers, center = decider_center(request)
    page = page_of(request, assessments.people_on_list(request.user, center))
    return render(request, "talent/competency_list.html", {
        "rows": assessments.list_rows(list(page.object_list), period), "page": page, "page_sizes": PAGE_SIZES,
        "period": period, "centers": centers, "center": center, "nav_active": "competencies"})


def _kind(user, employee):
    try:
        return competencies.assessor_kind(user, employee)
    except DomainError:
        return None


@require_safe
@login_required
def competency_person(request, employee_no):
    employee = assessments.person_for(request.user, employee_no)
    data = assessments.person_page(employee, period_asked(request))
    return render(request, "talent/competency_person.html", {
        **data, "employee": employee, "competencies": radar({"own": data["fit"], "lateral": data["lateral"]}),
        "assess_as": _kind(request.user, employee), "nav_active": "competencies"})


def _levels_posted(request, rows) -> dict:
    levels = {}
    for row in rows:
        value = request.POST.get(f"level_{row['competency'].code}", "").strip()
        levels[row["competency"]] = int(value) if value.isdigit() else (value or None)
    return levels


@require_http_methods(["GET", "POST"])
@login_required
def competency_assess(request, employee_no):
    """The assessment sheet: one level 1–5 per competency of the person's position profile, for a period."""
    employee = assessments.person_for(request.user, employee_no)
    kind = _kind(request.user, employee)
    if kind is None:
        raise PermissionDenied(_("Only the person or their supervisor assesses their competencies."))
    period = period_asked(request)
    rows = assessments.sheet(employee, period)
    errors, chosen = [], {r["competency"].code: (r[kind].level if r[kind] else None) for r in rows}
    if request.method == "POST":
        levels = _levels_posted(request, rows)
        try:  # the posted period is checked by the rule: a bad one is refused, never replaced
            saved = competencies.record_assessments(employee=employee, period=request.POST.get("period", ""),
                                                    levels=levels, by=request.user)
        except (ValidationError, DomainError) as error:
            errors = error.messages if isinstance(error, ValidationError) else [error.message]
            chosen = {c.code: lv for c, lv in levels.items()}
        else:
            period = saved[0].period if saved else period
            messages.success(request, _("The assessment of %(name)s for %(period)s is saved.")
                             % {"name": employee.name, "period": period})
            return redirect(f"{reverse('talent:competency-person', args=[employee.employee_no])}?period={period}")
    return render(request, "talent/competency_assess.html", {
        "employee": employee, "period": period, "kind": kind, "errors": errors, "nav_active": "competencies",
        "rows": [{**r, "chosen": chosen.get(r["competency"].code)} for r in rows]})
