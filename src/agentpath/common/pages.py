"""How a page answers a service's refusal of who may act or of what exists: with the status the API gives the same
refusal (issue 17). Forbidden is the 403 page with the refusal's message, NotFound the 404 page; a refusal of the
rule itself (422, 409) is the page's own business (a message on the form it came from)."""
import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .errors import DomainError, Forbidden, NotFound


def _as_page_error(error: DomainError) -> Exception | None:
    """The error page for a refusal of who may act (403) or of what exists (404); None for any other refusal."""
    if error.status == Forbidden.status:
        return PermissionDenied(error.message)
    if error.status == NotFound.status:
        return Http404(error.message)
    return None


def answers_refusals(view):
    """A page view whose refusals of who may act and of what exists answer 403 and 404, as the API answers them."""
    @functools.wraps(view)
    def page(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DomainError as refused:
            page_error = _as_page_error(refused)
            if page_error is None:
                raise
            raise page_error from None
    return page


def show_refusal(request, error: DomainError) -> None:
    """A refusal of the rule (422, 409) as a message on the page the user goes back to; a refusal of who may act
    (403) or of what exists (404) answers its status, as the API does."""
    page_error = _as_page_error(error)
    if page_error is not None:
        raise page_error from None
    messages.error(request, error.message)
