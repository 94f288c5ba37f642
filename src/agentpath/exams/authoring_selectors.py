"""Reads for the exam authoring pages and the question bank, scoped like the rest (out of scope: not found)."""
from collections import defaultdict

from django.db.models import Count, Q
from django.http import Http404

from agentpath.org import scoping
from agentpath.org.models import Team

from .models import Attempt, Exam, Question, QuestionVersion
from .selectors import exams_in_scope, managed_exam_for, papers_in_scope
from .statistics import item_statistics


def require_manager(user) -> None:
    if not scoping.can_manage_exams(user):
        raise Http404


def authored_exams(user):
    """Every exam in the user's scope, drafts included, with its papers counted."""
    require_manager(user)
    return (exams_in_scope(user).select_related("owner").annotate(n_papers=Count("papers", distinct=True))
            .order_by("status", "-opens_at"))


def draft_for(user, exam_id: int) -> Exam:
    """An exam the user may edit or schedule (it may have been scheduled since; the service refuses that)."""
    return managed_exam_for(user, exam_id)


def question_for(user, question_id: int) -> Question:
    require_manager(user)
    question = Question.objects.filter(pk=question_id).first()
    if question is None:
        raise Http404
    return question


def bank(user, *, topic=None, difficulty=None, status=None, limit=500) -> list[Question]:
    """The bank filtered, each question with its current wording and the item statistics of its versions over
    the graded attempts in the user's scope (.stats: [(version number, ItemStatistics)], .needs_checking)."""
    require_manager(user)
    qs = Question.objects.annotate(n_versions=Count("versions"))
    if topic:
        qs = qs.filter(topic=topic)
    if difficulty:
        qs = qs.filter(difficulty=difficulty)
    if status:
        qs = qs.filter(status=status)
    questions = list(qs[:limit])
    current = {}
    for v in QuestionVersion.objects.filter(question__in=questions, center__isnull=True).order_by(
            "question_id", "number"):
        current[v.question_id] = v  # the last one wins: the current wording (a fork for one center is not)
    numbers = dict(QuestionVersion.objects.filter(question__in=questions).values_list("id", "number"))
    attempts = (Attempt.objects.filter(state=Attempt.State.GRADED, paper__in=papers_in_scope(user),
                                       paper__items__version__question__in=questions).distinct())
    by_question = defaultdict(list)
    for s in item_statistics(list(attempts)):
        if s.version_id in numbers:
            by_question[s.code].append((numbers[s.version_id], s))
    for q in questions:
        q.current_version = current.get(q.pk)
        q.stats = sorted(by_question.get(q.code, []), key=lambda pair: pair[0])
        q.needs_checking = any(s.needs_checking for _n, s in q.stats)
    return questions


def teams_to_choose(user, exam: Exam | None):
    """The teams an exam's audience may name: those the user sees, and a draft's own teams, so that none is dropped
    unseen (the service says which may not stay)."""
    teams = scoping.teams_visible_to(user)
    if exam is None:
        return teams
    return Team.objects.select_related("center").filter(
        Q(pk__in=teams.values("pk")) | Q(pk__in=exam.audience_teams.values("pk")))


def override_rows(exam: Exam | None) -> list[dict]:
    """A draft's per-person and per-team window overrides as the form shows them."""
    return [{"employee_no": o.employee.employee_no if o.employee_id else "", "team": o.team_id,
             "extra_minutes": o.extra_minutes, "opens_at": o.opens_at, "closes_at": o.closes_at}
            for o in exam.overrides.select_related("employee")] if exam else []


def draft_form_choices(exam: Exam) -> dict:
    """A draft's audience as the form's initial choices."""
    return {"audience_levels": list(exam.audience_levels.all()), "audience_teams": list(exam.audience_teams.all())}


def blueprint_cells(exam: Exam | None) -> list[tuple]:
    return [(c.topic, c.difficulty, c.count) for c in exam.cells.all()] if exam else []
