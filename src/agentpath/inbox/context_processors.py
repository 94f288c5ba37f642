from . import selectors


def unread(request):
    """The unread count on the navigation's inbox link: one count query per page, none when signed out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": selectors.unread_count(user)}
