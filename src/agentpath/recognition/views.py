"""Recognition pages: HR's award run (button, progress) and export, leaderboards, giving and revoking a badge by
hand from the growth file. Thin: the services and selectors decide."""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agentpath.common.calendar import MONTH, period_of
from agentpath.common.errors import DomainError, NotFound
from agentpath.common.pages import answers_refusals, show_refusal
from agentpath.common.spreadsheets import xlsx_response

from . import leaderboards, selectors, services
from .tasks import PROGRESS_KEY, run_awards


def _last_month() -> str:
    return period_of(period_of(timezone.localdate(), MONTH).start - datetime.timedelta(days=1), MONTH).code


@require_http_methods(["GET", "POST"])
@login_required
@answers_refusals
def runs(request):
    """HR: run a month's awards in the background (the button) and see the progress and the month's counts."""
    services.check_may_run_awards(request.user)
    period = request.POST.get("period") or request.GET.get("period") or _last_month()
    if request.method == "POST":
        try:
            month = services.month_of(period)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            cache.set(PROGRESS_KEY % month.code, {"done": 0, "total": None}, 3600)
            run_awards.enqueue(month.code, request.user.pk)
            messages.success(request, _("The awards of %(period)s are being given.") % {"period": month.code})
        return redirect(f"{reverse('recognition:runs')}?period={period}")
    progress = cache.get(PROGRESS_KEY % period)
    failed = selectors.badge_named(progress["failed"]) if progress and progress.get("failed") else None
    return render(request, "recognition/runs.html", {
        "period": period, "progress": progress, "failed_badge": failed,
        "counts": selectors.awards_of_month(period), "nav_active": "badge-awards"})


@require_safe
@login_required
@answers_refusals
def export(request):
    """HR: the awards of a month as XLSX (formula-safe cells)."""
    services.check_may_run_awards(request.user)
    period = request.GET.get("period") or _last_month()
    headers = [_("Employee number"), _("Name"), _("Badge"), _("Occasion"), _("Earned on"), _("Facts"),
               _("Points"), _("Revoked"), _("Reason for revoking")]
    rows = [[a.employee.employee_no, a.employee.name, a.badge.display_name, a.occasion, a.earned_on,
             selectors.describe_facts(a), a.badge.points, _("yes") if a.revoked else "", a.revoke_reason]
            for a in selectors.awards_run_in(period)]
    return xlsx_response(f"awards-{period}.xlsx", headers, rows, sheet_title=period)


@require_safe
@login_required
def leaderboard(request):
    measure = request.GET.get("by") or "points"
    period = request.GET.get("period") or _last_month()
    try:
        board = leaderboards.leaderboard(request.user, team_code=request.GET.get("team") or None,
                                         center_code=request.GET.get("center") or None, period=period,
                                         measure=measure)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("recognition:leaderboard")
    return render(request, "recognition/leaderboard.html", {"board": board, "period": period, "measure": measure,
                                                            "nav_active": "leaderboard"})


@require_POST
@login_required
def nominate(request, employee_no):
    """Give a by-hand badge with a reason (from the growth file)."""
    try:
        employee = selectors.employee_in_scope(request.user, employee_no)
        badge = selectors.badge_named(request.POST.get("badge", ""))
        services.award_by_hand(badge=badge, employee=employee, by=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("%(badge)s given to %(name)s.") % {"badge": badge, "name": employee.name})
    return redirect(f"{reverse('org:employee-detail', args=[employee_no])}?tab=growth")


@require_POST
@login_required
def revoke(request, award_id):
    """Revoke an award with a reason; it stays on the wall, struck through."""
    try:
        award = services.revoke_award(award=award_id, by=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        show_refusal(request, error)  # not in scope or no such award: 404; not theirs to revoke: 403
        employee_no = selectors.employee_no_of_award(request.user, award_id)
    else:
        messages.success(request, _("The badge is revoked."))
        employee_no = award.employee.employee_no
    return redirect(f"{reverse('org:employee-detail', args=[employee_no])}?tab=growth")
