"""The client's form for a marker on their charts. Messages say what to do; nothing typed is lost on an error."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients.editing import ClinicalFormMixin
from clients.forms import DateInput
from core import dates
from core.dates import DateBoundsMixin

from .models import CHART_EVENT_LABEL_MAX, ChartEvent


class ChartEventForm(DateBoundsMixin, ClinicalFormMixin, forms.ModelForm):
    """A day, not in the future, and a few words. A double tap makes one marker (`chart_events.chart_event_create`
    finds the same day and words already there)."""

    date_bounds = {"occurred_on": dates.EXPERIENCED}

    class Meta:
        model = ChartEvent
        fields = ["label", "occurred_on"]
        widgets = {"occurred_on": DateInput}
        labels = {"label": gettext_lazy("What happened"), "occurred_on": gettext_lazy("When")}
        error_messages = {
            "label": {"required": gettext_lazy("Write a few words about what happened.")},
            "occurred_on": {"required": gettext_lazy("Choose the day it happened.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label = self.fields["label"]
        label.help_text = _("A few words, such as “started a new job”: up to %(max)s characters.") % {
            "max": CHART_EVENT_LABEL_MAX
        }
        label.error_messages["max_length"] = _(  # the validator fills in both numbers
            "Please keep it to %(limit_value)d characters or fewer: this has %(show_value)d."
        )
