"""What reminders does when a lower app tells it something happened (registered in ReminderConfig.ready())."""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from clients import attention
from clients.models import Client, Flag, Message, Session, SessionStatus
from clients.selectors import care_team

from . import services
from .models import Notification, Recurrence, Reminder, ReminderChannel, ReminderKind, ReminderStatus


def notify_emergency_access(*, grant):
    """Tell the client's primary therapist, in the app, that a clinic admin opened the record.

    Discreet text (no client name, no reason); the link leads to the details behind the login.
    Runs inside the transaction that starts the access, so the notice commits with it.
    """
    therapist = grant.client.primary_therapist
    with translation.override(therapist.preferred_language):
        text = _("A clinic admin opened a client record under emergency access")
    Notification.objects.create(
        user=therapist,
        text=text,
        link=reverse("accounts:emergency_access_detail", kwargs={"grant_id": grant.pk}),
    )


# --- The care loop (issue 24): the care team hears of flags and messages; the client of what waits for them ---

SESSION_REMINDER_TIME = datetime.time(18, 0)  # the evening before a session, in the client's time zone


def notify(
    user: User,
    *,
    text: str,
    link: str,
    client: Client | None = None,
    in_app: bool = True,
    email: bool = False,
    source: str,
) -> Notification | None:
    """An in-app notice now (`in_app`) and, with `email`, a discreet email through the reminders pipeline: sent by
    the next dispatch (within a minute), after the client's quiet hours, once (the delivery is unique), and saying
    only "You have an update in your planner" with the link. `text` is already in the person's language. `source`
    names what it is about, such as "flag:<id>", for one notice per thing."""
    notification = Notification.objects.create(user=user, text=text, link=link) if in_app else None
    if email and user.email:
        # A one-off reminder due now, made here rather than through reminder_create: the system sends it (the flag,
        # message or share that caused it is audited), and it is never counted against anyone's daily limit.
        now = timezone.now()
        zone = services.reminder_zone(user)
        local = timezone.localtime(now, ZoneInfo(zone))
        Reminder.objects.create(
            recipient=user,
            client=client,
            kind=ReminderKind.NOTICE,
            link=link,
            source=f"notice:{source}",
            starts_on=local.date(),
            local_time=local.time().replace(microsecond=0),
            time_zone=zone,
            recurrence=Recurrence.NONE,
            channel=ReminderChannel.EMAIL,
            next_at=now,
            created_by=user,
        )
    return notification


def _in_language(user: User, message: str) -> str:
    with translation.override(user.preferred_language):
        return str(_(message))


def notify_care_team(client: Client, *, text: str, link: str, source: str) -> None:
    """Tell the client's care team something (`text`: an untranslated message id, put in each one's language): every
    active member in the app (no name, no clinical words), and the primary therapist by a discreet email too, unless
    the clinic keeps these out of email (its attention rules' `email_staff`)."""
    email = attention.settings_for(client.clinic_id).email_staff
    primary = client.primary_therapist
    team = [primary, *(member.user for member in care_team(client=client) if member.user_id != primary.pk)]
    for member in team:
        if member.is_active:
            notify(
                member,
                text=_in_language(member, text),
                link=link,
                client=client,
                email=email and member == primary,
                source=f"{source}:{member.pk}",
            )


def flag_raised(*, flag: Flag) -> None:
    """The care team hears that a client may need their attention."""
    notify_care_team(
        flag.client,
        text=gettext_noop("A client on your caseload may need your attention"),
        link=flag.client.get_absolute_url(),
        source=f"flag:{flag.pk}",
    )


def message_sent(*, message: Message) -> None:
    """The other side hears of a new message: the care team of one from the client, the client of one from them."""
    client = message.client
    if message.from_client:
        notify_care_team(
            client,
            text=gettext_noop("A client sent you a message"),
            link=reverse("clients:messages", kwargs={"client_id": client.pk}),
            source=f"message:{message.pk}",
        )
        return
    notify_client(
        client,
        text=gettext_noop("You have a new message from your care team"),
        link="/portal/messages/",
        source=f"message:{message.pk}",
    )


def notify_client(client: Client, *, text: str, link: str, source: str) -> Notification | None:
    """Tell a client something waits for them (a consent request, a questionnaire, a plan shared, a message), as they
    chose: in the portal unless they turned that off, and by a discreet email only where email is allowed and safe.
    `text` is an untranslated message id (gettext_noop): it is put in the client's language here."""
    user = client.portal_user
    if user is None or not user.is_active or not client.is_active:
        return None
    email = client.allow_email and client.email_is_safe
    if not client.allow_in_app and not email:
        return None
    text = _in_language(user, text)
    return notify(user, text=text, link=link, client=client, in_app=client.allow_in_app, email=email, source=source)


SHARED_NOTICE_QUIET = datetime.timedelta(hours=12)
SHARED_NOTICE_LINK = "/portal/#new-heading"  # the portal home's "New since your last visit"


def item_shared(*, item, by_user) -> None:
    """Something was shared with the client: they are told that something new waits in their portal. Once: a
    therapist who shares five things in a session sends one notice (and at most one email), not five; another
    comes only once the client has read it or 12 hours have passed."""
    user = item.client.portal_user
    recent = timezone.now() - SHARED_NOTICE_QUIET
    if (
        user is not None
        and Notification.objects.filter(
            user=user, link=SHARED_NOTICE_LINK, read_at__isnull=True, created_at__gte=recent
        ).exists()
    ):
        return
    notify_client(
        item.client,
        text=gettext_noop("Your therapist shared something new with you"),
        link=SHARED_NOTICE_LINK,
        source=f"shared:{item.pk}",
    )


def session_saved(*, session: Session, by_user: User) -> None:
    """The client's reminder of a scheduled session: the evening before at 18:00 in their time zone (after their
    quiet hours, as every reminder), moved with the session, and cancelled when it is cancelled or has taken place.
    Discreet: the email says only that there is an update; the portal shows the time."""
    client = session.client
    source = f"session:{session.pk}"
    user = client.portal_user
    if user is None or session.status != SessionStatus.SCHEDULED or not client.is_active:
        services.reminders_set_status(source_prefix=source, status=ReminderStatus.CANCELLED)
        return
    zone = ZoneInfo(services.reminder_zone(user))
    day_before = timezone.localtime(session.starts_at, zone).date() - datetime.timedelta(days=1)
    services.reminder_for_source(
        source=source,
        recipient=user,
        by_user=by_user,
        client=client,
        data={
            "kind": ReminderKind.SESSION,
            "link": "/portal/sessions/",
            "starts_on": day_before,
            "local_time": SESSION_REMINDER_TIME,
            "recurrence": Recurrence.NONE,
            "channel": ReminderChannel.EMAIL
            if (client.allow_email and client.email_is_safe)
            else ReminderChannel.IN_APP,
        },
    )
