"""Requests are checked before any view (or the CSRF check) reads them: a body that cannot be read or is too large
answers a clear 400 or 413, text with a NUL character (which PostgreSQL cannot store or compare) 400 on pages and
422 in the API, never a 500. The API's batch endpoints get their own, larger size limit. Under /api/ every refusal,
and every error answer Django gives itself (an unknown address 404, a wrong method 405, a CSRF 403), has the API's
one error shape (common.errors.error_body)."""
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from agentpath.common.errors import STATUS_CODES, error_body

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")  # \u0000 in JSON text, not an escaped backslash + "u0000"


def mebibytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def body_too_large(size: int, limit: int) -> str:
    return _("The request body is %(size)s MiB; at most %(limit)s MiB is accepted here. "
             "Send the data in smaller parts.") % {"size": mebibytes(size), "limit": mebibytes(limit)}


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(error_body(code, message), status=status, json_dumps_params={"ensure_ascii": False})


def refusal(request, message: str, status: int, code: str | None = None) -> HttpResponse:
    if is_api(request):
        return api_error(status, code or STATUS_CODES[status], message)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def nul_refusal(request) -> HttpResponse:
    return refusal(request, _("The request contains a NUL character (\\u0000), which no text here may contain."),
                   422 if is_api(request) else 400, code="nul_character")


# Django's own error answers under /api/ (no route matched, a method the route does not take, a server error when
# DEBUG is off), said in the API's shape.
DJANGO_ERRORS = {
    403: lambda: _("You may not do this."),
    404: lambda: _("Nothing here answers to this address, or it is not in your scope."),
    405: lambda: _("This address does not take this method."),
    500: lambda: _("The server failed to answer; the error was logged. Send the request again later."),
}


def in_api_shape(request, response: HttpResponse) -> HttpResponse:
    if (not is_api(request) or response.status_code < 400 or response.get("Content-Type", "").startswith(
            "application/json") or (response.status_code >= 500 and settings.DEBUG)):
        return response  # with DEBUG on, a server error keeps Django's page with its traceback
    status = response.status_code
    message = DJANGO_ERRORS.get(status, lambda: response.reason_phrase)()
    shaped = api_error(status, STATUS_CODES.get(status, "server_error" if status >= 500 else "bad_request"),
                       message)
    if "Allow" in response:
        shaped["Allow"] = response["Allow"]
    return shaped


class RequestGuard:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.nul_in_address(request)
        if problem is None and request.method in ("POST", "PUT", "PATCH"):
            problem = (self.read_batch(request) if request.path_info in settings.API_BATCH_PATHS
                       else self.read_form(request))
            if problem is None and request.content_type == "application/json":
                problem = self.nul_in_json(request)
        if problem is not None:
            return problem
        return in_api_shape(request, self.get_response(request))

    @staticmethod
    def nul_in_address(request):
        texts = [request.path_info, *(t for key, values in request.GET.lists() for t in (key, *values))]
        if any("\x00" in text for text in texts):
            return nul_refusal(request)
        return None

    @staticmethod
    def nul_in_json(request):
        if "HTTP_AUTHORIZATION" not in request.META and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # anonymous: the API answers 401 without reading the body
        return nul_refusal(request) if JSON_NUL.search(request.body) else None

    @staticmethod
    def read_batch(request):
        """A JSON batch of up to 100,000 records is larger than Django's request limit (meant for forms)."""
        if "HTTP_AUTHORIZATION" not in request.META and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # anonymous: the API answers 401 without reading the body, so don't buffer it here
        size, limit = int(request.META.get("CONTENT_LENGTH") or 0), settings.API_BATCH_MAX_BYTES
        if size > limit:
            return refusal(request, body_too_large(size, limit), 413)
        # Read it here under this endpoint's own limit; request.body then returns it (Django's property would
        # apply DATA_UPLOAD_MAX_MEMORY_SIZE).
        request._body = request.read()
        return None

    @staticmethod
    def read_form(request):
        if not request.content_type.startswith(FORM_TYPES):
            size, limit = int(request.META.get("CONTENT_LENGTH") or 0), settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return refusal(request, body_too_large(size, limit), 413) if limit and size > limit else None
        try:
            request.POST  # noqa: B018  parse now: a broken form must not reach a view half-read
        except MultiPartParserError:
            return refusal(request, _("The upload could not be read: it is not a valid multipart form (a boundary "
                                      "is missing or wrong). Send the file as multipart/form-data, as a browser "
                                      "form does."), 400)
        except RequestDataTooBig:
            return refusal(request, body_too_large(int(request.META.get("CONTENT_LENGTH") or 0),
                                                   settings.DATA_UPLOAD_MAX_MEMORY_SIZE), 413)
        except (TooManyFieldsSent, TooManyFilesSent):
            return refusal(request, _("The form has too many fields or files."), 400)
        return None
