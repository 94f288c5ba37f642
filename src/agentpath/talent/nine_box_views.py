"""9-box review pages (thin: reads in talent.review_selectors, every rule and who may act in talent.nine_box).
HR and managers, within the centers they serve."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from agentpath.common.errors import DomainError

from . import nine_box, page_refusals
from . import review_selectors as selectors


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _list_page(request):
    return render(request, "talent/nine_box_list.html", {**selectors.nine_box_list(request.user),
                                                         "nav_active": "nine-box"})


def _detail_page(request, pk):
    return render(request, "talent/nine_box_detail.html", {**selectors.nine_box_page(request.user, pk),
                                                           "nav_active": "nine-box"})


@require_safe
@login_required
def nine_box_list(request):
    try:
        return _list_page(request)
    except DomainError as error:
        return page_refusals.answer(request, error, lambda: _list_page(request))


@require_POST
@login_required
def nine_box_open(request):
    try:
        center = selectors.decider_center(request.user, request.POST.get("center", ""))
        review = nine_box.open_review(center=center, period=request.POST.get("period", ""), by=request.user)
    except DomainError as error:
        return page_refusals.answer(request, error, lambda: _list_page(request))
    return redirect("talent:nine-box-detail", review.pk)


@require_safe
@login_required
def nine_box_detail(request, pk):
    try:
        return _detail_page(request, pk)
    except DomainError as error:
        return page_refusals.answer(request, error, lambda: _list_page(request))


@require_POST
@login_required
def nine_box_move(request, pk):
    try:
        placement = selectors.placement_in(request.user, pk, request.POST.get("employee", ""))
        if request.POST.get("risk_of_loss"):
            nine_box.record_risk(placement, by=request.user, risk_of_loss=request.POST["risk_of_loss"],
                                 impact_of_loss=request.POST.get("impact_of_loss", ""))
        else:
            nine_box.move_placement(placement, by=request.user, performance=_int(request.POST.get("performance")),
                                    potential=_int(request.POST.get("potential")),
                                    reason=request.POST.get("reason", ""))
    except DomainError as error:
        return page_refusals.answer(request, error, lambda: _detail_page(request, pk))
    return redirect("talent:nine-box-detail", pk)


@require_POST
@login_required
def nine_box_freeze(request, pk):
    try:
        nine_box.freeze(selectors.nine_box_review_for(request.user, pk), by=request.user)
    except DomainError as error:
        return page_refusals.answer(request, error, lambda: _detail_page(request, pk))
    return redirect("talent:nine-box-detail", pk)
