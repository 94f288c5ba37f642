"""KPI pages: a person's performance file, team and center views, the import page. Thin: parse, call, render."""
import json
from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe
from django_tables2 import RequestConfig

from agentpath.accounts.models import Role
from agentpath.common.pages import answers_refusals
from agentpath.common.spreadsheets import RowError, errors_xlsx_response, xlsx_response
from agentpath.common.uploads import CheckedUploadMixin
from agentpath.org import scoping
from agentpath.org.selectors import employee_for
from agentpath.org.tables import PAGE_SIZES

from . import charts, selectors, services
from .filters import KpiImportFilter
from .models import KpiImport
from .tables import BottomHalfTable, KpiImportTable, TeamKpiTable

BOTTOM_PAGE_SIZE = 25


def _page_size(request, default: int = BOTTOM_PAGE_SIZE) -> int:
    size = request.GET.get("per_page", "")
    return int(size) if size.isdigit() and int(size) in PAGE_SIZES else default


@require_safe
@login_required
def center_bottom_export(request, center_code):
    """The center's bottom-half list as shown (period, sort), as XLSX."""
    center = selectors.center_for(request.user, center_code)
    period = selectors.period_from_request(request.GET.get("period"))
    table = BottomHalfTable(selectors.center_overview(request.user, center, period)["bottom"])
    RequestConfig(request, paginate=False).configure(table)
    headers, *rows = list(table.as_values())
    return xlsx_response(f"kpi-bottom-half-{center.code}-{period.code if period else 'none'}.xlsx", headers, rows,
                         sheet_title=_("bottom half"))


@require_safe
@login_required
def team_export(request, team_code):
    """The team table as shown (period, sort), as XLSX."""
    team = selectors.team_for(request.user, team_code)
    period = selectors.period_from_request(request.GET.get("period"))
    table = TeamKpiTable.for_overview(selectors.team_overview(request.user, team, period))
    RequestConfig(request, paginate=False).configure(table)
    headers, *rows = list(table.as_values())
    return xlsx_response(f"kpi-{team.code}-{period.code if period else 'none'}.xlsx", headers, rows,
                         sheet_title=team.name)


@require_safe
@login_required
def index(request):
    """Each role lands on its own view: agents their file, team leaders their team, others their center."""
    landing = selectors.landing_of(request.user)
    if landing is None:
        raise Http404
    return redirect(*landing)


@require_safe
@login_required
def employee_performance(request, employee_no):
    employee = employee_for(request.user, employee_no)
    summary = selectors.performance_summary_for(request.user, employee)
    return render(request, "performance/employee.html", {
        "employee": employee, "summary": summary, "chart_data": summary.chart_data(), "nav_active": "kpi"})


@require_safe
@login_required
def team_view(request, team_code):
    team = selectors.team_for(request.user, team_code)
    period = selectors.period_from_request(request.GET.get("period"))
    overview = selectors.team_overview(request.user, team, period)
    table = TeamKpiTable.for_overview(overview)
    RequestConfig(request, paginate={"per_page": _page_size(request, default=50)}).configure(table)
    return render(request, "performance/team.html", {
        **overview, "table": table, "page": table.page, "page_sizes": PAGE_SIZES,
        "periods": selectors.periods_with_results(), "nav_active": "kpi",
        "can_import": scoping.can_import_kpi(request.user), "chart_data": charts.team_composites(overview)})


@require_safe
@login_required
def center_view(request, center_code):
    center = selectors.center_for(request.user, center_code)
    period = selectors.period_from_request(request.GET.get("period"))
    overview = selectors.center_overview(request.user, center, period)
    bottom = BottomHalfTable(overview["bottom"])
    RequestConfig(request, paginate={"per_page": _page_size(request)}).configure(bottom)
    return render(request, "performance/center.html", {
        **overview, "bottom_table": bottom, "page": bottom.page, "page_sizes": PAGE_SIZES,
        "periods": selectors.periods_with_results(), "nav_active": "kpi",
        "can_import": scoping.can_import_kpi(request.user),
        "switch_centers": list(scoping.centers_visible_to(request.user)) if request.user.role == Role.HR_ADMIN else [],
        "chart_data": charts.center_composites(request.user, center, period, overview["groups"])})


class UploadForm(CheckedUploadMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("KPI file (.csv or .xlsx)"), error_messages={"empty": gettext_lazy(
        "The file is empty; the first row must name the columns, e.g. employee_no,date,aht,fcr, and each row below "
        "holds one employee's day.")})
    skip_bad_rows = forms.BooleanField(label=gettext_lazy("Store the good rows and skip the bad ones"),
                                       required=False)


@login_required
@require_http_methods(["GET", "POST"])
@answers_refusals
def import_page(request):
    services.check_may_import_kpi(request.user)
    services.close_stale_imports()  # an import whose process died shows as failed, not running forever
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kpi_import = services.queue_upload(form.cleaned_data["file"], user=request.user,
                                           skip_bad_rows=form.cleaned_data["skip_bad_rows"])
        return redirect("performance:import-status", kpi_import.pk)
    history, table = _import_history(request)
    RequestConfig(request, paginate={"per_page": _page_size(request)}).configure(table)
    return render(request, "performance/import.html", {
        "form": form, "history": history, "table": table, "page": table.page, "page_sizes": PAGE_SIZES,
        "metrics": selectors.metrics(), "nav_active": "kpi"})


def _import_history(request):
    history = KpiImportFilter(request.GET or None, selectors.imports_for(request.user))
    return history, KpiImportTable(history.qs)


@require_safe
@login_required
@answers_refusals
def import_history_export(request):
    """The import history as filtered and sorted on the page, as XLSX."""
    services.check_may_import_kpi(request.user)
    _history, table = _import_history(request)
    RequestConfig(request, paginate=False).configure(table)
    return xlsx_response("kpi-imports.xlsx", table.export_headers(), table.export_rows(), sheet_title=_("KPI imports"))


def _progress_context(kpi_import: KpiImport) -> dict:
    if kpi_import.status == KpiImport.Status.RUNNING and services.close_stale_imports():
        kpi_import.refresh_from_db()
    done, total = 0, None
    path = services.progress_path(kpi_import)
    if kpi_import.status in (KpiImport.Status.QUEUED, KpiImport.Status.RUNNING) and path.exists():
        try:
            data = json.loads(Path(path).read_text())
            done, total = data.get("done", 0), data.get("total")
        except (OSError, ValueError):
            pass
    finished = kpi_import.status not in (KpiImport.Status.QUEUED, KpiImport.Status.RUNNING)
    percent = 100 if finished else (min(99, int(100 * done / total)) if total else 0)
    errors = kpi_import.report.get("errors", [])[:200] if finished else []
    return {"kpi_import": kpi_import, "done": done, "total": total, "percent": percent, "finished": finished,
            "errors": errors}


@require_safe
@login_required
def import_status(request, pk):
    kpi_import = selectors.import_for(request.user, pk)
    return render(request, "performance/import_status.html", {**_progress_context(kpi_import), "nav_active": "kpi"})


@require_safe
@login_required
def import_progress(request, pk):
    """The htmx fragment the status page polls every second until the import has finished."""
    kpi_import = selectors.import_for(request.user, pk)
    return render(request, "performance/_import_progress.html", _progress_context(kpi_import))


@require_safe
@login_required
def import_report(request, pk):
    kpi_import = selectors.import_for(request.user, pk)
    errors = [RowError(**e) for e in kpi_import.report.get("errors", [])]
    return errors_xlsx_response(f"kpi-import-{kpi_import.pk}-errors.xlsx", errors)


@require_safe
@login_required
@answers_refusals
def import_template(request):
    services.check_may_import_kpi(request.user)
    codes = [m.code for m in selectors.metrics()]
    if request.GET.get("layout") == "long":
        return xlsx_response("kpi-long-template.xlsx", ["employee_no", "date", "metric", "value"],
                             [["E00001", "2026-07-01", "aht", 312.5], ["E00001", "2026-07-01", "fcr", 82.0]],
                             sheet_title=_("KPI"))
    return xlsx_response("kpi-wide-template.xlsx", ["employee_no", "date", *codes],
                         [["E00001", "2026-07-01", *([None] * len(codes))]], sheet_title=_("KPI"))
