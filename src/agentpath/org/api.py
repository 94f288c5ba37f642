"""People in the JSON API: the scoped employee list and files, and the roster import (HR)."""
import datetime
from typing import Annotated

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, FilterLookup, FilterSchema, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import field_validator

from agentpath.api_common import (
    BoundedPageNumberPagination,
    ImportRejectedBase,
    ImportReportBase,
    errors,
    import_answer,
    max_length_of,
    refusal,
)
from agentpath.common.errors import NotFound
from agentpath.common.reports import ERROR_FILE_NAME
from agentpath.org import scoping

from .importers import import_roster_upload
from .models import Center, Employee, ExitReason, Team
from .selectors import (
    employee_for,
    employees_for,
    error_file_for,
    exit_record_for,
    months_in_level,
    tenure_months,
)
from .services import check_may_import_roster, record_exit
from .validators import EMPLOYEE_NO_PATTERN

router = Router()


def _personal(obj: Employee, context, field: str) -> str:
    return scoping.personal_value(context["request"].user, obj, field)


class EmployeeOut(Schema):
    employee_no: str
    name: str
    center: str = Field(..., alias="center.code")
    center_name: str = Field(..., alias="center.name")
    team: str | None
    team_name: str | None
    position: str | None
    position_name: str | None
    level: str = Field(..., alias="level.code")
    level_name: str = Field(..., alias="level.name")
    track: str = Field(..., alias="level.track.code")
    grade: int
    hire_date: datetime.date
    tenure_months: int
    status: str
    phone: str

    @staticmethod
    def resolve_team(obj):
        return obj.team.code if obj.team else None

    @staticmethod
    def resolve_team_name(obj):
        return obj.team.name if obj.team else None

    @staticmethod
    def resolve_position(obj):
        return obj.position.code if obj.position else None

    @staticmethod
    def resolve_position_name(obj):
        return obj.position.name if obj.position else None

    @staticmethod
    def resolve_tenure_months(obj):
        return tenure_months(obj, timezone.localdate())

    @staticmethod
    def resolve_phone(obj, context):
        return _personal(obj, context, "phone")


class EmployeeDetailOut(EmployeeOut):
    manager_no: str | None
    education: str
    exit_date: datetime.date | None
    months_in_level: int | None  # None: no level history yet (hired after today)
    email: str
    id_number: str
    personal_data_masked: bool

    @staticmethod
    def resolve_manager_no(obj):
        return obj.manager.employee_no if obj.manager else None

    @staticmethod
    def resolve_months_in_level(obj):
        return months_in_level(obj, timezone.localdate())

    @staticmethod
    def resolve_email(obj, context):
        return _personal(obj, context, "email")

    @staticmethod
    def resolve_id_number(obj, context):
        return _personal(obj, context, "id_number")

    @staticmethod
    def resolve_personal_data_masked(obj, context):
        return not scoping.can_see_personal_data(context["request"].user, obj)


class RenameOut(Schema):
    line: int
    employee_no: str
    old: str
    new: str


class RosterReportOut(ImportReportBase):
    """The roster import's report (named apart from the exams import's ImportReportOut: one OpenAPI name each)."""

    renamed_count: int = 0
    renamed: list[RenameOut] = Field([], description="known people whose name the file changes (first 1,000)")
    example_rows: int = Field(0, description="the template's example rows (employee number 示例…), never imported")
    exits: int = Field(0, description="exits recorded (离职日期 / the status 离职), each an exit event")


class RosterRejectedOut(ImportRejectedBase, RosterReportOut):
    """A rejected roster (422 import_rejected, nothing stored) or a file that cannot be read (upload_rejected)."""


class EmployeeFilters(FilterSchema):
    """The employee list's filters, as the people page's (org.filters): by code, status, number or name."""

    center: Annotated[Annotated[str, Field(max_length=max_length_of(Center, "code"))] | None,
                      FilterLookup("center__code")] = None
    team: Annotated[Annotated[str, Field(max_length=max_length_of(Team, "code"))] | None,
                    FilterLookup("team__code")] = None
    status: Annotated[Employee.Status | None, FilterLookup("status")] = None
    q: Annotated[Annotated[str, Field(max_length=max_length_of(Employee, "name"))] | None,
                 FilterLookup(["employee_no__icontains", "name__icontains"])] = None

    @field_validator("center", "team", "status", "q", mode="before")
    @classmethod
    def _empty_is_no_filter(cls, value):
        return None if isinstance(value, str) and not value.strip() else value


@router.get("/employees", response=list[EmployeeOut], summary="Employees in your scope")
@paginate(BoundedPageNumberPagination)
def list_employees(request, filters: Query[EmployeeFilters]):
    """Employees the caller may see (agents: only themselves), filtered by center code, team code,
    status (active, leave, exited) and a number or name fragment. Personal data is masked unless the
    caller may see it."""
    return filters.filter(employees_for(request.user))


@router.get("/employees/{employee_no}", response={200: EmployeeDetailOut, **errors(404)},
            summary="One employee's record")
def get_employee(request, employee_no: str = Path(..., pattern=EMPLOYEE_NO_PATTERN)):
    """404 when the employee does not exist or is outside the caller's scope."""
    return employee_for(request.user, employee_no)


@router.post("/roster/import", response={200: RosterReportOut, 422: RosterRejectedOut, **errors(403, 409)},
             summary="Import a roster file (HR)")
def import_roster(request, file: File[UploadedFile], skip_bad_rows: Form[bool] = False):
    """Multipart upload of a .xlsx or .csv roster. 200 with the counts when stored; 422 with the bad rows
    (line, column, value, reason: the first 1,000, with the total, the totals by kind and the URL of the full
    list as XLSX) when the file was rejected and nothing was stored; 409 while another roster import runs."""
    check_may_import_roster(request.user)
    return import_answer(file, lambda: import_roster_upload(file, user=request.user, skip_bad_rows=skip_bad_rows))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/import-errors/{name}", response=errors(404), url_name="import_errors",
            summary="The full list of an import's errors (XLSX)",
            openapi_extra={"responses": {200: {"description": "every error: line, column, value, reason",
                                               "content": {XLSX: {"schema": {"type": "string",
                                                                             "format": "binary"}}}}}})
def import_errors(request, name: str = Path(..., pattern=ERROR_FILE_NAME)):
    """The file named by `error_file_url` in an import report; for the person who ran the import, and HR."""
    path = error_file_for(request.user, name)
    if path is None:
        return refusal(404, "not_found", _("No such error list, or it is not yours."))
    return FileResponse(path.open("rb"), as_attachment=True, filename="import-errors.xlsx", content_type=XLSX)


class ExitIn(Schema):
    effective_date: datetime.date
    exit_type: ExitReason.Kind
    reason: str | None = Field(None, max_length=100,
                               description="an exit reason's code or Chinese term, e.g. workload or 工作压力大")
    last_working_day: datetime.date | None = None
    regretted: bool | None = None
    interview_notes: str = Field("", max_length=5000)


class ExitOut(Schema):
    employee_no: str = Field(..., alias="event.employee.employee_no")
    effective_date: datetime.date = Field(..., alias="event.effective_date")
    exit_type: str
    reason: str | None = Field(None, alias="reason.code")
    reason_word: str | None = Field(None, alias="reason.word")
    last_working_day: datetime.date | None
    regretted: bool | None
    interview_notes: str | None = Field(None, description="HR only; null for every other caller")


@router.post("/employees/{employee_no}/exit", response={201: ExitOut, **errors(404, 409, 422)},
             summary="Record an exit (HR)")
def post_exit(request, payload: ExitIn, employee_no: str = Path(..., pattern=EMPLOYEE_NO_PATTERN)):
    """HR records a person's exit with its type, reason, last working day, regretted or not and the interview
    notes (org.services.record_exit). 404 for everybody else, as for a person outside one's scope."""
    if not scoping.can_import_roster(request.user):
        raise NotFound(_("Not found."))
    record_exit(employee_for(request.user, employee_no), **payload.dict())  # a refusal: its DomainError answers
    return Status(201, exit_record_for(request.user, employee_no))


@router.get("/employees/{employee_no}/exit", response={200: ExitOut, **errors(404)},
            summary="The facts of a person's exit")
def get_exit(request, employee_no: str = Path(..., pattern=EMPLOYEE_NO_PATTERN)):
    """HR and the person themselves; the interview notes for HR only. 404 for anyone else or no exit."""
    return exit_record_for(request.user, employee_no)
