"""Refusals of business actions, raised by services and answered alike by pages, the API and the CLI.

Each carries a stable `code` an integration can branch on (listed in docs/api.md), the HTTP `status` the API
answers with, a message for people (already translated), and optionally item errors
`[{"code", "field"?, "line"?, "message"}]`. Pages show the message; the API answers the shared ApiError body;
the CLI prints the message and exits 1.
"""


class DomainError(Exception):
    status = 422
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None,
                 errors: list[dict] | None = None):
        super().__init__(message)
        self.message = str(message)
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.errors = list(errors or [])


class Invalid(DomainError):
    """The request names something the rules do not allow (422)."""

    status = 422
    code = "invalid"


class Forbidden(DomainError):
    """The actor may not do this (403): e.g. deciding on oneself or on one's own nomination."""

    status = 403
    code = "forbidden"


class NotFound(DomainError):
    """Nothing the actor may see answers to this (404; the same for 'out of scope' and 'does not exist')."""

    status = 404
    code = "not_found"


class Conflict(DomainError):
    """The state changed under the request, or the question was already decided (409)."""

    status = 409
    code = "conflict"


# The code an answer carries when nothing more particular was raised (docs/api.md lists every code).
STATUS_CODES = {400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
                429: "too_many_requests", 500: "server_error"}


def error_body(code: str, message: str, errors=()) -> dict:
    """The one error shape of the API: {code, message, errors: [{code, field?, line?, message}]}."""
    return {"code": code, "message": str(message), "errors": [dict(item) for item in errors]}


def domain_error_body(exc: DomainError) -> dict:
    return error_body(exc.code, exc.message, exc.errors)
