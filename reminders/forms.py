"""The care team's reminder form. It refuses a reminder that could never fire (no day chosen for
"On chosen days", a date or time that has passed where the recipient is) instead of saying "Reminder set."
"""

from django import forms
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from accounts import timezones
from clients.editing import SubmissionKeyFormMixin
from clients.forms import DateInput, TimeInput
from core import dates
from core.dates import WEEKDAY_CHOICES, DateBoundsMixin

from .models import Recurrence, Reminder, ReminderChannel, ReminderKind
from .schedule import next_occurrence


class ReminderForm(DateBoundsMixin, SubmissionKeyFormMixin, forms.Form):
    date_bounds = {"starts_on": dates.FOLLOW_UP}

    for_whom = forms.ChoiceField(label=_("Remind"), choices=[("me", _("Me")), ("client", _("The client"))])
    kind = forms.ChoiceField(label=_("About"), choices=ReminderKind.choices, initial=ReminderKind.CUSTOM)
    note = forms.CharField(
        label=_("Note"), max_length=200, required=False, help_text=_("Shown in the app only, never in an email.")
    )
    starts_on = forms.DateField(label=_("Starting"), widget=DateInput)
    local_time = forms.TimeField(label=_("Time of day"), widget=TimeInput)
    recurrence = forms.ChoiceField(label=_("Repeats"), choices=Recurrence.choices)
    # A fieldset of native checkboxes with its legend (templates/forms/field.html): reachable and tickable from
    # the keyboard.
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On these days"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a reminder “On chosen days”: tick each day it comes on."),
    )
    channel = forms.ChoiceField(label=_("How"), choices=ReminderChannel.choices)

    def __init__(self, *args, client, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.client, self.user = client, user
        if not client.portal_user_id:
            self.fields["for_whom"].choices = [("me", _("Me"))]

    def recipient(self):
        """Who the reminder goes to: the client's portal account, or the person setting it."""
        if self.cleaned_data.get("for_whom") == "client" and self.client.portal_user_id:
            return self.client.portal_user
        return self.user

    def bounds_today(self):
        return timezones.today_for(self.recipient())  # "today" where the reminder goes

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("recurrence") != Recurrence.WEEKDAYS:
            cleaned["weekdays"] = []
        elif not cleaned.get("weekdays") and "weekdays" not in self.errors:
            self.add_error(
                "weekdays", _("Choose at least one day for a reminder “On chosen days”, or pick another “Repeats”.")
            )
        if not self.errors:
            self._refuse_a_time_that_has_passed(cleaned)
        return cleaned

    def _refuse_a_time_that_has_passed(self, cleaned):
        """A reminder with no occurrence to come would be dropped: say so, in the recipient's time zone."""
        zone_name = timezones.zone_name_for(self.recipient())
        names = ("starts_on", "local_time", "recurrence", "weekdays")
        reminder = Reminder(time_zone=zone_name, **{name: cleaned[name] for name in names})
        if next_occurrence(reminder, after=timezone.now()) is not None:
            return
        now = timezone.localtime(timezone.now(), timezones.zone(zone_name))
        self.add_error(
            "local_time",
            _(
                "This time has already passed on that day where the reminder goes: it is %(now)s there "
                "(%(zone)s). Choose a later time or another day."
            )
            % {"now": time_format(now.time(), "TIME_FORMAT"), "zone": timezones.zone_label(zone_name)},
        )
