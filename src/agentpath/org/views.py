"""People pages: the scoped employee list, its export, the roster import and its template."""
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from agentpath.common.pages import answers_refusals
from agentpath.common.spreadsheets import xlsx_response
from agentpath.common.uploads import run_upload
from agentpath.org import scoping

from .exits import TYPE_WORDS, describe
from .filters import EmployeeFilter
from .forms import OrgImportForm, RosterImportForm
from .importers import import_roster_upload, roster_template_bytes
from .importers.structure import import_org_upload, org_template_bytes
from .selectors import employees_for, error_file_for, tenure_months
from .services import check_may_import_roster
from .tables import PAGE_SIZES, EmployeeTable

PAGE_SIZE = 50


def _people_table(request):
    """The filtered, sorted people list: django-filter for the filters, django-tables2 for sorting and paging."""
    if not scoping.can_browse_people(request.user):
        raise Http404  # an agent has no list: only their own files
    people = EmployeeFilter(request.GET, employees_for(request.user), user=request.user)
    table = EmployeeTable(people.qs, user=request.user)
    return people, table


def _page_size(request) -> int:
    size = request.GET.get("per_page", "")
    return int(size) if size.isdigit() and int(size) in PAGE_SIZES else PAGE_SIZE


@require_safe
@login_required
def employee_list(request):
    people, table = _people_table(request)
    RequestConfig(request, paginate={"per_page": _page_size(request)}).configure(table)
    return render(request, "org/employee_list.html", {
        "filter": people, "form": people.form, "table": table, "page": table.page, "page_sizes": PAGE_SIZES,
        "rows": [{"employee": row.record} for row in table.page.object_list],
        "nav_active": "people", "can_import": scoping.can_import_roster(request.user)})


def export_headers(with_exit_reason: bool = True) -> list[str]:
    """The export's headers are the roster import's, so HR can edit an export and import it back. The exit type
    and reason are there for those who may see them (scoping.can_see_personal_data), as on the screen."""
    exit_reason = [pgettext("roster column", "exit type"), pgettext("roster column", "exit reason")]
    return [pgettext("roster column", "employee number"), pgettext("roster column", "employee name"),
            pgettext("roster column", "center"), pgettext("roster column", "team"),
            pgettext("roster column", "position"), pgettext("roster column", "level"),
            pgettext("roster column", "grade"), pgettext("roster column", "hire date"),
            pgettext("roster column", "tenure (months)"), pgettext("roster column", "status"),
            pgettext("roster column", "manager number"), pgettext("roster column", "education"),
            pgettext("roster column", "phone"), pgettext("roster column", "email"),
            pgettext("roster column", "ID number"), pgettext("roster column", "exit date"),
            *(exit_reason if with_exit_reason else [])]


def _exit_cells(cause) -> list[str]:
    """The exit type and reason as the roster import reads them back (主动离职, 家庭原因); blank when unknown."""
    facts = describe(cause or "")
    return [TYPE_WORDS.get(facts.kind, ""), facts.reason.word if facts.reason else ""]


@require_safe
@login_required
def employee_export(request):
    _people, table = _people_table(request)
    RequestConfig(request, paginate=False).configure(table)  # the export is what the list shows, in its order
    employees = table.data.data
    user, today = request.user, timezone.localdate()
    with_reason = scoping.can_see_personal_data(user)

    def rows():
        for e in employees.iterator(chunk_size=2000):
            personal = scoping.personal_data(user, e)
            phone, email, id_number = personal["phone"], personal["email"], personal["id_number"]
            yield [e.employee_no, e.name, e.center.name, e.team.name if e.team else "",
                   e.position.name if e.position else "", e.level.name, e.grade, e.hire_date,
                   tenure_months(e, today), e.get_status_display(), e.manager.employee_no if e.manager else "",
                   e.get_education_display(), phone, email, id_number, e.exit_date or "",
                   *(_exit_cells(e.exit_cause) if with_reason else [])]

    filename = f"employees-{today:%Y%m%d}.xlsx"
    return xlsx_response(filename, export_headers(with_reason), rows(), sheet_title=_("employees"))


@answers_refusals
def _import_page(request, form_class, run_import, template: str):
    """The roster's and the centers and teams' import pages (HR): the upload form, then the row report."""
    check_may_import_roster(request.user)
    report, status = None, 200
    form = form_class(request.POST, request.FILES) if request.method == "POST" else form_class()
    if request.method == "POST" and form.is_valid():
        report, status = run_upload(form, lambda: run_import(form.cleaned_data["file"], user=request.user,
                                                             skip_bad_rows=form.cleaned_data["skip_bad_rows"]))
    return render(request, template, {"form": form, "report": report, "nav_active": "roster-import"}, status=status)


@login_required
def roster_import(request):
    return _import_page(request, RosterImportForm, import_roster_upload, "org/roster_import.html")


@require_safe
@login_required
def import_errors(request, name: str):
    """The full list of an import's errors as XLSX: for the person who ran the import, and for HR."""
    path = error_file_for(request.user, name)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"import-errors-{name[-12:]}",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@answers_refusals
def _template(request, make_bytes, filename: str) -> HttpResponse:
    """An import's template as XLSX (HR), built only for those who may import."""
    check_may_import_roster(request.user)
    response = HttpResponse(make_bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@login_required
def roster_template(request):
    return _template(request, roster_template_bytes, "roster-template.xlsx")


@login_required
def org_import(request):
    """HR sets up centers and teams from a file (org.importers.structure), beside the roster import."""
    return _import_page(request, OrgImportForm, import_org_upload, "org/org_import.html")


@require_safe
@login_required
def org_template(request):
    return _template(request, org_template_bytes, "org-template.xlsx")
