"""Writes of talent: a supervisor's nomination (推荐) of a person for a move."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.accounts.models import Role
from agentpath.careers.models import Transition
from agentpath.org.models import Employee

from .models import Nomination

NOMINATING_ROLES = {Role.TEAM_LEADER, Role.CENTER_MANAGER}


def can_nominate(user, employee: Employee) -> bool:
    """Team leaders (their members) and center managers (their centers) nominate active people other than
    themselves; the scope itself is decided by accounts.scoping before the employee reaches here. HR manages
    nominations in the admin."""
    return (user.is_authenticated and user.role in NOMINATING_ROLES and employee.pk != user.employee_id
            and employee.status != Employee.Status.EXITED)


def nominate(by, employee: Employee, transition: Transition, reason: str) -> Nomination:
    """Record that `by` nominates `employee` for `transition`, with a reason (the nomination requirement of a
    promotion, DOMAIN.md C8). The move must start from the person's level; one open nomination per move."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for the nomination."))
    if transition.from_level_id != employee.level_id:
        raise ValidationError(_("This move does not start from the person's level."))
    try:
        with transaction.atomic():
            return Nomination.objects.create(employee=employee, transition=transition, nominated_by=by,
                                             nominated_on=timezone.localdate(), reason=reason[:300])
    except IntegrityError:
        raise ValidationError(_("%(name)s is already nominated for this move.") % {"name": employee.name}) from None
