"""Promotion round pages (thin: parse, call talent.rounds, render). Deciders (HR, managers) open rounds, move
them and decide; team leaders nominate and recommend for their own team."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from agentpath.accounts import scoping
from agentpath.accounts.models import Role

from . import round_selectors as selectors
from . import rounds
from .forms import DecisionForm, NominationForm, OpenRoundForm, RecommendationForm


def _list(request, form, status=200):
    return render(request, "talent/round_list.html", {
        "rounds": selectors.rounds_for(request.user), "form": form, "nav_active": "rounds"}, status=status)


@require_safe
@login_required
def round_list(request):
    if scoping.talent_center_ids_for(request.user) == []:
        raise Http404
    centers = selectors.centers_to_open(request.user)
    return _list(request, OpenRoundForm(centers) if scoping.can_decide_talent(request.user) else None)


@require_POST
@login_required
def round_open(request):
    if not scoping.can_decide_talent(request.user):
        raise Http404
    form = OpenRoundForm(selectors.centers_to_open(request.user), request.POST)
    if form.is_valid():
        try:
            rnd = rounds.open_round(center=form.cleaned_data["center"], period=form.cleaned_data["period"],
                                    effective_date=form.cleaned_data["effective_date"], quotas=form.quotas(),
                                    by=request.user, kind=form.cleaned_data["kind"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("talent:round-detail", rnd.pk)
    return _list(request, form)


@require_safe
@login_required
def round_detail(request, pk):
    data = selectors.round_page(request.user, pk)
    rnd = data["round"]
    can_decide = scoping.can_decide_talent(request.user)
    return render(request, "talent/round_detail.html", {
        **data, "nav_active": "rounds", "can_decide": can_decide,
        "action_names": rounds.action_names(),
        "can_nominate": rnd.state == rnd.State.OPEN and request.user.role in (Role.TEAM_LEADER, Role.CENTER_MANAGER,
                                                                            Role.HR_ADMIN),
        "nomination_form": NominationForm(selectors.nominable_for(request.user, rnd)),
        "decision_choices": DecisionForm.base_fields["decision"].choices,
        "recommendation_choices": RecommendationForm.base_fields["recommendation"].choices,
    })


def _back(request, pk, error=None):
    if error is not None:
        for message in error.messages:
            messages.error(request, message)
    return redirect("talent:round-detail", pk)


def _apply(request, pk, action):
    """Take one action on the round and come back to it, the rule's refusal shown as messages."""
    try:
        action()
    except ValidationError as error:
        return _back(request, pk, error)
    return _back(request, pk)


def _round_to_decide(request, pk):
    """The round, for the deciders' actions: out of scope 404, and 404 for a team leader who sees it."""
    rnd = selectors.round_for(request.user, pk)
    if not scoping.can_decide_talent(request.user):
        raise Http404
    return rnd


@require_POST
@login_required
def round_action(request, pk):
    rnd = _round_to_decide(request, pk)
    return _apply(request, pk, lambda: rounds.apply_round_action(rnd, request.POST.get("action", ""), request.user))


@require_POST
@login_required
def round_decide(request, pk):
    rnd = _round_to_decide(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _back(request, pk, ValidationError(_form_errors(form)))
    candidate = selectors.candidate_for(request.user, rnd, form.cleaned_data["candidate"])
    return _apply(request, pk, lambda: rounds.decide(rnd, candidate, request.user, form.cleaned_data["decision"],
                                                     form.cleaned_data["reason"]))


@require_POST
@login_required
def round_recommend(request, pk):
    rnd = selectors.round_for(request.user, pk)
    role = request.user.role
    if role not in (Role.TEAM_LEADER, Role.CENTER_MANAGER) and not request.user.is_superuser:
        raise Http404
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        return _back(request, pk, ValidationError(_form_errors(form)))
    candidate = selectors.candidate_for(request.user, rnd, form.cleaned_data["candidate"])
    return _apply(request, pk, lambda: rounds.recommend(rnd, candidate, request.user,
                                                        form.cleaned_data["recommendation"], form.cleaned_data["note"],
                                                        as_manager=role != Role.TEAM_LEADER))


@require_POST
@login_required
def round_nominate(request, pk):
    rnd = selectors.round_for(request.user, pk)
    if request.user.role not in (Role.TEAM_LEADER, Role.CENTER_MANAGER, Role.HR_ADMIN):
        raise Http404
    form = NominationForm(selectors.nominable_for(request.user, rnd), request.POST)
    if not form.is_valid():
        return _back(request, pk, ValidationError(_form_errors(form)))
    return _apply(request, pk, lambda: rounds.nominate(rnd, form.cleaned_data["employee"],
                                                       form.cleaned_data["to_level"], request.user,
                                                       form.cleaned_data["reason"]))


def _form_errors(form) -> list[str]:
    return [f"{form[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items()]
