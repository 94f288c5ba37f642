"""Login throttling: after LOGIN_FAILURE_LIMIT failures for a username or an address, logins pause."""
from django.conf import settings
from django.core.cache import cache


def _keys(username: str, address: str) -> list[str]:
    return [f"login-fail:user:{(username or '').lower()}", f"login-fail:addr:{address or '-'}"]


def is_locked(username: str, address: str) -> bool:
    return any((cache.get(k) or 0) >= settings.LOGIN_FAILURE_LIMIT for k in _keys(username, address))


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def reset(username: str, address: str) -> None:
    cache.delete_many(_keys(username, address))
