from . import health, selectors


def notifications(request):
    """The unread count for the header's bell, and whether reminders are delayed.

    Lazy values (templates call them), so a page that does not show them pays nothing.
    """
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return {
            "unread_notifications": selectors.unread_count(user=request.user),
            "reminders_unreachable": health.unreachable,
            "reminders_late": health.late_for_pages,
        }
    return {}
