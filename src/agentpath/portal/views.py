from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agentpath.accounts.models import Role

from . import home as cards


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
