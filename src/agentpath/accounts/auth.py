"""API authentication: an integration's bearer token, or the browser's session (with CSRF)."""
import datetime

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .backends import account_in_service
from .models import ApiToken

# A token's "last used" is kept to this precision: writing it on every request would cost each API call a second
# write and commit (an exam taker's answer save among them).
LAST_USED_PRECISION = datetime.timedelta(minutes=10)


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        token_row = (ApiToken.objects.select_related("user", "user__employee")
                     .filter(key_hash=ApiToken.hash_key(token), revoked=False, user__is_active=True).first())
        if token_row is None or not account_in_service(token_row.user):
            return None
        now = timezone.now()
        if token_row.last_used_at is None or now - token_row.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token_row.pk).update(last_used_at=now)
        request.user = token_row.user
        return token_row.user


class SignedInSession(SessionAuth):
    """The browser's session; its writes need the CSRF token. A request without a signed-in session is not a
    session request, so it gets no CSRF check (ninja would otherwise answer 403 instead of 401)."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


# Bearer first: a page on another site cannot set an Authorization header, so a bearer request needs no CSRF.
api_auth = [BearerToken(), SignedInSession(csrf=True)]
