"""Answer-key corrections (DOMAIN.md C5): the dry run of whose score would change, the correction for everyone
(every attempt that used the version regraded in the same transaction) and the correction for one center (a
fork of the version). Grading itself is services.grade_attempts."""
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from agentpath.common.errors import Forbidden, Invalid
from agentpath.org.models import Center

from . import selectors
from .models import Answer, Attempt, PaperItem, Question, QuestionVersion
from .services import grade_attempts, objective_points


def _attempts_with(version: QuestionVersion, center: Center | None = None, *, lock=False):
    """Every submitted attempt whose paper has `version`, in every center (or in `center`)."""
    attempts = Attempt.objects.filter(paper__items__version=version).exclude(state=Attempt.State.IN_PROGRESS)
    if center is not None:
        attempts = attempts.filter(paper__employee__center=center)
    if lock:
        attempts = Attempt.objects.select_for_update().filter(pk__in=list(attempts.values_list("pk", flat=True)))
    return list(attempts.select_related("paper__employee").distinct() if not lock else attempts)


def regrade_preview(version: QuestionVersion, user, answer_key: list, center: Center | None = None) -> list[dict]:
    """Dry run: whose score would change if `version` had this key, over every center's attempts that used it
    (or `center`'s). Each change says whether the taker is in the user's scope (`in_scope`; the pages name only
    those and count the others). Nothing is saved."""
    attempts = _attempts_with(version, center)
    answers = {a.attempt_id: a for a in Answer.objects.filter(attempt__in=attempts, item__version=version)}
    visible = set(selectors.papers_in_scope(user).filter(pk__in={a.paper_id for a in attempts}).values_list(
        "pk", flat=True))
    kind = version.question.kind
    proposed = QuestionVersion(answer_key=sorted(answer_key), points=version.points)
    changes = []
    for att in attempts:
        ans = answers.get(att.pk)
        if ans is None:
            continue
        old, new = ans.points, objective_points(proposed, kind, ans.response)
        if new is None or new == old:
            continue
        points = (att.points or 0) - (old or 0) + new
        new_score = round(100 * points / att.max_points, 1) if att.max_points else 0.0
        changes.append({"attempt": att, "employee": att.paper.employee, "old_score": att.score,
                        "new_score": new_score, "in_scope": att.paper_id in visible})
    return changes


def check_key(version: QuestionVersion, answer_key: list) -> list:
    key = sorted({str(k).strip() for k in answer_key if str(k).strip()})
    kind = version.question.kind
    letters = {chr(ord("A") + i) for i in range(len(version.options or []))}
    allowed = {"true", "false"} if kind == Question.Kind.TRUE_FALSE else letters
    if kind == Question.Kind.SHORT:
        raise Invalid(_("A short answer is graded by a trainer; it has no key to correct."), code="no_key")
    if not key or not set(key) <= allowed or (kind != Question.Kind.MULTIPLE and len(key) != 1):
        raise Invalid(_("“%(key)s” is not a key of this question; give %(allowed)s.") % {
            "key": ",".join(key), "allowed": ", ".join(sorted(allowed))}, code="bad_key")
    return key


@transaction.atomic
def apply_regrade(version: QuestionVersion, answer_key: list, user) -> int:
    """Correct the version's answer key for everyone: every submitted attempt that used this version, in every
    center, is regraded (scores, pass and the monthly exam's KPI value rewritten) in the same transaction, so the
    key an attempt shows is always the key it was scored on. The version's row and the attempts are locked: two
    regrades do not interleave. Returns the number of scores that changed."""
    key = check_key(version, answer_key)
    version = QuestionVersion.objects.select_for_update().select_related("question").get(pk=version.pk)
    changes = regrade_preview(version, user, key)
    version.answer_key = key
    version.save(update_fields=["answer_key"])
    grade_attempts(_attempts_with(version, lock=True), by=user)
    return len(changes)


@transaction.atomic
def fork_for_center(version: QuestionVersion, answer_key: list, user, center: Center) -> QuestionVersion:
    """Correct the key for one center only: a new version of the question (same wording, the corrected key, marked
    for the center) replaces `version` on every paper of that center's takers, whose submitted attempts are
    regraded; the other centers keep the version, its key and their scores. New papers are never drawn from a
    fork. Trainers fork for a center they serve; HR for any."""
    key = check_key(version, answer_key)
    served = selectors.center_ids_for(user)
    if served is not None and center.pk not in served:
        raise Forbidden(_("You may correct a key only for a center you serve."), code="center_not_served")
    version = QuestionVersion.objects.select_for_update().select_related("question").get(pk=version.pk)
    number = QuestionVersion.objects.filter(question_id=version.question_id).aggregate(n=Max("number"))["n"] + 1
    fork = QuestionVersion.objects.create(question_id=version.question_id, number=number, text=version.text,
                                          options=version.options, answer_key=key, explanation=version.explanation,
                                          points=version.points, center=center)
    PaperItem.objects.filter(version=version, paper__employee__center=center).update(version=fork)
    grade_attempts(_attempts_with(fork, lock=True), by=user)
    return fork
