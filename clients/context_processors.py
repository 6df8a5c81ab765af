from django.utils.functional import SimpleLazyObject

from accounts.context_processors import owes_second_factor

from . import access, emergency


def emergency_access(request):
    """The clinic admin's running emergency accesses, for the banner on every page.

    Only clinic admins get the value, and it is lazy: the query runs when the banner reads it.
    """
    user = getattr(request, "user", None)
    if user is None or not access.is_clinic_admin(user) or owes_second_factor(user):
        return {}
    return {"active_emergency_grants": SimpleLazyObject(lambda: list(emergency.banner_grants(user)))}
