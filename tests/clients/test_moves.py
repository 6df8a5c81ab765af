"""Moving people keeps everything consistent (issue 20, items 12 and 13).

A move to another primary therapist hands the previous one's reminders about the client to the new one and
keeps everyone on the care team (the previous primary joins it unless deactivated); a therapist taken off
a care team gets no more reminders about that client; the emergency-access email's link opens for the
therapist it was sent to.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client as DjangoClient
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from clients import services as client_services
from clients.models import CareTeamMember, EmergencyAccess
from peers import services as peer_services
from peers.models import PeerReferral
from reminders import services as reminder_services
from reminders.models import Reminder, ReminderStatus

from ..conftest import log_in
from ..factories import CareTeamMemberFactory, ClientFactory, PeerResourceFactory


def in_a_week():
    return timezone.localdate() + dt.timedelta(days=7)


def own_reminder(therapist, client_record, **data):
    """A reminder a therapist sets for themselves about a client (the staff side)."""
    return reminder_services.reminder_create(
        by_user=therapist,
        recipient=therapist,
        client=client_record,
        data={"local_time": dt.time(10, 0), "starts_on": in_a_week(), "link": client_record.get_absolute_url(), **data},
    )


@pytest.fixture
def follow_up(therapist, client_record):
    """The referral follow-up the peers app keeps for the primary therapist."""
    resource = PeerResourceFactory(clinic=client_record.clinic)
    data = {"why": "A group that meets near work", "follow_up_on": in_a_week()}
    return peer_services.referral_create(client=client_record, by_user=therapist, resource=resource, data=data)


def reassign(django_client, admin, client_record, therapist):
    log_in(django_client, admin)
    url = reverse("clients:reassign", args=[client_record.pk])
    return django_client.post(url, {"therapist": therapist.pk})


# Item 12: reminders move with the client ---------------------------------------------------------------


def test_a_caseload_move_gives_the_previous_therapists_reminders_about_the_client_to_the_new_one(
    client, login, admin, therapist, colleague, client_record, client_user, other_client_record, follow_up
):
    mine = own_reminder(therapist, client_record, note="Call about the new job")
    for_the_client = reminder_services.reminder_create(
        by_user=therapist,
        recipient=client_user,
        client=client_record,
        data={"local_time": dt.time(9, 0), "starts_on": in_a_week()},
    )
    elsewhere = own_reminder(therapist, other_client_record)
    login(admin)
    url = reverse("clients:caseload_reassign", kwargs={"therapist_id": therapist.pk})
    assert client.post(url, {"everyone": colleague.pk}).status_code == 302
    client.post(reverse("accounts:staff_deactivate", kwargs={"user_id": therapist.pk}), {"confirmed": "yes"})
    therapist.refresh_from_db()
    assert not therapist.is_active

    follow_up_reminder = Reminder.objects.get(source=f"referral:{follow_up.pk}")
    assert follow_up_reminder.recipient == colleague
    assert Reminder.objects.get(pk=mine.pk).recipient == colleague
    assert Reminder.objects.get(pk=mine.pk).status == ReminderStatus.ACTIVE
    assert Reminder.objects.get(pk=for_the_client.pk).recipient == client_user  # the client's own stay theirs
    assert Reminder.objects.get(pk=elsewhere.pk).recipient == therapist  # not about this client
    moved = AuditEvent.objects.filter(action="reminder.transfer", client=client_record)
    assert set(moved.values_list("object_id", flat=True)) == {str(follow_up_reminder.pk), str(mine.pk)}

    # The new primary therapist changes the follow-up date: the same reminder moves, no second one appears.
    later = in_a_week() + dt.timedelta(days=7)
    referral = PeerReferral.objects.get(pk=follow_up.pk)
    peer_services.referral_update(
        referral=referral, by_user=colleague, data={"follow_up_on": later}, expected_version=referral.version
    )
    reminders = Reminder.objects.filter(source=f"referral:{follow_up.pk}")
    assert [(r.recipient, r.starts_on) for r in reminders] == [(colleague, later)]


def test_a_moved_reminder_follows_the_new_therapists_time_zone(admin, therapist, colleague, client_record, clinic):
    mine = own_reminder(therapist, client_record)
    client_services.client_reassign(client=client_record, by_admin=admin, therapist=colleague)
    mine.refresh_from_db()
    assert (mine.recipient, mine.time_zone) == (colleague, reminder_services.reminder_zone(colleague))
    assert mine.next_at is not None
    assert mine.status == ReminderStatus.ACTIVE


# Item 12: the care team stays --------------------------------------------------------------------------


def test_moving_a_client_there_and_back_keeps_both_therapists_on_the_record(admin, therapist, colleague, client_record):
    CareTeamMemberFactory(client=client_record, user=colleague)
    reassign(DjangoClient(), admin, client_record, colleague)
    assert CareTeamMember.objects.filter(client=client_record, user=therapist).exists()
    reassign(DjangoClient(), admin, client_record, therapist)
    client_record.refresh_from_db()
    assert client_record.primary_therapist == therapist
    assert list(CareTeamMember.objects.filter(client=client_record).values_list("user", flat=True)) == [colleague.pk]
    assert log_in(DjangoClient(), colleague).get(client_record.get_absolute_url()).status_code == 200
    added = AuditEvent.objects.filter(action="care_team.add", client=client_record)
    assert sorted(added.values_list("detail__user", flat=True)) == sorted([str(therapist.pk), str(colleague.pk)])


def test_a_deactivated_previous_therapist_does_not_join_the_care_team(admin, therapist, colleague, client_record):
    type(therapist).objects.filter(pk=therapist.pk).update(is_active=False)
    client_record.refresh_from_db()
    client_services.client_reassign(client=client_record, by_admin=admin, therapist=colleague)
    assert not CareTeamMember.objects.filter(client=client_record).exists()


def test_the_rest_of_the_care_team_stays_through_a_move(admin, therapist, colleague, clinic, client_record):
    third = CareTeamMemberFactory(client=client_record).user
    client_services.client_reassign(client=client_record, by_admin=admin, therapist=colleague)
    members = set(CareTeamMember.objects.filter(client=client_record).values_list("user", flat=True))
    assert members == {third.pk, therapist.pk}


# Item 12: the emergency-access email's link opens for the therapist it was sent to ------------------------


def test_the_emergency_access_email_link_opens_for_its_recipient_after_the_client_moves_back(
    admin, therapist, colleague, client_record, django_capture_on_commit_callbacks
):
    reassign(DjangoClient(), admin, client_record, colleague)
    asking = log_in(DjangoClient(), admin)
    with django_capture_on_commit_callbacks(execute=True):
        asking.post(
            reverse("accounts:emergency_access_start", kwargs={"client_id": client_record.pk}),
            {"reason": "The client called in distress and their therapist is away today."},
        )
    grant = EmergencyAccess.objects.get()
    (message,) = mail.outbox
    assert message.to == [colleague.email]
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    assert link == reverse("accounts:emergency_access_detail", kwargs={"grant_id": grant.pk})
    reassign(DjangoClient(), admin, client_record, therapist)  # the client goes back the next day

    # Following the link from the email: sign in with the password, then the second factor, then the page.
    reader = DjangoClient()
    response = reader.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    log_in(reader, colleague)
    assert reader.get(link).status_code == 200


# Item 13: leaving a care team ends that therapist's reminders about the client --------------------------


def test_a_therapist_taken_off_the_care_team_gets_no_more_reminders_about_the_client(
    client, login, therapist, colleague, client_record, client_user, clinic
):
    member = CareTeamMemberFactory(client=client_record, user=colleague)
    theirs = own_reminder(colleague, client_record, note="Ask about the job interview")
    other = ClientFactory(clinic=clinic, primary_therapist=colleague)
    theirs_elsewhere = own_reminder(colleague, other)
    primary_s = own_reminder(therapist, client_record)
    login(therapist)
    client.post(reverse("clients:care_team_remove", args=[client_record.pk, member.pk]))

    assert Reminder.objects.get(pk=theirs.pk).status == ReminderStatus.CANCELLED
    assert Reminder.objects.get(pk=theirs_elsewhere.pk).status == ReminderStatus.ACTIVE
    assert Reminder.objects.get(pk=primary_s.pk).status == ReminderStatus.ACTIVE
    event = AuditEvent.objects.get(action="reminder.cancel", object_id=str(theirs.pk))
    assert (event.actor, event.client, event.detail) == (therapist, client_record, {"why": "left_care_team"})
