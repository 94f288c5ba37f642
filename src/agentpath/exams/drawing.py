"""Drawing papers to a blueprint (issue 8): one paper per taker when the exam is scheduled, reproducible from
its seed, and within each topic × difficulty cell the questions the taker has seen least come first."""
import itertools
import random
import zlib
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import BlueprintCell, Exam, Paper, PaperItem, Question, QuestionVersion


class ExamRefused(Exception):
    """The exam cannot be scheduled; the message says why, in the user's language."""


def paper_seed(exam_seed: int, employee_id: int) -> int:
    return zlib.crc32(f"{exam_seed}:{employee_id}".encode())


def draw_questions(cells, pool: dict, seen: dict, seed: int) -> list[int]:
    """Question ids for one paper. cells: [(topic, difficulty, count)]; pool: {(topic, difficulty): [question
    id]}; seen: {question id: times this taker had it on earlier papers}. The shuffle breaks ties among
    equally seen questions, so the same seed and history give the same paper."""
    rng = random.Random(seed)
    chosen = []
    for topic, difficulty, count in sorted(cells):
        candidates = sorted(pool.get((topic, difficulty), []))
        rng.shuffle(candidates)
        candidates.sort(key=lambda qid: seen.get(qid, 0))  # stable: least seen first, shuffled within a tie
        chosen.extend(candidates[:count])
    return chosen


def bank_shortfalls(cells) -> list[str]:
    """One message per blueprint cell for which the bank has too few ready questions."""
    have = dict(((r["topic"], r["difficulty"]), r["n"]) for r in Question.objects.filter(
        status=Question.Status.READY).values("topic", "difficulty").annotate(n=Count("id")))
    return [_("Topic “%(topic)s”, difficulty %(difficulty)s needs %(need)s ready questions; the bank has "
              "%(have)s.") % {"topic": t, "difficulty": d, "need": n, "have": have.get((t, d), 0)}
            for t, d, n in sorted(cells) if have.get((t, d), 0) < n]


def audience_of(exam: Exam):
    from agentpath.org.models import Employee

    qs = Employee.objects.filter(status=Employee.Status.ACTIVE)
    levels, teams = list(exam.audience_levels.all()), list(exam.audience_teams.all())
    if levels:
        qs = qs.filter(level__in=levels)
    if teams:
        qs = qs.filter(team__in=teams)
    return qs if (levels or teams) else qs.none()


def _pool(cells) -> dict:
    keys = Q()
    for topic, difficulty, _count in cells:
        keys |= Q(topic=topic, difficulty=difficulty)
    pool = defaultdict(list)
    for qid, topic, difficulty in Question.objects.filter(keys, status=Question.Status.READY).values_list(
            "id", "topic", "difficulty"):
        pool[(topic, difficulty)].append(qid)
    return pool


def _seen_counts(employee_ids, exclude_exam_id, before_paper_id=None) -> dict:
    """{employee id: {question id: times seen}} over papers of other exams (set-based, one query)."""
    items = PaperItem.objects.filter(paper__employee_id__in=employee_ids).exclude(paper__exam_id=exclude_exam_id)
    if before_paper_id is not None:
        items = items.filter(paper_id__lt=before_paper_id)
    seen = defaultdict(dict)
    for emp, qid, n in items.values_list("paper__employee_id", "version__question_id").annotate(n=Count("id")):
        seen[emp][qid] = n
    return seen


def _latest_versions(question_ids) -> dict:
    rows = QuestionVersion.objects.filter(question_id__in=question_ids).values("question_id").annotate(
        n=Max("number"))
    wanted = Q()
    for r in rows:
        wanted |= Q(question_id=r["question_id"], number=r["n"])
    return dict(QuestionVersion.objects.filter(wanted).values_list("question_id", "id")) if rows else {}


@transaction.atomic
def schedule_exam(exam: Exam, *, seed: int | None = None) -> int:
    """Schedule an exam: refuse a bank too small for the blueprint (with the cells that fall short) or an
    empty audience, then draw one paper per taker. Returns the number of papers."""
    if exam.status == Exam.Status.SCHEDULED:
        raise ExamRefused(_("This exam is already scheduled."))
    cells = [(c.topic, c.difficulty, c.count) for c in BlueprintCell.objects.filter(exam=exam)]
    if not cells:
        raise ExamRefused(_("The exam has no blueprint: add questions per topic and difficulty."))
    shortfalls = bank_shortfalls(cells)
    if shortfalls:
        raise ExamRefused(_("The question bank is too small for this exam: %(cells)s")
                          % {"cells": " ".join(shortfalls)})
    takers = list(audience_of(exam).values_list("id", flat=True))
    if not takers:
        raise ExamRefused(_("Nobody is in the exam's audience: choose levels or teams with active people."))
    exam.seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**31)
    pool = _pool(cells)
    seen = _seen_counts(takers, exam.id)
    papers = Paper.objects.bulk_create((Paper(exam=exam, employee_id=e, seed=paper_seed(exam.seed, e)) for e in takers),
                                      batch_size=5000)
    drawn = {p.employee_id: draw_questions(cells, pool, seen.get(p.employee_id, {}), p.seed) for p in papers}
    versions = _latest_versions({q for qs in drawn.values() for q in qs})
    if not all(p.pk for p in papers):  # backends that do not return ids from bulk_create
        papers = list(Paper.objects.filter(exam=exam))
    items = (PaperItem(paper_id=p.pk, position=i, version_id=versions[q])
             for p in papers for i, q in enumerate(drawn[p.employee_id], start=1))
    while batch := list(itertools.islice(items, 5000)):  # ten items a taker: a whole center at once is too big
        PaperItem.objects.bulk_create(batch)
    exam.status, exam.scheduled_at = Exam.Status.SCHEDULED, timezone.now()
    exam.save(update_fields=["seed", "status", "scheduled_at"])
    return len(papers)


def redraw(paper: Paper) -> list[int]:
    """The question ids the paper's seed gives against the history it was drawn from (reproducibility check)."""
    cells = [(c.topic, c.difficulty, c.count) for c in BlueprintCell.objects.filter(exam=paper.exam_id)]
    pool = defaultdict(list)
    drawn_ids = set(paper.items.values_list("version__question_id", flat=True))
    for qid, topic, difficulty in Question.objects.filter(
            Q(status=Question.Status.READY) | Q(id__in=drawn_ids)).values_list("id", "topic", "difficulty"):
        pool[(topic, difficulty)].append(qid)
    seen = _seen_counts([paper.employee_id], paper.exam_id, before_paper_id=paper.id).get(paper.employee_id, {})
    return draw_questions(cells, pool, seen, paper.seed)
