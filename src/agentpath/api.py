"""The JSON API under /api/v1/, assembled from each app's router. OpenAPI at /api/v1/openapi.json.

Every error answer has one shape, ApiError {code, message, errors: [{code, field?, line?, message}]} (api_common):
the handlers below give it to a DomainError a service raises, to django's ValidationError, PermissionDenied and
Http404, to ninja's HttpError and request-validation errors; agentpath.middleware gives it to Django's own 404, 405
and 403 under /api/."""
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from agentpath.accounts.auth import api_auth
from agentpath.analytics.api import router as analytics_router
from agentpath.api_common import ApiError, ApiErrorItem, codes_description, refused_items
from agentpath.careers.api import router as careers_router
from agentpath.common.errors import STATUS_CODES, DomainError, domain_error_body, error_body
from agentpath.development.api import router as development_router
from agentpath.exams.api import router as exams_router
from agentpath.inbox.api import router as inbox_router
from agentpath.learning.api import router as learning_router
from agentpath.middleware import body_too_large
from agentpath.org.api import router as org_router
from agentpath.performance.api import router as performance_router
from agentpath.recognition.api import router as recognition_router
from agentpath.talent.api import router as talent_router

# Answers that come from the API's shared machinery rather than from an operation: declared here, once, for every
# operation they can reach, so that the OpenAPI document lists every status an operation returns.
SHARED_RESPONSES = {
    401: "Not signed in and no valid bearer token (not_authenticated).",  # every operation
    422: "The request does not match the schema (validation_error, each field in `errors`).",  # with parameters
    400: "The body could not be read (bad_request: not JSON, or a multipart form without boundary).",  # with a body
    413: "The request body is larger than this operation accepts (too_large).",  # with a body
}
SCHEMAS = "#/components/schemas/"


class AgentPathAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (ApiError, ApiErrorItem):
            components[model.__name__] = model.model_json_schema(ref_template=SCHEMAS + "{model}")
        components["ApiError"].pop("$defs", None)
        components["ApiError"]["properties"]["code"]["description"] = codes_description()
        for operations in schema["paths"].values():
            for operation in operations.values():
                _declare_shared_responses(operation)
        return schema


def _declare_shared_responses(operation: dict) -> None:
    body = operation.get("requestBody", {}).get("content", {})
    applies = {401: True, 422: bool(operation.get("parameters") or body),
               400: bool(body), 413: bool(body)}
    error = {"$ref": SCHEMAS + "ApiError"}
    for status, description in SHARED_RESPONSES.items():
        if not applies[status]:
            continue
        declared = operation["responses"].get(status)
        if declared is None:
            operation["responses"][status] = {"description": description,
                                              "content": {"application/json": {"schema": error}}}
            continue
        content = declared["content"]["application/json"]
        if content["schema"] != error:  # the operation's own body for this status (extending ApiError), or ApiError
            content["schema"] = {"anyOf": [content["schema"], error]}


api = AgentPathAPI(
    title="AgentPath API",
    version="1",
    description="Career development and talent management for contact-center staff (坐席职途). Every error answer "
                "is an ApiError {code, message, errors}; the codes are listed on ApiError.code and in docs/api.md.",
    auth=api_auth,
    urls_namespace="api",
)


def answer(request, status: int, code: str, message: str, items=()):
    return api.create_response(request, error_body(code, message, items), status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, domain_error_body(exc), status=exc.status)


@api.exception_handler(DjangoValidationError)
def rule_refused(request, exc: DjangoValidationError):
    """A service's django ValidationError: 422 invalid, one item per message (by field when it names fields)."""
    items = refused_items(exc)
    return answer(request, 422, "invalid", " ".join(item["message"] for item in items), items)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    return answer(request, 403, "forbidden", str(exc) or _("You may not do this."))


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return answer(request, 404, "not_found", _("Nothing here answers to this address, or it is not in your scope."))


CSRF_FAILED = "CSRF check Failed"  # ninja's SessionAuth raises HttpError(403) with this text


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if isinstance(exc, AuthenticationError):
        return answer(request, 401, "not_authenticated", _("Sign in or send a valid bearer token."))
    if exc.status_code == 403 and exc.message == CSRF_FAILED:
        return answer(request, 403, "csrf_failed", _("A signed-in session's write needs its CSRF token (the "
                                                     "X-CSRFToken header); integrations send a bearer token."))
    return answer(request, exc.status_code, STATUS_CODES.get(exc.status_code, "invalid"), exc.message)


# What pydantic puts in a location for the member of a union that failed (value: float | str gives "float" and
# "constrained-str"): not fields. A field named like one (date, list) is kept: only these plain names are dropped.
UNION_TAGS = {"float", "int", "str", "bool", "none"}
VALIDATOR_TAG = re.compile(r"^(constrained|function|lax|json|is|tagged|nullable|default|union)-|\[")


def field_of(location) -> str | None:
    """The dotted field of a request-validation error: the body's fields without the body parameter's name
    (records.3.metric), a parameter by its name (page)."""
    source, *rest = location
    if source == "body" and len(rest) > 1:
        rest = rest[1:]
    parts = [str(part) for part in rest
             if not (isinstance(part, str) and (part in UNION_TAGS or VALIDATOR_TAG.search(part)))]
    return ".".join(parts) or None


def _validation_message(errors: list[dict]) -> str:
    too_many = next((e for e in errors if e.get("type") == "too_long" and e["loc"][-1:] == ("records",)), None)
    if too_many is not None:
        return _("A batch holds at most %(limit)s records; this one has %(count)s. Send it in smaller batches.") % {
            "limit": too_many["ctx"]["max_length"], "count": too_many["ctx"]["actual_length"]}
    return _("The request does not match the schema; `errors` names each field (%(count)s).") % {
        "count": len(errors)}


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    items = [{"code": error["type"], "field": field_of(error["loc"]), "message": error["msg"]}
             for error in exc.errors]
    return answer(request, 422, "validation_error", _validation_message(exc.errors), items)


@api.exception_handler(RequestDataTooBig)
def too_large(request, exc):
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    return answer(request, 413, "too_large", body_too_large(size, settings.DATA_UPLOAD_MAX_MEMORY_SIZE))


def _register_routers():
    api.add_router("/framework", careers_router, tags=["framework"])
    api.add_router("/", org_router, tags=["employees"])
    api.add_router("/", talent_router, tags=["path"])
    api.add_router("/kpi", performance_router, tags=["kpi"])
    api.add_router("/exams", exams_router, tags=["exams"])
    api.add_router("/training", learning_router, tags=["training"])
    api.add_router("/development", development_router, tags=["development"])
    api.add_router("/recognition", recognition_router, tags=["recognition"])
    api.add_router("/analytics", analytics_router, tags=["analytics"])
    api.add_router("/inbox", inbox_router, tags=["inbox"])


_register_routers()
