import math

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from agentpath.common.errors import NotFound

from . import services, signin


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def minutes_text(until) -> str:
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers (on /login/ and /admin/login/) while this browser may not sign in to the username:
    429, saying whether the unknown browsers of the account or this known browser are paused, and for how long."""
    client, until = signin.lockout_of(request, credentials)
    until = until or timezone.now()
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return render(request, "accounts/locked_out.html", {
        "known_browser": client.startswith(signin.DEVICE_PREFIX), "wait": minutes_text(until), "until": until,
        "username": username}, status=429)


def hr_only(user):
    if not services.can_lift_lockouts(user):
        raise Http404


@require_safe
@login_required
def lockouts(request):
    """HR: who cannot sign in now, from which kind of browser, since how many failures, until when."""
    hr_only(request.user)
    return render(request, "accounts/lockouts.html", {"rows": signin.lockouts_with_people(), "nav_active": "sign-in-lockouts"})


@require_POST
@login_required
def lift_lockout(request):
    hr_only(request.user)
    username = request.POST.get("username", "")
    try:
        lifted = services.unlock_sign_in([username], by=request.user)
    except NotFound:
        raise Http404 from None
    if lifted:
        messages.success(request, _("The sign-in lockout of %(username)s is lifted.") % {"username": username})
    else:
        messages.info(request, _("%(username)s is not locked out.") % {"username": username})
    return redirect("sign-in-lockouts")
