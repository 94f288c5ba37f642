"""Reads for exams, scoped to the acting user through accounts.scoping (out of scope: not found)."""
from django.db.models import Count, F, FilteredRelation, Q
from django.http import Http404

from agentpath.accounts import scoping

from .models import Answer, Attempt, Exam, Paper, Question, QuestionVersion


def exam_for(user, exam_id: int) -> Exam:
    exam = scoping.exams_visible_to(user).filter(pk=exam_id).first()
    if exam is None:
        raise Http404
    return exam


def managed_exam_for(user, exam_id: int) -> Exam:
    """An exam the user may manage (results, statistics, regrade): HR, or the trainer who owns it or serves
    its takers' centers."""
    if not scoping.can_manage_exams(user):
        raise Http404
    return exam_for(user, exam_id)


def own_paper(user, exam_id: int) -> Paper:
    paper = Paper.objects.select_related("exam", "employee").filter(
        exam_id=exam_id, employee_id=user.employee_id, exam__status=Exam.Status.SCHEDULED).first() \
        if user.employee_id else None
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
                      item_options=F("item__version__options"))
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
        pk=attempt_id, paper__in=scoping.exam_papers_visible_to(user)).first()
    if attempt is None:
        raise Http404
    return attempt


def my_papers(user):
    if not user.employee_id:
        return []
    papers = list(Paper.objects.filter(employee_id=user.employee_id, exam__status=Exam.Status.SCHEDULED)
                  .select_related("exam").order_by("-exam__opens_at"))
    attempts = {}
    for a in Attempt.objects.filter(paper__in=papers).order_by("number"):
        attempts[a.paper_id] = a  # the latest attempt
    for p in papers:
        p.latest_attempt = attempts.get(p.pk)
    return papers


def exams_for(user):
    return scoping.exams_visible_to(user).annotate(n_papers=Count("papers", distinct=True)).order_by("-opens_at")


def results_of(user, exam: Exam):
    return (Attempt.objects.filter(paper__exam=exam, paper__in=scoping.exam_papers_visible_to(user))
            .select_related("paper__employee").order_by("paper__employee__employee_no", "number"))


def grading_queue(user):
    """Short answers waiting for a trainer, of takers in the user's scope."""
    if not scoping.can_manage_exams(user):
        raise Http404
    return (Answer.objects.filter(points__isnull=True, item__version__question__kind=Question.Kind.SHORT,
                                  attempt__state=Attempt.State.AWAITING_GRADING,
                                  attempt__paper__in=scoping.exam_papers_visible_to(user))
            .select_related("item__version", "attempt__paper__employee", "attempt__paper__exam")
            .order_by("attempt__submitted_at"))


def answer_to_grade(user, answer_id: int) -> Answer:
    answer = grading_queue(user).filter(pk=answer_id).first()
    if answer is None:
        raise Http404
    return answer


def paper_questions(attempt: Attempt):
    """The paper's items with the taker's saved answer on each (two queries)."""
    items = list(attempt.paper.items.select_related("version__question"))
    saved = {a.item_id: a for a in Answer.objects.filter(attempt=attempt)}
    for item in items:
        item.saved = saved.get(item.id)
        item.letters = [(chr(ord("A") + i), text) for i, text in enumerate(item.version.options)]
    return items


def questions_to_sit(attempt: Attempt, *, new: bool = False) -> list[dict]:
    """What a taker sees of their paper while sitting it, as plain rows (position, kind, text, options, the answer
    saved so far; `new`: an attempt started just now has none): two queries (one for a new attempt) and no model
    objects, for the start of an exam when every taker asks at once."""
    saved = {} if new else dict(Answer.objects.filter(attempt=attempt).values_list("item_id", "response"))
    return [{"position": position, "kind": kind, "text": text, "options": options, "saved_answer": saved.get(item_id)}
            for item_id, position, kind, text, options in attempt.paper.items.order_by("position").values_list(
                "id", "position", "version__question__kind", "version__text", "version__options")]


def version_to_regrade(user, version_id: int):
    """A question version on a paper the user may manage (trainers: takers of their centers; HR: all)."""
    if not scoping.can_manage_exams(user):
        raise Http404
    version = QuestionVersion.objects.select_related("question").filter(
        pk=version_id, paper_items__paper__in=scoping.exam_papers_visible_to(user)).distinct().first()
    if version is None:
        raise Http404
    return version


def questions_for(user):
    if not scoping.can_manage_exams(user):
        raise Http404
    return Question.objects.annotate(n_versions=Count("versions"))
