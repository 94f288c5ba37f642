"""Writes of talent: a supervisor's nomination (推荐) of a person for a move. The one rule of a nomination: both
the path page and a promotion round (talent.rounds.nominate) record it through `nominate`."""
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.accounts.models import Role
from agentpath.careers.models import Transition
from agentpath.org.models import Employee

from .models import Nomination

NOMINATING_ROLES = {Role.TEAM_LEADER, Role.CENTER_MANAGER}
REASON_MAX = Nomination._meta.get_field("reason").max_length


def can_nominate(user, employee: Employee) -> bool:
    """Team leaders (their members) and center managers (their centers) nominate active people other than
    themselves; the scope itself is decided by accounts.scoping before the employee reaches here. HR manages
    nominations in the admin."""
    return (user.is_authenticated and user.role in NOMINATING_ROLES and employee.pk != user.employee_id
            and employee.status != Employee.Status.EXITED)


def nominate(by, employee: Employee, transition: Transition, reason: str, *, today: datetime.date | None = None,
             reuse_open: bool = False) -> Nomination:
    """Record that `by` nominates `employee` for `transition`, with a reason of at most 300 characters (the
    nomination requirement of a promotion, DOMAIN.md C8). The move must start from the person's level; one open
    nomination per move: a second one is refused, or with `reuse_open` (a round taking in a nomination made
    earlier) the open one is returned unchanged."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for the nomination."))
    if len(reason) > REASON_MAX:
        raise ValidationError(_("The reason is %(n)s characters long; at most %(max)s are accepted.")
                              % {"n": len(reason), "max": REASON_MAX})
    if transition.from_level_id != employee.level_id:
        raise ValidationError(_("This move does not start from the person's level."))
    if reuse_open:
        existing = Nomination.objects.filter(employee=employee, transition=transition, withdrawn=False).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return Nomination.objects.create(employee=employee, transition=transition, nominated_by=by,
                                             nominated_on=today or timezone.localdate(), reason=reason)
    except IntegrityError:
        raise ValidationError(_("%(name)s is already nominated for this move.") % {"name": employee.name}) from None
