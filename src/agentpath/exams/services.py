"""Writes for exams: taking (start, save an answer, submit, time-out), grading, answer-key correction and
regrade, and the monthly exam's KPI value (seed 002 §3.4.4: the monthly exam counts into KPI)."""
import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from agentpath.careers.models import Level
from agentpath.common.errors import Conflict, Forbidden, Invalid
from agentpath.common.models import TransitionLog
from agentpath.common.rows import in_chunks
from agentpath.org.models import Employee, Team
from agentpath.performance.facts import EXAM_METRIC
from agentpath.performance.services import record_metric_values

from . import inbox, selectors
from .authoring import save_draft
from .drawing import ExamRefused, draw_retake, schedule_exam, to_version_letters, when  # noqa: F401
from .models import (
    Answer,
    Attempt,
    Exam,
    ExamOverride,
    Paper,
    PaperItem,
    Question,
    QuestionVersion,
)
from .windows import GRACE


class AttemptRefused(Conflict):
    """The taker cannot do this now (409); the message says why."""

    code = "attempt_refused"


# ------------------------------------------------------------------------------------------ scheduling

def check_may_import_questions(user) -> None:
    """Trainers and HR import questions (org.scoping.can_manage_exams); the page and the API refuse the others (403)."""
    if not selectors.can_manage_exams(user):
        raise Forbidden(_("Only trainers and HR may import questions."))


def check_may_schedule_exams(user) -> None:
    """Trainers and HR write and schedule exams; the authoring page and the API refuse the others (403)."""
    if not selectors.can_manage_exams(user):
        raise Forbidden(_("Only trainers and HR may schedule exams."))


@transaction.atomic
def create_and_schedule(user, spec: dict) -> tuple[Exam, int]:
    """Create an exam from its template fields, blueprint, audience and overrides given by code (the API), and
    schedule it (papers drawn now). Raises ExamRefused, storing nothing, for unknown codes, a bad window or a
    too-small bank. The template's rules are authoring.save_draft's."""
    levels = list(Level.objects.filter(code__in=spec["levels"]))
    teams = {t.code: t for t in Team.objects.filter(code__in=spec["teams"] + [o["team"] for o in spec["overrides"]
                                                                             if o["team"]])}
    people = {e.employee_no: e for e in Employee.objects.filter(
        employee_no__in=[o["employee_no"] for o in spec["overrides"] if o["employee_no"]])}
    unknown = sorted(set(spec["levels"]) - {lv.code for lv in levels}) + sorted(
        {c for c in spec["teams"] if c not in teams} | {o["team"] for o in spec["overrides"] if o["team"]
                                                       and o["team"] not in teams}) + sorted(
        {o["employee_no"] for o in spec["overrides"] if o["employee_no"] and o["employee_no"] not in people})
    if unknown:
        raise ExamRefused(_("Unknown level, team or employee codes: %(codes)s") % {"codes": ", ".join(unknown)},
                          code="unknown_codes")
    fields = {"title": spec["title"], "time_limit_minutes": spec["time_limit_minutes"],
              "pass_mark": spec["pass_mark"], "opens_at": spec["opens_at"], "closes_at": spec["closes_at"],
              "attempts_allowed": spec["attempts_allowed"], "writes_kpi": spec["monthly"],
              "kpi_date": spec["kpi_date"], **(spec.get("review") or {})}
    overrides = [{"employee": people.get(o["employee_no"]) if o["employee_no"] else None,
                  "team": teams.get(o["team"]) if o["team"] else None, "extra_minutes": o["extra_minutes"],
                  "opens_at": o["opens_at"], "closes_at": o["closes_at"]} for o in spec["overrides"]]
    exam = save_draft(user, fields, code=spec["code"], levels=levels, teams=[teams[c] for c in spec["teams"]],
                      blueprint=[(c["topic"], c["difficulty"], c["count"]) for c in spec["blueprint"]],
                      overrides=overrides)
    return exam, schedule_exam(exam, seed=spec["seed"])


# ------------------------------------------------------------------------------------------ windows, time

def override_for(paper: Paper) -> ExamOverride | None:
    """A person's own override wins over their team's (one query)."""
    employee = paper.employee
    overrides = ExamOverride.objects.filter(Q(employee=employee) | Q(team_id=employee.team_id, employee__isnull=True),
                                            exam_id=paper.exam_id)
    return min(overrides, key=lambda o: (o.employee_id is None, o.pk), default=None)


def window_for(paper: Paper) -> tuple[datetime.datetime, datetime.datetime, int]:
    """(opens, closes, minutes allowed) for this taker: the exam's, or a make-up window and extra time."""
    exam, override = paper.exam, override_for(paper)
    opens, closes, minutes = exam.opens_at, exam.closes_at, exam.time_limit_minutes
    if override:
        opens = override.opens_at or opens
        closes = override.closes_at or closes
        minutes += override.extra_minutes
    return opens, closes, minutes


def seconds_left(attempt: Attempt, now=None) -> int:
    return max(0, int((attempt.deadline - (now or timezone.now())).total_seconds()))


# ------------------------------------------------------------------------------------------ taking

def start_attempt(paper: Paper, now=None) -> Attempt:
    """Start (or resume) the taker's attempt. One active attempt per taker; within the window; within the
    attempts allowed. The server keeps the deadline."""
    return begin_attempt(paper, now)[0]


def begin_attempt(paper: Paper, now=None) -> tuple[Attempt, bool]:
    """start_attempt, and whether the attempt was started now (then it has no answer yet: at the start of an
    exam, when every taker asks at once, nobody's saved answers need reading).

    A retake sits a new paper (drawing.draw_retake: the questions already seen are avoided where the bank
    allows). The deadline is the time limit (extra time included) but never later than the taker's window
    closes."""
    now = now or timezone.now()
    attempts = list(Attempt.objects.filter(paper__exam_id=paper.exam_id, paper__employee_id=paper.employee_id))
    time_out([a for a in attempts if is_expired(a, now)])
    active = next((a for a in attempts if a.state == Attempt.State.IN_PROGRESS), None)
    if active:
        if active.paper_id == paper.pk:
            active.paper = paper
        return active, False
    opens, closes, minutes = window_for(paper)
    if now < opens:
        raise AttemptRefused(_("This exam opens at %(time)s.") % {"time": when(opens)}, code="not_open_yet")
    if now > closes:
        raise AttemptRefused(_("This exam closed at %(time)s.") % {"time": when(closes)}, code="window_closed")
    used = len(attempts)
    if used >= paper.exam.attempts_allowed:
        raise AttemptRefused(_("You have used all %(n)s attempt(s) of this exam.") % {"n": paper.exam.attempts_allowed},
                             code="no_attempts_left")
    deadline = min(now + datetime.timedelta(minutes=minutes), closes)
    try:
        with transaction.atomic():
            if any(a.paper_id == paper.pk for a in attempts):  # this paper was sat: a retake gets a new one
                exam, employee = paper.exam, paper.employee
                paper = draw_retake(exam, paper.employee_id, used + 1)
                paper.exam, paper.employee = exam, employee
            attempt = Attempt.objects.create(paper=paper, number=used + 1, started_at=now, deadline=deadline)
            attempt.paper = paper
            return attempt, True
    except IntegrityError:  # a second tab started it at the same moment
        return Attempt.objects.select_related("paper__exam", "paper__employee").get(
            paper__exam_id=paper.exam_id, paper__employee_id=paper.employee_id, state=Attempt.State.IN_PROGRESS), False


def parse_response(kind: str, values: list[str], options_count: int, order=None) -> list:
    """The stored form of an answer: sorted option letters of the question version (the paper may show the
    options in its own order), ["true"]/["false"], or [text]."""
    letters = [chr(ord("A") + i) for i in range(options_count)]
    if kind == Question.Kind.SHORT:
        text = (values[0] if values else "").strip()
        return [text[:4000]] if text else []
    if kind == Question.Kind.TRUE_FALSE:
        return [v for v in values if v in ("true", "false")][:1]
    chosen = to_version_letters(sorted({v for v in values if v in letters}), order or [])
    return chosen[:1] if kind == Question.Kind.SINGLE else chosen


def save_answer(attempt: Attempt, position: int, values: list[str], now=None) -> Answer:
    """Save one answer as it is given. Refused once the attempt is over (submitted, or deadline + grace); a save
    after deadline + grace submits the attempt first (a time-out: what was saved counts).

    `attempt` may come from selectors.own_attempt_at (it carries the item): then the save is one statement."""
    now = now or timezone.now()
    if not hasattr(attempt, "item_pk"):
        attempt = selectors.with_item_at(Attempt.objects.filter(pk=attempt.pk), position)
    if attempt.state == Attempt.State.IN_PROGRESS and now <= attempt.deadline + GRACE:
        if attempt.item_pk is None:
            raise AttemptRefused(_("Question %(n)s is not on this paper.") % {"n": position}, code="no_such_question")
        response = parse_response(attempt.item_kind, values, len(attempt.item_options or []), attempt.item_order)
        answer_id = _write_answer(attempt.pk, attempt.item_pk, response, now)
        if answer_id is not None:
            return Answer(pk=answer_id, attempt_id=attempt.pk, item_id=attempt.item_pk, response=response,
                          saved_at=now)
        attempt.refresh_from_db(fields=["state"])  # submitted since it was read
    if attempt.state == Attempt.State.IN_PROGRESS and now > attempt.deadline + GRACE:
        submit_attempt(attempt, now)
    raise AttemptRefused(_("This attempt is over; the answers saved before the deadline count."), code="attempt_over")


def _write_answer(attempt_id: int, item_id: int, response: list, now) -> int | None:
    """Insert or replace the answer in one statement, only while the attempt is in progress and within
    deadline + grace; None when it is not. On PostgreSQL the attempt row is share-locked until the statement
    commits, so a submission waits for the answer (and grades it) or the answer sees the submission (and is
    refused): an acknowledged answer is always in the score. SQLite runs one writer at a time."""
    postgres = connection.vendor == "postgresql"
    sql = (f"INSERT INTO {Answer._meta.db_table} (attempt_id, item_id, response, saved_at) "
           f"SELECT id, %s, %s, %s FROM {Attempt._meta.db_table} WHERE id = %s AND state = %s AND deadline >= %s"
           f"{' FOR SHARE' if postgres else ''} "
           "ON CONFLICT (attempt_id, item_id) DO UPDATE SET response = excluded.response, saved_at = excluded.saved_at "
           "RETURNING id")
    stamp = connection.ops.adapt_datetimefield_value
    params = [item_id, Answer._meta.get_field("response").get_db_prep_save(response, connection), stamp(now),
              attempt_id, Attempt.State.IN_PROGRESS, stamp(now - GRACE)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def _save_attempts(attempts, fields: list[str]) -> None:
    """Write these fields of many attempts: one prepared UPDATE run for all rows (executemany), where Django's
    bulk_update builds a CASE per field and row (seconds for a center's attempts at an exam's close)."""
    if not attempts:
        return
    columns = [Attempt._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(Attempt._meta.db_table)} SET {', '.join(f'{quote(c.column)} = %s' for c in columns)} "
           f"WHERE {quote(Attempt._meta.pk.column)} = %s")
    rows = [[c.get_db_prep_save(getattr(a, c.attname), connection) for c in columns] + [a.pk] for a in attempts]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _log(moves, *, by=None) -> None:
    """Every state move of attempts in common.TransitionLog, in one statement: [(attempt, transition, from)]."""
    kind = ContentType.objects.get_for_model(Attempt)
    TransitionLog.objects.bulk_create(
        TransitionLog(content_type=kind, object_id=a.pk, transition=name, source=source, target=a.state,
                      by=by if getattr(by, "pk", None) else None) for a, name, source in moves if source != a.state)


@transaction.atomic
def submit_attempt(attempt: Attempt, now=None, by=None) -> Attempt:
    """Submit: objective questions are graded at once. A submission after deadline + grace is taken as of the
    deadline (a time-out); what was saved counts. The attempt's row is locked and its state re-read first: a
    second submission (another tab, a retry, the sweep) is refused, not graded twice. `attempt` is moved in
    place (its fsm transition) and returned."""
    now = now or timezone.now()
    fresh = Attempt.objects.select_for_update().filter(pk=attempt.pk).values_list("state", flat=True).first()
    if fresh != Attempt.State.IN_PROGRESS or not can_proceed(attempt.submit):
        raise AttemptRefused(_("This attempt has already been submitted."), code="already_submitted")
    if now > attempt.deadline + GRACE:
        name = "time_out"
        attempt.time_out()
    else:
        name = "submit"
        attempt.submit(min(now, attempt.deadline))
    Attempt.objects.filter(pk=attempt.pk).update(state=attempt.state, submitted_at=attempt.submitted_at,
                                                 timed_out=attempt.timed_out)
    _log([(attempt, name, Attempt.State.IN_PROGRESS)], by=by)
    grade_attempts([attempt])
    return attempt


def submit_attempts(submitted_at: dict) -> int:
    """submit_attempt for many attempts at once, each as of its own moment ({attempt: moment}; a moment past
    the deadline is taken as the deadline): sittings recorded after the fact (the demo's past months). The same
    transition under the rows' locks, logged, and graded set-based (a few queries whatever their number); an
    attempt no longer in progress is left as it is. Returns the number submitted."""
    if not submitted_at:
        return 0
    with transaction.atomic():
        still_open = set(Attempt.objects.select_for_update().filter(
            pk__in=[a.pk for a in submitted_at], state=Attempt.State.IN_PROGRESS).values_list("pk", flat=True))
        taken = [a for a in submitted_at if a.pk in still_open and can_proceed(a.submit)]
        for a in taken:
            a.submit(min(submitted_at[a], a.deadline))
        _save_attempts(taken, ["state", "submitted_at", "timed_out"])
        _log([(a, "submit", Attempt.State.IN_PROGRESS) for a in taken])
        grade_attempts(taken)
    return len(taken)


def is_expired(attempt: Attempt, now) -> bool:
    """In progress past its deadline plus grace: it is submitted as of its deadline (close_expired_attempts
    selects the same in SQL)."""
    return attempt.state == Attempt.State.IN_PROGRESS and attempt.deadline < now - GRACE


def close_expired_attempts(now=None, paper_ids=None) -> int:
    """The lazy sweep (pages call it; `agentpath exams close-expired` too): every attempt past its deadline
    plus grace is submitted as of its deadline, with what was saved."""
    now = now or timezone.now()
    expired = Attempt.objects.filter(state=Attempt.State.IN_PROGRESS, deadline__lt=now - GRACE)
    if paper_ids is not None:
        expired = expired.filter(paper_id__in=paper_ids)
    return time_out(list(expired))


def close_if_expired(attempt: Attempt, now=None) -> bool:
    """The lazy sweep for the one attempt a page shows (no query when it has time left)."""
    return bool(time_out([attempt] if is_expired(attempt, now or timezone.now()) else []))


def time_out(attempts) -> int:
    """Submit these expired attempts as of their deadlines and grade them. Each is locked and taken only while
    still in progress: one the taker submitted in the meantime (another tab, the last second) keeps its own
    submission and grade, and the object passed in is brought up to date."""
    if not attempts:
        return 0
    with transaction.atomic():
        still_open = set(Attempt.objects.select_for_update().filter(
            pk__in=[a.pk for a in attempts], state=Attempt.State.IN_PROGRESS).values_list("pk", flat=True))
        expired = [a for a in attempts if a.pk in still_open and can_proceed(a.time_out)]
        for a in expired:
            a.time_out()
        _save_attempts(expired, ["state", "submitted_at", "timed_out"])
        _log([(a, "time_out", Attempt.State.IN_PROGRESS) for a in expired])
        grade_attempts(expired)
    for a in attempts:
        if a.pk not in still_open:
            a.refresh_from_db()
    return len(expired)


# ------------------------------------------------------------------------------------------ grading

def objective_points(version: QuestionVersion, kind: str, response: list) -> float | None:
    """Full points for exactly the key, else 0 (no partial credit on multiple choice); None for a short answer."""
    if kind == Question.Kind.SHORT:
        return None
    return float(version.points) if response and sorted(response) == sorted(version.answer_key) else 0.0


def _versions(version_ids) -> dict[int, QuestionVersion]:
    """The question versions by id with their questions: a paper's items share a few dozen versions, read once
    (not once per answer) however many attempts are graded."""
    return {v.pk: v for v in QuestionVersion.objects.filter(pk__in=set(version_ids)).select_related("question")}


def grade_attempts(attempts, by=None) -> None:
    """Grade objective answers of submitted attempts and finish those with nothing left for a trainer
    (set-based: a few queries whatever the number of attempts). The callers hold the attempts' row locks."""
    attempts = [a for a in attempts if a.state != Attempt.State.IN_PROGRESS]
    if not attempts:
        return
    ids = [a.pk for a in attempts]
    answers = list(Answer.objects.filter(attempt_id__in=ids).annotate(version_id=F("item__version_id"))
                   .only("id", "attempt_id", "item_id", "response", "points"))
    versions = _versions(a.version_id for a in answers)
    by_points = defaultdict(list)  # objective points take a few values: one UPDATE per value, not a row each
    for ans in answers:
        version = versions[ans.version_id]
        if version.question.kind != Question.Kind.SHORT:
            ans.points = objective_points(version, version.question.kind, ans.response)
            by_points[ans.points].append(ans.pk)
    for points, answer_ids in by_points.items():
        for chunk in in_chunks(answer_ids):
            Answer.objects.filter(pk__in=chunk).update(points=points)
    _finish(attempts, answers, by=by)


def _finish(attempts, answers, by=None) -> None:
    """Totals, score and pass for each attempt; graded when no short answer waits; then the KPI value."""
    by_attempt = defaultdict(dict)
    for ans in answers:
        by_attempt[ans.attempt_id][ans.item_id] = ans
    items = defaultdict(list)  # paper -> [(item id, version id)]
    for item_id, paper_id, version_id in PaperItem.objects.filter(
            paper_id__in={a.paper_id for a in attempts}).values_list("id", "paper_id", "version_id"):
        items[paper_id].append((item_id, version_id))
    versions = _versions(v for paper_items in items.values() for _i, v in paper_items)
    pass_marks = dict(Paper.objects.filter(pk__in={a.paper_id for a in attempts}).values_list("pk", "exam__pass_mark"))
    moves = []
    for a in attempts:
        given, paper_items = by_attempt[a.pk], items[a.paper_id]
        waiting = any(versions[v].question.kind == Question.Kind.SHORT and i in given and given[i].points is None
                      for i, v in paper_items)
        a.max_points = float(sum(versions[v].points for _i, v in paper_items))
        a.points = float(sum(given[i].points or 0 for i, _v in paper_items if i in given))
        a.score = round(100 * a.points / a.max_points, 1) if a.max_points else 0.0
        source = a.state
        if waiting:
            a.wait_for_trainer()
        else:
            a.finish_grading()
        moves.append((a, "wait_for_trainer" if waiting else "finish_grading", source))
        a.passed = None if waiting else a.score >= pass_marks[a.paper_id]
    _save_attempts(attempts, ["max_points", "points", "score", "state", "passed"])
    _log(moves, by=by)
    record_exam_kpi({a.paper_id for a in attempts if a.state == Attempt.State.GRADED})
    _tell_retakes([a for a in attempts if a.state == Attempt.State.GRADED and a.passed is False])


def _tell_retakes(failed) -> int:
    """Each taker who failed an attempt and may still retake (attempts left, their window still open, a make-up
    window included) learns until when, once per failed attempt (set-based: three queries whatever their
    number). A monthly exam of one attempt tells nobody."""
    if not failed:
        return 0
    papers = {p.pk: p for p in Paper.objects.filter(pk__in={a.paper_id for a in failed}, exam__attempts_allowed__gt=1)
              .select_related("exam", "employee")}
    if not papers:
        return 0
    takers = {(p.exam_id, p.employee_id) for p in papers.values()}
    used = {(r["paper__exam_id"], r["paper__employee_id"]): r["n"] for r in Attempt.objects.filter(
        paper__exam_id__in={e for e, _p in takers}, paper__employee_id__in={p for _e, p in takers})
        .values("paper__exam_id", "paper__employee_id").annotate(n=Count("id"))}
    overrides = defaultdict(list)
    for o in ExamOverride.objects.filter(exam_id__in={e for e, _p in takers}).order_by("pk"):
        overrides[o.exam_id].append(o)
    now, open_until = timezone.now(), {}
    for a in failed:
        paper = papers.get(a.paper_id)
        if paper is None or used.get((paper.exam_id, paper.employee_id), 0) >= paper.exam.attempts_allowed:
            continue
        own = [o for o in overrides[paper.exam_id] if o.employee_id == paper.employee_id] or [
            o for o in overrides[paper.exam_id] if o.employee_id is None and o.team_id == paper.employee.team_id]
        closes = (own[0].closes_at if own and own[0].closes_at else None) or paper.exam.closes_at
        if closes > now:
            open_until[a] = (paper, closes)
    return inbox.retakes_open(open_until)


@transaction.atomic
def grade_short_answer(answer: Answer, points: float, by) -> Attempt:
    """A trainer grades a short answer (0 … the question's points) from the queue. The attempt's row is locked
    and re-read: an attempt no longer waiting (graded by another trainer meanwhile) is refused with 409."""
    maximum = answer.item.version.points
    if not 0 <= points <= maximum:
        raise Invalid(_("Give between 0 and %(max)s points.") % {"max": maximum}, code="points_out_of_range")
    attempt = Attempt.objects.select_for_update().get(pk=answer.attempt_id)
    if attempt.state != Attempt.State.AWAITING_GRADING or not Answer.objects.filter(
            pk=answer.pk, points__isnull=True).exists():
        raise Conflict(_("This answer has been graded meanwhile; reload the queue."), code="state_changed")
    answer.points, answer.graded_by = float(points), by
    answer.save(update_fields=["points", "graded_by"])
    _finish([attempt], list(Answer.objects.filter(attempt=attempt)), by=by)
    return attempt


# ------------------------------------------------------------------------------------------ KPI

def record_exam_kpi(paper_ids) -> int:
    """The monthly exam's score (best graded attempt) becomes the taker's KPI value on the exam's KPI date."""
    rows = (Attempt.objects.filter(paper_id__in=paper_ids, state=Attempt.State.GRADED, paper__exam__writes_kpi=True)
            .values("paper__employee_id", "paper__exam__kpi_date", "paper__exam__closes_at")
            .annotate(best=Max("score")))
    values = {(r["paper__employee_id"], r["paper__exam__kpi_date"] or timezone.localdate(r["paper__exam__closes_at"])):
              r["best"] for r in rows}
    return record_metric_values(EXAM_METRIC, values) if values else 0
