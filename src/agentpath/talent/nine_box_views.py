"""9-box review pages (thin: reads in talent.review_selectors, every rule and who may act in talent.nine_box).
HR and managers, within the centers they serve."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agentpath.common.errors import DomainError
from agentpath.common.spreadsheets import xlsx_response

from . import nine_box, page_refusals
from . import review_selectors as selectors


def _list_page(request):
    return render(request, "talent/nine_box_list.html", {**selectors.nine_box_list(request.user),
                                                         "nav_active": "nine-box"})


def _detail_page(request, pk):
    data = selectors.nine_box_page(request.user, pk, team=request.GET.get("team", ""),
                                   family=request.GET.get("family", ""))
    return render(request, "talent/nine_box_detail.html", {**data, "nav_active": "nine-box"})


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
            messages.success(request, _("Risk of loss of %(name)s recorded.") % {"name": placement.employee.name})
        else:
            move = nine_box.move_placement(placement, by=request.user, box=request.POST.get("box", ""),
                                           reason=request.POST.get("reason", ""))
            messages.success(request, _("%(name)s moved from %(from)s to %(to)s.") % {
                "name": placement.employee.name, "from": nine_box.box_name(move.from_performance, move.from_potential),
                "to": nine_box.box_name(move.to_performance, move.to_potential)})
    except DomainError as error:
        return page_refusals.answer(request, error, lambda: _detail_page(request, pk))
    return redirect(f"{reverse('talent:nine-box-detail', args=[pk])}#moves")


@require_safe
@login_required
def nine_box_export(request, pk):
    """The review as an XLSX (formula-safe cells, common.spreadsheets)."""
    try:
        review, rows = selectors.nine_box_rows(request.user, pk)
    except DomainError as error:  # out of scope: 404 like a review that does not exist
        return page_refusals.answer(request, error, lambda: _list_page(request))
    headers = [_("Employee number"), _("Name"), _("Team"), _("Position"), _("Family"), _("KPI percentile"),
               _("Potential rating"), _("Box computed"), _("Box agreed"), _("Moves in the meeting")]
    return xlsx_response(f"nine-box-{review.center.code}-{review.period}.xlsx", headers, rows,
                         sheet_title=_("9-box review"))


@require_POST
@login_required
def nine_box_freeze(request, pk):
    try:
        nine_box.freeze(selectors.nine_box_review_for(request.user, pk), by=request.user)
    except DomainError as error:
        return page_refusals.answer(request, error, lambda: _detail_page(request, pk))
    return redirect("talent:nine-box-detail", pk)
