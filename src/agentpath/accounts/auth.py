"""API authentication: the browser's session (with CSRF) or an integration's bearer token."""
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

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


# The bearer token first: SessionAuth refuses a request without a CSRF cookie (403) before a later method is
# tried, which turned away every POST an integration made with its token.
api_auth = [BearerToken(), SessionAuth(csrf=True)]
