"""The inbox on pages other apps own (the home page's card) and an item's title in the reader's language."""
from django import template

from .. import selectors

register = template.Library()

HOME_ITEMS = 5


@register.filter
def inbox_title(item) -> str:
    return selectors.title_of(item)


@register.inclusion_tag("inbox/_home_card.html", takes_context=True)
def inbox_card(context):
    """The signed-in user's unread items, newest first (at most HOME_ITEMS), on their home page; the count of the
    rest comes from the navigation's count (context processor), so no second count query."""
    request = context["request"]
    unread = list(selectors.unread_for(request.user)[:HOME_ITEMS])
    total = context.get("inbox_unread", len(unread))
    return {"items": unread, "unread": total, "more": max(total - len(unread), 0), "request": request}
