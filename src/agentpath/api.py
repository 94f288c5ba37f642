"""The JSON API under /api/v1/, assembled from each app's router. OpenAPI at /api/v1/openapi.json."""
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from agentpath.accounts.auth import api_auth

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


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": _("The request is not valid."), "errors": exc.errors},
                               status=422)


def _register_routers():
    from agentpath.careers.api import router as careers_router
    from agentpath.development.api import router as development_router
    from agentpath.org.api import router as org_router
    from agentpath.performance.api import router as performance_router
    from agentpath.talent.api import router as talent_router

    api.add_router("/framework", careers_router, tags=["framework"])
    api.add_router("/", org_router, tags=["employees"])
    api.add_router("/", talent_router, tags=["path"])
    api.add_router("/kpi", performance_router, tags=["kpi"])
    api.add_router("/development", development_router, tags=["development"])


_register_routers()
