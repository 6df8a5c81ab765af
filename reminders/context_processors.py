from . import selectors


def notifications(request):
    """The unread count for the header's bell; a lazy value, so pages without the bell pay nothing."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return {"unread_notifications": selectors.unread_count(request.user)}
    return {}
