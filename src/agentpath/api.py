"""The JSON API under /api/v1/, assembled from each app's router. OpenAPI at /api/v1/openapi.json."""
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from agentpath.accounts.auth import api_auth
from agentpath.middleware import body_too_large

api = NinjaAPI(
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
            "limit": settings.API_BATCH_MAX_RECORDS, "count": too_many["ctx"]["actual_length"]}
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
    from agentpath.careers.api import router as careers_router
    from agentpath.org.api import router as org_router
    from agentpath.performance.api import router as performance_router
    from agentpath.talent.api import router as talent_router

    api.add_router("/framework", careers_router, tags=["framework"])
    api.add_router("/", org_router, tags=["employees"])
    api.add_router("/", talent_router, tags=["path"])
    api.add_router("/kpi", performance_router, tags=["kpi"])


_register_routers()
