"""Reads for exams, scoped to the acting user (out of scope: not found). Who reads which papers and exams, and what
of a result each reader sees when (the exam's review options), is decided here: DOMAIN.md's roles table —
agents their own; team leaders their team's results, never a key while takers may still sit the exam; center
managers their centers' like team leaders; QA, whose data is QA data, at most the scores of their centers' takers
when the exam says so and never answers or keys; trainers and HR everything in their scope."""
import datetime
from typing import NamedTuple

from django.db.models import Count, F, FilteredRelation, Max, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agentpath.accounts.models import Role
from agentpath.org import scoping
from agentpath.org.models import Center

from .drawing import letter, to_shown_letters
from .models import Answer, Attempt, Exam, Paper, Question, QuestionVersion, Reveal
from .windows import GRACE

center_ids_for = scoping.center_ids_for
can_manage_exams = scoping.can_manage_exams


# ------------------------------------------------------------------------------------------ scope

def papers_in_scope(user):
    """Exam papers (and so attempts and results) the user may read: agents their own, team leaders their team's,
    center managers and trainers their centers', HR all; QA those of their centers' takers on exams whose review
    options show QA the scores."""
    papers = Paper.objects.filter(employee__in=scoping.people_served_by(user))
    if user.is_authenticated and not user.is_superuser and user.role == Role.QA:
        papers = papers.filter(Q(employee_id=user.employee_id) | ~Q(exam__qa_score=Reveal.NEVER))
    return papers


def takers_of_exams_owned_by(trainer):
    """Trainees by exam (org.scoping.trainees_of): the takers of the exams a trainer owns. Employee ids."""
    return Paper.objects.filter(exam__owner=trainer).values("employee_id")


def exams_in_scope(user):
    """Exams: HR all; trainers those they own, those with papers in their scope and drafts for teams of their
    centers; others those with a paper they may read."""
    qs = Exam.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser or user.role == Role.HR_ADMIN:
        return qs
    in_scope = Q(papers__in=papers_in_scope(user))
    if user.role == Role.TRAINER:  # and the drafts for teams of their centers (no papers yet)
        in_scope |= Q(owner=user) | Q(status=Exam.Status.DRAFT, audience_teams__center_id__in=center_ids_for(user))
    return qs.filter(pk__in=qs.filter(in_scope).values("pk"))


# ------------------------------------------------------------------------------------------ review

class Review(NamedTuple):
    """What of an attempt's result a reader sees now, and when the rest opens (None: never, or nothing held)."""

    score: bool
    answers: bool
    key: bool
    explanations: bool
    later: datetime.datetime | None = None


NOTHING = Review(False, False, False, False)
EVERYTHING = Review(True, True, True, True)
PARTS = ("score", "answers", "key", "explanations")


def windows_closed_at(exam: Exam) -> datetime.datetime:
    """When nobody can sit the exam any more: its window and every make-up window closed, plus the grace for
    answers in flight (an attempt's deadline never runs past its window). One query."""
    latest = exam.overrides.aggregate(m=Max("closes_at"))["m"]
    return max(exam.closes_at, latest or exam.closes_at) + GRACE


def audience_of_reader(user, attempt: Attempt) -> str | None:
    """Which review options apply to the user reading this attempt: "taker", "supervisor", "qa", "staff"
    (trainers and HR: everything), or None (nothing)."""
    if user.is_superuser or user.role in (Role.HR_ADMIN, Role.TRAINER):
        return "staff"
    if user.employee_id and attempt.paper.employee_id == user.employee_id:
        return "taker"
    if user.role in (Role.TEAM_LEADER, Role.CENTER_MANAGER):
        return "supervisor"
    if user.role == Role.QA:
        return "qa"
    return None


def review_for(user, attempt: Attempt, now=None) -> Review:
    """What `user` sees of `attempt` now, by the exam's review options: nothing while it is being sat; "at once"
    parts once it is submitted; "after the window closes" parts once every window of the exam has closed."""
    audience = audience_of_reader(user, attempt)
    if audience is None or attempt.state == Attempt.State.IN_PROGRESS:
        return NOTHING
    if audience == "staff":
        return EVERYTHING
    exam = attempt.paper.exam
    options = {part: getattr(exam, f"{audience}_{part}", Reveal.NEVER) for part in PARTS}
    closed_at = windows_closed_at(exam) if Reveal.AFTER_CLOSE in options.values() else None
    now = now or timezone.now()
    shown = {part: when == Reveal.ON_SUBMIT or (when == Reveal.AFTER_CLOSE and now >= closed_at)
             for part, when in options.items()}
    later = closed_at if any(w == Reveal.AFTER_CLOSE and not shown[p] for p, w in options.items()) else None
    return Review(**shown, later=later)


# ------------------------------------------------------------------------------------------ reads

def exam_for(user, exam_id: int) -> Exam:
    exam = exams_in_scope(user).filter(pk=exam_id).first()
    if exam is None:
        raise Http404
    return exam


def managed_exam_for(user, exam_id: int) -> Exam:
    """An exam the user may manage (results, statistics, regrade): HR, or the trainer who owns it or serves
    its takers' centers."""
    if not can_manage_exams(user):
        raise Http404
    return exam_for(user, exam_id)


def own_paper(user, exam_id: int) -> Paper:
    """The taker's latest paper of the exam (a retake draws the next one when it starts)."""
    paper = Paper.objects.select_related("exam", "employee").filter(
        exam_id=exam_id, employee_id=user.employee_id, exam__status=Exam.Status.SCHEDULED).order_by(
        "-number").first() if user.employee_id else None
    if paper is None:
        raise Http404
    return paper


def own_attempt(user, attempt_id: int) -> Attempt:
    """The taker's own attempt (only the taker may answer or submit it)."""
    attempt = Attempt.objects.select_related("paper__exam", "paper__employee").filter(
        pk=attempt_id, paper__employee_id=user.employee_id).first() if user.employee_id else None
    if attempt is None:
        raise Http404
    return attempt


def with_item_at(attempts, position: int) -> Attempt | None:
    """The first of `attempts` with only what saving an answer needs (paper, state, deadline) and the item at
    `position` on its paper: `item_pk`, `item_kind`, `item_options` (None when the paper has no such position).
    One query."""
    return (attempts.annotate(item=FilteredRelation("paper__items", condition=Q(paper__items__position=position)))
            .annotate(item_pk=F("item__id"), item_kind=F("item__version__question__kind"),
                      item_options=F("item__version__options"), item_order=F("item__option_order"))
            .only("id", "paper_id", "state", "deadline").order_by().first())


def own_attempt_at(user, attempt_id: int, position: int) -> Attempt:
    """The taker's own attempt with the question at `position`, for an answer save (one query)."""
    attempt = with_item_at(Attempt.objects.filter(pk=attempt_id, paper__employee_id=user.employee_id),
                           position) if user.employee_id else None
    if attempt is None:
        raise Http404
    return attempt


def attempt_for(user, attempt_id: int) -> Attempt:
    """An attempt whose result the user may read."""
    attempt = Attempt.objects.select_related("paper__exam", "paper__employee").filter(
        pk=attempt_id, paper__in=papers_in_scope(user)).first()
    if attempt is None:
        raise Http404
    return attempt


def my_papers(user):
    """The taker's latest paper of each scheduled exam, with its latest attempt."""
    if not user.employee_id:
        return []
    latest = {}
    for p in (Paper.objects.filter(employee_id=user.employee_id, exam__status=Exam.Status.SCHEDULED)
              .select_related("exam").order_by("exam_id", "number")):
        latest[p.exam_id] = p
    papers = sorted(latest.values(), key=lambda p: p.exam.opens_at, reverse=True)
    attempts = {}
    for a in Attempt.objects.filter(paper__exam_id__in=list(latest), paper__employee_id=user.employee_id).annotate(
            exam_id=F("paper__exam_id")).order_by("number"):
        attempts[a.exam_id] = a  # the latest attempt
    for p in papers:
        p.latest_attempt = attempts.get(p.exam_id)
        if p.latest_attempt is not None:
            p.latest_attempt.paper = p if p.latest_attempt.paper_id == p.pk else p.latest_attempt.paper
            p.show_score = review_for(user, p.latest_attempt).score
    return papers


def exam_history(user, employee, limit: int = 12) -> list[Attempt]:
    """The person's submitted attempts the user may read, newest first (at most `limit`), each with `review`:
    what the user sees of it now (the score only when the exam's review options show it to them)."""
    attempts = list(Attempt.objects.filter(paper__employee=employee, paper__in=papers_in_scope(user))
                    .exclude(state=Attempt.State.IN_PROGRESS).select_related("paper__exam", "paper__employee")
                    .order_by("-submitted_at", "-pk")[:limit])
    for attempt in attempts:
        attempt.review = review_for(user, attempt)
    return attempts


def exams_for(user):
    return exams_in_scope(user).annotate(n_papers=Count("papers", distinct=True)).order_by("-opens_at")


def results_of(user, exam: Exam):
    return (Attempt.objects.filter(paper__exam=exam, paper__in=papers_in_scope(user))
            .select_related("paper__employee").order_by("paper__employee__employee_no", "number"))


def grading_queue(user):
    """Short answers waiting for a trainer, of takers in the user's scope."""
    if not can_manage_exams(user):
        raise Http404
    return (Answer.objects.filter(points__isnull=True, item__version__question__kind=Question.Kind.SHORT,
                                  attempt__state=Attempt.State.AWAITING_GRADING,
                                  attempt__paper__in=papers_in_scope(user))
            .select_related("item__version", "attempt__paper__employee", "attempt__paper__exam")
            .order_by("attempt__submitted_at"))


def answer_to_grade(user, answer_id: int) -> Answer:
    answer = grading_queue(user).filter(pk=answer_id).first()
    if answer is None:
        raise Http404
    return answer


# How a true/false answer reads on a page (stored as "true"/"false").
TRUE_FALSE_LABELS = {"true": _("True"), "false": _("False")}


def readable_answer(kind: str, shown: list) -> list:
    """An answer or key as the reader reads it: true/false as 正确/错误, letters and texts as they are."""
    if kind == Question.Kind.TRUE_FALSE:
        return [TRUE_FALSE_LABELS.get(value, value) for value in shown]
    return list(shown)


def blank_positions(attempt: Attempt) -> list[int]:
    """The positions of the paper's questions with no answer saved (an empty text counts as none), in order."""
    answered = {item_id for item_id, response in Answer.objects.filter(attempt=attempt).values_list(
        "item_id", "response") if any(str(part).strip() for part in response)}
    return [position for item_id, position in attempt.paper.items.order_by("position").values_list("id", "position")
            if item_id not in answered]


def _shown_options(options: list, order: list[int]) -> list:
    return [options[i] for i in order] if order else list(options)


def paper_questions(attempt: Attempt, review: Review = EVERYTHING):
    """The paper's items as the taker's paper shows them (options in the paper's order), with what `review`
    lets the reader see: the taker's answer (`shown_answer`, in the paper's letters) and its points, the key
    (`shown_key`), the explanation. Two queries."""
    items = list(attempt.paper.items.select_related("version__question"))
    saved = {a.item_id: a for a in Answer.objects.filter(attempt=attempt)}
    for item in items:
        version, order = item.version, item.option_order
        item.letters = [(letter(i), text) for i, text in enumerate(_shown_options(version.options, order))]
        item.saved = saved.get(item.id) if review.answers else None
        item.shown_answer = to_shown_letters(item.saved.response, order) if item.saved else []
        item.readable_answer = readable_answer(version.question.kind, item.shown_answer)
        item.shown_points = item.saved.points if item.saved and review.key else None
        item.shown_key = to_shown_letters(version.answer_key, order) if review.key else None
        item.readable_key = readable_answer(version.question.kind, item.shown_key) if review.key else None
        item.shown_explanation = version.explanation if review.explanations else ""
    return items


def questions_to_sit(attempt: Attempt, *, new: bool = False) -> list[dict]:
    """What a taker sees of their paper while sitting it, as plain rows (position, kind, text, options in the
    paper's order, the answer saved so far in the paper's letters; `new`: an attempt started just now has none):
    two queries (one for a new attempt) and no model objects, for the start of an exam when every taker asks at
    once."""
    saved = {} if new else dict(Answer.objects.filter(attempt=attempt).values_list("item_id", "response"))
    return [{"position": position, "kind": kind, "text": text, "options": _shown_options(options, order),
             "saved_answer": to_shown_letters(saved[item_id], order) if item_id in saved else None}
            for item_id, position, kind, text, options, order in attempt.paper.items.order_by("position").values_list(
                "id", "position", "version__question__kind", "version__text", "version__options", "option_order")]


def version_to_regrade(user, version_id: int):
    """A question version on a paper the user may manage (trainers: takers of their centers; HR: all)."""
    if not can_manage_exams(user):
        raise Http404
    version = QuestionVersion.objects.select_related("question").filter(
        pk=version_id, paper_items__paper__in=papers_in_scope(user)).distinct().first()
    if version is None:
        raise Http404
    return version


def regrade_centers(user, version: QuestionVersion):
    """The centers whose takers sat `version` and for which the user may correct it alone (trainers: the
    centers they serve; HR: all)."""
    centers = Center.objects.filter(pk__in=Paper.objects.filter(items__version=version).values("employee__center_id"))
    served = center_ids_for(user)
    return list((centers if served is None else centers.filter(pk__in=served)).order_by("code"))


def questions_for(user):
    if not can_manage_exams(user):
        raise Http404
    return Question.objects.annotate(n_versions=Count("versions"))
