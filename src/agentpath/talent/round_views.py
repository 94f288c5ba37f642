from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST, require_safe

from agentpath.common.errors import DomainError, Invalid
from agentpath.org import scoping

from . import duties, round_quotas, rounds
from . import round_selectors as selectors
from .forms import DecisionForm, NominationForm, OpenRoundForm, QuotaForm, RecommendationForm
from .models import TalentDecision
from .moves import move_label


def _list(request, form, status=200):
    return render(request, "talent/round_list.html", {
        "rounds": selectors.rounds_for(request.user), "form": form, "nav_active": "rounds"}, status=status)


def _open_form(request, data=None) -> OpenRoundForm:
    """The open-round form; where the user serves one center, the slots its staffing ratios open are shown."""
    centers = selectors.centers_to_open(request.user)
    only = centers.first() if centers.count() == 1 else None
    return OpenRoundForm(centers, data, ratio_slots=round_quotas.staffing_quotas(only) if only else None,
                         levels_in_use=round_quotas.levels_with_people_below(only) if only else None)


@require_safe
@login_required
def round_list(request):
    if scoping.talent_center_ids_for(request.user) == []:
        raise Http404
    return _list(request, _open_form(request) if scoping.can_decide_talent(request.user) else None)


@require_POST
@login_required
def round_open(request):
    try:
        rounds.check_decider(request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return _list(request, None, status=error.status)
    form = _open_form(request, request.POST)
    if form.is_valid():
        try:
            rnd = rounds.open_round(center=form.cleaned_data["center"], period=form.cleaned_data["period"],
                                    effective_date=form.cleaned_data["effective_date"], quotas=form.quotas(),
                                    by=request.user, kind=form.cleaned_data["kind"])
        except DomainError as error:
            form.add_error(None, error.message)
            return _list(request, form, status=error.status)
        else:
            messages.success(request, _("The round %(period)s of %(center)s is open with %(n)s candidates.")
                             % {"period": rnd.period, "center": rnd.center.name, "n": rnd.candidates.count()})
            return redirect("talent:round-detail", rnd.pk)
    return _list(request, form, status=422)


def _detail(request, pk, status=200, quota_form=None):
    data = selectors.round_page(request.user, pk)
    rnd = data["round"]
    user = request.user
    shown, filters, sort = selectors.committee_rows(data["rows"], request.GET)
    teams = sorted({(r["candidate"].employee.team_id, r["candidate"].employee.team.name) for r in data["rows"]
                    if r["candidate"].employee.team_id}, key=lambda t: t[1])
    targets = sorted({(r["candidate"].transition.to_level.code, r["candidate"].transition.to_level.display_name,
                       r["candidate"].transition.to_level.track.order, r["candidate"].transition.to_level.order)
                      for r in data["rows"]}, key=lambda t: (t[2], t[3]))
    return render(request, "talent/round_detail.html", {
        **data, "shown": shown, "filters": filters, "sort": sort, "teams": teams, "targets": targets,
        "sort_choices": SORT_CHOICES, "quota_form": quota_form or QuotaForm(),
        "quotas_editable": rnd.state in (rnd.State.OPEN, rnd.State.DECIDING),
        "outcome_choices": TalentDecision.Outcome.choices,
        "open_candidate": int(request.POST["candidate"]) if request.POST.get("candidate", "").isdigit() else None,
        "posted": request.POST,  # a refused decision keeps what was typed
        "nav_active": "rounds", "can_decide": scoping.can_decide_talent(user),
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


def _apply(request, pk, action, done=None):
    """Take one action on the round: done, back to the round with `done(result)` as its message; refused by its
    rule, the round page with the refusal's message and the refusal's status (the same as the API's)."""
    try:
        result = action()
    except DomainError as error:
        for item in error.errors or [{"message": error.message}]:
            messages.error(request, item["message"])
        return _detail(request, pk, status=error.status)
    if done is not None:
        messages.success(request, done(result))
    return redirect("talent:round-detail", pk)


SORT_CHOICES = [("employee_no", _l("Employee number")), ("name", _l("Name")), ("team", _l("Team")),
                ("target", _l("Target level")), ("unmet", _l("Fewest unmet requirements")),
                ("recommendation", _l("Recommendation")), ("decision", _l("Decision"))]


def _form_refusal(form) -> Invalid:
    return Invalid("; ".join(f"{form[f].label if f in form.fields else ''}: {' '.join(e)}"
                             for f, e in form.errors.items()), code="invalid_form")


def _refuse(error: DomainError):
    raise error


def _action_done(action: str):
    def message(rnd) -> str:
        return {"start_deciding": _("Nominations are closed; the round is deciding."),
                "reopen": _("The round is open for nominations again."),
                "close": _("The round is closed; its decisions are final."),
                "cancel": _("The round is cancelled.")}.get(action, str(rnd.get_state_display()))
    return message


@require_POST
@login_required
def round_action(request, pk):
    """Move the round. Closing with candidates undecided first asks, naming them (a page, not a script); the
    confirmation posts close_undecided and each is recorded as not decided."""
    rnd = selectors.round_for(request.user, pk)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")[:500]
    try:
        moved = rounds.apply_round_action(rnd, action, request.user, reason=reason,
                                          seen_state=request.POST.get("state") or None,  # the state the page showed
                                          close_undecided=request.POST.get("close_undecided") == "1")
    except DomainError as error:
        if error.code == "undecided_candidates":
            return render(request, "talent/round_close_confirm.html", {
                "round": rnd, "undecided": list(rounds.undecided_candidates(rnd)), "nav_active": "rounds",
                "reason": reason}, status=error.status)
        for item in error.errors or [{"message": error.message}]:
            messages.error(request, item["message"])
        return _detail(request, pk, status=error.status)
    messages.success(request, _action_done(action)(moved))
    if action == "close":
        left = moved.candidates.filter(decisions__outcome=TalentDecision.Outcome.NOT_DECIDED).count()
        if left:
            messages.info(request, _("%(n)s candidates were recorded as not decided.") % {"n": left})
    return redirect("talent:round-detail", pk)


@require_POST
@login_required
def round_quota(request, pk):
    """Set or change a target level's quota with a reason (kept in the quota's history)."""
    rnd = selectors.round_for(request.user, pk)
    form = QuotaForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_refusal(form).message)
        return _detail(request, pk, status=422, quota_form=form)
    level = form.cleaned_data["level"]
    slots = form.chosen_slots
    return _apply(request, pk, lambda: round_quotas.change_quota(rnd, level, slots, form.cleaned_data["reason"],
                                                                 request.user),
                  done=lambda q: _("Quota for %(level)s is now %(slots)s.")
                  % {"level": level.display_name, "slots": q.slots if q.slots is not None else _("no limit")})


@require_POST
@login_required
def round_decide(request, pk):
    return _on_candidate(request, pk, DecisionForm, lambda rnd, candidate, data: rounds.decide_many(rnd, [
        rounds.DecisionRequest(candidate, data["decision"], data["reason"], _standing_seen(request.POST),
                               override=data["override"], override_reason=data["override_reason"])],
        request.user), done=lambda candidate, decided: _decision_done(candidate, decided[0]))


def _on_candidate(request, pk, form_class, act, done):
    """`act(round, candidate, form data)` for the candidate the form names, in a round the user sees; its
    message `done(candidate, result)`."""
    rnd = selectors.round_for(request.user, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _apply(request, pk, lambda: _refuse(_form_refusal(form)))
    candidate = selectors.candidate_for(request.user, rnd, form.cleaned_data["candidate"])
    return _apply(request, pk, lambda: act(rnd, candidate, form.cleaned_data),
                  done=lambda result: done(candidate, result))


def _decision_done(candidate, decision) -> str:
    if decision.override:
        return _("%(name)s: %(outcome)s as an override (破格), recorded with its reason.") % {
            "name": candidate.employee.name, "outcome": decision.get_outcome_display()}
    return _("%(name)s: %(outcome)s, recorded.") % {"name": candidate.employee.name,
                                                     "outcome": decision.get_outcome_display()}


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
        rnd, candidate, request.user, data["recommendation"], data["note"]),
        done=lambda candidate, _c: _("Your recommendation on %(name)s is recorded.") % {"name": candidate.employee.name})


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
                                                       form.cleaned_data["reason"]),
                  done=lambda c: _("%(name)s is nominated for %(move)s.") % {
                      "name": c.employee.name, "move": move_label(c.transition, c.employee.grade)})
