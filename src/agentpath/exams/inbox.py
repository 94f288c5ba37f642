"""What scheduling an exam tells its takers through the inbox (issue 19). Called by drawing.schedule_exam in the
transaction that draws the papers: one item per taker with an account, set-based for a whole center."""
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agentpath.inbox import kinds, recipients
from agentpath.inbox.services import Notice, notify_many

EXAM_SCHEDULED = "exams.exam_scheduled"
RETAKE_OPEN = "exams.retake_open"


def register_kinds() -> None:
    kinds.register(EXAM_SCHEDULED, _("The exam “{title}” is scheduled for you: open from {opens} to {closes}"),
                   audience=_("the exam's takers"))
    kinds.register(RETAKE_OPEN, _("You did not pass “{title}” ({score} %, pass mark {pass_mark} %): you may retake "
                                  "it until {closes}"), audience=_("the taker, while attempts are left"))


def _moment(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"


def exam_scheduled(exam, taker_ids) -> int:
    """Each taker learns the exam and its window once, however often the scheduling is tried."""
    params = {"title": exam.title, "opens": _moment(exam.opens_at), "closes": _moment(exam.closes_at)}
    url, key = reverse("exams:index"), f"{EXAM_SCHEDULED}:{exam.pk}"
    return notify_many(Notice(user_id, EXAM_SCHEDULED, params, url, key)
                       for user_id in recipients.person_users(taker_ids).values())


def retakes_open(open_until: dict) -> int:
    """Each taker of a failed attempt with a retake left learns their score and until when they may retake
    ({attempt: (paper, closes)}); once per failed attempt, however often it is graded again."""
    users = recipients.person_users(paper.employee_id for paper, _closes in open_until.values())
    url = reverse("exams:index")
    return notify_many(
        Notice(users[paper.employee_id], RETAKE_OPEN,
               {"title": paper.exam.title, "score": f"{attempt.score:g}", "pass_mark": f"{paper.exam.pass_mark:g}",
                "closes": _moment(closes)}, url, f"{RETAKE_OPEN}:{attempt.pk}")
        for attempt, (paper, closes) in open_until.items() if paper.employee_id in users)
