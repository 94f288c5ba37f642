"""Exams in the JSON API under /api/v1/exams: question bank import, exams and results (scoped), and taking an
exam (start, save an answer, submit, result) for an LMS or a kiosk. The same services as the pages."""
import datetime
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import AfterValidator

from agentpath.accounts import scoping
from agentpath.api_common import ImportReportBase
from agentpath.common.spreadsheets import UploadRejected

from . import selectors, services
from .importers import import_questions_upload

router = Router()


class Detail(Schema):
    detail: str


class QuestionImportReportOut(ImportReportBase):
    """The row report of a question-bank import."""


class ExamOut(Schema):
    id: int
    code: str
    title: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    time_limit_minutes: int
    pass_mark: float
    status: str


class QuestionOut(Schema):
    position: int
    kind: str
    text: str
    options: list[str]
    saved_answer: list | None = Field(None, description="the answer saved so far, if any")


class AttemptOut(Schema):
    id: int
    exam_id: int
    employee_no: str
    number: int
    state: str
    started_at: datetime.datetime
    deadline: datetime.datetime
    seconds_left: int
    submitted_at: datetime.datetime | None
    timed_out: bool
    score: float | None
    passed: bool | None
    questions: list[QuestionOut] = Field([], description="the paper, while the attempt is in progress")


class AnswerIn(Schema):
    position: int = Field(..., ge=1, le=500)
    answer: list[str] = Field(..., max_length=10, description="option letters, 'true'/'false', or [text]")


class AnswerOut(Schema):
    position: int
    answer: list
    saved_at: datetime.datetime


def _attempt_out(attempt, *, new: bool = False):
    questions = selectors.questions_to_sit(attempt, new=new) if attempt.state == "in_progress" else []
    return {"id": attempt.pk, "exam_id": attempt.paper.exam_id, "employee_no": attempt.paper.employee.employee_no,
            "number": attempt.number, "state": attempt.state, "started_at": attempt.started_at,
            "deadline": attempt.deadline, "seconds_left": services.seconds_left(attempt),
            "submitted_at": attempt.submitted_at, "timed_out": attempt.timed_out, "score": attempt.score,
            "passed": attempt.passed, "questions": questions}


@router.post("/questions/import", response={200: QuestionImportReportOut, 403: Detail, 422: QuestionImportReportOut},
             summary="Import questions into the bank (trainers, HR)")
def import_questions(request, file: File[UploadedFile], skip_bad_rows: Form[bool] = False):
    """Multipart upload of a .xlsx or .csv question file (the template's columns). 200 when stored; 422 with
    every bad row when the file was rejected and nothing was stored."""
    if not scoping.can_manage_exams(request.user):
        return Status(403, {"detail": _("Only trainers and HR may import questions.")})
    try:
        report = import_questions_upload(file, skip_bad_rows=skip_bad_rows)
    except UploadRejected as exc:
        return Status(422, {"detail": str(exc), "errors": []})
    return Status(200 if report.stored else 422, report.as_dict())


def _plausible_time(value: datetime.datetime) -> datetime.datetime:
    """An exam window is a real moment: years 2000–2100 and a UTC offset within ±14 hours (PostgreSQL refuses
    more; naive times are read in the server's time zone)."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > datetime.timedelta(hours=14):
        raise ValueError("the UTC offset must be within ±14:00")
    if not 2000 <= value.year <= 2100:
        raise ValueError("the year must be between 2000 and 2100")
    return value


ExamTime = Annotated[datetime.datetime, AfterValidator(_plausible_time)]


class CellIn(Schema):
    topic: str = Field(..., max_length=80)
    difficulty: int = Field(..., ge=1, le=3)
    count: int = Field(..., ge=1, le=200)


class OverrideIn(Schema):
    employee_no: str | None = Field(None, max_length=20)
    team: str | None = Field(None, max_length=40, description="team code")
    extra_minutes: int = Field(0, ge=0, le=600)
    opens_at: ExamTime | None = None
    closes_at: ExamTime | None = None


class ExamIn(Schema):
    code: str = Field(..., max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")
    title: str = Field(..., max_length=120)
    time_limit_minutes: int = Field(..., ge=1, le=600)
    pass_mark: float = Field(60, ge=0, le=100)
    opens_at: ExamTime
    closes_at: ExamTime
    attempts_allowed: int = Field(1, ge=1, le=10)
    levels: list[str] = Field([], max_length=50, description="level codes")
    teams: list[str] = Field([], max_length=500, description="team codes")
    monthly: bool = Field(False, description="the monthly exam: its score counts into KPI")
    kpi_date: datetime.date | None = None
    blueprint: list[CellIn] = Field(..., min_length=1, max_length=100)
    overrides: list[OverrideIn] = Field([], max_length=1000)
    seed: int | None = Field(None, ge=0, lt=2**31)


class ScheduledOut(Schema):
    id: int
    code: str
    seed: int
    papers: int


@router.post("", response={201: ScheduledOut, 403: Detail, 422: Detail}, summary="Create and schedule an exam")
def create_exam(request, payload: ExamIn):
    """Trainers and HR. Papers are drawn now, one per taker; a bank too small for the blueprint is refused
    with the cells that fall short (422), and nothing is stored."""
    if not scoping.can_manage_exams(request.user):
        return Status(403, {"detail": _("Only trainers and HR may schedule exams.")})
    try:
        exam, papers = services.create_and_schedule(request.user, payload.dict())
    except services.ExamRefused as exc:
        return Status(422, {"detail": str(exc)})
    return Status(201, {"id": exam.pk, "code": exam.code, "seed": exam.seed, "papers": papers})


@router.get("", response=list[ExamOut], summary="Exams in your scope")
def list_exams(request):
    return list(selectors.exams_for(request.user)[:500])


@router.get("/{exam_id}/results", response={200: list[AttemptOut], 404: Detail}, summary="An exam's attempts in your scope")
def exam_results(request, exam_id: int):
    exam = selectors.managed_exam_for(request.user, exam_id)
    return [_attempt_out(a) for a in selectors.results_of(request.user, exam)]


@router.post("/{exam_id}/attempts", response={200: AttemptOut, 404: Detail, 409: Detail},
             summary="Start or resume your attempt")
def start_attempt(request, exam_id: int):
    """The taker's one active attempt, with the paper and the time left (the server keeps the time)."""
    paper = selectors.own_paper(request.user, exam_id)
    try:
        attempt, new = services.begin_attempt(paper)
    except services.AttemptRefused as exc:
        return Status(409, {"detail": str(exc)})
    return _attempt_out(attempt, new=new)  # its paper, exam and employee are the ones read above


@router.post("/attempts/{attempt_id}/answers", response={200: AnswerOut, 404: Detail, 409: Detail},
             summary="Save one answer")
def save_answer(request, attempt_id: int, payload: AnswerIn):
    attempt = selectors.own_attempt_at(request.user, attempt_id, payload.position)
    try:
        answer = services.save_answer(attempt, payload.position, payload.answer)
    except services.AttemptRefused as exc:
        return Status(409, {"detail": str(exc)})
    return {"position": payload.position, "answer": answer.response, "saved_at": answer.saved_at}


@router.post("/attempts/{attempt_id}/submit", response={200: AttemptOut, 404: Detail, 409: Detail},
             summary="Submit")
def submit(request, attempt_id: int):
    """Objective questions are graded at once; short answers wait for a trainer."""
    attempt = selectors.own_attempt(request.user, attempt_id)
    try:
        services.submit_attempt(attempt)  # graded in place
    except services.AttemptRefused as exc:
        return Status(409, {"detail": str(exc)})
    return _attempt_out(attempt)


@router.get("/attempts/{attempt_id}", response={200: AttemptOut, 404: Detail}, summary="An attempt and its result (scoped)")
def attempt_result(request, attempt_id: int):
    attempt = selectors.attempt_for(request.user, attempt_id)
    out = _attempt_out(attempt)
    if attempt.paper.employee_id != request.user.employee_id:
        out["questions"] = []  # the paper is the taker's while they sit it
    return out
