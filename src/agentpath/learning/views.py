"""Training pages: the catalogue, my courses, a team's attendance sheet, the differentiated-training run.
Thin: parse, call a service or selector, render. `?format=xlsx` exports a page's list."""
import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from agentpath.common.errors import Invalid, NotFound
from agentpath.common.pages import answers_refusals
from agentpath.common.spreadsheets import xlsx_response
from agentpath.common.uploads import run_upload

from . import import_jobs, importers, selectors, services, trainers
from .differentiation import start_run
from .models import Attendance, TrainingImport, TrainingSession
from .tasks import differentiate


def _wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


@require_safe
@login_required
def course_list(request):
    courses = selectors.courses()
    if _wants_xlsx(request):
        return xlsx_response("courses.xlsx", [_("code"), _("name (Chinese)"), _("name (English)"), _("category"),
                                              _("delivery"), _("credits"), _("hours")],
                             ([c.code, c.name, c.name_en, c.get_category_display(), c.get_delivery_display(),
                               c.credits, c.hours] for c in courses), sheet_title=_("courses"))
    return render(request, "learning/courses.html", {
        "courses": courses, "programs": selectors.programs(), "nav_active": "training",
        "attendance_teams": selectors.attendance_teams(request.user),
        "can_view_differentiation": selectors.can_view_differentiation(request.user),
        "can_import_training": selectors.can_import_training(request.user),
        "can_list_trainers": trainers.can_list_trainers(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def my_courses(request):
    """An agent's assigned courses and programs, next sessions, and the sessions they may rate."""
    employee = request.user.employee
    if employee is None:
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "enrol":
        try:
            enrolment = services.choose_program(employee, request.POST.get("program", ""))
        except NotFound as exc:
            raise Http404(exc.message) from exc
        messages.success(request, _("You are enrolled in %(p)s.") % {"p": enrolment.program.display_name})
        return redirect("learning:my-courses")
    if request.method == "POST":
        session = selectors.session_visible_to(request.user, request.POST.get("session"))
        try:
            services.rate_session(session, employee, int(request.POST.get("rating") or 0),
                                  request.POST.get("comment", ""))
            messages.success(request, _("Thank you, your rating is saved."))
        except (ValidationError, PermissionDenied, ValueError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("learning:sessions" if request.POST.get("back") == "sessions" else "learning:my-courses")
    if _wants_xlsx(request) and request.GET.get("list") == "credits":
        return xlsx_response("credits-ledger.xlsx", [_("completed on"), _("course code"), _("course"),
                                                     _("source"), _("score"), _("credits"), _("balance")],
                             ([r["completion"].completed_on, r["completion"].course.code,
                               r["completion"].course.display_name, r["completion"].source, r["completion"].score,
                               r["completion"].credits, r["balance"]] for r in selectors.credits_ledger(employee)),
                             sheet_title=_("credits ledger"))
    enrolments = selectors.enrolments_of(employee)
    if _wants_xlsx(request):
        return xlsx_response("my-courses.xlsx", [_("program"), _("how enrolled"), _("reason"), _("status"),
                                                 _("score"), _("credits granted")],
                             ([e.program.display_name, e.get_kind_display(), e.reason, e.get_status_display(),
                               e.score, e.credits_granted] for e in enrolments), sheet_title=_("enrolments"))
    now = timezone.now()
    return render(request, "learning/my_courses.html", {
        "employee": employee, "nav_active": "training",
        "enrolments": selectors.enrolment_rows(employee),
        "upcoming": selectors.upcoming_sessions(employee, now), "to_rate": selectors.sessions_to_rate(employee),
        "ledger": selectors.credits_ledger(employee), "attendance_teams": selectors.attendance_teams(request.user),
        "open_programs": selectors.open_programs(employee)})


@login_required
@require_http_methods(["GET", "POST"])
@answers_refusals
def team_attendance(request, team_code):
    """One screen for the team's attendance (htmx: one tap per person marks and redraws that row)."""
    team = selectors.team_for_attendance(request.user, team_code)
    if request.method == "POST":
        if request.POST.get("action") == "ad_hoc":
            try:
                times = [(datetime.time.fromisoformat(request.POST.get(f"start{i}", "")),
                          datetime.time.fromisoformat(request.POST.get(f"end{i}", "")))
                         for i in (1, 2) if request.POST.get(f"start{i}")]
                event = services.create_ad_hoc_event(
                    team, datetime.date.fromisoformat(request.POST.get("date", "")), request.POST.get("name", ""),
                    times, owner=request.user)
            except ValueError:
                messages.error(request, _("Write the date as 2026-07-01 and times as 14:00."))
                return redirect(request.path)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect(request.path)
            return redirect(f"{request.path}?session={selectors.first_session_of(event).pk}")
        session = selectors.session_in_team(team, request.POST.get("session") or 0)
        action = request.POST.get("action", "mark")
        try:
            if action == "held":
                services.mark_session_held(session)
            elif action == "close":
                services.close_feedback(session)
            else:
                employee = selectors.attendee_for(request.user, session, request.POST.get("employee_no", ""))
                attendance = services.mark_attendance(session, employee, request.POST.get("status", ""),
                                                      request.user)
                if request.htmx:
                    counts = selectors.marked_counts(session)
                    return render(request, "learning/_attendance_row.html",
                                  {"a": attendance, "session": session, "team": team, "oob": True,
                                   "statuses": Attendance.Status.choices, **counts})
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except Invalid as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{request.path}?session={session.pk}")
    now = timezone.now()
    sessions = selectors.team_sessions(team, timezone.localdate())
    chosen = request.GET.get("session")
    session = selectors.session_in_team(team, chosen) if chosen else selectors.current_session(sessions, now)
    rows = selectors.attendance_of(session) if session else []
    if _wants_xlsx(request):
        return xlsx_response("attendance.xlsx", [_("employee number"), _("name"), _("attendance"), _("rating"),
                                                 _("comment")],
                             ([a.employee.employee_no, a.employee.name, a.get_status_display(), a.rating,
                               a.comment] for a in rows), sheet_title=_("attendance"))
    return render(request, "learning/attendance.html", {
        "team": team, "sessions": sessions, "session": session, "rows": rows, "nav_active": "training",
        "statuses": Attendance.Status.choices, "states": TrainingSession.State,
        "marked": sum(1 for a in rows if a.status), "ratings": selectors.session_ratings([session.pk] if session
                                                                                        else []).get(
            session.pk if session else 0)})


@login_required
@require_http_methods(["GET", "POST"])
@answers_refusals
def differentiation(request):
    """The quarterly differentiated-training run: start it (HR), follow its progress, see who and why."""
    if request.method == "POST":
        services.check_may_run_differentiation(request.user)
        try:
            run = start_run(request.POST.get("quarter", ""), by=request.user)
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect("learning:differentiation")
        differentiate.enqueue(run.pk, request.LANGUAGE_CODE or "zh-hans")
        return redirect(f"{request.path}?run={run.pk}")
    run_pk = request.GET.get("run")
    run = selectors.run_for(request.user, int(run_pk) if run_pk and run_pk.isdigit() else None)
    enrolments = selectors.rule_enrolments(request.user, run.quarter) if run else []
    if _wants_xlsx(request):
        return xlsx_response("differentiated-training.xlsx", [
            _("employee number"), _("name"), _("team"), _("program"), _("mandatory"), _("reason")],
            ([e.employee.employee_no, e.employee.name, e.employee.team.name if e.employee.team else "",
              e.program.display_name, _("yes") if e.mandatory else _("no"), e.reason] for e in enrolments),
            sheet_title=_("enrolments"))
    template = "learning/_run_progress.html" if request.htmx and request.GET.get("fragment") else \
        "learning/differentiation.html"
    return render(request, template, {
        "run": run, "runs": selectors.runs(), "enrolments": enrolments[:1000] if run else [],
        "can_run": selectors.can_run_differentiation(request.user), "nav_active": "training",
        "finished": run is None or run.status in ("done", "failed")})


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("what the file holds"), choices=[
        ("completions", gettext_lazy("Course completions")), ("attendance", gettext_lazy("Attendance"))])
    file = forms.FileField(label=gettext_lazy("File (.csv or .xlsx)"))
    skip_bad_rows = forms.BooleanField(label=gettext_lazy("Store the good rows and skip the bad ones"),
                                       required=False)


@login_required
@require_http_methods(["GET", "POST"])
@answers_refusals
def import_page(request):
    """HR imports completions or attendance; the page shows the row report. `?template=KIND` gives the template.
    A large file runs in the background: the page then goes to the import's progress."""
    selectors.check_may_import_training(request.user)
    if request.GET.get("template") in importers.TEMPLATES:
        headers, rows = importers.TEMPLATES[request.GET["template"]]
        return xlsx_response(f"{request.GET['template']}-template.xlsx", headers, rows, sheet_title=_("template"))
    form, report, status = ImportForm(request.POST or None, request.FILES or None), None, 200
    if request.method == "POST" and form.is_valid():
        kind, upload, skip = form.cleaned_data["kind"], form.cleaned_data["file"], form.cleaned_data["skip_bad_rows"]
        if import_jobs.runs_in_background(upload):
            job, status = run_upload(form, lambda: import_jobs.queue_upload(kind, upload, user=request.user,
                                                                            skip_bad_rows=skip))
            if job is not None:
                return redirect("learning:import-status", pk=job.pk)
        else:
            report, status = run_upload(form, lambda: import_jobs.import_upload(kind, upload, user=request.user,
                                                                                skip_bad_rows=skip))
    return render(request, "learning/import.html", {
        "form": form, "report": report, "nav_active": "training",
        "done_message": _("The file was imported.")}, status=status)


@require_safe
@login_required
@answers_refusals
def import_status(request, pk: int):
    """A background import's progress (polled by htmx until it has finished), then its row report."""
    job = import_jobs.close_if_dead(selectors.training_import_for(request.user, pk))
    finished = job.status not in (TrainingImport.Status.QUEUED, TrainingImport.Status.RUNNING)
    template = "learning/_import_progress.html" if request.htmx else "learning/import_status.html"
    return render(request, template, {"job": job, "finished": finished, "percent": import_jobs.percent(job),
                                      "report": job.report, "nav_active": "training"})


@require_safe
@login_required
def trainer_scorecard(request):
    """The four levels of training evaluation for one trainer (a trainer: themselves; managers and HR choose)."""
    visible = trainers.scorecard_trainers(request.user)
    trainer = trainers.trainer_for(request.user, request.GET.get("trainer"))
    return render(request, "learning/trainer.html", {
        "trainers": visible, "card": trainers.scorecard(request.user, trainer) if trainer else None,
        "nav_active": "training"})


@login_required
@require_http_methods(["GET", "POST"])
def program_results(request):
    """Trainers record stage results (a failed stage is retaken); `?program=CODE` picks the program."""
    if not selectors.can_record_results(request.user):
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "assign":
        employee = selectors.trainee_for(request.user, request.POST.get("employee_no", ""))
        program = selectors.program_for(request.POST.get("program", ""))
        try:
            services.assign_program(employee, program, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("%(name)s is enrolled in %(p)s.") % {"name": employee.name,
                                                                             "p": program.display_name})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{request.path}?program={program.code}")
    if request.method == "POST":
        enrolment = selectors.enrolment_for(request.user, request.POST.get("enrolment") or 0)
        stage = selectors.stage_of(enrolment, request.POST.get("stage"))
        try:
            result = services.record_stage_result(enrolment, stage, Decimal(request.POST.get("score", "")),
                                                  by=request.user)
            messages.success(request, _("%(name)s: %(stage)s %(score)s, %(outcome)s.") % {
                "name": enrolment.employee.name, "stage": stage.display_name, "score": result.score,
                "outcome": _("passed") if result.passed else _("failed, to be retaken")})
        except (ValidationError, InvalidOperation) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [_("Enter the score as a number.")])))
        return redirect(f"{request.path}?program={enrolment.program.code}")
    programs = selectors.programs()
    code = request.GET.get("program") or (programs[0].code if programs else "")
    program = selectors.program_for(code) if code else None
    rows = []
    for e in selectors.program_enrolments(request.user, program) if program else []:
        progress = selectors.stage_progress(e)
        rows.append({"enrolment": e, "stages": progress, "next": selectors.next_stage(e, progress)})
    if _wants_xlsx(request):
        return xlsx_response("program-results.xlsx", [_("employee number"), _("name"), _("status"), *[
            s.display_name for s in (program.stages.all() if program else [])]],
            ([r["enrolment"].employee.employee_no, r["enrolment"].employee.name,
              r["enrolment"].get_status_display(),
              *[" / ".join(str(a.score) for a in p["attempts"]) for p in r["stages"]]] for r in rows),
            sheet_title=_("enrolments"))
    return render(request, "learning/results.html", {"programs": programs, "program": program, "rows": rows,
                                                      "nav_active": "training"})


@require_safe
@login_required
def session_list(request):
    """Training sessions: an agent's own (next or past, with their attendance and rating), or for leaders,
    trainers, managers and HR the sessions of the teams they see with marked counts and ratings."""
    upcoming = request.GET.get("when") != "past"
    now = timezone.now()
    own = request.user.employee is not None and not selectors.can_mark_attendance(request.user)
    if own:
        rows = selectors.my_sessions(request.user.employee, now, upcoming)
        if _wants_xlsx(request):
            return xlsx_response("my-sessions.xlsx", [_("starts at"), _("ends at"), _("training event"),
                                                      _("place"), _("state"), _("attendance"), _("rating"),
                                                      _("comment")],
                                 ([timezone.localtime(a.session.starts_at),
                                   timezone.localtime(a.session.ends_at),
                                   a.session.event.display_name, a.session.place, a.session.get_state_display(),
                                   a.get_status_display(), a.rating, a.comment] for a in rows),
                                 sheet_title=_("training sessions"))
    else:
        rows = selectors.session_list(request.user, now, upcoming)
        if _wants_xlsx(request):
            return xlsx_response("sessions.xlsx", [_("starts at"), _("ends at"), _("training event"), _("team"),
                                                   _("place"), _("state"), _("on the list"), _("marked"),
                                                   _("ratings"), _("mean rating")],
                                 ([timezone.localtime(s.starts_at),
                                   timezone.localtime(s.ends_at), s.event.display_name,
                                   s.event.team.name if s.event.team else "", s.place, s.get_state_display(),
                                   s.listed, s.marked, s.rated,
                                   round(s.avg_rating, 2) if s.avg_rating is not None else None] for s in rows),
                                 sheet_title=_("training sessions"))
    return render(request, "learning/sessions.html", {
        "rows": rows, "own": own, "upcoming": upcoming, "nav_active": "training",
        "can_rate": {a.pk for a in rows if own and a.session.state == TrainingSession.State.HELD
                     and a.status in (Attendance.Status.PRESENT, Attendance.Status.LATE)}})
