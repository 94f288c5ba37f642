"""API authentication: the browser's session (with CSRF) or an integration's bearer token."""
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from .models import ApiToken


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        token_row = (ApiToken.objects.select_related("user", "user__employee")
                     .filter(key_hash=ApiToken.hash_key(token), revoked=False, user__is_active=True).first())
        if token_row is None:
            return None
        ApiToken.objects.filter(pk=token_row.pk).update(last_used_at=timezone.now())
        request.user = token_row.user
        return token_row.user


class SessionAuth(NinjaSessionAuth):
    """The browser's session, CSRF-checked. A request without a session cookie is left to the bearer token:
    ninja checks CSRF before looking for the cookie, which refused every token POST outside the test client."""

    def _get_key(self, request):
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)


api_auth = [SessionAuth(csrf=True), BearerToken()]
