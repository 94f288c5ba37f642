"""Potential rating pages (thin; rules in talent.potential). Supervisors only: team leaders the team in force,
managers and HR the people of their centers; everybody else 403, as by the API. Out of scope: 404; in scope but not theirs
to rate (someone who left, oneself): 403 on writing."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from agentpath.common.errors import DomainError
from agentpath.common.pages import answers_refusals
from agentpath.org.tables import PAGE_SIZES

from . import assessments, potential
from .assessment_views import decider_center, page_of
from .models import PotentialRating
from .nine_box import latest_potential


def _quarter(request, data) -> str:
    text = data.get("period", "").strip()
    if not text:
        return assessments.present_period()
    try:
        return potential.rating_period(text, timezone.localdate())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return assessments.present_period()


@require_safe
@login_required
@answers_refusals
def potential_list(request):
    """The people the user supervises with their rating of the quarter and the rating a 9-box review reads today
    (the latest, talent.nine_box.latest_potential)."""
    potential.check_may_rate_potential(request.user)
    today = timezone.localdate()
    period = _quarter(request, request.GET)
    centers, center = decider_center(request)
    page = page_of(request, potential.supervised_people(request.user, today, center))
    ids = [p.pk for p in page.object_list]
    of_period = potential.ratings_of_period(ids, period)
    read_by_nine_box = latest_potential(ids, today)
    return render(request, "talent/potential_list.html", {
        "rows": [{"employee": p, "rating": of_period.get(p.pk), "latest": read_by_nine_box.get(p.pk)}
                 for p in page.object_list],
        "page": page, "page_sizes": PAGE_SIZES, "period": period, "centers": centers, "center": center,
        "meanings": sorted(potential.RATING_MEANINGS.items()), "nav_active": "potential"})


def _rating(value: str):
    value = (value or "").strip()
    return int(value) if value.isdigit() else (value or None)


@require_http_methods(["GET", "POST"])
@login_required
@answers_refusals
def potential_person(request, employee_no):
    """One person's potential ratings with their history, and the form to rate a quarter."""
    potential.check_may_rate_potential(request.user)
    employee = assessments.person_for(request.user, employee_no)
    can_rate = potential.may_rate(request.user, employee)
    errors, status = [], 200
    if request.method == "POST":
        try:
            rating = potential.record_potential(employee=employee, period=request.POST.get("period", ""),
                                                rating=_rating(request.POST.get("rating")), by=request.user,
                                                note=request.POST.get("note", ""))
        except ValidationError as error:
            errors = error.messages
        except DomainError as error:  # the rule's refusal (talent.duties): the status the API gives it
            errors, status = [error.message], error.status
        else:
            messages.success(request, _("%(name)s: potential %(rating)s for %(period)s is saved.")
                             % {"name": employee.name, "rating": rating.rating, "period": rating.period})
            if request.POST.get("back") == "list":
                return redirect(f"{reverse('talent:potential')}?{urlencode({'period': rating.period})}")
            return redirect("talent:potential-person", employee.employee_no)
    try:
        history = potential.ratings_readable_by(request.user, employee)
    except Http404:
        if status == 200:
            raise
        history = []  # a refused rating of oneself shows the refusal (403, as the API), never one's own ratings
    period = _quarter(request, request.GET)
    current = potential.rating_of(employee, period)
    if errors:  # the form shows what was sent
        current = PotentialRating(period=request.POST.get("period", ""), rating=_rating(request.POST.get("rating")),
                                  note=request.POST.get("note", ""))
    return render(request, "talent/potential_person.html", {
        "employee": employee, "history": history, "can_rate": can_rate, "period": period,
        "current": current, "errors": errors,
        "meanings": sorted(potential.RATING_MEANINGS.items()), "nav_active": "potential"}, status=status)
