"""The inbox page: every item of the signed-in user, newest first, unread ones marked; marking one (and opening
its page) or all read. Only one's own items: another's id answers 404 like one that does not exist."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from agentpath.common.errors import NotFound

from . import selectors, services

PAGE_SIZE = 30


@require_safe
@login_required
def inbox(request):
    page = Paginator(selectors.items_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inbox/inbox.html", {"page": page, "nav_active": "inbox"})


@require_POST
@login_required
def mark_read(request, item_id: int):
    """Marks the item read; with open=1, goes on to the page the item links to (the item's own link)."""
    try:
        item = services.mark_read(user=request.user, item_id=item_id)
    except NotFound:
        raise Http404 from None
    if request.POST.get("open") and item.url and url_has_allowed_host_and_scheme(
            item.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(item.url)
    return redirect(_back(request))


@require_POST
@login_required
def mark_all_read(request):
    marked = services.mark_all_read(user=request.user)
    messages.success(request, ngettext("%(n)s item marked read.", "%(n)s items marked read.", marked)
                     % {"n": marked} if marked else _("Nothing unread."))
    return redirect(_back(request))


def _back(request) -> str:
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return back
    return reverse("inbox:list")
