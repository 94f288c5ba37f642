"""Writes about accounts."""
import logging

from axes.models import AccessAttempt

log = logging.getLogger(__name__)


def unlock_sign_in(usernames: list[str], *, by) -> int:
    """HR lifts a sign-in lockout: the failed sign-ins of these users are forgotten at every address.
    Returns how many of the users were locked or had failures on record."""
    attempts = AccessAttempt.objects.filter(username__in=usernames)
    unlocked = attempts.values("username").distinct().count()
    attempts.delete()
    log.info("sign-in unlocked for %s by %s", ", ".join(usernames), by)
    return unlocked
