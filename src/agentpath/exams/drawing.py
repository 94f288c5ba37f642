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

from agentpath.common.errors import Conflict, Invalid
from agentpath.org.models import Employee

from . import inbox
from .models import BlueprintCell, Exam, Paper, PaperItem, Question, QuestionVersion

# A question seen on an earlier paper of the same exam weighs this many sightings elsewhere: a retake avoids
# the questions of its own exam first.
SAME_EXAM_WEIGHT = 1000


class ExamRefused(Invalid):
    """The exam cannot be written or scheduled so (422); the message says why, in the user's language."""

    code = "exam_refused"


def when(moment) -> str:
    """A moment for a message: local time with its zone (a message is read far from the server)."""
    local = timezone.localtime(moment)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} UTC{offset[:3]}:{offset[3:]}"


def paper_seed(exam_seed: int, employee_id: int, number: int = 1) -> int:
    key = f"{exam_seed}:{employee_id}" if number == 1 else f"{exam_seed}:{employee_id}:{number}"
    return zlib.crc32(key.encode())


def option_order(paper_seed_: int, position: int, options: int) -> list[int]:
    """The order a paper shows a choice question's options in: option_order[i] is the index of the option shown
    as letter i. Reproducible from the paper's seed and the position."""
    order = list(range(options))
    random.Random(f"{paper_seed_}:{position}").shuffle(order)
    return order


def letter(index: int) -> str:
    return chr(ord("A") + index)


def to_version_letters(shown: list[str], order: list[int]) -> list[str]:
    """The letters a taker chose on their paper, as the question version's letters (how answers are stored)."""
    if not order:
        return shown
    index = {letter(i): letter(original) for i, original in enumerate(order)}
    return sorted(index[s] for s in shown if s in index)


def to_shown_letters(stored: list, order: list[int]) -> list:
    """Stored (version) letters as the taker's paper shows them."""
    if not order:
        return stored
    index = {letter(original): letter(i) for i, original in enumerate(order)}
    return sorted(index.get(s, s) for s in stored)


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
    """The active people of the exam's levels and teams who have started work by the time its window closes (a
    person hired later cannot sit it)."""
    qs = Employee.objects.filter(status=Employee.Status.ACTIVE, hire_date__lte=timezone.localdate(exam.closes_at))
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


def _seen_counts(employee_ids, exam_id, before_paper_id=None) -> dict:
    """{employee id: {question id: weight}}: how often each taker saw each question on earlier papers, those of
    this exam (retakes) weighing SAME_EXAM_WEIGHT each (set-based, one query)."""
    items = PaperItem.objects.filter(paper__employee_id__in=employee_ids)
    if before_paper_id is not None:
        items = items.filter(paper_id__lt=before_paper_id)
    seen = defaultdict(lambda: defaultdict(int))
    for emp, qid, exam, n in items.values_list("paper__employee_id", "version__question_id", "paper__exam_id").annotate(
            n=Count("id")):
        seen[emp][qid] += n * (SAME_EXAM_WEIGHT if exam == exam_id else 1)
    return seen


def _latest_versions(question_ids) -> dict:
    """{question id: (version id, kind, number of options)} of each question's current wording (forks for one
    center are never drawn)."""
    versions = QuestionVersion.objects.filter(question_id__in=question_ids, center__isnull=True)
    rows = versions.values("question_id").annotate(n=Max("number"))
    wanted = Q()
    for r in rows:
        wanted |= Q(question_id=r["question_id"], number=r["n"])
    return {qid: (vid, kind, len(options or [])) for qid, vid, kind, options in versions.filter(wanted).values_list(
        "question_id", "id", "question__kind", "options")} if rows else {}


def _items(paper, question_ids, versions) -> list[PaperItem]:
    """The paper's items in draw order, choice options shuffled per paper."""
    items = []
    for position, qid in enumerate(question_ids, start=1):
        vid, kind, n = versions[qid]
        shuffled = kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and n > 1
        items.append(PaperItem(paper_id=paper.pk, position=position, version_id=vid,
                               option_order=option_order(paper.seed, position, n) if shuffled else []))
    return items


@transaction.atomic
def schedule_exam(exam: Exam, *, seed: int | None = None, now=None) -> int:
    """Schedule an exam: refuse a window that has already closed, a bank too small for the blueprint (with the
    cells that fall short) or an empty audience, then draw one paper per taker. Returns the number of papers."""
    now = now or timezone.now()
    if exam.status == Exam.Status.SCHEDULED:
        raise ExamRefused(_("This exam is already scheduled."), code="already_scheduled")
    if exam.closes_at <= now:
        raise ExamRefused(_("This exam's window closed at %(time)s: it can no longer be scheduled. Give it a window "
                            "that closes later.") % {"time": when(exam.closes_at)}, code="window_closed")
    cells = [(c.topic, c.difficulty, c.count) for c in BlueprintCell.objects.filter(exam=exam)]
    if not cells:
        raise ExamRefused(_("The exam has no blueprint: add questions per topic and difficulty."), code="no_blueprint")
    shortfalls = bank_shortfalls(cells)
    if shortfalls:
        raise ExamRefused(_("The question bank is too small for this exam: %(cells)s")
                          % {"cells": " ".join(shortfalls)}, code="bank_too_small")
    takers = list(audience_of(exam).values_list("id", flat=True))
    if not takers:
        raise ExamRefused(_("Nobody is in the exam's audience: choose levels or teams with active people."), code="empty_audience")
    exam.seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**31)
    pool = _pool(cells)
    seen = _seen_counts(takers, exam.id)
    papers = Paper.objects.bulk_create((Paper(exam=exam, employee_id=e, seed=paper_seed(exam.seed, e)) for e in takers),
                                      batch_size=5000)
    drawn = {p.employee_id: draw_questions(cells, pool, seen.get(p.employee_id, {}), p.seed) for p in papers}
    versions = _latest_versions({q for qs in drawn.values() for q in qs})
    if not all(p.pk for p in papers):  # backends that do not return ids from bulk_create
        papers = list(Paper.objects.filter(exam=exam))
    items = (item for p in papers for item in _items(p, drawn[p.employee_id], versions))
    while batch := list(itertools.islice(items, 5000)):  # ten items a taker: a whole center at once is too big
        PaperItem.objects.bulk_create(batch)
    exam.status, exam.scheduled_at = Exam.Status.SCHEDULED, timezone.now()
    exam.save(update_fields=["seed", "status", "scheduled_at"])
    inbox.exam_scheduled(exam, takers)
    return len(papers)


def retake_shortfalls(exam: Exam) -> list[str]:
    """The blueprint cells whose ready questions cannot fill a fresh paper for every attempt allowed: retakes
    there repeat questions the taker has seen (said to the trainer when scheduling)."""
    if exam.attempts_allowed < 2:
        return []
    cells = [(c.topic, c.difficulty, c.count * exam.attempts_allowed) for c in BlueprintCell.objects.filter(exam=exam)]
    have = dict(((r["topic"], r["difficulty"]), r["n"]) for r in Question.objects.filter(
        status=Question.Status.READY).values("topic", "difficulty").annotate(n=Count("id")))
    return [_("Topic “%(topic)s”, difficulty %(difficulty)s: %(attempts)s attempts need %(need)s different ready "
              "questions; the bank has %(have)s, so retakes repeat questions the taker has seen.")
            % {"topic": t, "difficulty": d, "attempts": exam.attempts_allowed, "need": n, "have": have.get((t, d), 0)}
            for t, d, n in sorted(cells) if have.get((t, d), 0) < n]


@transaction.atomic
def draw_retake(exam: Exam, employee_id: int, number: int) -> Paper:
    """A new paper for attempt `number` of a taker: within each blueprint cell the questions the taker has not
    seen on this exam's earlier papers come first (then those seen least elsewhere); `repeated` says how many
    of this exam's questions the bank could not avoid. Raises IntegrityError when another request drew it."""
    cells = [(c.topic, c.difficulty, c.count) for c in BlueprintCell.objects.filter(exam=exam)]
    shortfalls = bank_shortfalls(cells)
    if shortfalls:  # questions retired since the exam was scheduled
        raise Conflict(_("No new paper can be drawn for this retake: %(cells)s Ask the exam's trainer.")
                       % {"cells": " ".join(shortfalls)}, code="bank_too_small")
    paper = Paper.objects.create(exam=exam, employee_id=employee_id, number=number,
                                 seed=paper_seed(exam.seed, employee_id, number))
    seen = _seen_counts([employee_id], exam.id, before_paper_id=paper.pk).get(employee_id, {})
    drawn = draw_questions(cells, _pool(cells), seen, paper.seed)
    PaperItem.objects.bulk_create(_items(paper, drawn, _latest_versions(drawn)))
    paper.repeated = sum(1 for q in drawn if seen.get(q, 0) >= SAME_EXAM_WEIGHT)
    if paper.repeated:
        paper.save(update_fields=["repeated"])
    return paper


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
