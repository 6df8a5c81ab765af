"""The rules of docs/rules.md ("Who may see what"), as clients/access.py decides them."""

import datetime as dt

import time_machine
from django.utils import timezone

from clients import access
from clients.models import Client

from ..factories import CareTeamMemberFactory, ClientFactory, EmergencyAccessFactory


def test_a_therapist_sees_their_caseload_and_nothing_else(therapist, colleague, client_record, other_client_record):
    assert list(access.visible_clients(therapist)) == [client_record]
    assert list(access.visible_clients(colleague)) == [other_client_record]


def test_the_care_team_shares_the_record(therapist, colleague, client_record):
    CareTeamMemberFactory(client=client_record, user=colleague)
    assert client_record in access.visible_clients(colleague)
    assert access.can(colleague, "write", client_record)
    assert not access.can(colleague, "manage_care_team", client_record)
    assert access.can(therapist, "manage_care_team", client_record)


def test_a_care_team_link_across_clinics_grants_nothing(client_record, other_therapist):
    CareTeamMemberFactory(client=client_record, user=other_therapist)
    assert not access.visible_clients(other_therapist).exists()


def test_an_admin_sees_the_roster_but_no_clinical_record(admin, client_record, other_client_record, other_admin):
    assert set(access.roster_clients(admin)) == {client_record, other_client_record}
    assert not access.visible_clients(admin).exists()
    assert not access.roster_clients(other_admin).exists()


def test_emergency_access_opens_one_record_until_it_ends(admin, client_record, other_client_record):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        grant = EmergencyAccessFactory(admin=admin, client=client_record, ends_at=start + dt.timedelta(minutes=60))
        assert list(access.visible_clients(admin)) == [client_record]
        assert access.active_emergency_access(admin, client_record) == grant
        assert not access.can(admin, "write", client_record)
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        assert not access.visible_clients(admin).exists()


def test_a_client_sees_only_their_own_record(client_user, client_record, other_client_record):
    assert list(access.visible_clients(client_user)) == [client_record]
    assert not access.record_clients(client_user).exists()


def test_a_deactivated_account_sees_nothing(therapist, client_record):
    therapist.is_active = False
    therapist.save()
    assert not access.visible_clients(therapist).exists()


def test_scope_hides_unshared_items_from_the_client(client_user, therapist, client_record, other_client_record):
    # Client rows stand in for any client-owned model; "client" is the path from the row to its client.
    queryset = Client.objects.all()
    assert list(access.scope(queryset, client_user, client_field="pk")) == [client_record]
    assert list(access.scope(queryset, therapist, client_field="pk")) == [client_record]
    shared_only = access.scope(queryset, client_user, client_field="pk", shared_field="portal_user__isnull")
    assert not shared_only.exists()  # the switch is off for this row, so the client does not see it


def test_a_client_of_another_clinic_is_never_visible(therapist, other_clinic):
    stranger = ClientFactory(clinic=other_clinic)
    stranger.primary_therapist = therapist  # an impossible row: the clinic check still holds
    Client.objects.filter(pk=stranger.pk).update(primary_therapist=therapist)
    assert stranger not in access.visible_clients(therapist)


def test_the_scope_compiled_once_per_user_object_still_follows_every_change(
    therapist, colleague, client_record, other_client_record, other_clinic
):
    """The scope's SQL is reused within one user object (one request); what it selects is always current."""
    from portfolio.models import MicroGoal

    from ..factories import MicroGoalFactory

    MicroGoalFactory(client=client_record)
    theirs = MicroGoalFactory(client=other_client_record)
    assert set(MicroGoal.objects.visible_to(colleague)) == {theirs}
    CareTeamMemberFactory(client=client_record, user=colleague)  # joined the care team mid-request
    assert MicroGoal.objects.visible_to(colleague).count() == 2
    colleague.is_active = False  # deactivated: the same object sees nothing at once
    assert MicroGoal.objects.visible_to(colleague).count() == 0
    colleague.is_active = True
    colleague.clinic_id = other_clinic.pk  # another clinic: the compiled scope is not reused
    assert MicroGoal.objects.visible_to(colleague).count() == 0
    assert MicroGoal.objects.visible_to(therapist).count() == 1  # each user object has its own
