"""Pages for trainers and HR to write and schedule exams: the list of exams in their scope, creating and editing
a draft (template fields, the blueprint grid with what the bank has per cell, audience, overrides), scheduling
it (papers drawn, or the too-small bank refused naming the cell), and the question bank with its item
statistics and ready/retire actions. Thin: parse, call authoring, render."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agentpath.common.pages import answers_refusals
from agentpath.org import scoping

from . import authoring, services
from . import authoring_selectors as selectors
from .authoring import REVIEW_FIELDS
from .drawing import ExamRefused, retake_shortfalls
from .forms import REVIEW_PARTS, ExamForm, OverrideFormSet, QuestionFilterForm, blueprint_from, grid_rows
from .models import Exam


@require_safe
@login_required
def exam_list(request):
    return render(request, "exams/authoring_list.html", {
        "exams": selectors.authored_exams(request.user), "nav_active": "exams"})


def _edit(request, exam: Exam | None):
    user = request.user
    teams = selectors.teams_to_choose(user, exam)
    form_kwargs = {"teams": teams, "employees": scoping.people_served_by(user)}
    saved_cells = selectors.blueprint_cells(exam)
    if request.method == "POST":
        form = ExamForm(request.POST, instance=exam, teams=teams)
        overrides = OverrideFormSet(request.POST, prefix="ov", form_kwargs=form_kwargs)
        cells, grid_errors = blueprint_from(request.POST, {})
        if form.is_valid() and overrides.is_valid() and not grid_errors:
            try:
                exam = authoring.save_draft(
                    user, form.template_fields(), exam=exam, code=form.cleaned_data.get("code"), blueprint=cells,
                    levels=form.cleaned_data["audience_levels"], teams=form.cleaned_data["audience_teams"],
                    overrides=[o for o in (f.as_override() for f in overrides) if o])
            except ExamRefused as exc:
                grid_errors.append(str(exc))
            else:
                return _saved(request, exam)
    else:
        cells = saved_cells
        form = ExamForm(instance=exam, teams=teams, initial={"code": ""} if exam is None else None)
        if exam is not None:
            form.initial.update(selectors.draft_form_choices(exam))
        overrides = OverrideFormSet(prefix="ov", initial=selectors.override_rows(exam), form_kwargs=form_kwargs)
        grid_errors = []
    return render(request, "exams/authoring_edit.html", {
        "exam": exam, "form": form, "overrides": overrides, "errors": grid_errors,
        "grid": grid_rows(authoring.bank_grid(cells), cells), "review_fields": REVIEW_FIELDS,
        "review_parts": REVIEW_PARTS, "nav_active": "exams"})


def _saved(request, exam):
    """After saving: stay on the draft, or schedule it when the user asked to."""
    if request.POST.get("action") != "schedule":
        messages.success(request, _("The draft is saved."))
        return redirect("exams:exam-edit", exam.pk)
    try:
        papers = authoring.schedule(request.user, exam)
    except ExamRefused as exc:
        messages.error(request, _("The draft is saved, but it cannot be scheduled: %(reason)s") % {"reason": exc})
        return redirect("exams:exam-edit", exam.pk)
    _scheduled(request, exam, papers)
    return redirect("exams:authoring")


def _scheduled(request, exam, papers) -> None:
    messages.success(request, _("Scheduled: %(n)s papers drawn, one per taker.") % {"n": papers})
    for shortfall in retake_shortfalls(exam):
        messages.warning(request, shortfall)


@require_http_methods(["GET", "POST"])
@login_required
@answers_refusals
def exam_create(request):
    services.check_may_schedule_exams(request.user)
    return _edit(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def exam_edit(request, exam_id):
    exam = selectors.draft_for(request.user, exam_id)
    if exam.status == Exam.Status.SCHEDULED:
        messages.info(request, _("This exam is already scheduled: its papers are drawn and it can no longer be "
                                 "changed."))
        return redirect("exams:exam-detail", exam.pk)
    return _edit(request, exam)


@require_POST
@login_required
def exam_schedule(request, exam_id):
    exam = selectors.draft_for(request.user, exam_id)
    try:
        papers = authoring.schedule(request.user, exam)
    except ExamRefused as exc:
        messages.error(request, _("It cannot be scheduled: %(reason)s") % {"reason": exc})
        return redirect("exams:exam-edit", exam.pk) if exam.status == Exam.Status.DRAFT else redirect(
            "exams:authoring")
    _scheduled(request, exam, papers)
    return redirect("exams:authoring")


@require_safe
@login_required
def question_bank(request):
    selectors.require_manager(request.user)
    form = QuestionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return render(request, "exams/question_bank.html", {
        "form": form, "questions": selectors.bank(request.user, **{k: v for k, v in filters.items() if v}),
        "query": request.GET.urlencode(), "nav_active": "exams"})


@require_POST
@login_required
def question_status(request, question_id):
    question = selectors.question_for(request.user, question_id)
    try:
        authoring.set_question_status(question, request.POST.get("status", ""))
        messages.success(request, _("Question %(code)s: %(status)s.") % {
            "code": question.code, "status": question.get_status_display()})
    except ExamRefused as exc:
        messages.error(request, str(exc))
    query = QueryDict(request.POST.get("next_query", "")).urlencode()  # the bank's filter, kept
    response = redirect("exams:question-bank")
    if query:
        response["Location"] += "?" + query
    return response
