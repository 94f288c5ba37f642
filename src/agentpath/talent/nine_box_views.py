"""9-box review pages (thin; rules in talent.nine_box). HR and managers, within the centers they serve."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from agentpath.org import scoping

from . import nine_box
from . import round_selectors as selectors
from .models import TalentReview


def reviews_for(user):
    return selectors.in_decided_centers(user, TalentReview.objects.select_related("center", "held_by"))


def _review_for(user, pk):
    return get_object_or_404(reviews_for(user), pk=pk)


def _messages(request, error):
    for message in error.messages:
        messages.error(request, message)


@require_safe
@login_required
def nine_box_list(request):
    if not scoping.can_decide_talent(request.user):
        raise Http404
    return render(request, "talent/nine_box_list.html", {
        "reviews": reviews_for(request.user), "centers": selectors.centers_to_open(request.user),
        "nav_active": "nine-box"})


@require_POST
@login_required
def nine_box_open(request):
    center = selectors.center_to_open(request.user, request.POST.get("center", ""), or_404=True)
    try:
        review = nine_box.open_review(center=center, period=request.POST.get("period", ""), by=request.user)
    except ValidationError as error:
        _messages(request, error)
        return redirect("talent:nine-box-list")
    return redirect("talent:nine-box-detail", review.pk)


@require_safe
@login_required
def nine_box_detail(request, pk):
    review = _review_for(request.user, pk)
    placements = list(review.placements.select_related("employee__team", "employee__position")
                      .prefetch_related("moves__moved_by"))
    data = nine_box.grid(placements)
    chart = [{"name": p.employee.name, "value": [p.performance, p.potential]}
             for cell in data["cells"] for p in cell["people"]]
    return render(request, "talent/nine_box_detail.html", {
        **data, "review": review, "placements": placements, "chart_data": chart, "levels": nine_box.LEVELS,
        "moved": [p for p in placements if p.moves.all()], "nav_active": "nine-box"})


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@require_POST
@login_required
def nine_box_move(request, pk):
    review = _review_for(request.user, pk)
    placement = review.placements.select_related("employee", "review").filter(
        employee__employee_no=request.POST.get("employee", "")).first()
    if placement is None:
        raise Http404
    try:
        if request.POST.get("risk_of_loss"):
            nine_box.record_risk(placement, risk_of_loss=request.POST["risk_of_loss"],
                                 impact_of_loss=request.POST.get("impact_of_loss", ""))
        else:
            nine_box.move_placement(placement, by=request.user, performance=_int(request.POST.get("performance")),
                                    potential=_int(request.POST.get("potential")),
                                    reason=request.POST.get("reason", ""))
    except ValidationError as error:
        _messages(request, error)
    return redirect("talent:nine-box-detail", review.pk)


@require_POST
@login_required
def nine_box_freeze(request, pk):
    review = _review_for(request.user, pk)
    try:
        nine_box.freeze(review)
    except ValidationError as error:
        _messages(request, error)
    return redirect("talent:nine-box-detail", review.pk)
