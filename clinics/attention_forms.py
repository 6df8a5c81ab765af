"""The clinic admin's form for the attention rules (clients.AttentionSettings)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clients.models import AttentionSettings


class AttentionSettingsForm(forms.ModelForm):
    class Meta:
        model = AttentionSettings
        fields = [
            "high_distress_on",
            "high_distress_at_least",
            "pause_requested_on",
            "debrief_went_badly_on",
            "consent_withdrawn_on",
            "measure_worse_on",
            "no_activity_on",
            "no_activity_days",
            "email_staff",
        ]
        help_texts = {
            "high_distress_at_least": _("An encounter logged with distress at or above this is flagged."),
            "no_activity_days": _("Only for clients with a portal login and at least one active micro-goal."),
            "email_staff": _("The email says only that there is an update in the planner, with a link."),
        }
