"""Whom the audit log's filter may name: one scoping for the form's check of a chosen id and for the
type-ahead's matches, so a person outside it is neither offered nor accepted.

A clinic admin filters by the clinic's staff and clients; a therapist (who reads only their own actions)
by the clients of their caseload, and by no person.
"""

from django.contrib.auth import get_user_model
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _

from .rules import rule

MATCH_LIMIT = 10
# What the chosen client is read with: its name for the type-ahead, its clinic for the audit event of the view.
CLIENT_FIELDS = ("id", "preferred_name", "legal_name", "clinic_id")


def filter_people(*, user) -> QuerySet:
    """The staff an admin may filter by (none for anyone else): the access rule "people"."""
    return rule("people")(user)


def filter_clients(*, user) -> QuerySet:
    """The clients `user` may filter by (an admin, the clinic's roster; a therapist, their caseload)."""
    return rule("clients")(user).only(*CLIENT_FIELDS)


def role_labels():
    """{role code: its label}, from the user model's own choices."""
    return {value: str(label) for value, label in get_user_model()._meta.get_field("role").choices}


def person_label(*, full_name, role, is_active):
    role = role_labels().get(role, role)
    if is_active:
        return f"{full_name} ({role})"
    return f"{full_name} ({role}, {_('deactivated')})"


def _words(text):
    return text.split()[:5]


def matching_people(*, user, text, limit=MATCH_LIMIT):
    """Up to `limit` + 1 (id, label) of the staff whose name holds every word of `text`, by name (the extra one
    tells that there are more)."""
    people = filter_people(user=user)
    for word in _words(text):
        people = people.filter(full_name__icontains=word)
    rows = people.order_by("full_name", "pk").values_list("pk", "full_name", "role", "is_active")[: limit + 1]
    return [
        (pk, person_label(full_name=full_name, role=role, is_active=is_active))
        for pk, full_name, role, is_active in rows
    ]


def matching_clients(*, user, text, limit=MATCH_LIMIT):
    """Up to `limit` + 1 (id, name) of the clients whose shown name (the one they chose, see
    Client.display_name) holds every word of `text`, by that name."""
    shown = Coalesce(NullIf("preferred_name", Value("")), "legal_name", output_field=CharField())
    clients = filter_clients(user=user).annotate(shown_name=shown)
    for word in _words(text):
        clients = clients.filter(shown_name__icontains=word)
    return list(clients.order_by("shown_name", "pk").values_list("pk", "shown_name")[: limit + 1])


MATCHERS = {"person": matching_people, "client": matching_clients}


def searchable_fields(*, user):
    """The filter's fields `user` may search: an admin both, a therapist the client only."""
    return ("person", "client") if rule("whole_clinic")(user) else ("client",)
