"""Writes of talent: a supervisor's nomination (推荐) of a person for a move. The one rule of a nomination: both
the path page and a promotion round (talent.rounds.nominate) record it through `nominate`."""
import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.careers.models import Transition
from agentpath.common.errors import Conflict, Invalid
from agentpath.org.models import Employee

from . import duties, inbox
from .models import Nomination

REASON_MAX = Nomination._meta.get_field("reason").max_length


def can_nominate(user, employee: Employee) -> bool:
    """Whether to offer the nomination form: the rule of talent.duties (team leaders and center managers, never
    on themselves) for a person at work; the scope itself is decided by org.scoping before the employee
    reaches here. HR manages nominations in the admin."""
    return duties.may_act(user, employee, duties.NOMINATE) and employee.status != Employee.Status.EXITED


def nominate(by, employee: Employee, transition: Transition, reason: str, *, today: datetime.date | None = None,
             reuse_open: bool = False) -> Nomination:
    """Record that `by` nominates `employee` for `transition`, with a reason of at most 300 characters (the
    nomination requirement of a promotion, DOMAIN.md C8). The move must start from the person's level; one open
    nomination per move: a second one is refused, or with `reuse_open` (a round taking in a nomination made
    earlier) the open one is returned unchanged. Nobody nominates themselves (talent.duties)."""
    duties.check_may_act(by, employee, duties.NOMINATE)
    if employee.status == Employee.Status.EXITED:
        raise Invalid(_("%(name)s has left; only people at work are nominated.") % {"name": employee.name},
                      code="exited")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give a reason for the nomination."), code="reason_required")
    if len(reason) > REASON_MAX:
        raise Invalid(_("The reason is %(n)s characters long; at most %(max)s are accepted.")
                      % {"n": len(reason), "max": REASON_MAX}, code="too_long")
    if transition.from_level_id != employee.level_id:
        raise Invalid(_("This move does not start from the person's level."), code="no_such_move")
    if reuse_open:
        existing = Nomination.objects.filter(employee=employee, transition=transition, withdrawn=False).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(employee=employee, transition=transition, nominated_by=by,
                                                   nominated_on=today or timezone.localdate(), reason=reason)
            inbox.nominated(nomination)
            return nomination
    except IntegrityError:
        raise Conflict(_("%(name)s is already nominated for this move.") % {"name": employee.name},
                       code="already_nominated") from None
