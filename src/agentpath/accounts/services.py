"""Writes about accounts."""
import logging

from axes.models import AccessAttempt
from django.utils.translation import gettext as _

from agentpath.common.errors import NotFound

from .models import Role, User

log = logging.getLogger(__name__)


def can_lift_lockouts(user: User) -> bool:
    """HR sees and lifts sign-in lockouts (accounts.signin)."""
    return user.is_authenticated and (user.is_superuser or user.role == Role.HR_ADMIN)


def unlock_sign_in(usernames: list[str], *, by) -> int:
    """HR lifts a sign-in lockout (accounts.signin): every failed sign-in of these users is forgotten, from unknown
    and known browsers alike, at every address. Returns how many of the users had failures on record."""
    if not can_lift_lockouts(by):
        raise NotFound(_("There is no such page."))
    attempts = AccessAttempt.objects.filter(username__in=usernames)
    unlocked = attempts.values("username").distinct().count()
    attempts.delete()
    log.info("sign-in unlocked for %s by %s", ", ".join(usernames), by)
    return unlocked
