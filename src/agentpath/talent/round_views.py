from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from agentpath.common.errors import DomainError, Invalid
from agentpath.org import scoping

from . import duties, rounds
from . import round_selectors as selectors
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
    try:
        rounds.check_decider(request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return _list(request, None, status=error.status)
    form = OpenRoundForm(selectors.centers_to_open(request.user), request.POST)
    if form.is_valid():
        try:
            rnd = rounds.open_round(center=form.cleaned_data["center"], period=form.cleaned_data["period"],
                                    effective_date=form.cleaned_data["effective_date"], quotas=form.quotas(),
                                    by=request.user, kind=form.cleaned_data["kind"])
        except DomainError as error:
            form.add_error(None, error.message)
            return _list(request, form, status=error.status)
        else:
            return redirect("talent:round-detail", rnd.pk)
    return _list(request, form, status=422)


def _detail(request, pk, status=200):
    data = selectors.round_page(request.user, pk)
    rnd = data["round"]
    user = request.user
    return render(request, "talent/round_detail.html", {
        **data, "nav_active": "rounds", "can_decide": scoping.can_decide_talent(user),
        "action_names": rounds.action_names(),
        "can_nominate": rnd.state == rnd.State.OPEN and (user.is_superuser or user.role in duties.ROLES[duties.NOMINATE]),
        "can_recommend": user.is_superuser or user.role in duties.ROLES[duties.RECOMMEND],
        "nomination_form": NominationForm(selectors.nominable_for(user, rnd)),
        "decision_choices": DecisionForm.base_fields["decision"].choices,
        "recommendation_choices": RecommendationForm.base_fields["recommendation"].choices,
    }, status=status)


@require_safe
@login_required
def round_detail(request, pk):
    return _detail(request, pk)


def _apply(request, pk, action):
    """Take one action on the round: done, back to the round; refused by its rule, the round page with the
    refusal's message and the refusal's status (the same as the API's for the same refusal)."""
    try:
        action()
    except DomainError as error:
        for item in error.errors or [{"message": error.message}]:
            messages.error(request, item["message"])
        return _detail(request, pk, status=error.status)
    return redirect("talent:round-detail", pk)


def _form_refusal(form) -> Invalid:
    return Invalid("; ".join(f"{form[f].label if f in form.fields else ''}: {' '.join(e)}"
                             for f, e in form.errors.items()), code="invalid_form")


def _refuse(error: DomainError):
    raise error


@require_POST
@login_required
def round_action(request, pk):
    rnd = selectors.round_for(request.user, pk)
    return _apply(request, pk, lambda: rounds.apply_round_action(
        rnd, request.POST.get("action", ""), request.user, reason=request.POST.get("reason", "")[:500],
        seen_state=request.POST.get("state") or None))  # the state the page showed


@require_POST
@login_required
def round_decide(request, pk):
    return _on_candidate(request, pk, DecisionForm, lambda rnd, candidate, data: rounds.decide_many(rnd, [
        rounds.DecisionRequest(candidate, data["decision"], data["reason"], _standing_seen(request.POST))],
        request.user))


def _on_candidate(request, pk, form_class, act):
    """`act(round, candidate, form data)` for the candidate the form names, in a round the user sees."""
    rnd = selectors.round_for(request.user, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _apply(request, pk, lambda: _refuse(_form_refusal(form)))
    candidate = selectors.candidate_for(request.user, rnd, form.cleaned_data["candidate"])
    return _apply(request, pk, lambda: act(rnd, candidate, form.cleaned_data))


def _standing_seen(post):
    """The standing decision the page showed (hidden field `standing`: its id, empty for none); a post without
    the field (an older page) says nothing."""
    if "standing" not in post:
        return rounds.UNSEEN
    value = post["standing"].strip()
    return int(value) if value.isdigit() else None


@require_POST
@login_required
def round_recommend(request, pk):
    return _on_candidate(request, pk, RecommendationForm, lambda rnd, candidate, data: rounds.recommend(
        rnd, candidate, request.user, data["recommendation"], data["note"]))


@require_POST
@login_required
def round_nominate(request, pk):
    rnd = selectors.round_for(request.user, pk)
    selectors.nominee_for(request.user, rnd, request.POST.get("employee", ""))  # else 404, as the API answers
    form = NominationForm(selectors.nominable_for(request.user, rnd), request.POST)
    if not form.is_valid():
        return _apply(request, pk, lambda: _refuse(_form_refusal(form)))
    return _apply(request, pk, lambda: rounds.nominate(rnd, form.cleaned_data["employee"],
                                                       form.cleaned_data["to_level"], request.user,
                                                       form.cleaned_data["reason"]))
