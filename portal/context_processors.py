from django.utils.functional import SimpleLazyObject

from clients import selectors


def crisis_lines(request):
    """The client's crisis lines for the portal layout: on every page a client sees (base.html).

    Lazy: the query runs only where the layout shows them (pages that already show them in their
    content, such as the portal home and the safety plan, leave the layout's block empty).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role != "client":
        return {}
    return {"portal_crisis_lines": SimpleLazyObject(lambda: selectors.portal_crisis_lines(user=user))}
