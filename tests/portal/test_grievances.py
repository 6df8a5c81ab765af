"""Grievances: a client's feedback or complaint, the clinic admin's inbox, the status and the reply."""

import datetime
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from clients.models import Client
from grievances import selectors
from grievances.models import Grievance, GrievanceKind, GrievanceStatus
from reminders import services as reminder_services
from reminders.models import Notification, Reminder

from ..factories import CrisisLineFactory, UserFactory

NEW = reverse("portal:grievance_new")
INBOX = reverse("grievances:inbox")
TEXT = "The chairs in the waiting room are hard to rise from, and there is nowhere to put a walking frame."


def send(django_client, **overrides):
    data = {
        "kind": GrievanceKind.COMPLAINT,
        "subject": "Waiting room",
        "text": TEXT,
        "anonymous_to_therapist": "on",
        "submission_key": str(uuid.uuid4()),
        **overrides,
    }
    return django_client.post(NEW, data)


def make(client_record, *, anonymous=True, **fields):
    return Grievance.objects.create(
        client=client_record,
        submitted_by=client_record.portal_user,
        subject=fields.pop("subject", "Waiting room"),
        text=fields.pop("text", TEXT),
        anonymous_to_therapist=anonymous,
        **fields,
    )


def admin_url(grievance):
    return reverse("grievances:detail", kwargs={"grievance_id": grievance.pk})


def client_url(grievance):
    return reverse("portal:grievance", kwargs={"grievance_id": grievance.pk})


def respond(django_client, grievance, status, response="", version=None):
    grievance.refresh_from_db()
    data = {"status": status, "response": response, "version": version or grievance.version}
    return django_client.post(admin_url(grievance), data)


def actions(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("at").values_list("action", flat=True))


# The client's side.


def test_the_page_explains_who_reads_it_what_happens_and_where_to_go_when_it_is_urgent(
    client, login, client_user, client_record
):
    CrisisLineFactory(clinic=client_record.clinic)
    login(client_user)
    response = client.get(reverse("portal:grievances"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The clinic's administrator, not your therapist" in page
    assert "working days" in page
    assert "will never change the care you get" in page
    assert 'href="tel:988"' in page
    assert reverse("portal:safety_plan") in page
    assert actions(client=client_record) == ["grievance.list.view"]


def test_the_portal_home_links_to_feedback_and_complaints(client, login, client_user, client_record):
    login(client_user)
    assert reverse("portal:grievances") in client.get(reverse("portal:home")).content.decode()


def test_sending_makes_one_audited_grievance_and_tells_the_admins_but_nobody_clinical(
    client, login, client_user, client_record, therapist, colleague, admin, other_admin
):
    login(client_user)
    response = send(client)
    grievance = Grievance.objects.get()
    assert response.status_code == 302
    assert response["Location"] == client_url(grievance)
    assert (grievance.client, grievance.submitted_by, grievance.kind) == (client_record, client_user, "complaint")
    assert grievance.text == TEXT
    assert grievance.anonymous_to_therapist is True
    assert grievance.status == GrievanceStatus.RECEIVED
    assert grievance.clinic == client_record.clinic
    event = AuditEvent.objects.get(action="grievance.create")
    assert (event.actor, event.client, event.object_id) == (client_user, client_record, str(grievance.pk))
    assert event.detail == {"kind": "complaint", "anonymous_to_therapist": True}
    assert Notification.objects.filter(user__in=[therapist, colleague, other_admin, client_user]).count() == 0
    note = Notification.objects.get(user=admin)
    assert note.link == admin_url(grievance)
    assert "Waiting room" not in note.text
    assert "Dana" not in note.text


def test_the_same_form_sent_twice_makes_one_grievance(client, login, client_user, client_record):
    login(client_user)
    key = str(uuid.uuid4())
    first, second = send(client, submission_key=key), send(client, submission_key=key)
    assert Grievance.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert actions(action="grievance.create") == ["grievance.create"]


def test_a_message_of_100000_characters_gets_a_clear_message_and_keeps_everything_typed(
    client, login, client_user, client_record
):
    login(client_user)
    long_text = ("I want to tell you about my visits. " * 2800)[:99_999] + "."
    assert len(long_text) == 100_000
    response = send(client, text=long_text, subject="About my visits")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Your message is 100,000 characters long, and one message can hold up to 5,000" in page
    assert "Everything you wrote is still here" in page
    assert long_text in page  # the whole text is back in the form
    assert 'value="About my visits"' in page
    assert 'maxlength="' not in page  # the browser would cut a long paste short without a word
    assert not Grievance.objects.exists()
    assert not AuditEvent.objects.filter(action="grievance.create").exists()


def test_an_empty_form_says_what_to_write(client, login, client_user, client_record):
    login(client_user)
    response = send(client, subject="  ", text="")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Give your message a short title" in page
    assert "Write your message here before sending it" in page


def test_a_client_sees_only_their_own_grievances(
    client, login, client_user, client_record, other_client_user, other_client_record
):
    mine, theirs = make(client_record, subject="Mine"), make(other_client_record, subject="Theirs")
    login(client_user)
    page = client.get(reverse("portal:grievances")).content.decode()
    assert "Mine" in page
    assert "Theirs" not in page
    assert client.get(client_url(mine)).status_code == 200
    before = AuditEvent.objects.count()
    assert client.get(client_url(theirs)).status_code == 404
    assert AuditEvent.objects.count() == before


# The admin's side.


def test_the_admin_sees_prominently_whether_the_therapist_may_be_told(client, login, admin, client_record):
    hidden, open_ = make(client_record, subject="Hidden"), make(client_record, subject="Open", anonymous=False)
    login(admin)
    inbox = client.get(INBOX).content.decode()
    assert inbox.count("Not to be named to the therapist") == 1
    page = client.get(admin_url(hidden)).content.decode()
    assert 'class="alert alert-warning" data-anonymous-to-therapist' in page
    assert "Do not tell the therapist who sent this" in page
    assert "Dana" in page
    assert TEXT in page  # the name and the message; nothing clinical is on this page
    page = client.get(admin_url(open_)).content.decode()
    assert "Do not tell the therapist who sent this" not in page
    assert "agreed that you may talk this over with their therapist" in page
    assert actions(action="grievance.view", client=client_record) == ["grievance.view", "grievance.view"]


def test_status_moves_along_and_back_audited_and_the_client_reads_the_reply(
    client, login, admin, client_user, client_record, therapist
):
    grievance = make(client_record)
    login(admin)
    assert respond(client, grievance, GrievanceStatus.IN_REVIEW).status_code == 302
    reply = "Thank you for telling us. New chairs with arms arrive next week, and there is now room for a frame."
    assert respond(client, grievance, GrievanceStatus.RESOLVED, reply).status_code == 302
    assert respond(client, grievance, GrievanceStatus.IN_REVIEW, reply).status_code == 302
    grievance.refresh_from_db()
    assert (grievance.status, grievance.response, grievance.responded_by) == ("in_review", reply, admin)
    moves = AuditEvent.objects.filter(action="grievance.status", client=client_record).order_by("at")
    assert [event.detail for event in moves] == [
        {"from": "received", "to": "in_review", "backwards": False},
        {"from": "in_review", "to": "resolved", "backwards": False},
        {"from": "resolved", "to": "in_review", "backwards": True},
    ]
    assert actions(action="grievance.reply", actor=admin) == ["grievance.reply"]
    history = client.get(admin_url(grievance)).content.decode()
    assert "moved back" in history

    notes = Notification.objects.filter(user=client_user)
    assert notes.count() == 3
    assert not Notification.objects.filter(user=therapist).exists()
    assert {note.text for note in notes} == {"You have an update in your planner"}
    assert {note.link for note in notes} == {client_url(grievance)}
    client.logout()
    login(client_user)
    page = client.get(client_url(grievance)).content.decode()
    assert "In review" in page
    assert reply in page
    assert "Carol Admin" in page
    assert "In review" in client.get(reverse("portal:grievances")).content.decode()


def test_resolving_needs_a_reply_the_client_can_read(client, login, admin, client_record):
    grievance = make(client_record)
    login(admin)
    response = respond(client, grievance, GrievanceStatus.RESOLVED, "")
    assert response.status_code == 400
    assert "Write a reply before marking this resolved" in response.content.decode()
    grievance.refresh_from_db()
    assert grievance.status == GrievanceStatus.RECEIVED
    assert not AuditEvent.objects.filter(action__in=["grievance.status", "grievance.reply"]).exists()


def test_a_reply_saved_over_a_newer_one_is_refused_and_keeps_the_text(client, login, admin, client_record):
    grievance = make(client_record)
    login(admin)
    respond(client, grievance, GrievanceStatus.IN_REVIEW, "First reply, saved by a colleague.")
    response = respond(client, grievance, GrievanceStatus.RESOLVED, "My own reply.", version=1)
    page = response.content.decode()
    assert response.status_code == 400
    assert "This was saved again after you opened this page" in page
    assert "My own reply." in page
    assert "What you saved in another tab or window" in page  # the same admin saved in between
    grievance.refresh_from_db()
    assert grievance.response == "First reply, saved by a colleague."
    assert grievance.status == "in_review"


def test_a_reply_conflict_names_the_colleague_who_saved_and_keeps_the_typed_reply(
    client, login, admin, clinic, client_record
):
    """The grievance reply shows a conflict as every versioned form does: who saved in between, both texts."""
    colleague_admin = UserFactory(
        clinic=clinic, role=Role.CLINIC_ADMIN, email="hiro@example.org", full_name="Hiro Administrator"
    )
    grievance = make(client_record)
    login(colleague_admin)
    respond(client, grievance, GrievanceStatus.IN_REVIEW, "We are looking into the chairs this week.")
    client.logout()
    login(admin)
    typed = "Thank you for writing to us.\nNew chairs with arms are on order."
    response = respond(client, grievance, GrievanceStatus.RESOLVED, typed, version=1)
    page = response.content.decode()
    assert response.status_code == 400
    assert "What Hiro Administrator saved" in page
    assert "We are looking into the chairs this week." in page  # what the colleague saved, shown above the form
    assert typed in page.replace("\r\n", "\n")  # what Carol typed, still in the form
    assert 'name="version" value="2"' in page  # saving again, after seeing both, is taken
    grievance.refresh_from_db()
    assert grievance.response == "We are looking into the chairs this week."
    assert grievance.version == 2


def test_a_reply_over_the_limit_says_the_reply_limit_and_keeps_the_text(client, login, admin, client_record):
    """The versioned form's longer limit for notes (10,000) does not replace the reply's own (5,000) or its words."""
    grievance = make(client_record)
    login(admin)
    for size in (6_000, 12_000):
        typed = ("Thank you. " * size)[: size - 1] + "."
        response = respond(client, grievance, GrievanceStatus.IN_REVIEW, typed)
        page = response.content.decode()
        assert response.status_code == 400
        count = f"{size:,}"
        assert f"A reply can be up to 5,000 characters; this one has {count}" in page
        assert typed in page
        assert "maxlength" not in page.split('name="response"')[1].split(">")[0]
    grievance.refresh_from_db()
    assert grievance.response == ""
    assert grievance.version == 1


def test_an_email_goes_only_where_email_is_allowed_and_safe_and_says_nothing_of_the_grievance(
    client, login, admin, client_user, client_record, django_capture_on_commit_callbacks
):
    Client.objects.filter(pk=client_record.pk).update(allow_email=True, email_is_safe=True)
    grievance = make(client_record)
    login(admin)
    respond(client, grievance, GrievanceStatus.IN_REVIEW)
    respond(client, grievance, GrievanceStatus.RESOLVED, "We have changed the chairs.")
    reminder = Reminder.objects.get(recipient=client_user)  # two updates, one email
    assert reminder.client is None  # so it shows on no staff page about the client
    with django_capture_on_commit_callbacks(execute=True):
        reminder_services.dispatch_due(now=timezone.now() + datetime.timedelta(minutes=1))
    [message] = mail.outbox
    everything = message.subject + message.body
    assert message.subject == "You have an update in your planner"
    assert message.to == [client_user.email]
    for private in ("Waiting room", "chairs", "Dana", "complaint", client_record.clinic.name):
        assert private.lower() not in everything.lower()


def test_no_email_where_it_is_not_safe_only_the_in_app_note(client, login, admin, client_user, client_record):
    Client.objects.filter(pk=client_record.pk).update(allow_email=True, email_is_safe=False)
    grievance = make(client_record)
    login(admin)
    respond(client, grievance, GrievanceStatus.IN_REVIEW)
    assert not Reminder.objects.exists()
    assert Notification.objects.filter(user=client_user).count() == 1


def test_another_clinics_admin_gets_not_found_and_changes_nothing(client, login, other_admin, client_record):
    grievance = make(client_record)
    login(other_admin)
    assert "Waiting room" not in client.get(INBOX).content.decode()
    assert client.get(admin_url(grievance)).status_code == 404
    assert respond(client, grievance, GrievanceStatus.RESOLVED, "Not mine to answer.").status_code == 404
    grievance.refresh_from_db()
    assert grievance.status == GrievanceStatus.RECEIVED
    assert grievance.response == ""


@pytest.mark.parametrize("role", ["therapist", "colleague"])
def test_a_therapist_cannot_reach_the_inbox(client, login, cast, role):
    grievance = make(cast["client_record"])
    login(cast[role])
    assert client.get(INBOX).status_code == 403
    assert client.get(admin_url(grievance)).status_code == 403
    assert respond(client, grievance, GrievanceStatus.RESOLVED, "No.").status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="grievance.", actor=cast[role]).exists()


def test_the_inbox_is_newest_first_filtered_by_status_and_paginated(client, login, admin, client_record):
    now = timezone.now()
    for days in range(30):
        make(client_record, subject=f"Note {days:02d}", created_at=now - datetime.timedelta(days=days))
    make(
        client_record, subject="Settled", status=GrievanceStatus.RESOLVED, created_at=now - datetime.timedelta(days=99)
    )
    login(admin)
    page = client.get(INBOX).content.decode()
    assert "31 messages" in page
    assert "Page 1 of 2" in page
    assert page.index("Note 00") < page.index("Note 01") < page.index("Note 24")
    assert "Note 25" not in page
    resolved = client.get(INBOX, {"status": "resolved"}).content.decode()
    assert "Settled" in resolved
    assert "Note 00" not in resolved


def test_the_inbox_makes_as_many_queries_for_50_rows_as_for_2(client, login, admin, client_record):
    login(admin)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(INBOX).status_code == 200
        return len(context)

    for _ in range(2):
        make(client_record)
    queries()  # the first request of the session does some one-off work
    few = queries()
    for _ in range(48):
        make(client_record)
    assert queries() == few


# The demo.


def test_the_history_keeps_the_events_written_before_the_model_moved_apps(client, login, admin, client_record):
    """Grievances began in the portal app: events written then carry `portal.grievance` and stay in the history
    (the audit log is append-only, so they cannot be relabelled)."""
    grievance = make(client_record)
    AuditEvent.objects.create(
        actor=admin,
        clinic_id=client_record.clinic_id,
        client=client_record,
        action="grievance.status",
        object_type="portal.grievance",
        object_id=str(grievance.pk),
        detail={"from": "received", "to": "in_review", "backwards": False},
    )
    login(admin)
    assert respond(client, grievance, GrievanceStatus.RESOLVED, "We have ordered higher chairs.").status_code == 302

    history = selectors.history(grievance=grievance)
    assert [(event.object_type, event.action) for event in history] == [
        ("portal.grievance", "grievance.status"),
        ("grievances.grievance", "grievance.status"),
        ("grievances.grievance", "grievance.reply"),
    ]
    assert [event.status_label for event in history][:2] == ["In review", "Resolved"]
