"""Sign-in that a colleague cannot turn into a lockout: device cookies (OWASP, "Slow Down Online Guessing Attacks
with Device Cookies") on top of django-axes. docs/operations.md "Sign-in and lockouts" explains the policy.

A successful sign-in gives the browser a signed device cookie for that username. On the next sign-in for the
username, a browser presenting it is a *known browser* and keeps its own failure count; every other browser is an
*unknown browser*, and their failures count together, per username, wherever they come from (staff share one
outgoing address). axes stores the failures: its `user_agent` column holds which client they belong to
("device <id>" or "unknown browser"), and AXES_LOCKOUT_PARAMETERS = [["username", "user_agent"]] counts them
per username and client. LOGIN_FAILURE_LIMIT failures lock that client out of that username; each failure after
a lockout doubles the pause (LOGIN_LOCKOUT_SECONDS, 2×, 4× … up to LOGIN_LOCKOUT_MAX_SECONDS) until no failure
has been seen for LOGIN_FAILURE_MEMORY_SECONDS. A locked device cookie counts as an unknown browser (OWASP).
A lockout only refuses sign-ins; it never ends a signed-in session.
"""
import datetime
import secrets
from dataclasses import dataclass, field

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.utils import timezone

from .models import User

UNKNOWN_BROWSER = "unknown browser"
DEVICE_PREFIX = "device "
DEVICE_SALT = "agentpath.accounts.device-cookie"
DEVICES_PER_BROWSER = 10  # shared desks: the last ten accounts signed in on a browser stay known to it


# --- the device cookie ---------------------------------------------------------------------------------------

def devices_in(request) -> list[list[str]]:
    """The [username, device id] pairs of the browser's device cookie; none if it is missing, forged or old."""
    value = request.COOKIES.get(settings.LOGIN_DEVICE_COOKIE_NAME)
    if not value:
        return []
    try:
        pairs = signing.loads(value, salt=DEVICE_SALT, max_age=settings.LOGIN_DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return []
    return [p for p in pairs if isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)]


def device_of(request, username: str) -> str | None:
    return next((device for name, device in devices_in(request) if name == username), None)


def client_of(request, username: str) -> str:
    """Which client a sign-in for `username` comes from, as axes records it: this browser's device for the
    username, unless it is missing or locked, in which case the unknown browsers of the username (OWASP)."""
    AxesProxyHandler.update_request(request)
    device = device_of(request, username)
    request.axes_user_agent = UNKNOWN_BROWSER
    if device is not None:
        request.axes_user_agent = DEVICE_PREFIX + device
        if AxesProxyHandler.is_locked(request, get_credentials(username)):
            request.axes_user_agent = UNKNOWN_BROWSER
    return request.axes_user_agent


@receiver(user_logged_in, dispatch_uid="agentpath.accounts.signin.new_device_cookie")
def new_device_cookie(sender, request, user, **kwargs):
    """After a successful sign-in the browser gets a new device for the account (DeviceCookieMiddleware sets it)."""
    if request is not None:
        request.new_device_for = user.get_username()


class DeviceCookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        username = getattr(request, "new_device_for", None)
        if username is not None:
            pairs = [p for p in devices_in(request) if p[0] != username] + [[username, secrets.token_urlsafe(12)]]
            response.set_cookie(settings.LOGIN_DEVICE_COOKIE_NAME,
                                signing.dumps(pairs[-DEVICES_PER_BROWSER:], salt=DEVICE_SALT, compress=True),
                                max_age=settings.LOGIN_DEVICE_COOKIE_AGE, httponly=True, samesite="Lax",
                                secure=settings.SESSION_COOKIE_SECURE)
        return response


# --- the lockout rule --------------------------------------------------------------------------------------

def pause_after(failures: int) -> datetime.timedelta:
    """How long a client is paused after its latest failure: LOGIN_LOCKOUT_SECONDS at the limit, doubled by each
    further failure, at most LOGIN_LOCKOUT_MAX_SECONDS."""
    doublings = min(failures - settings.AXES_FAILURE_LIMIT, 30)
    seconds = min(settings.LOGIN_LOCKOUT_SECONDS * 2 ** doublings, settings.LOGIN_LOCKOUT_MAX_SECONDS)
    return datetime.timedelta(seconds=seconds)


def paused_until(failures: int, last_failure: datetime.datetime | None) -> datetime.datetime | None:
    if not failures or failures < settings.AXES_FAILURE_LIMIT:
        return None
    until = last_failure + pause_after(failures)
    return until if until > timezone.now() else None


def remembered(attempts):
    """Failures not yet forgotten (axes deletes expired rows only when it next records a sign-in)."""
    return attempts.filter(expiration__expires_at__gt=timezone.now())


class DeviceAwareAxesHandler(AxesDatabaseHandler):
    """axes' database handler, with the growing pause: locked while the failures of this username and client
    reach the limit and the pause since the latest has not run out."""

    def standing(self, request, credentials=None) -> tuple[int, datetime.datetime | None]:
        attempts = remembered(self.filter_user_attempts(request, credentials)[0])
        figures = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        return figures["failures"] or 0, figures["last"]

    def get_failures(self, request, credentials=None) -> int:
        return self.standing(request, credentials)[0]

    def is_locked(self, request, credentials=None) -> bool:
        return paused_until(*self.standing(request, credentials)) is not None


class DeviceAwareAxesBackend(AxesStandaloneBackend):
    """axes' lockout check, told first which client the sign-in comes from (the device-cookie check of OWASP)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and username is not None:
            client_of(request, username)
        return super().authenticate(request, username, password, **kwargs)


def lockout_of(request, credentials) -> tuple[str, datetime.datetime | None]:
    """The client a refused sign-in came from and until when it is paused (for the lockout page)."""
    handler = AxesProxyHandler.get_implementation()
    return request.axes_user_agent, paused_until(*handler.standing(request, credentials))


# --- what HR sees ------------------------------------------------------------------------------------------

@dataclass
class Lockout:
    username: str
    client: str  # UNKNOWN_BROWSER or "device <id>"
    failures: int
    last_failure: datetime.datetime
    until: datetime.datetime
    addresses: list[str] = field(default_factory=list)

    @property
    def known_browser(self) -> bool:
        return self.client.startswith(DEVICE_PREFIX)


def current_lockouts() -> list[Lockout]:
    """Every username and client paused now, the longest pause first (one query over the remembered failures)."""
    groups: dict[tuple[str, str], dict] = {}
    for row in remembered(AccessAttempt.objects.exclude(username=None)).values(
            "username", "user_agent", "ip_address", "failures_since_start", "attempt_time"):
        group = groups.setdefault((row["username"], row["user_agent"]),
                                  {"failures": 0, "last": row["attempt_time"], "addresses": []})
        group["failures"] += row["failures_since_start"]
        group["last"] = max(group["last"], row["attempt_time"])
        if row["ip_address"] and row["ip_address"] not in group["addresses"]:
            group["addresses"].append(row["ip_address"])
    lockouts = []
    for (username, client), group in groups.items():
        until = paused_until(group["failures"], group["last"])
        if until is not None:
            lockouts.append(Lockout(username, client, group["failures"], group["last"], until,
                                    sorted(group["addresses"])))
    return sorted(lockouts, key=lambda lockout: (-lockout.until.timestamp(), lockout.username))


def locked_usernames() -> dict[str, datetime.datetime]:
    """Usernames paused for unknown browsers or for one of their known browsers, with the latest end."""
    until: dict[str, datetime.datetime] = {}
    for lockout in current_lockouts():
        until[lockout.username] = max(until.get(lockout.username, lockout.until), lockout.until)
    return until


def lockouts_with_people() -> list[dict]:
    """HR's lockouts page: each current lockout with the account it names (None for a name nobody has)."""
    current = current_lockouts()
    people = {u.username: u for u in User.objects.filter(username__in={lo.username for lo in current})
              .select_related("employee")}
    return [{"lockout": lo, "user": people.get(lo.username)} for lo in current]
