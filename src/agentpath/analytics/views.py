"""Retention pages (HR, center managers): Kaplan–Meier curves by a chosen grouping, the groups' figures, the
log-rank test between two groups, and the same figures as XLSX; NPS–FCR; training effectiveness."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from agentpath.common.errors import DomainError, NotFound
from agentpath.common.spreadsheets import xlsx_response

from .correlations import correlate, team_months
from .retention import (
    GROUPING_RULE,
    GROUPINGS,
    can_read_retention,
    exit_reasons,
    km_by,
    log_rank,
    tenure_spells,
)
from .training import can_read_training_effect, training_effect, trainings


def _grouping(request) -> str:
    by = request.GET.get("by") or "cohort"
    return by if by in GROUPINGS else "cohort"


def _retention_of(request):
    """The chosen grouping, today, the user's tenure spells and their curves (HR and center managers; others 404)."""
    if not can_read_retention(request.user):
        raise Http404
    by, today = _grouping(request), timezone.localdate()
    spells = tenure_spells(request.user, today)
    return by, today, spells, km_by(spells, by)


@require_safe
@login_required
def retention(request):
    by, today, spells, curves = _retention_of(request)
    comparison, refusal = None, None
    a, b = request.GET.get("a"), request.GET.get("b")
    if a and b:
        try:
            comparison = log_rank(spells, by, a, b)
        except DomainError as exc:
            refusal = exc.message
    chart = {"days": _("Tenure (days)"), "share": _("Still employed"),
             "curves": [{"name": c.group, "points": c.points} for c in curves]}
    return render(request, "analytics/retention.html", {
        "by": by, "groupings": GROUPINGS.items(), "curves": curves, "chart": chart, "today": today,
        "groups": [c.group for c in curves[1:]], "a": a, "b": b, "comparison": comparison, "refusal": refusal,
        "grouping_rule": GROUPING_RULE, "reasons": exit_reasons(request.user, today),
        "reasons_labels": {"cohort": _("Exits by hire cohort and reason"), "band": _("Exits by tenure and reason"),
                           "exits": _("Exits")},
        "nav_active": "retention"})


@require_safe
@login_required
def retention_export(request):
    by, today, _spells, curves = _retention_of(request)
    headers = [str(GROUPINGS[by]), _("People"), _("Exits"), _("Median tenure (days)"), _("90-day attrition"),
               _("12-month attrition")]
    rows = [[c.group, c.people, c.exits, c.median_days, round(c.attrition_90, 4), round(c.attrition_365, 4)]
            for c in curves]
    return xlsx_response(f"retention-{by}-{today}.xlsx", headers, rows, sheet_title=_("Retention"))


@require_safe
@login_required
def correlation(request):
    """NPS against FCR across team-months, with both coefficients and their intervals, and the fitted line."""
    if not can_read_retention(request.user):
        raise Http404
    points = team_months(request.user)
    result, refusal = None, None
    try:
        result = correlate(points)
    except DomainError as exc:
        refusal = exc.message
    chart = None
    if result is not None:
        xs = [p[0] for p in result.points]
        chart = {"x": _("First contact resolution (%)"), "y": _("NPS"), "points": result.points,
                 "line": [[min(xs), result.intercept + result.slope * min(xs)],
                          [max(xs), result.intercept + result.slope * max(xs)]], "fit": _("Least-squares line")}
    return render(request, "analytics/correlation.html", {"result": result, "refusal": refusal, "chart": chart,
                                                          "nav_active": "nps-fcr"})


@require_safe
@login_required
def training(request):
    """A course's or program's KPI and QA change against the matched people who did not take it (HR, managers)."""
    if not can_read_training_effect(request.user):
        raise Http404
    chosen = request.GET.get("training") or ""
    kind, _sep, code = chosen.partition(":")
    name, effect = None, None
    if kind in ("course", "program") and code:
        try:
            name, effect = training_effect(request.user, **{kind: code})
        except NotFound as exc:
            raise Http404 from exc
    return render(request, "analytics/training.html", {"choices": trainings(), "chosen": chosen, "name": name,
                                                      "effect": effect, "nav_active": "training-effect"})
