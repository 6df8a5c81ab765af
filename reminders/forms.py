from django import forms
from django.utils.translation import gettext_lazy as _

from clients.editing import SubmissionKeyFormMixin
from clients.forms import DateInput, TimeInput

from .models import Channel, Kind, Recurrence


class ReminderForm(SubmissionKeyFormMixin, forms.Form):
    for_whom = forms.ChoiceField(label=_("Remind"), choices=[("me", _("Me")), ("client", _("The client"))])
    kind = forms.ChoiceField(label=_("About"), choices=Kind.choices, initial=Kind.CUSTOM)
    note = forms.CharField(
        label=_("Note"), max_length=200, required=False, help_text=_("Shown in the app only, never in an email.")
    )
    starts_on = forms.DateField(label=_("Starting"), widget=DateInput)
    local_time = forms.TimeField(label=_("Time of day"), widget=TimeInput)
    recurrence = forms.ChoiceField(label=_("Repeats"), choices=Recurrence.choices)
    channel = forms.ChoiceField(label=_("How"), choices=Channel.choices)

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        if not client.portal_user_id:
            self.fields["for_whom"].choices = [("me", _("Me"))]
