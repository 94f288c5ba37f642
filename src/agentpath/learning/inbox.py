"""What an enrolment in mandatory training tells the person through the inbox (issue 19), with its reason. Called
by services.enrol (one person) and differentiation.run_differentiation (a quarter's run, set-based), in the
transaction that creates the enrolment. The key is the enrolment's own identity (person, program, period)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agentpath.inbox import kinds, recipients
from agentpath.inbox.services import Notice, notify_many

from .models import Enrolment

MANDATORY_ENROLMENT = "learning.mandatory_enrolment"


def register_kinds() -> None:
    kinds.register(MANDATORY_ENROLMENT, _("You are enrolled in the mandatory training “{program}”: {reason}"),
                   audience=_("the person enrolled"))


def _key(employee_id: int, program_id: int, period: str) -> str:
    return f"{MANDATORY_ENROLMENT}:{employee_id}:{program_id}:{period}"


def mandatory_enrolments(program, rows) -> int:
    """rows: (employee_id, reason, period) of mandatory enrolments just created in `program`; each person with an
    account learns it once."""
    rows = list(rows)
    users = recipients.person_users(employee_id for employee_id, _reason, _period in rows)
    return _notify(program, [(e, reason, period, users[e]) for e, reason, period in rows if e in users])


def mandatory_enrolments_of_run(run, program) -> int:
    """The mandatory enrolments a differentiated-training run created in `program` (an enrolment of the quarter
    that existed before is kept by the run, and was told then), with their people's accounts: one query."""
    rows = (Enrolment.objects.filter(run=run, program=program, mandatory=True, employee__user__is_active=True)
            .values_list("employee_id", "reason", "period", "employee__user__id"))
    return _notify(program, rows)


def _notify(program, rows) -> int:
    url, name = reverse("learning:my-courses"), kinds.bilingual(program)
    return notify_many(
        Notice(user_id, MANDATORY_ENROLMENT, {"program": name, "reason": reason, "period": period}, url,
               _key(employee_id, program.pk, period))
        for employee_id, reason, period, user_id in rows)
