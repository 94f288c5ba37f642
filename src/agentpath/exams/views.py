"""Exam pages: my exams, taking an exam (each answer saved by htmx), results, the grading queue, the question
import, an exam's results with item statistics, and the regrade of a corrected question. Thin: parse, call,
render."""
import time

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agentpath.common.errors import DomainError
from agentpath.common.pages import answers_refusals
from agentpath.common.spreadsheets import UploadRejected

from . import importers, key_corrections, selectors, services
from .drawing import retake_shortfalls
from .models import Attempt
from .sessions import keep_session_through
from .statistics import item_statistics

# While a taker saves answers, the session is renewed this often (far below any session lifetime).
SESSION_REFRESH_SECONDS = 300


class QuestionImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Question file (.xlsx or .csv)"))
    skip_bad_rows = forms.BooleanField(label=gettext_lazy("Skip bad rows"), required=False)


@require_safe
@login_required
def index(request):
    services.close_expired_attempts()
    manages = selectors.can_manage_exams(request.user)
    return render(request, "exams/index.html", {
        "papers": selectors.my_papers(request.user), "manages": manages,
        "exams": selectors.exams_for(request.user) if manages else [], "nav_active": "exams"})


@require_POST
@login_required
def start(request, exam_id):
    paper = selectors.own_paper(request.user, exam_id)
    try:
        attempt = services.start_attempt(paper)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("exams:index")
    keep_session_through(request, attempt)
    return redirect("exams:take", attempt.pk)


@require_safe
@login_required
def take(request, attempt_id):
    attempt = selectors.own_attempt(request.user, attempt_id)
    services.close_if_expired(attempt)
    if attempt.state != Attempt.State.IN_PROGRESS:
        return redirect("exams:result", attempt.pk)
    return render(request, "exams/take.html", take_context(attempt))


def take_context(attempt: Attempt, blanks: list[int] | None = None) -> dict:
    return {"attempt": attempt, "exam": attempt.paper.exam,
            "items": selectors.paper_questions(attempt, selectors.Review(False, True, False, False)),
            "seconds_left": services.seconds_left(attempt), "blanks": blanks or [], "nav_active": "exams"}


@require_POST
@login_required
def save_answer(request, attempt_id):
    """htmx: save one answer; the reply is the acknowledgement shown next to the question. Saving also keeps
    the session alive, so an exam longer than the session lifetime still submits."""
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        selectors.own_attempt(request.user, attempt_id)  # someone else's attempt is not found, whatever was sent
        return HttpResponse(_("Which question? The position is missing."), status=400)
    attempt = selectors.own_attempt_at(request.user, attempt_id, position)
    keep_session_alive(request)
    try:
        answer = services.save_answer(attempt, position, request.POST.getlist("answer"))
    except DomainError as exc:
        return HttpResponse(f'<span class="text-danger" role="alert">{exc}</span>', status=exc.status)
    return HttpResponse('<span class="text-success" data-testid="saved">%s</span>' % (
        _("Saved at %(time)s") % {"time": timezone.localtime(answer.saved_at).strftime("%H:%M:%S")}))


def keep_session_alive(request) -> None:
    """Push the session's expiry forward, at most once every SESSION_REFRESH_SECONDS: not a session write on
    every answer."""
    now = int(time.time())
    if now - request.session.get("exam_alive_at", 0) >= SESSION_REFRESH_SECONDS:
        request.session["exam_alive_at"] = now


@require_POST
@login_required
def submit(request, attempt_id):
    """Submit the attempt. With questions left blank the taker is asked first, naming them (the page's submit
    button sends `confirm_blank` once they have seen the warning; the countdown's submission at time-out sends
    it too, and an attempt past its deadline is submitted whatever was answered)."""
    attempt = selectors.own_attempt(request.user, attempt_id)
    services.close_if_expired(attempt)
    if attempt.state == Attempt.State.IN_PROGRESS and request.POST.get("confirm_blank") != "1":
        blanks = selectors.blank_positions(attempt)
        if blanks:
            return render(request, "exams/take.html", take_context(attempt, blanks=blanks))
    try:
        services.submit_attempt(attempt, by=request.user)
    except DomainError as exc:
        messages.info(request, str(exc))
    if request.htmx:
        response = HttpResponse()
        response["HX-Redirect"] = f"/exams/attempts/{attempt.pk}/result/"
        return response
    return redirect("exams:result", attempt.pk)


@require_safe
@login_required
def result(request, attempt_id):
    attempt = selectors.attempt_for(request.user, attempt_id)
    services.close_if_expired(attempt)
    review = selectors.review_for(request.user, attempt)
    return render(request, "exams/result.html", {
        "attempt": attempt, "exam": attempt.paper.exam, "employee": attempt.paper.employee, "review": review,
        "is_taker": attempt.paper.employee_id == request.user.employee_id,
        "items": selectors.paper_questions(attempt, review) if review.answers or review.key or review.explanations
        else [], "nav_active": "exams"})


@require_safe
@login_required
def grading_queue(request):
    return render(request, "exams/grading.html", {"answers": selectors.grading_queue(request.user)[:100],
                                                  "nav_active": "exams"})


@require_POST
@login_required
def grade(request, answer_id):
    answer = selectors.answer_to_grade(request.user, answer_id)
    try:
        services.grade_short_answer(answer, float(request.POST.get("points", "")), request.user)
        messages.success(request, _("Graded."))
    except ValueError:
        messages.error(request, _("Give the points as a number."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("exams:grading")


@require_safe
@login_required
def exam_detail(request, exam_id):
    exam = selectors.managed_exam_for(request.user, exam_id)
    results = list(selectors.results_of(request.user, exam))
    return render(request, "exams/exam_detail.html", {
        "exam": exam, "results": results, "statistics": item_statistics(results),
        "retake_shortfalls": retake_shortfalls(exam), "nav_active": "exams"})


@require_http_methods(["GET", "POST"])
@login_required
def regrade(request, version_id):
    """Correct a question's answer key. GET ?key=B: the dry run (whose score would change, nothing saved);
    POST key=B: correct the key for every center and regrade every attempt that used the version, rewriting
    scores, pass and the KPI value; POST key=B&center=<id>: a corrected version for that center only."""
    version = selectors.version_to_regrade(request.user, version_id)
    data = request.POST if request.method == "POST" else request.GET
    key = sorted({k.lower() if k.lower() in ("true", "false") else k.upper()
                  for k in (part.strip() for part in data.get("key", "").split(",")) if k})
    centers = selectors.regrade_centers(request.user, version)
    center = next((c for c in centers if str(c.pk) == data.get("center", "")), None)
    if data.get("center") and center is None:
        raise Http404
    if request.method == "POST" and key:
        try:
            if center is None:
                n = key_corrections.apply_regrade(version, key, request.user)
                messages.success(request, _("Regraded in every center: %(n)s score(s) changed.") % {"n": n})
            else:
                fork = key_corrections.fork_for_center(version, key, request.user, center)
                messages.success(request, _("Version %(number)s with the corrected key now holds for %(center)s; "
                                            "its attempts are regraded, the other centers keep version %(old)s.")
                                 % {"number": fork.number, "center": center.name, "old": version.number})
                return redirect("exams:regrade", fork.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect("exams:regrade", version.pk)
    changes = None
    if key:
        try:
            changes = key_corrections.regrade_preview(version, request.user, key_corrections.check_key(version, key), center)
        except DomainError as exc:
            messages.error(request, str(exc))
    return render(request, "exams/regrade.html", {
        "version": version, "key": ",".join(key), "centers": centers, "center": center,
        "changes": [c for c in changes if c["in_scope"]] if changes is not None else None,
        "elsewhere": sum(1 for c in changes if not c["in_scope"]) if changes else 0, "nav_active": "exams"})


@require_http_methods(["GET", "POST"])
@login_required
@answers_refusals
def question_import(request):
    services.check_may_import_questions(request.user)
    report = None
    form = QuestionImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = importers.import_questions_upload(form.cleaned_data["file"],
                                                       skip_bad_rows=form.cleaned_data["skip_bad_rows"])
        except UploadRejected as exc:
            form.add_error("file", str(exc))
    return render(request, "exams/question_import.html", {
        "form": form, "report": report, "questions": selectors.questions_for(request.user)[:500],
        "nav_active": "exams"})


@require_safe
@login_required
@answers_refusals
def question_template(request):
    services.check_may_import_questions(request.user)
    return importers.template_response()
