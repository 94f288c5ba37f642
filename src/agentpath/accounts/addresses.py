"""The client's address, as sign-in lockout (django-axes) counts it."""
from django.conf import settings


def client_address(request) -> str:
    """REMOTE_ADDR, unless TRUSTED_PROXY_COUNT proxies stand in front of us: each appends the address it received
    the request from to X-Forwarded-For, so the client is the TRUSTED_PROXY_COUNT-th entry from the right.
    Entries further left were written by the client and prove nothing."""
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if trusted == 0 or len(forwarded) < trusted:  # not (all) through our proxies: only the socket is known
        return request.META.get("REMOTE_ADDR", "")
    return forwarded[-trusted]
