"""The sign-in session of someone sitting an exam lasts until the attempt's deadline (issue 8: an exam longer
than the session lifetime still submits). Starting or resuming an attempt calls keep_session_through; the
session keeps the later of its own expiry and the deadline plus the grace for in-flight saves."""
import datetime

from django.utils import timezone

from .models import Attempt
from .windows import GRACE


def keep_session_through(request, attempt: Attempt) -> None:
    """Make the session last at least until the attempt's deadline (plus the submission grace). A session that
    lives longer anyway is left as it is; the CSRF secret is in its own cookie (CSRF_COOKIE_AGE, a year by
    default), so the exam page's token stays valid as long as the session does."""
    until = attempt.deadline + GRACE + datetime.timedelta(minutes=1)
    if timezone.now() + datetime.timedelta(seconds=request.session.get_expiry_age()) < until:
        request.session.set_expiry(until)
