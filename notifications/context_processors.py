from functools import cache

from .selectors import unread_count


def bell(request):
    """The navbar bell's unread count: a callable the template calls, so one query, only when shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": cache(lambda: unread_count(user))}
