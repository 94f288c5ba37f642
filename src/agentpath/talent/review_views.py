"""Bottom-rank review pages (thin; rules in talent.bottom_rank). HR and managers, within their centers."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agentpath.careers.models import Position
from agentpath.learning.models import Course
from agentpath.org import scoping

from . import bottom_rank
from . import round_selectors as selectors
from .models import BottomRankReview, TalentDecision


def reviews_for(user):
    """Reviews of the centers a decider serves (org.scoping); nobody else sees any."""
    return selectors.in_decided_centers(user, BottomRankReview.objects.select_related(
        "employee", "center", "training").prefetch_related("decisions"))


def _review_for(user, pk):
    return get_object_or_404(reviews_for(user), pk=pk)


def _back(request, error=None):
    for message in (error.messages if error else []):
        messages.error(request, message)
    return redirect("talent:reviews")


@require_safe
@login_required
def reviews(request):
    if not scoping.can_decide_talent(request.user):
        raise Http404
    centers = selectors.centers_to_open(request.user)
    center = centers.filter(code=request.GET.get("center", "")).first()
    preview = bottom_rank.bottom_ranked(center, timezone.localdate(), scope=request.user) if center else None
    return render(request, "talent/reviews.html", {
        "reviews": reviews_for(request.user), "centers": centers, "center": center, "preview": preview,
        "courses": Course.objects.all(), "positions": Position.objects.select_related("level"),
        "outcomes": [(o, TalentDecision.Outcome(o).label) for o in bottom_rank.REVIEW_OUTCOMES],
        "nav_active": "reviews"})


@require_POST
@login_required
def reviews_open(request):
    center = selectors.center_to_open(request.user, request.POST.get("center", ""))
    course = Course.objects.filter(code=request.POST.get("training", "")).first()
    if center is None or course is None:
        return _back(request, ValidationError(_missing()))
    try:
        result = bottom_rank.open_reviews(center, by=request.user, training=course)
    except ValidationError as error:
        return _back(request, error)
    messages.success(request, _opened(len(result["opened"]), len(result["too_new"])))
    return _back(request)


@require_POST
@login_required
def review_result(request, pk):
    review = _review_for(request.user, pk)
    try:
        bottom_rank.record_improvement_result(review, by=request.user, passed=request.POST.get("passed") == "yes",
                                              note=request.POST.get("note", ""))
    except ValidationError as error:
        return _back(request, error)
    return _back(request)


@require_POST
@login_required
def review_decide(request, pk):
    review = _review_for(request.user, pk)
    position = Position.objects.filter(code=request.POST.get("position", "")).first()
    try:
        bottom_rank.decide_review(review, by=request.user, outcome=request.POST.get("outcome", ""),
                                  reason=request.POST.get("reason", ""), position=position,
                                  effective_date=timezone.localdate())
    except ValidationError as error:
        return _back(request, error)
    return _back(request)


def _missing():
    return _("Choose a center and the mandatory training.")


def _opened(opened, too_new):
    return _("%(n)s improvement step(s) opened; %(t)s too new to rate.") % {"n": opened, "t": too_new}
