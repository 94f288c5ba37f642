"""The staffing page and its export (thin; rules in talent.staffing). HR and managers, their centers."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from agentpath.common.spreadsheets import xlsx_response

from . import round_selectors as selectors
from . import staffing


def _center(request):
    return selectors.center_shown(request.user, request.GET.get("center"))  # deciders only; 404 for the rest


@require_safe
@login_required
def staffing_page(request):
    centers, center = _center(request)
    data = staffing.staffing_for(center)
    chart = {"roles": [str(line["label"]) for line in data["lines"]],
             "actual": [line["actual"] for line in data["lines"]],
             "needed_min": [line["needed_min"] for line in data["lines"]],
             "needed_max": [line["needed_max"] for line in data["lines"]]}
    return render(request, "talent/staffing.html", {**data, "centers": centers, "chart_data": chart,
                                                    "nav_active": "staffing"})


@require_safe
@login_required
def staffing_export(request):
    _centers, center = _center(request)
    data = staffing.staffing_for(center)
    headers = [_("Role"), _("Agents per person, from"), _("Agents per person, to"), _("Actual"), _("Needed, at least"),
               _("Needed, at most"), _("Agents per person, actual"), _("Promotion slots"), _("Surplus")]
    rows = [(str(line["label"]), line["low"], line["high"], line["actual"], line["needed_min"], line["needed_max"],
             line["ratio"], line["slots"], line["surplus"]) for line in data["lines"]]
    return xlsx_response(f"staffing-{center.code}.xlsx", headers, rows, sheet_title=_("Staffing"))
