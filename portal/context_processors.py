from django.utils.functional import SimpleLazyObject

from clients import messaging, selectors


def crisis_lines(request):
    """The client's crisis lines for the portal layout: on every page a client sees (base.html).

    Lazy: the query runs only where the layout shows them (pages that already show them in their
    content, such as the portal home and the safety plan, leave the layout's block empty).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role != "client":
        return {}
    return {"portal_crisis_lines": SimpleLazyObject(lambda: selectors.portal_crisis_lines(user=user))}


def unread_messages(request):
    """How many of the care team's messages the client has not opened yet, for the portal's "Messages" link.

    Lazy: counted only where the layout shows it, by the client's id (the record the discharge middleware read)."""
    client = getattr(request, "portal_client", None)
    user = getattr(request, "user", None)
    if client is None or user is None:
        return {}
    return {
        "portal_unread_messages": SimpleLazyObject(lambda: messaging.unread_by_client_count(client=client, user=user))
    }
