"""Exams in the JSON API under /api/v1/exams: question bank import, exams and results (scoped), and taking an
exam (start, save an answer, submit, result) for an LMS or a kiosk. The same services as the pages."""
import datetime
from typing import Annotated, Literal

from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import AfterValidator

from agentpath.api_common import (
    TEXT_MAX_LENGTH,
    ImportRejectedBase,
    ImportReportBase,
    domain_refusal,
    errors,
    import_answer,
    max_length_of,
)
from agentpath.careers.models import Level
from agentpath.common.errors import DomainError
from agentpath.org.models import Team

from . import selectors, services
from .drawing import to_shown_letters
from .importers import import_questions_upload

router = Router()


class QuestionImportReportOut(ImportReportBase):
    """The row report of a question-bank import."""


class QuestionImportRejectedOut(ImportRejectedBase, QuestionImportReportOut):
    """A rejected question file (422 import_rejected, nothing stored) or one that cannot be read (upload_rejected)."""


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


class ReviewOut(Schema):
    score: bool = Field(..., description="the score and pass are shown")
    answers: bool = Field(..., description="the taker's answers are shown")
    key: bool = Field(..., description="the answer key (and each answer's points) is shown")
    explanations: bool
    later: datetime.datetime | None = Field(None, description="when more of the result will be shown")


class ReviewItemOut(Schema):
    position: int
    text: str
    options: list[str] = Field(..., description="in the order of this paper")
    answer: list | None = Field(None, description="the taker's answer in this paper's letters (when shown)")
    points: float | None = Field(None, description="the answer's points (when the key is shown)")
    key: list | None = Field(None, description="the answer key in this paper's letters (when shown)")
    explanation: str | None = None


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
    repeated: int = Field(0, description="questions of this paper the taker saw on an earlier paper of the exam "
                                         "(the bank had too few for a wholly new retake)")
    review: ReviewOut | None = Field(None, description="what of the result the reader sees (the exam's review "
                                                       "options); null while in progress")
    review_items: list[ReviewItemOut] = Field([], description="the paper with what the review options show (one "
                                                              "attempt; not in an exam's list of results)")


class AnswerIn(Schema):
    position: int = Field(..., ge=1, le=500)
    answer: list[Annotated[str, Field(max_length=TEXT_MAX_LENGTH)]] = Field(
        ..., max_length=10, description="option letters, 'true'/'false', or [text]")


class AnswerOut(Schema):
    position: int
    answer: list
    saved_at: datetime.datetime


def _attempt_out(attempt, user, *, new: bool = False, with_items: bool = True):
    """An attempt as `user` may read it: the paper while the taker sits it; afterwards what the exam's review
    options show this reader (selectors.review_for)."""
    in_progress = attempt.state == "in_progress"
    questions = selectors.questions_to_sit(attempt, new=new) if in_progress and (
        attempt.paper.employee_id == user.employee_id) else []
    review = None if in_progress else selectors.review_for(user, attempt)
    items = []
    if with_items and review is not None and (review.answers or review.key or review.explanations):
        items = [{"position": i.position, "text": i.version.text, "options": [t for _letter, t in i.letters],
                  "answer": i.shown_answer if review.answers else None, "points": i.shown_points,
                  "key": i.shown_key, "explanation": i.shown_explanation if review.explanations else None}
                 for i in selectors.paper_questions(attempt, review)]
    shown = review is not None and review.score
    return {"id": attempt.pk, "exam_id": attempt.paper.exam_id, "employee_no": attempt.paper.employee.employee_no,
            "number": attempt.number, "state": attempt.state, "started_at": attempt.started_at,
            "deadline": attempt.deadline, "seconds_left": services.seconds_left(attempt),
            "submitted_at": attempt.submitted_at, "timed_out": attempt.timed_out,
            "score": attempt.score if shown else None, "passed": attempt.passed if shown else None,
            "questions": questions, "repeated": attempt.paper.repeated,
            "review": review._asdict() if review is not None else None, "review_items": items}


@router.post("/questions/import", response={200: QuestionImportReportOut, 422: QuestionImportRejectedOut, **errors(403, 409)},
             summary="Import questions into the bank (trainers, HR)")
def import_questions(request, file: File[UploadedFile], skip_bad_rows: Form[bool] = False):
    """Multipart upload of a .xlsx or .csv question file (the template's columns). 200 when stored; 422 with
    every bad row when the file was rejected and nothing was stored."""
    services.check_may_import_questions(request.user)
    return import_answer(file, lambda: import_questions_upload(file, skip_bad_rows=skip_bad_rows))


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


Reveal = Literal["never", "on_submit", "after_close"]
RevealToSupervisors = Literal["never", "after_close"]


class ReviewOptionsIn(Schema):
    """When each reader sees what of a result (default: scores at once, the rest after the window closes; QA
    never). Trainers and HR always see everything."""

    taker_score: Reveal = "on_submit"
    taker_answers: Reveal = "after_close"
    taker_key: Reveal = "after_close"
    taker_explanations: Reveal = "after_close"
    supervisor_score: Reveal = "on_submit"
    supervisor_answers: RevealToSupervisors = "after_close"
    supervisor_key: RevealToSupervisors = "after_close"
    supervisor_explanations: RevealToSupervisors = "after_close"
    qa_score: Reveal = "never"


class ExamIn(Schema):
    code: str = Field(..., max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")
    title: str = Field(..., max_length=120)
    time_limit_minutes: int = Field(..., ge=1, le=600)
    pass_mark: float = Field(60, ge=0, le=100)
    opens_at: ExamTime
    closes_at: ExamTime
    attempts_allowed: int = Field(1, ge=1, le=10)
    levels: list[Annotated[str, Field(max_length=max_length_of(Level, "code"))]] = Field(
        [], max_length=50, description="level codes")
    teams: list[Annotated[str, Field(max_length=max_length_of(Team, "code"))]] = Field(
        [], max_length=500, description="team codes")
    monthly: bool = Field(False, description="the monthly exam: its score counts into KPI")
    kpi_date: datetime.date | None = None
    blueprint: list[CellIn] = Field(..., min_length=1, max_length=100)
    overrides: list[OverrideIn] = Field([], max_length=1000)
    seed: int | None = Field(None, ge=0, lt=2**31)
    review: ReviewOptionsIn = Field(default_factory=ReviewOptionsIn, description="the review options")


class ScheduledOut(Schema):
    id: int
    code: str
    seed: int
    papers: int


@router.post("", response={201: ScheduledOut, **errors(403, 422)}, summary="Create and schedule an exam")
def create_exam(request, payload: ExamIn):
    """Trainers and HR. Papers are drawn now, one per taker; a bank too small for the blueprint is refused
    with the cells that fall short (422), and nothing is stored."""
    services.check_may_schedule_exams(request.user)
    try:
        exam, papers = services.create_and_schedule(request.user, payload.dict())
    except DomainError as exc:
        return domain_refusal(exc)
    return Status(201, {"id": exam.pk, "code": exam.code, "seed": exam.seed, "papers": papers})


@router.get("", response=list[ExamOut], summary="Exams in your scope")
def list_exams(request):
    return list(selectors.exams_for(request.user)[:500])


@router.get("/{exam_id}/results", response={200: list[AttemptOut], **errors(404)}, summary="An exam's attempts in your scope")
def exam_results(request, exam_id: int):
    exam = selectors.managed_exam_for(request.user, exam_id)
    return [_attempt_out(a, request.user, with_items=False) for a in selectors.results_of(request.user, exam)]


@router.post("/{exam_id}/attempts", response={200: AttemptOut, **errors(404, 409)},
             summary="Start or resume your attempt")
def start_attempt(request, exam_id: int):
    """The taker's one active attempt, with the paper and the time left (the server keeps the time)."""
    paper = selectors.own_paper(request.user, exam_id)
    try:
        attempt, new = services.begin_attempt(paper)
    except DomainError as exc:
        return domain_refusal(exc)
    return _attempt_out(attempt, request.user, new=new)  # its paper, exam and employee are the ones read above


@router.post("/attempts/{attempt_id}/answers", response={200: AnswerOut, **errors(404, 409)},
             summary="Save one answer")
def save_answer(request, attempt_id: int, payload: AnswerIn):
    attempt = selectors.own_attempt_at(request.user, attempt_id, payload.position)
    try:
        answer = services.save_answer(attempt, payload.position, payload.answer)
    except DomainError as exc:
        return domain_refusal(exc)
    return {"position": payload.position, "answer": to_shown_letters(answer.response, attempt.item_order or []),
            "saved_at": answer.saved_at}


@router.post("/attempts/{attempt_id}/submit", response={200: AttemptOut, **errors(404, 409)},
             summary="Submit")
def submit(request, attempt_id: int):
    """Objective questions are graded at once; short answers wait for a trainer."""
    attempt = selectors.own_attempt(request.user, attempt_id)
    try:
        services.submit_attempt(attempt, by=request.user)  # graded in place
    except DomainError as exc:
        return domain_refusal(exc)
    return _attempt_out(attempt, request.user)


@router.get("/attempts/{attempt_id}", response={200: AttemptOut, **errors(404)}, summary="An attempt and its result (scoped)")
def attempt_result(request, attempt_id: int):
    return _attempt_out(selectors.attempt_for(request.user, attempt_id), request.user)
