import math

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import home as cards
from .models import Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_safe
@login_required
def home(request):
    """Each role's working surface: an agent's next step, a team at a glance, a center's figures."""
    user = request.user
    context = {"nav_active": "home"}
    if cards.is_center_role(user):
        context.update(cards.center_cards(user, request.GET.get("center")), kind="center")
    elif user.role == Role.TEAM_LEADER and user.employee_id:
        context.update(cards.team_leader_cards(user), kind="team")
    elif user.employee_id:
        context.update(cards.agent_cards(user), kind="agent")
    else:
        context["kind"] = "none"
    return render(request, "home.html", context)


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers (on /login/ and /admin/login/) while a username is locked at an address."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
