"""The JSON API under /api/v1/, assembled from each app's router. OpenAPI at /api/v1/openapi.json."""
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from agentpath.accounts.auth import api_auth
from agentpath.api_common import ApiError
from agentpath.careers.api import router as careers_router
from agentpath.development.api import router as development_router
from agentpath.exams.api import router as exams_router
from agentpath.learning.api import router as learning_router
from agentpath.middleware import body_too_large
from agentpath.org.api import router as org_router
from agentpath.performance.api import router as performance_router
from agentpath.talent.api import router as talent_router

# Answers that come from the API's shared machinery rather than from an operation: declared here, once, for every
# operation they can reach, so that the OpenAPI document lists every status an operation returns.
SHARED_RESPONSES = {
    401: "Not signed in and no valid bearer token.",  # every operation
    422: "The request does not match the schema (errors by field).",  # operations with parameters or a body
    400: "The body could not be read (not JSON, or a multipart form without boundary).",  # with a body
    413: "The request body is larger than this operation accepts.",  # with a body
}


class AgentPathAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error_schema = ApiError.model_json_schema(ref_template="#/components/schemas/{model}")
        schema.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = error_schema
        for operations in schema["paths"].values():
            for operation in operations.values():
                _declare_shared_responses(operation)
        return schema


def _declare_shared_responses(operation: dict) -> None:
    body = operation.get("requestBody", {}).get("content", {})
    applies = {401: True, 422: bool(operation.get("parameters") or body),
               400: bool(body), 413: bool(body)}
    error = {"$ref": "#/components/schemas/ApiError"}
    for status, description in SHARED_RESPONSES.items():
        if not applies[status]:
            continue
        declared = operation["responses"].get(status)
        if declared is None:
            operation["responses"][status] = {"description": description,
                                              "content": {"application/json": {"schema": error}}}
            continue
        content = declared["content"]["application/json"]
        if content["schema"] != error:  # the operation's own body for this status, or a shared error
            content["schema"] = {"anyOf": [content["schema"], error]}


api = AgentPathAPI(
    title="AgentPath API",
    version="1",
    description="Career development and talent management for contact-center staff (坐席职途).",
    auth=api_auth,
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return api.create_response(request, {"detail": _("Sign in or send a valid bearer token.")}, status=401)


def _validation_detail(errors: list[dict]) -> str:
    too_many = next((e for e in errors if e.get("type") == "too_long" and e["loc"][-1:] == ("records",)), None)
    if too_many is not None:
        return _("A batch holds at most %(limit)s records; this one has %(count)s. Send it in smaller batches.") % {
            "limit": too_many["ctx"]["max_length"], "count": too_many["ctx"]["actual_length"]}
    return _("The request is not valid.")


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": _validation_detail(exc.errors), "errors": exc.errors},
                               status=422)


@api.exception_handler(RequestDataTooBig)
def too_large(request, exc):
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    return api.create_response(request, {"detail": body_too_large(size, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
                               status=413)


def _register_routers():
    api.add_router("/framework", careers_router, tags=["framework"])
    api.add_router("/", org_router, tags=["employees"])
    api.add_router("/", talent_router, tags=["path"])
    api.add_router("/kpi", performance_router, tags=["kpi"])
    api.add_router("/exams", exams_router, tags=["exams"])
    api.add_router("/training", learning_router, tags=["training"])
    api.add_router("/development", development_router, tags=["development"])


_register_routers()
