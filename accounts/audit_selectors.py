"""Whom the audit log's filter may name: one scoping for the form's check of a chosen id and for the
type-ahead's matches, so a person outside it is neither offered nor accepted.

A clinic admin filters by the clinic's staff and clients; a therapist (who reads only their own actions)
by the clients of their caseload, and by no person.
"""

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _

from . import access
from .models import STAFF_ROLES, Role, User

MATCH_LIMIT = 10
# What the chosen client is read with: its name for the type-ahead, its clinic for the audit event of the view.
CLIENT_FIELDS = ("id", "preferred_name", "legal_name", "clinic_id")


def filter_people(user) -> QuerySet:
    """The staff an admin may filter by (none for anyone else)."""
    if access.is_clinic_admin(user):
        return User.objects.filter(clinic_id=user.clinic_id, role__in=STAFF_ROLES)
    return User.objects.none()


def filter_clients(user) -> QuerySet:
    """The clients `user` may filter by: an admin, the clinic's roster; a therapist, their caseload."""
    if access.is_clinic_admin(user):
        return access.roster_clients(user).only(*CLIENT_FIELDS)
    return access.record_clients(user).only(*CLIENT_FIELDS)


def person_label(full_name, role, is_active):
    role = Role(role).label
    if is_active:
        return f"{full_name} ({role})"
    return f"{full_name} ({role}, {_('deactivated')})"


def _words(text):
    return text.split()[:5]


def matching_people(user, text, limit=MATCH_LIMIT):
    """Up to `limit` + 1 (id, label) of the staff whose name holds every word of `text`, by name (the extra one
    tells that there are more)."""
    people = filter_people(user)
    for word in _words(text):
        people = people.filter(full_name__icontains=word)
    rows = people.order_by("full_name", "pk").values_list("pk", "full_name", "role", "is_active")[: limit + 1]
    return [(pk, person_label(full_name, role, is_active)) for pk, full_name, role, is_active in rows]


def matching_clients(user, text, limit=MATCH_LIMIT):
    """Up to `limit` + 1 (id, name) of the clients whose shown name (the one they chose, see
    Client.display_name) holds every word of `text`, by that name."""
    shown = Coalesce(NullIf("preferred_name", Value("")), "legal_name", output_field=CharField())
    clients = filter_clients(user).annotate(shown_name=shown)
    for word in _words(text):
        clients = clients.filter(shown_name__icontains=word)
    return list(clients.order_by("shown_name", "pk").values_list("pk", "shown_name")[: limit + 1])


MATCHERS = {"person": matching_people, "client": matching_clients}


def searchable_fields(user):
    """The filter's fields `user` may search: an admin both, a therapist the client only."""
    return ("person", "client") if access.is_clinic_admin(user) else ("client",)
