"""Pages of the development workspace: thin — parse, call a service or selector, render."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agentpath.accounts.models import Role
from agentpath.common.pages import answers_refusals

from . import forms, idp_services, selectors, services
from .models import IdpAction


def _workspace_url(employee):
    return reverse("development:workspace", args=[employee.employee_no])


def _act(request, employee, call, done: str):
    """Run a service for a POST; a refused rule comes back as a message on the workspace (PermissionDenied: 403)."""
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except IdpAction.DoesNotExist:
        raise Http404 from None
    else:
        messages.success(request, done)
    return redirect(_workspace_url(employee))


def _require_self_page(request, employee):
    if request.user.employee_id != employee.pk:
        raise PermissionDenied(_("Only %(name)s can change their own plan.") % {"name": employee.name})


# anchors ---------------------------------------------------------------------------------------------------

@login_required
@answers_refusals
def anchors_take(request):
    services.check_may_take_inventory(request.user)
    employee = selectors.own_subject(request.user)
    form = forms.AnchorInventoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ratings, most_true = form.answers()
        try:
            services.record_anchor_take(request.user, employee, ratings, most_true)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Your career-anchor profile is ready."))
            return redirect("development:anchor-profile", employee.employee_no)
    return render(request, "development/anchors_take.html", {"form": form, "employee": employee,
                                                              "nav_active": "development"})


@require_safe
@login_required
def anchor_profile(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    return render(request, "development/anchor_profile.html", {
        "employee": employee, "profile": selectors.anchor_profile(employee), "nav_active": "development",
        "conversations": selectors.conversations_of(employee), "conversation_form": forms.ConversationForm(),
        "is_leader": selectors.is_team_leader_of(request.user, employee)})


@require_safe
@login_required
@answers_refusals
def anchor_reliability(request):
    return render(request, "development/anchor_reliability.html",
                  {**selectors.anchor_reliability(request.user), "nav_active": "development"})


@require_POST
@login_required
def conversation(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    form = forms.ConversationForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    return _act(request, employee, lambda: services.record_conversation(
        request.user, employee, data.get("kind", ""), data.get("conclusion", "")), _("The conversation is recorded."))


# workspace, plan, want/fit/can --------------------------------------------------------------------------------

@require_safe
@login_required
def workspace(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    idp = selectors.current_idp(employee)
    plan = selectors.plan_of(employee)
    return render(request, "development/workspace.html", {
        "employee": employee, "plan": plan, "idp": idp, "progress": selectors.idp_progress(idp),
        "agreed": selectors.agreed_idp(employee), "reviews": selectors.reviews_of(selectors.agreed_idp(employee)),
        "profile": selectors.anchor_profile(employee), "guidance": selectors.tenure_guidance(employee),
        "conversations": selectors.conversations_of(employee), "is_self": request.user.employee_id == employee.pk,
        "is_leader": selectors.is_team_leader_of(request.user, employee), "action_form": forms.ActionForm(),
        "review_form": forms.ReviewForm(), "comment_form": forms.CommentForm(),
        "conversation_form": forms.ConversationForm(), "statuses": IdpAction.Status.choices,
        "nav_active": "development"})


@login_required
def plan_step(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    _require_self_page(request, employee)
    step = int(request.GET.get("step", "1")) if request.GET.get("step", "1").isdigit() else 1
    step = step if step in services.PLAN_STEPS else 1
    plan = selectors.plan_of(employee)
    moves = selectors.open_moves(employee) if step == 3 else []
    if request.htmx and step == 3 and request.method == "GET":  # the gaps of the move just chosen, before saving
        chosen = next((t for t in moves if str(t.pk) == request.GET.get("target_transition")), None)
        return render(request, "development/_gaps.html", {"gaps": selectors.transition_gaps(employee, chosen),
                                                          "chosen": chosen})
    form = forms.PlanStepForm(request.POST or None, instance=plan, step=step, moves=moves, gaps_url=request.path)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan_step(request.user, employee, step, form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Step %(n)s is saved.") % {"n": step})
            if step < 4:
                return redirect(reverse("development:plan-step", args=[employee_no]) + f"?step={step + 1}")
            return redirect(_workspace_url(employee))
    chosen = plan.target_transition if plan else None
    gaps = selectors.transition_gaps(employee, chosen) if step == 3 else []
    return render(request, "development/plan_step.html", {
        "employee": employee, "form": form, "step": step, "steps": services.PLAN_STEPS, "plan": plan,
        "gaps": gaps, "chosen": chosen, "nav_active": "development"})


@login_required
def want_fit_can(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    _require_self_page(request, employee)
    plan = selectors.plan_of(employee)
    initial = {**(plan.want_fit_can if plan else {}), "summary": plan.want_fit_can_summary if plan else ""}
    form = forms.WantFitCanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_want_fit_can(request.user, employee, data, data["summary"])
        messages.success(request, _("Your want / fit / can analysis is saved."))
        return redirect(_workspace_url(employee))
    return render(request, "development/want_fit_can.html", {"employee": employee, "form": form,
                                                              "nav_active": "development"})


# IDP -----------------------------------------------------------------------------------------------------------

@login_required
def idp_edit(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    _require_self_page(request, employee)
    idp = selectors.current_idp(employee)
    initial = {}
    if idp:
        initial = {"target_position": idp.target_position, "target_date": idp.target_date,
                   **{f"goal_{g.order}": g.text for g in idp.goals.all()}}
    elif (plan := selectors.plan_of(employee)) is not None:
        initial = {"target_position": plan.target_position}
    form = forms.IdpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return _act(request, employee, lambda: idp_services.save_idp(
            request.user, employee, target_position=data["target_position"], target_date=data["target_date"],
            goals=form.goals()), _("The IDP is saved."))
    return render(request, "development/idp_edit.html", {"employee": employee, "form": form, "idp": idp,
                                                          "nav_active": "development"})


@require_POST
@login_required
def idp_action_add(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    form = forms.ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The action needs a kind and a due date."))
        return redirect(_workspace_url(employee))
    d = form.cleaned_data
    return _act(request, employee, lambda: idp_services.add_action(
        request.user, employee, kind=d["kind"], title=d["title"], due_date=d["due_date"], owner=d["owner"],
        course=d["course"]), _("The action is added."))


@require_POST
@login_required
def idp_prefill(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    return _act(request, employee, lambda: idp_services.prefill_actions_from_gaps(request.user, employee),
                _("The unmet course and competency requirements are proposed as actions."))


@require_POST
@login_required
def idp_progress(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    form = forms.ProgressForm(request.POST)
    if not form.is_valid():
        raise Http404
    d = form.cleaned_data
    return _act(request, employee, lambda: idp_services.record_action_progress(
        request.user, employee, d["action"], status=d["status"], evidence=d["evidence"]), _("Progress is recorded."))


@require_POST
@login_required
def idp_submit(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    return _act(request, employee, lambda: idp_services.submit_idp(request.user, employee),
                _("The IDP is submitted to your team leader."))


@require_POST
@login_required
def idp_return(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    comment = request.POST.get("comment", "")
    return _act(request, employee, lambda: idp_services.return_idp(request.user, employee, comment),
                _("The IDP is returned with your comment."))


@require_POST
@login_required
def idp_agree(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    comment = request.POST.get("comment", "")
    return _act(request, employee, lambda: idp_services.agree_idp(request.user, employee, comment),
                _("The IDP is agreed and locked."))


@require_POST
@login_required
def idp_review(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    return _act(request, employee, lambda: idp_services.record_review(
        request.user, employee, outcome=request.POST.get("outcome", ""), notes=request.POST.get("notes", "")),
        _("The quarterly review is recorded."))


# team leader's page and the document --------------------------------------------------------------------------

@require_safe
@login_required
def team(request):
    user = request.user
    if not (user.is_superuser or user.role in (Role.TEAM_LEADER, Role.CENTER_MANAGER, Role.HR_ADMIN)):
        raise Http404
    return render(request, "development/team.html", {**selectors.team_overview(user), "nav_active": "development-team"})


def _document_context(request, employee_no):
    employee = selectors.subject_for(request.user, employee_no)
    idp = selectors.current_idp(employee)
    plan = selectors.plan_of(employee)
    return {"employee": employee, "plan": plan, "idp": idp, "progress": selectors.idp_progress(idp),
            "profile": selectors.anchor_profile(employee), "want_fit_can": services.WANT_FIT_CAN,
            "gaps": selectors.transition_gaps(employee, plan.target_transition) if plan else []}


@require_safe
@login_required
def document(request, employee_no):
    return render(request, "development/document.html", {**_document_context(request, employee_no),
                                                          "printable": True})


@require_safe
@login_required
def document_pdf(request, employee_no):
    from weasyprint import HTML  # ~1.5 s to import: only when a PDF is printed (pyproject: allow-list)

    context = _document_context(request, employee_no)
    with translation.override("zh-hans"):  # the document is Chinese whatever the screen language (issue 10)
        html = render_to_string("development/document.html", {**context, "for_pdf": True}, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="career-plan-{context["employee"].employee_no}.pdf"'
    return response
