"""Pieces every API router shares: the error body, one-line text, a page-number pagination with bounded pages and
the row report of a file import."""
from typing import Annotated, Any

from ninja import Field, Schema, Status
from ninja.pagination import PageNumberPagination

from agentpath.common.import_guard import ImportBusy
from agentpath.common.spreadsheets import UploadRejected

MAX_PAGE = 1_000_000  # far past any workforce; a larger number would overflow the database's OFFSET
# One line of text: no control characters (line breaks, tabs, NUL), which no code, number or date contains.
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
OneLineText = Annotated[str, Field(pattern=ONE_LINE)]


class ApiError(Schema):
    """Every error answer: a message for people, and for request-validation errors the details by field."""

    detail: str = Field(..., description="what went wrong, in the caller's language")
    code: str | None = Field(None, description="a stable code to branch on (common.errors), e.g. already_decided")
    message: str | None = Field(None, description="the same message as detail")
    errors: list[dict[str, Any]] | None = Field(None, description="request-validation errors: type, loc, msg; a "
                                                                  "refusal's items: code, line?, message")


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)  # clamped to NINJA_PAGINATION_MAX_PER_PAGE_SIZE


class ImportRowErrorOut(Schema):
    line: int
    column: str
    value: str
    reason: str


class ImportErrorKindOut(Schema):
    kind: str = Field(..., description="what went wrong (column: rule); empty for the kinds past the first 50")
    count: int


class ImportReportBase(Schema):
    """The row report every file import's API answers (common.reports.ImportReport.as_dict); each import names
    its own subclass (one OpenAPI name each)."""

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
    detail: str | None = None


def import_answer(file, run_import) -> Status:
    """The answer to a file import's upload: `run_import()` gives the report (or an answer of its own, such as 202
    for a background import), answered 200 when stored and 422 with the bad rows when not; a file that cannot be
    read is 422 naming it; another import of the kind running is 409."""
    try:
        result = run_import()
    except ImportBusy as busy:
        return Status(409, {"detail": str(busy)})
    except UploadRejected as exc:
        return Status(422, {"detail": str(exc), "error_count": 1,
                            "errors": [{"line": 0, "column": "", "value": file.name or "", "reason": str(exc)}]})
    return result if isinstance(result, Status) else Status(200 if result.stored else 422, result.as_dict())
