"""How a page answers a service's refusal of who may act or of what exists: with the status the API gives the same
refusal (issue 17). Forbidden is the 403 page with the refusal's message, NotFound the 404 page; a refusal of the
rule itself (422, 409) is the page's own business (a message on the form it came from)."""
import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .errors import DomainError, Forbidden, NotFound


def answers_refusals(view):
    """A page view whose Forbidden and NotFound refusals answer 403 and 404, as the API answers them."""
    @functools.wraps(view)
    def page(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Forbidden as refused:
            raise PermissionDenied(refused.message) from None
        except NotFound as refused:
            raise Http404(refused.message) from None
    return page


def show_refusal(request, error: DomainError) -> None:
    """A refusal of the rule (422, 409) as a message on the page the user goes back to; a refusal of who may act
    (403) or of what exists (404) answers its status, as the API does."""
    if isinstance(error, Forbidden):
        raise PermissionDenied(error.message) from None
    if isinstance(error, NotFound):
        raise Http404(error.message) from None
    messages.error(request, error.message)
