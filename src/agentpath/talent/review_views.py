"""Bottom-rank review pages (thin: reads in talent.review_selectors, every rule and who may act in
talent.bottom_rank). HR and managers, within their centers."""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agentpath.common.errors import DomainError, Invalid

from . import bottom_rank, page_refusals
from . import review_selectors as selectors


def _date(value: str, field: str) -> datetime.date | None:
    """An optional date of a form (YYYY-MM-DD); empty: None."""
    if not (value or "").strip():
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(_("%(value)s is not a date; write it as YYYY-MM-DD, e.g. 2027-03-01.") % {"value": value},
                      code="invalid_date", errors=[{"code": "invalid_date", "field": field,
                                                    "message": _("write it as YYYY-MM-DD")}]) from None


def _page(request, center_code: str = "", posted=None):
    data = selectors.reviews_page(request.user, center_code, posted=posted)
    return render(request, "talent/reviews.html", {**data, "nav_active": "reviews"})


def _refused(request, error: DomainError, center_code: str = ""):
    return page_refusals.answer(request, error, lambda: _page(request, center_code))


@require_safe
@login_required
def reviews(request):
    try:
        return _page(request, request.GET.get("center", ""))
    except DomainError as error:
        return page_refusals.answer(request, error, lambda: _page(request))


@require_POST
@login_required
def reviews_open(request):
    """Two steps: the per-person plans posted are checked and listed for confirmation (who gets which course,
    goal and re-assessment date); posted again with confirm=yes, the improvement steps are opened."""
    code = request.POST.get("center", "")
    try:
        center = selectors.decider_center(request.user, code)
        plans = selectors.plans_posted(request.POST)
        if request.POST.get("confirm") != "yes":
            rows = bottom_rank.check_plans(center, by=request.user, plans=plans)
            return render(request, "talent/reviews_confirm.html", {"center": center, "rows": rows,
                                                                   "nav_active": "reviews"})
        result = bottom_rank.open_reviews(center, by=request.user, plans=plans)
    except DomainError as error:
        return page_refusals.answer(request, error, lambda: _page(request, code, posted=request.POST))
    messages.success(request, _("%(n)s improvement step(s) opened; %(t)s too new to rate.")
                     % {"n": len(result["opened"]), "t": len(result["too_new"])})
    if result["under_way"]:
        messages.info(request, _("Already in an improvement step, not opened again: %(names)s.")
                      % {"names": ", ".join(p.name for p in result["under_way"])})
    return redirect("talent:reviews")


@require_POST
@login_required
def review_result(request, pk):
    try:
        review = selectors.bottom_rank_review_for(request.user, pk)
        bottom_rank.record_improvement_result(review, by=request.user, passed=request.POST.get("passed") == "yes",
                                              note=request.POST.get("note", ""))
    except DomainError as error:
        return _refused(request, error)
    return redirect("talent:reviews")


@require_POST
@login_required
def review_decide(request, pk):
    try:
        review = selectors.bottom_rank_review_for(request.user, pk)
        bottom_rank.decide_review(review, by=request.user, outcome=request.POST.get("outcome", ""),
                                  reason=request.POST.get("reason", ""),
                                  position=selectors.position_named(request.POST.get("position", "")),
                                  effective_date=_date(request.POST.get("effective_date", ""), "effective_date")
                                  or timezone.localdate())
    except DomainError as error:
        return _refused(request, error)
    return redirect("talent:reviews")
