"""Forms of the portal that belong to no single feature."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.forms import TimeInput
from portfolio.models import Cadence
from reminders.models import Recurrence, ReminderKind


class MicroGoalReminderForm(forms.Form):
    goal = forms.ChoiceField(label=_("Micro-goal"))
    local_time = forms.TimeField(label=_("Time of day"), widget=TimeInput)

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = {str(goal.pk): goal for goal in goals}
        self.fields["goal"].choices = [(key, goal.title) for key, goal in self.goals.items()]

    def clean_goal(self):
        goal = self.goals[self.cleaned_data["goal"]]
        if goal.cadence == Cadence.WEEKDAYS and not goal.weekdays:  # such a reminder would never come
            raise forms.ValidationError(
                _(
                    "This micro-goal has no days chosen yet. Ask your therapist to choose its days, then set the "
                    "reminder."
                )
            )
        return goal


CADENCE_TO_RECURRENCE = {
    Cadence.DAILY: Recurrence.DAILY,
    Cadence.WEEKLY: Recurrence.WEEKLY,
    Cadence.WEEKDAYS: Recurrence.WEEKDAYS,
}


def micro_goal_reminder_data(goal, local_time):
    """A reminder that follows the micro-goal's own cadence."""
    return {
        "kind": ReminderKind.MICRO_GOAL,
        "starts_on": timezone.localdate(),
        "local_time": local_time,
        "recurrence": CADENCE_TO_RECURRENCE[goal.cadence],
        "weekdays": list(goal.weekdays),
        "link": "/portal/",
    }
