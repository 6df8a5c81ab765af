"""The client's portal home."""

import datetime as dt

import time_machine
from django.urls import reverse
from django.utils import timezone

from clients.services import item_set_shared
from portfolio.models import EmpowermentPlan, ExportStatus, PortfolioExport
from reminders.models import Notification, Reminder

from ..conftest import PASSWORD
from ..factories import CrisisLineFactory, DisclosurePlanFactory, MicroGoalFactory, PeerReferralFactory


def test_the_portal_home_greets_the_client_by_preferred_name_and_shows_crisis_lines(
    client, login, client_user, client_record
):
    CrisisLineFactory(clinic=client_record.clinic)
    login(client_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Hello, Dana" in page
    assert "Nothing has been shared with you yet" in page
    assert 'href="tel:988"' in page


def test_a_client_without_a_record_gets_not_found(client, login, clinic):
    from accounts.models import Role

    from ..factories import UserFactory

    login(UserFactory(clinic=clinic, role=Role.CLIENT))
    assert client.get(reverse("portal:home")).status_code == 404


def test_staff_are_not_shown_the_portal(client, login, therapist):
    login(therapist)
    assert client.get(reverse("portal:home")).status_code == 404


# What is new since the last visit, reminders and notifications, the PDF when it is ready.

MONDAY = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def sign_in(client, user):
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client.get(reverse("portal:home")).content.decode()


def new_section(page):
    start = page.index('id="new-heading"')
    return page[start : page.index("</section>", start)]


def test_the_first_visit_is_welcomed_and_the_next_lists_only_what_changed_since(
    client, client_user, client_record, therapist
):
    with time_machine.travel(MONDAY, tick=False):
        old = DisclosurePlanFactory(client=client_record, audience_description="My sister")
        item_set_shared(item=old, by_user=therapist, shared=True)
        hidden = DisclosurePlanFactory(client=client_record, audience_description="My landlord")  # never shared
        page = sign_in(client, client_user)
    assert "This is your first visit" in new_section(page)
    assert "My sister" in page  # shared before: on the page, but not new

    with time_machine.travel(MONDAY + dt.timedelta(days=2), tick=False):
        plan = DisclosurePlanFactory(client=client_record, audience_description="My new manager")
        item_set_shared(item=plan, by_user=therapist, shared=True)
        hidden.audience_description = "My landlord, Mr Ortiz"
        hidden.save()
        MicroGoalFactory(client=client_record, title="Walk to the park", shared_with_client=True)
        referral = PeerReferralFactory(client=client_record, status="awaiting_consent", shown_to_client=True)
        Notification.objects.create(user=client_user, text="There is an update in your planner.", link="/portal/")

    with time_machine.travel(MONDAY + dt.timedelta(days=3), tick=False):
        page = sign_in(client, client_user)
        again = client.get(reverse("portal:home")).content.decode()
    new = new_section(page)
    assert "Your last visit was on" in new
    assert "Nov. 23, 2026" in new
    assert "shared a disclosure plan with you: telling My new manager" in new
    assert f'href="{reverse("portal:disclosure_plan", args=[plan.pk])}"' in new
    assert "A new micro-goal: Walk to the park." in new
    assert f"A peer connection is waiting for your answer: {referral.resource.name}." in new
    # the note made here, and the one sharing the plan made (issue 24: the client is told something waits)
    assert "You have 2 new notifications." in new
    assert "My sister" not in new  # shared before the last visit, unchanged since
    assert "landlord" not in page  # changed, but never shared: nothing of it reaches the portal
    assert new_section(again) == new  # the list stays for the whole visit, not only the first page load

    with time_machine.travel(MONDAY + dt.timedelta(days=4), tick=False):
        page = sign_in(client, client_user)
    assert "Nothing has changed since then." in new_section(page)


def test_an_update_to_a_shared_plan_is_new_too(client, client_user, client_record, therapist):
    with time_machine.travel(MONDAY, tick=False):
        plan = DisclosurePlanFactory(client=client_record)
        item_set_shared(item=plan, by_user=therapist, shared=True)
        sign_in(client, client_user)
    with time_machine.travel(MONDAY + dt.timedelta(hours=5), tick=False):
        plan.key_message = "I manage my health well and I am telling you so you can support me."
        plan.save()
        page = sign_in(client, client_user)
    assert "Your disclosure plan about telling My new manager was updated." in new_section(page)


def test_a_session_that_never_stored_the_last_visit_shows_no_list(client, login, client_user, client_record):
    login(client_user)  # force_login: no sign-in form, so no last visit in the session
    page = client.get(reverse("portal:home")).content.decode()
    assert 'id="new-heading"' not in page
    assert client.get(reverse("portal:home")).status_code == 200


def test_the_home_shows_unread_notifications_and_upcoming_reminders_but_not_grievance_emails(
    client, login, client_user, client_record, therapist
):
    Notification.objects.create(user=client_user, text="Your therapist replied to your feedback.", link="/portal/")
    Notification.objects.create(user=client_user, text="An old note", read_at=timezone.now())
    soon = timezone.now() + dt.timedelta(hours=3)
    for source, kind in (("micro_goal:1", "micro_goal"), ("grievance:1", "custom")):
        Reminder.objects.create(
            recipient=client_user,
            client=client_record,
            created_by=therapist,
            local_time=dt.time(9, 0),
            time_zone="UTC",
            recurrence="none",
            kind=kind,
            source=source,
            next_at=soon,
        )
    login(client_user)
    page = client.get(reverse("portal:home")).content.decode()
    section = page[page.index('id="notifications-heading"') :]
    section = section[: section.index("</section>")]
    assert "Your therapist replied to your feedback." in section
    assert "An old note" not in section
    assert "Micro-goal —" in section
    assert "Custom" not in section
    assert reverse("portal:reminders") in section
    assert reverse("reminders:notifications") in section


def test_the_portfolio_download_is_offered_when_shared_and_ready(client, login, client_user, client_record, therapist):
    plan = EmpowermentPlan.objects.create(client=client_record, created_by=therapist, values="Family")
    export = PortfolioExport.objects.create(
        client=client_record,
        sections=["plan"],
        language="en",
        status=ExportStatus.READY,
        requested_by=client_user,
        finished_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    download = reverse("portal:export_download", args=[export.pk])
    login(client_user)
    assert download not in client.get(reverse("portal:home")).content.decode()  # the plan is not shared yet
    item_set_shared(item=plan, by_user=therapist, shared=True)
    assert download in client.get(reverse("portal:home")).content.decode()
    export.expires_at = timezone.now() - dt.timedelta(minutes=1)
    export.save()
    assert download not in client.get(reverse("portal:home")).content.decode()


def test_the_bell_and_the_new_count_cover_every_notification_not_only_the_three_listed(
    client, client_user, client_record
):
    with time_machine.travel(MONDAY, tick=False):
        sign_in(client, client_user)
    with time_machine.travel(MONDAY + dt.timedelta(days=2), tick=False):
        for n in range(5):
            Notification.objects.create(
                user=client_user, text=f"Unread note {n}", created_at=timezone.now() + dt.timedelta(minutes=n)
            )
        Notification.objects.create(user=client_user, text="Already read", read_at=timezone.now())
        Notification.objects.create(
            user=client_user, text="Read before the visit", created_at=MONDAY - dt.timedelta(days=1), read_at=MONDAY
        )
    with time_machine.travel(MONDAY + dt.timedelta(days=3), tick=False):
        page = sign_in(client, client_user)
    assert '5<span class="visually-hidden"> unread</span>' in page  # the header's bell
    assert "You have 6 new notifications." in new_section(page)  # read or not, after the last visit
    section = page[page.index('id="notifications-heading"') :]
    section = section[: section.index("</section>")]
    assert [f"Unread note {n}" in section for n in range(5)] == [False, False, True, True, True]  # newest three
    assert "Already read" not in section
