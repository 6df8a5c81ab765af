"""The session form (issue 24): a day and a time in the therapist's time zone, how it takes place, and the agenda."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates
from core.dates import DateBoundsMixin

from .editing import SubmissionKeyFormMixin, VersionedFormMixin
from .forms import DateInput, TimeInput
from .models import Session, SessionStatus
from .sessions import link_error, time_error

FIELDS = ["duration_minutes", "modality", "video_link", "location", "status", "agenda"]
# A new session is scheduled, or recorded the day it took place; it is cancelled later, from its own page.
NEW_STATUSES = (SessionStatus.SCHEDULED, SessionStatus.HELD, SessionStatus.NOT_ATTENDED)


class SessionForm(DateBoundsMixin, SubmissionKeyFormMixin, VersionedFormMixin, forms.ModelForm):
    """Times are typed and shown in the active time zone (the therapist's: accounts.timezones middleware)."""

    # Booked from today on, within two years; a date kept as it was on an edit is not checked again.
    date_bounds = {"starts_on": dates.FOLLOW_UP}

    starts_on = forms.DateField(label=_("Date"), widget=DateInput)
    starts_time = forms.TimeField(label=_("Time"), widget=TimeInput(format="%H:%M"), help_text=_("In your time zone."))
    video_link = forms.URLField(
        label=_("Video link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("For a video session: the link the client opens. It starts with https://."),
    )

    class Meta:
        model = Session
        fields = FIELDS
        widgets = {
            "duration_minutes": forms.NumberInput(attrs={"min": 10, "max": 240}),
            "modality": forms.RadioSelect,
            "agenda": forms.Textarea(attrs={"rows": 8}),
        }
        labels = {
            "duration_minutes": _("Length (minutes)"),
            "modality": _("How"),
            "location": _("Where"),
            "status": _("Status"),
            "agenda": _("Agenda"),
        }
        help_texts = {
            "location": _("For a session in person: where it takes place."),
            "agenda": _("For the care team only: the client never sees it."),
        }

    field_order = ["starts_on", "starts_time", *FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            choices = SessionStatus.choices
            self.fields["status"].choices = [(value, label) for value, label in choices if value in NEW_STATUSES]
        elif not self.is_bound:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("starts_on", local.date())
            self.initial.setdefault("starts_time", local.time().replace(second=0, microsecond=0))

    def clean(self):
        cleaned = super().clean()
        day, moment = cleaned.get("starts_on"), cleaned.get("starts_time")
        if "video_link" not in self.errors:
            problem = link_error(cleaned.get("modality"), cleaned.get("video_link") or "")
            if problem:
                self.add_error("video_link", problem)
        if day is None or moment is None or "starts_on" in self.errors:
            return cleaned
        starts_at = self._aware(day, moment)
        if starts_at is None:
            return cleaned
        cleaned["starts_at"] = starts_at
        new = self.instance._state.adding
        moved = new or starts_at != self.instance.starts_at
        if moved or cleaned.get("status") != self.instance.status:
            problem = time_error(starts_at, cleaned.get("status"), new=new, moved=moved)
            if problem:
                self.add_error("starts_time", problem)
        return cleaned

    def _aware(self, day, moment):
        """The moment typed, in the active time zone; None (with a message) for a time the clocks skip."""
        zone = timezone.get_current_timezone()
        starts_at = datetime.datetime.combine(day, moment.replace(second=0, microsecond=0), tzinfo=zone)
        if starts_at.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != starts_at.replace(tzinfo=None):
            self.add_error("starts_time", _("The clocks change at this time on that day. Choose another time."))
            return None
        return starts_at

    def session_data(self):
        """What the services save: the form's fields and the start as one moment."""
        return {"starts_at": self.cleaned_data["starts_at"], **{name: self.cleaned_data[name] for name in FIELDS}}
