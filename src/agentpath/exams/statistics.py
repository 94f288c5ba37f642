"""Item statistics once questions have been answered (issue 8): facility (share of points earned) and
discrimination (point-biserial: the correlation of the item's score with the rest of the paper). A question
with negative discrimination — the stronger takers get it wrong more often — is flagged "needs checking"."""
from collections import defaultdict
from dataclasses import dataclass
from statistics import correlation, fmean, pstdev

from .models import Answer, Attempt, PaperItem


@dataclass
class ItemStatistics:
    version_id: int
    code: str
    text: str
    answered: int
    facility: float
    discrimination: float | None  # None: too few takers or no spread

    @property
    def needs_checking(self) -> bool:
        return self.discrimination is not None and self.discrimination < 0


def item_statistics(attempts) -> list[ItemStatistics]:
    """Statistics over graded attempts (three queries whatever their number)."""
    attempts = {a.pk: a for a in attempts if a.state == Attempt.State.GRADED}
    if not attempts:
        return []
    items = defaultdict(list)
    for item in PaperItem.objects.filter(paper_id__in={a.paper_id for a in attempts.values()}).select_related(
            "version__question"):
        items[item.paper_id].append(item)
    points = {(a.attempt_id, a.item_id): a.points or 0.0
              for a in Answer.objects.filter(attempt_id__in=list(attempts)).only("attempt_id", "item_id", "points")}
    per_question = defaultdict(lambda: ([], [], None))
    for att in attempts.values():
        total = sum(points.get((att.pk, i.id), 0.0) for i in items[att.paper_id])
        for i in items[att.paper_id]:
            earned = points.get((att.pk, i.id), 0.0)
            scores, rest, _v = per_question[i.version_id]
            scores.append(earned / i.version.points)
            rest.append(total - earned)
            per_question[i.version_id] = (scores, rest, i.version)
    out = []
    for version_id, (scores, rest, version) in per_question.items():
        r = None
        if len(scores) >= 3 and pstdev(scores) > 0 and pstdev(rest) > 0:
            r = round(correlation(scores, rest), 2)
        out.append(ItemStatistics(version_id, version.question.code, version.text, len(scores), round(fmean(scores), 2), r))
    return sorted(out, key=lambda s: (not s.needs_checking, s.code))
