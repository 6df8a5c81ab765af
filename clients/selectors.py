"""Reads in the clients app, scoped by the user before anything is fetched."""

from django.shortcuts import get_object_or_404

from accounts import access

from .models import Client, ClientStatus


def caseload(user, *, status=ClientStatus.ACTIVE):
    """The therapist's caseload: clients they are primary therapist for or on the care team of."""
    if not access.is_therapist(user):
        return Client.objects.none()
    return Client.objects.visible_to(user).filter(status=status).select_related("primary_therapist", "portal_user")


def client_for_user(user, client_id):
    """The client, if this user may open the staff record; 404 otherwise (missing and forbidden look alike)."""
    queryset = access.record_clients(user).select_related("clinic", "primary_therapist", "portal_user")
    return get_object_or_404(queryset, pk=client_id)


def care_team(client):
    return client.care_team_members.select_related("user").order_by("user__full_name")
