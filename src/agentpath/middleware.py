"""Requests are checked before any view (or the CSRF check) reads them: a body that cannot be read or is too large
answers a clear 400 or 413, text with a NUL character (which PostgreSQL cannot store or compare) 400 on pages and
422 in the API, never a 500. The API's batch endpoints get their own, larger size limit."""
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")  # \u0000 in JSON text, not an escaped backslash + "u0000"


def mebibytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def body_too_large(size: int, limit: int) -> str:
    return _("The request body is %(size)s MiB; at most %(limit)s MiB is accepted here. "
             "Send the data in smaller parts.") % {"size": mebibytes(size), "limit": mebibytes(limit)}


def refusal(request, message: str, status: int) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def nul_refusal(request) -> HttpResponse:
    return refusal(request, _("The request contains a NUL character (\\u0000), which no text here may contain."),
                   422 if request.path_info.startswith("/api/") else 400)


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
        return self.get_response(request)

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
