"""API authentication: an integration's bearer token, or the browser's session (with CSRF)."""
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .backends import account_in_service
from .models import ApiToken


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        token_row = (ApiToken.objects.select_related("user", "user__employee")
                     .filter(key_hash=ApiToken.hash_key(token), revoked=False, user__is_active=True).first())
        if token_row is None or not account_in_service(token_row.user):
            return None
        ApiToken.objects.filter(pk=token_row.pk).update(last_used_at=timezone.now())
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
