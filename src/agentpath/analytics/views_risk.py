"""Flight-risk and early-warning pages: the risk list with the model's accuracy beside it (team leaders their
team, managers their centers, HR everyone; never agents), HR's retrain button, the alerts and their
acknowledgement."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agentpath.accounts.models import Role
from agentpath.common.errors import DomainError
from agentpath.development.models import IdpAction

from .early_warning import (
    acknowledge_alert,
    alerts_visible_to,
    can_read_alerts,
    describe_facts,
    open_idp_action,
)
from .risk import can_read_risk, can_train_risk, covariate_labels, current_model, risk_list
from .tasks import retrain_risk_model

LIST_SIZE = 50


@require_safe
@login_required
def risk(request):
    if not can_read_risk(request.user):
        raise Http404
    model = current_model()
    scores, chart = None, None
    if model is not None:
        scores = Paginator(risk_list(request.user, model), LIST_SIZE).get_page(request.GET.get("page"))
        chart = {"predicted": _("Predicted"), "observed": _("Observed"), "decile": _("Decile of predicted risk"),
                 "rows": [[c["decile"], c["predicted"], c["observed"]] for c in model.calibration]}
    labels = covariate_labels()
    ratios = [dict(r, label=str(labels.get(r["covariate"], r["covariate"])))
              for r in (model.hazard_ratios if model else [])]
    return render(request, "analytics/risk.html", {
        "model": model, "scores": scores, "chart": chart, "ratios": ratios, "can_train": can_train_risk(request.user),
        "nav_active": "risk"})


@require_POST
@login_required
def risk_train(request):
    if not can_train_risk(request.user):
        raise Http404
    retrain_risk_model.enqueue(None, request.user.pk)
    messages.success(request, _("Retraining started; the new version appears here when it is done."))
    return redirect("analytics:risk")


@require_safe
@login_required
def alerts(request):
    if not can_read_alerts(request.user):
        raise Http404
    show_all = request.GET.get("show") == "all"
    rows = alerts_visible_to(request.user)
    if not show_all:
        rows = rows.filter(acknowledged_at__isnull=True)
    page = Paginator(rows, LIST_SIZE).get_page(request.GET.get("page"))
    for alert in page:
        alert.fact_rows = describe_facts(alert.facts)
    return render(request, "analytics/alerts.html", {
        "alerts": page, "show_all": show_all, "nav_active": "alerts", "action_kinds": IdpAction.Kind.choices,
        "opens_actions": request.user.role == Role.TEAM_LEADER})


@require_POST
@login_required
def alert_acknowledge(request, alert_id: int):
    if not can_read_alerts(request.user):
        raise Http404
    try:
        acknowledge_alert(request.user, alert_id, request.POST.get("note", ""))
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Alert acknowledged."))
    return redirect("analytics:alerts")


@require_POST
@login_required
def alert_idp_action(request, alert_id: int):
    """The team leader adds an action to the person's IDP from the alert (analytics.early_warning.open_idp_action);
    a refusal (no plan in the current cycle, a plan waiting for agreement …) is shown as the API answers it."""
    if not can_read_alerts(request.user):
        raise Http404
    try:
        alert = open_idp_action(request.user, alert_id, kind=request.POST.get("kind", ""),
                                title=request.POST.get("title", ""),
                                due_date=parse_date(request.POST.get("due_date") or "") or None,
                                course_code=request.POST.get("course") or None)
    except ValueError:
        messages.error(request, _("Give the action a due date."))
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Added to version %(v)s of the development plan of %(name)s: %(title)s.") % {
            "v": alert.idp_action.idp.version, "name": alert.employee.name, "title": alert.idp_action.title})
    return redirect("analytics:alerts")
