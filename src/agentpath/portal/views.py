from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agentpath.accounts.models import Role

from . import home as cards


@require_safe
@login_required
def home(request):
    """Each role's working surface: an agent's next step, a team at a glance, a center's figures, QA's evaluations
    and imports, a trainer's sessions, grading queue and trainees."""
    user = request.user
    context = {"nav_active": "home"}
    if user.role == Role.QA and not user.is_superuser:
        context.update(cards.qa_cards(user), kind="qa")
    elif user.role == Role.TRAINER and not user.is_superuser:
        context.update(cards.trainer_cards(user), kind="trainer")
    elif cards.is_center_role(user):
        context.update(cards.center_cards(user, request.GET.get("center")), kind="center")
    elif user.role == Role.TEAM_LEADER and user.employee_id:
        context.update(cards.team_leader_cards(user), kind="team")
    elif user.employee_id:
        context.update(cards.agent_cards(user), kind="agent")
    else:
        context["kind"] = "none"
    return render(request, "home.html", context)
