"""Reads of the inbox: a user sees only their own items."""
from django.db.models import QuerySet

from . import kinds
from .models import InboxItem


def items_for(user) -> QuerySet:
    if not user.is_authenticated:
        return InboxItem.objects.none()
    return InboxItem.objects.filter(recipient=user)


def unread_for(user) -> QuerySet:
    return items_for(user).filter(read_at__isnull=True)


def unread_count(user) -> int:
    return unread_for(user).count()


def title_of(item: InboxItem) -> str:
    """The item's title in the active language (translated now, not when it was created)."""
    return kinds.render(item.kind, item.params)
