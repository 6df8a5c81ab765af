"""What reminders does when a lower app tells it something happened (registered in ReminderConfig.ready())."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Notification


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
