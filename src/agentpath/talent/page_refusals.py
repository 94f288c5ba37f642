"""How talent pages answer a service's refusal (common.errors): with the status the API gives the same refusal
(issue 17). Out of scope or nonexistent is 404; anything else shows its message on the page the form came from,
answered with the refusal's status (403 who may act, 422 the rule, 409 a state that changed or a question
already decided)."""
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from agentpath.common.errors import DomainError


def answer(request, error: DomainError, page: Callable[[], HttpResponse]) -> HttpResponse:
    """Answer `error` for a page POST: `page()` renders the page the form came from, with the message."""
    if error.status == 404:
        raise Http404(error.message)
    messages.error(request, error.message)
    try:
        response = page()
    except DomainError:  # the page itself is not the user's (a refusal of who may act): the error page
        raise PermissionDenied(error.message) from None
    response.status_code = error.status
    return response
