"""Training API under /api/v1/training: catalogue, programs, a person's enrolments and credits, a team's sessions
with attendance (read and mark), and the differentiated-training enrolments with their reasons. Scoped like the
pages (404 outside scope, 403 for a role that may not do it)."""
import datetime
from decimal import Decimal

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from agentpath.api_common import (
    ImportRejectedBase,
    ImportReportBase,
    QuarterCode,
    errors,
    import_answer,
    max_length_of,
)
from agentpath.org.models import Employee

from . import import_jobs, selectors, services
from .differentiation import start_run
from .models import Attendance
from .tasks import RUN_LANGUAGE, differentiate

router = Router()


class CourseOut(Schema):
    code: str
    name: str
    name_en: str
    category: str
    delivery: str
    credits: Decimal
    hours: Decimal


class StageOut(Schema):
    order: int
    name: str
    name_en: str
    delivery: str
    assessment: str
    pass_mark: Decimal


class ProgramOut(Schema):
    code: str
    name: str
    name_en: str
    category: str
    course: str = Field(..., description="the course whose completion finishing the program records")
    stages: list[StageOut]


class StageResultOut(Schema):
    stage: int
    attempt: int
    score: Decimal
    passed: bool
    taken_on: datetime.date


class EnrolmentOut(Schema):
    program: str
    kind: str
    mandatory: bool
    reason: str
    period: str
    status: str
    enrolled_on: datetime.date
    completed_on: datetime.date | None
    score: Decimal | None
    credits_granted: Decimal | None
    results: list[StageResultOut]


class EmployeeTrainingOut(Schema):
    employee_no: str
    credits_total: Decimal
    enrolments: list[EnrolmentOut]


class AttendanceOut(Schema):
    employee_no: str
    name: str
    status: str
    rating: int | None


class SessionOut(Schema):
    id: int
    kind: str
    name: str
    date: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    state: str
    attendance: list[AttendanceOut]


class AttendanceIn(Schema):
    session_id: int
    employee_no: str = Field(..., max_length=max_length_of(Employee, "employee_no"))
    status: str = Field(..., max_length=max_length_of(Attendance, "status"), examples=["present"],
                        description="present, late, absent or excused")


class RuleEnrolmentOut(Schema):
    employee_no: str
    name: str
    program: str
    mandatory: bool
    reason: str


@router.get("/courses", response=list[CourseOut], summary="The course catalogue")
def list_courses(request):
    return list(selectors.courses())


@router.get("/programs", response=list[ProgramOut], summary="Programs with their ordered, assessed stages")
def list_programs(request):
    return [{"code": p.code, "name": p.name, "name_en": p.name_en, "category": p.category, "course": p.course.code,
             "stages": list(p.stages.all())} for p in selectors.programs()]


@router.get("/employees/{employee_no}", response={200: EmployeeTrainingOut, **errors(404)},
            summary="A person's enrolments, stage results and credits")
def employee_training(request, employee_no: str):
    employee = selectors.training_record_for(request.user, employee_no)
    ledger = selectors.credits_ledger(employee)
    return {"employee_no": employee.employee_no, "credits_total": ledger[-1]["balance"] if ledger else Decimal(0),
            "enrolments": [{
                "program": e.program.code, "kind": e.kind, "mandatory": e.mandatory, "reason": e.reason,
                "period": e.period, "status": e.status, "enrolled_on": e.enrolled_on, "completed_on": e.completed_on,
                "score": e.score, "credits_granted": e.credits_granted,
                "results": [{"stage": r.stage.order, "attempt": r.attempt, "score": r.score, "passed": r.passed,
                             "taken_on": r.taken_on} for r in e.stage_results.all()]}
                for e in selectors.enrolments_of(employee)]}


def _session_out(session) -> dict:
    return {"id": session.pk, "kind": session.event.kind, "name": session.event.display_name,
            "date": session.event.date, "starts_at": session.starts_at, "ends_at": session.ends_at,
            "state": session.state, "attendance": [
                {"employee_no": a.employee.employee_no, "name": a.employee.name, "status": a.status,
                 "rating": a.rating} for a in selectors.attendance_of(session)]}


@router.get("/teams/{team_code}/sessions", response={200: list[SessionOut], **errors(403, 404)},
            summary="A team's sessions of the week around a day, with attendance")
def team_sessions(request, team_code: str, day: datetime.date | None = None):
    team = selectors.team_for_attendance(request.user, team_code)
    return [_session_out(s) for s in selectors.team_sessions(team, day or timezone.localdate())]


@router.post("/attendance", response={200: AttendanceOut, **errors(403, 404, 422)},
             summary="Mark one person's attendance at a session (for an LMS or the ACD side)")
def post_attendance(request, body: AttendanceIn):
    if not selectors.can_mark_attendance(request.user):
        raise HttpError(403, _("Only team leaders, trainers, managers and HR mark attendance."))
    session = selectors.session_visible_to(request.user, body.session_id)
    employee = selectors.attendee_for(request.user, session, body.employee_no)  # a refusal (DomainError) is
    a = services.mark_attendance(session, employee, body.status, request.user)  # answered with its code
    return {"employee_no": employee.employee_no, "name": employee.name, "status": a.status, "rating": a.rating}


@router.get("/differentiated", response={200: list[RuleEnrolmentOut], **errors(403)},
            summary="Who the differentiated-training rule enrolled for a quarter (default: the latest run), and why")
def rule_enrolments(request, quarter: QuarterCode | None = None):
    if not selectors.can_view_differentiation(request.user):
        raise HttpError(403, _("Only trainers, managers and HR read the differentiated-training run."))
    if quarter is None:
        run = selectors.run_for(request.user, None)
        quarter = run.quarter if run else ""
    return [{"employee_no": e.employee.employee_no, "name": e.employee.name, "program": e.program.code,
             "mandatory": e.mandatory, "reason": e.reason}
            for e in selectors.rule_enrolments(request.user, quarter.upper())[:5000]]


class RunIn(Schema):
    quarter: QuarterCode


class RunOut(Schema):
    id: int
    quarter: str
    status: str
    progress: int
    mandatory: int
    optional: int


def _run_out(run) -> dict:
    return {"id": run.pk, "quarter": run.quarter, "status": run.status, "progress": run.progress,
            "mandatory": run.mandatory, "optional": run.optional}


@router.post("/differentiated/runs", response={202: RunOut, **errors(403, 422)},
             summary="Start the quarter's differentiated-training run (HR); it runs in the background")
def start_differentiation(request, body: RunIn):
    services.check_may_run_differentiation(request.user)
    try:
        run = start_run(body.quarter, by=request.user)
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc
    differentiate.enqueue(run.pk, getattr(request, "LANGUAGE_CODE", None) or RUN_LANGUAGE)
    run.refresh_from_db()
    return Status(202, _run_out(run))


@router.get("/differentiated/run", response={200: RunOut, **errors(403, 404)},
            summary="A run's status and progress (run_id, or the latest run; 404 when there is none)")
def differentiation_run(request, run_id: int | None = None):
    if not selectors.can_view_differentiation(request.user):
        raise HttpError(403, _("Only trainers, managers and HR read the differentiated-training run."))
    run = selectors.run_for(request.user, run_id)
    if run is None:
        raise Http404
    return _run_out(run)


# ------------------------------------------------------------------------------------------- file imports

class TrainingImportReportOut(ImportReportBase):
    """The row report every import API gives (as POST /api/v1/roster/import)."""


class TrainingImportJobOut(Schema):
    id: int
    kind: str = Field(..., description="completions or attendance")
    file_name: str
    status: str = Field(..., description="queued, running, done (stored), rejected (nothing stored) or failed")
    rows_done: int
    rows_total: int | None = Field(None, description="rows in the file, once it has been read")
    percent: int
    status_url: str = Field(..., description="GET it until the status is done, rejected or failed")
    failure: str = Field("", description="why the import did not finish (failed) or the file was refused")
    report: TrainingImportReportOut | None = Field(None, description="the row report, once finished")


def _job_out(job) -> dict:
    return {"id": job.pk, "kind": job.kind, "file_name": job.file_name, "status": job.status,
            "rows_done": job.rows_done, "rows_total": job.rows_total, "percent": import_jobs.percent(job),
            "status_url": reverse("api:training_import", args=[job.pk]), "failure": job.failure,
            "report": job.report or None}


def _import(request, kind: str, file, skip_bad_rows: bool, background: bool):
    selectors.check_may_import_training(request.user)
    if import_jobs.runs_in_background(file, background):
        return import_answer(file, lambda: Status(202, _job_out(import_jobs.queue_upload(
            kind, file, user=request.user, skip_bad_rows=skip_bad_rows))))
    return import_answer(file, lambda: import_jobs.import_upload(kind, file, user=request.user,
                                                                 skip_bad_rows=skip_bad_rows))


class TrainingImportRejectedOut(ImportRejectedBase, TrainingImportReportOut):
    """A rejected training file (422 import_rejected, nothing stored) or one that cannot be read (upload_rejected)."""


IMPORT_RESPONSES = {200: TrainingImportReportOut, 202: TrainingImportJobOut, 422: TrainingImportRejectedOut,
                    **errors(403, 409)}
IMPORT_DOC = """Multipart upload of a .xlsx or .csv file (the template's columns: GET /training/import/?template=KIND on
the site). 200 with the counts when stored; 422 with the bad rows (line, column, value, reason: the first 1,000,
the total, the totals by kind and the URL of the full list as XLSX) when the file was rejected and nothing was
stored; 409 while another import of the kind runs. A file over 256 KiB, or any file with background=true, runs
in the background: 202 with the import's status URL, which gives its progress and then the same report."""


@router.post("/completions/import", response=IMPORT_RESPONSES, summary="Import course completions (HR)",
             description=IMPORT_DOC)
def import_completions(request, file: File[UploadedFile], skip_bad_rows: Form[bool] = False,
                       background: Form[bool] = False):
    return _import(request, "completions", file, skip_bad_rows, background)


@router.post("/attendance/import", response=IMPORT_RESPONSES, summary="Import session attendance (HR)",
             description=IMPORT_DOC)
def import_attendance(request, file: File[UploadedFile], skip_bad_rows: Form[bool] = False,
                      background: Form[bool] = False):
    return _import(request, "attendance", file, skip_bad_rows, background)


@router.get("/imports/{import_id}", response={200: TrainingImportJobOut, **errors(403, 404)},
            url_name="training_import", summary="A background training import's progress and report (HR)")
def training_import(request, import_id: int = Path(..., ge=1, le=2**31 - 1)):
    return _job_out(import_jobs.close_if_dead(selectors.training_import_for(request.user, import_id)))
