"""What scheduling an exam tells its takers through the inbox (issue 19). Called by drawing.schedule_exam in the
transaction that draws the papers: one item per taker with an account, set-based for a whole center."""
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agentpath.inbox import kinds, recipients
from agentpath.inbox.services import Notice, notify_many

EXAM_SCHEDULED = "exams.exam_scheduled"


def register_kinds() -> None:
    kinds.register(EXAM_SCHEDULED, _("The exam “{title}” is scheduled for you: open from {opens} to {closes}"),
                   audience=_("the exam's takers"))


def _moment(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"


def exam_scheduled(exam, taker_ids) -> int:
    """Each taker learns the exam and its window once, however often the scheduling is tried."""
    params = {"title": exam.title, "opens": _moment(exam.opens_at), "closes": _moment(exam.closes_at)}
    url, key = reverse("exams:index"), f"{EXAM_SCHEDULED}:{exam.pk}"
    return notify_many(Notice(user_id, EXAM_SCHEDULED, params, url, key)
                       for user_id in recipients.person_users(taker_ids).values())
