"""Pieces every API router shares: the one error shape (ApiError) and its codes, answers that refuse, one-line and
period text, a page-number pagination with bounded pages and the row report of a file import.

Every non-2xx answer of /api/v1/ is an ApiError `{code, message, errors: [{code, field?, line?, message}]}` or a
schema extending it (an import's rejection adds its report). An operation gets the shape by raising
`agentpath.common.errors.DomainError` (or django's ValidationError / PermissionDenied / Http404, or ninja's HttpError):
the handlers in agentpath.api answer it. Declare the statuses with `errors(403, 404, 422)`; answer a refusal
without raising with `refusal(status, code, message)`."""
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator

from agentpath.common.calendar import PERIOD_PATTERN, QUARTER, parse_period
from agentpath.common.errors import DomainError, domain_error_body, error_body
from agentpath.common.import_guard import ImportBusy
from agentpath.common.spreadsheets import UploadRejected

MAX_PAGE = 1_000_000  # far past any workforce; a larger number would overflow the database's OFFSET
# One line of text: no control characters (line breaks, tabs, NUL), which no code, number or date contains.
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
OneLineText = Annotated[str, Field(pattern=ONE_LINE, max_length=200)]  # a value as text: a number, a time, N/A
# A cap for free text stored in a TextField (a note, a comment, evidence): long enough for any paragraph a person
# writes into a form, short enough that no request stores a book (docs/api.md "Limits").
TEXT_MAX_LENGTH = 4000

# Every code an error answer carries, with its status and meaning: the OpenAPI document and docs/api.md list them
# (tests/api/test_error_shape.py checks that every code raised in src/ is here and in docs/api.md).
ERROR_CODES: dict[str, tuple[int | tuple[int, ...], str]] = {
    # the API's own answers
    "bad_request": (400, "the body cannot be read (not JSON, a multipart form without boundary, too many fields)"),
    "not_authenticated": (401, "no signed-in session and no valid bearer token"),
    "forbidden": (403, "the caller's role may not do this"),
    "csrf_failed": (403, "a signed-in session's write without its CSRF token"),
    "not_found": (404, "nothing the caller may see answers to this (out of scope or nonexistent: the same answer)"),
    "method_not_allowed": (405, "the path exists but not with this method"),
    "conflict": (409, "the request conflicts with the current state"),
    "too_large": (413, "the request body is larger than this operation accepts"),
    "validation_error": (422, "the request does not match the schema; `errors` names each field (dotted path)"),
    "invalid": (422, "a rule refused the request; `errors` says why, by field where there is one"),
    "nul_character": (422, "text with a NUL character (\\u0000), which no text here may contain"),
    "too_many_requests": (429, "too many requests; wait and try again"),
    "server_error": (500, "an error of the server; the request may be sent again"),
    # decisions: separation of duties, one decision per question, races
    "self_decision": (403, "a decision, nomination, recommendation, assessment or rating about oneself"),
    "own_nomination": (403, "a decision on a nomination the caller made"),
    "not_a_decider": (403, "only HR and center managers open, move and decide rounds and bottom-rank reviews"),
    "not_above_candidate": (403, "the decider is not above the candidate in their line"),
    "not_their_supervisor": (403, "only the person or their supervisor of the day assesses or rates them"),
    "state_changed": (409, "the object moved to another state while the request was under way; read it again"),
    "already_decided": (409, "the question was decided already; a standing decision is reversed, not repeated"),
    "period_closed": (409, "the period is closed: its ranks were read by a decision or its grace time passed"),
    # imports
    "import_busy": (409, "another import of the kind is running; send the file again when it has finished"),
    "import_rejected": (422, "a file or batch was rejected with its bad rows (`errors`: line, field, message) "
                             "and nothing was stored; the report's counts come with it"),
    "upload_rejected": (422, "the uploaded file cannot be read as the spreadsheet the import expects"),
    # promotion rounds and nominations
    "round_exists": (409, "the center already has a round for the period"),
    "round_not_open": (409, "nominations are taken while the round is open"),
    "round_not_deciding": (409, "decisions are taken while the round is deciding"),
    "approvals_standing": (409, "the round has approved moves; reverse them before cancelling it"),
    "undecided_candidates": (409, "closing a round with candidates undecided needs close_undecided; `errors` "
                                  "names them (each an `undecided_candidate` item)"),
    "already_nominated": (409, "the person is already nominated for this move"),
    "move_already_scheduled": (409, "the person already has this move scheduled (by a round or a review)"),
    "unknown_action": (422, "not an action of the object; the message lists the actions"),
    "unknown_level": (422, "a level code that does not exist"),
    "invalid_period": (422, "not a period this action takes (a quarter 2026Q3 or a month 2026-07, years 2000–2100)"),
    "invalid_move": (422, "the move is not allowed by the framework or its requirements"),
    "invalid_recommendation": (422, "a recommendation is support or oppose"),
    "invalid_form": (422, "the form's fields were refused; `errors` names them"),
    "no_such_move": (422, "the framework has no such promotion from the person's level"),
    "not_a_candidate": (422, "the person is not a candidate of this round"),
    "not_in_center": (422, "the person is not in the center of the round or bench"),
    "override_reason_required": (422, "approving someone with unmet requirements needs override with a written "
                                      "override_reason (破格)"),
    "quota_reason_required": (422, "a quota change, or a quota with no limit, needs a reason"),
    "quota_below_approved": (422, "a quota cannot be set below the approvals already standing for its level"),
    "invalid_quota": (422, "slots are a whole number from 0, or null for no limit"),
    "exited": (422, "the person has left; only people at work are nominated, assessed or rated"),
    "reason_required": (422, "a nomination or decision needs a written reason"),
    "too_long": (422, "a text is longer than the rule accepts; the message gives the limit"),
    # bottom-rank reviews, 9-box, succession
    "already_recorded": (409, "the improvement step's result is recorded already"),
    "already_in_box": (409, "the person is already in that box"),
    "review_frozen": (409, "the 9-box review was agreed and frozen"),
    "review_exists": (409, "the center already has a 9-box review for the quarter"),
    "employee_left": (409, "the person of the review has left; the review no longer moves"),
    "already_exited": (409, "the person has an exit recorded already"),
    "groups_to_compare": (422, "the log-rank test compares two named groups of the chosen grouping"),
    "last_day_after_exit": (422, "the last working day is after the exit date"),
    "reason_of_other_type": (422, "the exit reason belongs to the other exit type (voluntary / involuntary)"),
    "too_few_points": (422, "a correlation needs at least four team-months with both measures"),
    "unknown_exit_reason": (422, "no exit reason has that code or Chinese term"),
    "unknown_exit_type": (422, "an exit is voluntary or involuntary"),
    "unknown_grouping": (422, "retention groups by cohort, team, leader, track, level or center"),
    "already_acknowledged": (409, "the early-warning alert was acknowledged already"),
    "no_convergence": (422, "the flight-risk model did not converge on the center's history"),
    "too_few_exits": (422, "the flight-risk model needs at least ten exits in its training window"),
    "one_training": (422, "training effectiveness is asked for one course or one program"),
    "not_team_leader": (403, "only the person's team leader adds an action to their development plan"),
    "action_incomplete": (422, "a development action needs its kind, a description (or course) and a due date"),
    "no_current_idp": (422, "the person has no development plan in the current cycle to add the action to"),
    "idp_awaiting_decision": (409, "the plan waits for the team leader's agreement; agree or return it first"),
    "action_already_opened": (409, "an action of the development plan was opened from this alert already"),
    "unknown_course": (422, "no course has that code"),
    "already_awarded": (409, "the person already has this badge for that occasion"),
    "already_revoked": (409, "the award was revoked already"),
    "bad_measure": (422, "a leaderboard ranks by composite, points or badges"),
    "bad_period": (422, "the period is not one the action takes (awards run for a month, e.g. 2026-10)"),
    "not_by_hand": (422, "the badge is awarded by its rule, not by hand"),
    "not_employed": (422, "the person has left; badges go to people who work here"),
    "self_award": (403, "nobody gives themselves a badge"),
    "no_badge": (422, "no badge has that code"),
    "already_on_bench": (409, "the person is already on the bench; change their readiness instead"),
    "no_path_to_position": (422, "the framework has no path from the person's level to the position; a note must "
                                 "say why"),
    "unchanged": (409, "the change asked for is what stands already"),
    "improvement_not_failed": (422, "a demotion or change of post only after an improvement step done and failed"),
    "outcome_not_allowed": (422, "a bottom-rank review ends in a demotion, a change of post or keeping the post"),
    "post_not_reachable": (422, "the post is not at the same or a lower level reachable by the framework"),
    "no_demotion": (422, "the framework has no demotion from the person's level"),
    "same_post": (422, "the person already holds the post"),
    "position_required": (422, "choose the new post"),
    "training_required": (422, "choose the mandatory training"),
    "plan_required": (422, "every person the bottom-rank rule finds needs their own plan"),
    "not_found_by_rule": (422, "a plan names someone the bottom-rank rule does not find in the center"),
    "goal_required": (422, "an improvement plan needs its goal"),
    "note_required": (422, "a note is needed (a bottom-rank review's result, an early-warning alert's acknowledgement)"),
    "move_refused": (422, "the move a decision makes was refused by its requirements or quota"),
    "reassessment_date_past": (422, "the re-assessment date must come after today"),
    "reassessment_not_due": (422, "the re-assessment is not due yet"),
    "invalid_share": (422, "the bottom share lies between 0 and 1"),
    "invalid_date": (422, "not a date; write YYYY-MM-DD"),
    "invalid_box": (422, "performance and potential are each low, medium or high (1–3)"),
    "invalid_risk": (422, "risk and impact of loss are each low, medium or high"),
    "too_new": (422, "the person is too new to rate"),
    "invalid_readiness": (422, "not a readiness of a succession bench"),
    "already_holds_position": (422, "the person already holds the position"),
    "not_a_key_position": ((404, 422), "the position is not a key position of succession planning (404 when named in the path, 422 when named in the body)"),
    # exams
    "attempt_refused": (409, "the exam attempt cannot take this now (submitted, timed out, closed window)"),
    "already_submitted": (409, "the attempt was submitted already"),
    "attempt_over": (409, "the attempt's time is over; the answers saved before the deadline count"),
    "no_attempts_left": (409, "every attempt the exam allows has been used"),
    "no_such_question": (409, "the question is not on this paper"),
    "not_open_yet": (409, "the exam's window has not opened yet"),
    "exam_refused": (422, "the exam cannot be scheduled as asked"),
    "bank_too_small": ((409, 422), "the question bank is too small for the blueprint (422 when scheduling) or for "
                                   "a new paper of a retake (409 when starting it)"),
    "window_closed": ((409, 422), "the exam's window has closed: it can no longer be scheduled (422) or started "
                                  "(409)"),
    "window_backwards": (422, "the exam must close after it opens"),
    "already_scheduled": (422, "the exam is scheduled: its papers are drawn and it no longer changes"),
    "audience_outside_centers": (422, "a trainer's exam is for teams of the centers they serve"),
    "empty_audience": (422, "nobody active is in the exam's audience"),
    "no_blueprint": (422, "the exam has no blueprint"),
    "blueprint_cell_twice": (422, "the blueprint names a topic and difficulty twice"),
    "code_taken": (422, "an exam with the code exists already"),
    "unknown_codes": (422, "unknown level, team or employee codes"),
    "override_target": (422, "an override names one employee or one team"),
    "bad_review_option": (422, "not a value of the exam's review options"),
    "bad_status": (422, "a question can be made ready or retired"),
    "no_wording": (422, "the question has no wording yet"),
    "bad_key": (422, "not a key of the question"),
    "no_key": (422, "a short answer has no key; a trainer grades it"),
    "points_out_of_range": (422, "points between 0 and the question's maximum"),
    "center_not_served": (403, "a key is corrected only for a center the trainer serves"),
    # training
    "not_on_session": (404, "nobody with the employee number is on the session's list (the same for unknown)"),
    "program_not_offered": (404, "no such program is offered to the person"),
    "session_closed": (422, "the session is closed; attendance no longer changes"),
    "unknown_attendance": (422, "not an attendance: present, late, absent or excused"),
}


def codes_description() -> str:
    return "A stable code an integration branches on:\n" + "\n".join(
        f"- `{code}` ({statuses(code)}): {meaning}" for code, (_status, meaning) in ERROR_CODES.items())


def statuses(code: str) -> str:
    """The status(es) a code is answered with, as written in docs/api.md: "409" or "409, 422"."""
    status = ERROR_CODES[code][0]
    return ", ".join(map(str, status)) if isinstance(status, tuple) else str(status)


class ApiErrorItem(Schema):
    """One thing wrong with the request: a field (dotted path, e.g. `records.3.metric`), a line of a file or batch
    (1-based), or neither (the request as a whole)."""

    code: str = Field(..., description="what is wrong, e.g. string_too_long, missing, invalid, unknown_employee")
    field: str | None = Field(None, description="the field (dotted path in the body, or the parameter's name)")
    line: int | None = Field(None, description="the line of the file or the record of the batch, 1-based")
    message: str = Field(..., description="what is wrong and what would be accepted, in the caller's language")


class ApiError(Schema):
    """Every error answer of the API (docs/api.md "Errors")."""

    code: str = Field(..., description="a stable code an integration branches on (listed on ApiError and in "
                                       "docs/api.md)")
    message: str = Field(..., description="what went wrong, in the caller's language (Accept-Language)")
    errors: list[ApiErrorItem] = Field(..., description="each thing wrong, when there are several or by field")


def errors(*statuses: int) -> dict[int, type[ApiError]]:
    """The error statuses of an operation, each answered with ApiError: `response={200: Out, **errors(403, 404)}`."""
    return dict.fromkeys(statuses, ApiError)


def refusal(status: int, code: str, message: str, items=()) -> Status:
    """An error answer returned rather than raised (raising a DomainError answers the same)."""
    return Status(status, error_body(code, message, items))


def domain_refusal(error: DomainError) -> Status:
    """A service's DomainError answered rather than raised (raising it answers the same)."""
    return Status(error.status, domain_error_body(error))


def refused_items(error: ValidationError) -> list[dict]:
    """A django ValidationError's messages as ApiError items (by field when it names fields; code "invalid" unless
    the error gives its own)."""
    if hasattr(error, "error_dict"):
        return [{"code": e.code or "invalid", "field": None if name == "__all__" else name, "message": message}
                for name, field_errors in error.error_dict.items() for e in field_errors for message in e.messages]
    return [{"code": e.code or "invalid", "message": message} for e in error.error_list for message in e.messages]


def rule_refusal(error: ValidationError) -> Status:
    """422 invalid for a service's django ValidationError (raising it answers the same)."""
    items = refused_items(error)
    return refusal(422, "invalid", " ".join(item["message"] for item in items), items)


def _period(text: str, kinds: tuple[str, ...]) -> str:
    period = parse_period(text)  # ValueError (a message for people) becomes a validation error at the field
    if period.kind not in kinds:
        raise ValueError(_("%(value)s is a month; give a quarter such as 2026Q3.") % {"value": text})
    return period.code


# A period as the API takes it: the rule (format, years) is common.calendar.parse_period's; the pattern documents it.
PeriodCode = Annotated[str, Field(max_length=8, pattern=PERIOD_PATTERN, examples=["2026Q3", "2026-07"]),
                       AfterValidator(lambda text: _period(text, (QUARTER, "month")))]
QuarterCode = Annotated[str, Field(max_length=8, pattern=PERIOD_PATTERN, examples=["2026Q3"]),
                        AfterValidator(lambda text: _period(text, (QUARTER,)))]


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)  # clamped to NINJA_PAGINATION_MAX_PER_PAGE_SIZE


class ImportRowErrorOut(ApiErrorItem):
    """A bad row of a file or a batch: the ApiError item (line, field = the column, code, message) with the report's
    own names kept for integrations that read them (column, value, reason)."""

    line: int = Field(..., description="the line of the file (the header is line 1) or the record of the batch")
    column: str
    value: str = Field(..., description="the value as given (at most 200 characters)")
    reason: str

    # A report's row (common.reports.RowError.as_dict) says column and reason; the item's names are derived here.
    @staticmethod
    def resolve_code(row) -> str:
        return _read(row, "code") or "invalid_value"

    @staticmethod
    def resolve_field(row) -> str | None:
        return _read(row, "field") or _read(row, "column") or None

    @staticmethod
    def resolve_message(row) -> str:
        return _read(row, "message") or _read(row, "reason") or ""


def _read(row, name: str):
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)


class ImportErrorKindOut(Schema):
    kind: str = Field(..., description="what went wrong (column: rule); empty for the kinds past the first 50")
    count: int


class ImportReportBase(Schema):
    """The row report every file import's API answers (common.reports.ImportReport.as_dict); each import names
    its own subclass (one OpenAPI name each), and its rejection a subclass of that and ApiError."""

    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    stored: bool = False
    error_count: int = Field(0, description="every error found; `errors` lists the first 1,000")
    errors_by_kind: list[ImportErrorKindOut] = []
    error_file_url: str = Field("", description="the full list of errors as XLSX (GET with the same credentials)")
    errors: list[ImportRowErrorOut] = []


class ImportRejectedBase(ApiError):
    """The ApiError part of an import's rejection: each app's `…RejectedOut(ImportRejectedBase, …ReportOut)` adds
    its report's fields."""

    errors: list[ImportRowErrorOut] = Field(..., description="the first 1,000 bad rows, each an ApiError item")


def rejected_body(report: dict) -> dict:
    """A rejected import's answer: the ApiError fields (code import_rejected, a message counting the errors) and the
    report's own fields."""
    count = report.get("error_count") or len(report.get("errors", []))
    return {**report, "code": "import_rejected",
            "message": _("Nothing was stored: %(count)s errors were found. Correct the rows named in `errors` (the "
                         "full list: error_file_url) and send the whole file again.") % {"count": count}}


def import_answer(file, run_import) -> Status:
    """The answer to a file import's upload: `run_import()` gives the report (or an answer of its own, such as 202
    for a background import), answered 200 when stored and 422 import_rejected with the bad rows when not; a file
    that cannot be read is 422 upload_rejected naming it; another import of the kind running is 409 import_busy."""
    try:
        result = run_import()
    except ImportBusy as busy:
        return refusal(409, "import_busy", str(busy))
    except UploadRejected as exc:
        row = {"code": "upload_rejected", "field": "file", "line": 0, "message": str(exc), "column": "",
               "value": (file.name or "")[:200], "reason": str(exc)}
        return Status(422, {**error_body("upload_rejected", str(exc), [row]), "error_count": 1})
    if isinstance(result, Status):
        return result
    return Status(200, result.as_dict()) if result.stored else Status(422, rejected_body(result.as_dict()))


def max_length_of(model, name: str) -> int:
    """The longest text the model's field stores: its max_length, or TEXT_MAX_LENGTH for a TextField (which has
    none in the database): the limit an input schema declares for it."""
    return model._meta.get_field(name).max_length or TEXT_MAX_LENGTH

