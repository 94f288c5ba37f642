"""Pieces every API router shares: the error body, one-line text and a page-number pagination with bounded pages."""
from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000  # far past any workforce; a larger number would overflow the database's OFFSET
# One line of text: no control characters (line breaks, tabs, NUL), which no code, number or date contains.
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
OneLineText = Annotated[str, Field(pattern=ONE_LINE)]


class ApiError(Schema):
    """Every error answer: a message for people, and for request-validation errors the details by field."""

    detail: str = Field(..., description="what went wrong, in the caller's language")
    errors: list[dict[str, Any]] | None = Field(None, description="request-validation errors: type, loc, msg")


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)  # clamped to NINJA_PAGINATION_MAX_PER_PAGE_SIZE
