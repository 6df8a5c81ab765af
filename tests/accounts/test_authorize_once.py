"""Authorize once per page (issue 21): a page proves its reader may open the client with one scoped query, then
reads the client's rows by the client's id; rows of a client that was not proved go through the full scope.

These tests hold the rule at the queryset level; tests/test_authorization_matrix.py holds it page by page.
"""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from clients import access
from clients.models import CheckIn, Client, SafetyPlan, SupportPerson
from clients.selectors import client_for_user, own_client
from tests.factories import (
    CheckInFactory,
    ClientFactory,
    MicroGoalFactory,
    SafetyPlanFactory,
    SupportPersonFactory,
    UserFactory,
)


@pytest.fixture
def strangers_client(other_clinic):
    """A person living with depression at another clinic, with a check-in of their own."""
    therapist = UserFactory(clinic=other_clinic, role=Role.THERAPIST)
    client = ClientFactory(clinic=other_clinic, primary_therapist=therapist, legal_name="Morgan Lee")
    CheckInFactory(client=client, created_by=therapist)
    return client


def test_a_proved_client_reads_its_rows_without_the_scope_subquery(therapist, client_record):
    CheckInFactory(client=client_record, created_by=therapist)
    client = client_for_user(user=therapist, client_id=client_record.pk)
    assert access.access_proved(client, therapist)

    with CaptureQueriesContext(connection) as queries:
        rows = list(CheckIn.objects.for_client(client, therapist))

    assert len(rows) == 1
    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert "clients_careteammember" not in sql  # the caseload rule was proved once, by client_for_user
    assert "clients_client" not in sql


def test_an_unproved_client_is_read_through_the_full_scope(therapist, colleague, client_record, strangers_client):
    # The same object the page fetched, but passed with another reader: no proof for them.
    client = client_for_user(user=therapist, client_id=client_record.pk)
    CheckInFactory(client=client_record, created_by=therapist)
    assert not access.access_proved(client, colleague)
    assert list(CheckIn.objects.for_client(client, colleague)) == []

    # An object fetched without the scope (an id from a form, say) has no proof either.
    foreign = Client.objects.get(pk=strangers_client.pk)
    assert list(CheckIn.objects.for_client(foreign, therapist)) == []
    with CaptureQueriesContext(connection) as queries:
        list(CheckIn.objects.for_client(client_record, therapist))
    assert "clients_careteammember" in queries.captured_queries[0]["sql"]


def test_a_proof_does_not_survive_a_change_of_reader(therapist, admin, client_record):
    client = client_for_user(user=therapist, client_id=client_record.pk)
    CheckInFactory(client=client_record, created_by=therapist)
    # The clinic admin has no emergency access: the therapist's proof on the object is not theirs.
    assert list(CheckIn.objects.for_client(client, admin)) == []


def test_a_client_reads_only_what_is_shared_even_when_proved(client_user, client_record, therapist):
    SupportPersonFactory(client=client_record, name="Shared with Dana", shared_with_client=True)
    SupportPersonFactory(client=client_record, name="Care team only", shared_with_client=False)
    CheckInFactory(client=client_record, created_by=therapist)
    client = own_client(user=client_user)
    assert access.access_proved(client, client_user)

    assert [row.name for row in SupportPerson.objects.for_client(client, client_user)] == ["Shared with Dana"]
    assert list(CheckIn.objects.for_client(client, client_user)) == []  # session records: never in the portal


def test_a_client_never_reads_another_clients_rows_through_their_own_proof(client_user, client_record, therapist):
    other = ClientFactory(clinic=client_record.clinic, primary_therapist=therapist, legal_name="Avery Quinn")
    SafetyPlanFactory(client=other)
    client = own_client(user=client_user)
    # A proof is for the object it sits on: copying the mark to another client's object is the only way to
    # misuse it, and the page code never does; the rows still belong to the client whose id is asked for.
    assert list(SafetyPlan.objects.for_client(client, client_user)) == []
    assert SafetyPlan.objects.for_client(other, client_user).count() == 0  # `other` was not proved for them


def test_children_of_a_goal_are_read_by_the_proved_clients_id(therapist, client_user, client_record):
    from portfolio.models import GoalCheck

    shared = MicroGoalFactory(client=client_record, shared_with_client=True)
    private = MicroGoalFactory(client=client_record, shared_with_client=False)
    GoalCheck.objects.create(goal=shared, checked_by=therapist)
    GoalCheck.objects.create(goal=private, checked_by=therapist)

    client = client_for_user(user=therapist, client_id=client_record.pk)
    with CaptureQueriesContext(connection) as queries:
        assert GoalCheck.objects.for_client(client, therapist).count() == 2
    assert "clients_careteammember" not in queries.captured_queries[0]["sql"]

    own = own_client(user=client_user)
    assert [check.goal_id for check in GoalCheck.objects.for_client(own, client_user)] == [shared.pk]


def test_an_admin_with_emergency_access_is_proved_by_the_page_and_without_it_is_not(admin, client_record, therapist):
    from tests.factories import EmergencyAccessFactory

    CheckInFactory(client=client_record, created_by=therapist)
    with pytest.raises(Http404):
        client_for_user(user=admin, client_id=client_record.pk)

    EmergencyAccessFactory(admin=admin, client=client_record)
    client = client_for_user(user=admin, client_id=client_record.pk)
    assert access.access_proved(client, admin)
    assert len(list(CheckIn.objects.for_client(client, admin))) == 1


def test_every_scoped_queryset_keeps_its_own_rule_in_one_place():
    """A model's extra rule (a client's journal, the exports a client asked for) lives in `reader_rule`, which
    both `visible_to` and `for_client` apply: a subclass that overrode one of them could leave the other open."""
    from django.apps import apps as registry

    subclasses = {
        type(model._default_manager.get_queryset())
        for model in registry.get_models()
        if isinstance(model._default_manager.get_queryset(), access.ClientScopedQuerySet)
    }
    assert len(subclasses) > 10
    overriding = sorted(
        cls.__qualname__ for cls in subclasses for name in ("visible_to", "for_client", "scope") if name in vars(cls)
    )
    assert overriding == []
