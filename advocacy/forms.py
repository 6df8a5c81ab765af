"""Forms of advocacy planning. The step form warns before saving when the pace or publicity is too much."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts import timezones
from clients.editing import SubmissionKeyFormMixin, VersionedFormMixin
from clients.forms import ChoiceRadios, DateInput
from core import dates
from core.dates import DateBoundsMixin
from core.widgets import ScaleRadios

from .models import (
    BURNOUT_SIGNS,
    AdvocacyOpportunity,
    AdvocacyPlan,
    AdvocacyReview,
    AdvocacyStep,
    Publicity,
    StepStatus,
    StoryDraft,
    publicity_exceeds,
)
from .selectors import monthly_hours

HOURS_WIDGET = forms.NumberInput(attrs={"min": 0, "step": "0.5"})
MIN_REVIEW_INTERVAL, MAX_REVIEW_INTERVAL = 7, 180  # the model's limits, in days


class PlanForm(SubmissionKeyFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AdvocacyPlan
        fields = [
            "aim",
            "therapeutic_goals",
            "focus",
            "hours_per_month",
            "publicity",
            "topics_off_limits",
            "media_rules",
            "review_interval_days",
        ]
        widgets = {
            "therapeutic_goals": forms.Textarea(attrs={"rows": 3}),
            "hours_per_month": forms.NumberInput(attrs={"min": "0.5", "step": "0.5"}),
            "publicity": forms.RadioSelect,
            "topics_off_limits": forms.Textarea(attrs={"rows": 2}),
            "media_rules": forms.Textarea(attrs={"rows": 2}),
            "review_interval_days": forms.NumberInput(attrs={"min": 7, "max": 180}),
        }
        error_messages = {
            "hours_per_month": {
                "min_value": _("Give a limit of at least half an hour a month."),
                "max_value": _("That is more than 200 hours a month. Check the number."),
            },
            "review_interval_days": {
                "min_value": _("Review the plan at least every 7 days apart: choose a number from 7 to 180."),
                "max_value": _("Review the plan at least every 180 days: choose a number from 7 to 180."),
            },
        }

    def clean_review_interval_days(self):
        """A new interval counts from the last review: refuse one whose next review (a reminder) has passed."""
        days = self.cleaned_data.get("review_interval_days")
        plan = self.instance
        if days is None or plan._state.adding or "review_interval_days" not in self.changed_data:
            return days
        if not MIN_REVIEW_INTERVAL <= days <= MAX_REVIEW_INTERVAL:
            return days  # the model's own limits explain this one
        last = plan.last_reviewed_on()
        therapist = plan.client.primary_therapist
        today = timezones.today_for(therapist) if therapist is not None else timezone.localdate()
        next_review = last + datetime.timedelta(days=days)
        if next_review >= today:
            return days
        least = (today - last).days
        values = {"days": days, "date": date_format(next_review, "DATE_FORMAT"), "least": least}
        if least <= MAX_REVIEW_INTERVAL:
            raise forms.ValidationError(
                _(
                    "With a review every %(days)s days, the next review would fall on %(date)s, which has passed, "
                    "so no reminder could be sent. Choose %(least)s days or more, or record a review first."
                )
                % values
            )
        raise forms.ValidationError(
            _(
                "With a review every %(days)s days, the next review would fall on %(date)s, which has passed, "
                "so no reminder could be sent. Record a review first, then change how often to review."
            )
            % values
        )


class StepForm(DateBoundsMixin, SubmissionKeyFormMixin, VersionedFormMixin, forms.ModelForm):
    date_bounds = {"due_on": dates.DUE}

    confirm_pace = forms.BooleanField(
        label=_("We have talked this through with the client: save it anyway"), required=False
    )

    class Meta:
        model = AdvocacyStep
        fields = [
            "kind",
            "description",
            "due_on",
            "estimated_hours",
            "publicity",
            "opportunity",
            "status",
            "reflection",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_on": DateInput,
            "estimated_hours": HOURS_WIDGET,
            "reflection": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "estimated_hours": {
                "min_value": _("Hours cannot be negative. Give the time the step will take, or 0."),
                "max_value": _("That is more than 200 hours. Check the number."),
            },
        }

    def __init__(self, *args, plan, opportunities, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["opportunity"].queryset = opportunities
        self.fields["opportunity"].empty_label = _("None")
        self.fields["opportunity"].required = False
        self.pace_warnings = []

    def clean(self):
        cleaned = super().clean()
        self.pace_warnings = self._warnings(cleaned)
        if self.pace_warnings and not cleaned.get("confirm_pace"):
            raise forms.ValidationError(
                [*self.pace_warnings, _("Change the step, or tick the box below to save it anyway.")],
                code="pace",
            )
        return cleaned

    def _warnings(self, cleaned):
        warnings = []
        due, hours, status = cleaned.get("due_on"), cleaned.get("estimated_hours"), cleaned.get("status")
        if due is not None and hours is not None and status != StepStatus.SKIPPED:
            others = [step for step in self.plan.steps.all() if step.pk != self.instance.pk]
            planned = monthly_hours(steps=others).get((due.year, due.month), 0) + hours
            if planned > self.plan.hours_per_month:
                warnings.append(
                    _("In %(month)s the planned steps add up to %(hours)s hours, over the client's limit of %(limit)s.")
                    % {
                        "month": date_format(due, "YEAR_MONTH_FORMAT"),
                        "hours": planned,
                        "limit": self.plan.hours_per_month,
                    }
                )
        publicity = cleaned.get("publicity")
        if publicity and publicity_exceeds(publicity, self.plan.publicity):
            warnings.append(
                _("This step would make the client more public (%(step)s) than the plan allows (%(plan)s).")
                % {"step": Publicity(publicity).label, "plan": Publicity(self.plan.publicity).label}
            )
        return warnings


class ReviewForm(SubmissionKeyFormMixin, forms.ModelForm):
    burnout_signs = forms.MultipleChoiceField(
        label=_("Signs of burnout"), choices=BURNOUT_SIGNS, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = AdvocacyReview
        fields = ["energy", "wellbeing", "burnout_signs", "decision", "notes"]
        widgets = {
            "energy": ScaleRadios,
            "wellbeing": ScaleRadios,
            "decision": ChoiceRadios,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "energy": {"max_value": _("Energy is a number from 0 to 10.")},
            "wellbeing": {"max_value": _("Wellbeing is a number from 0 to 10.")},
        }


class StoryDraftForm(SubmissionKeyFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = StoryDraft
        fields = [
            "title",
            "form",
            "audience",
            "text",
            "consent_to_publicity",
            "off_limits_checked",
            "support_for_reactions",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 12}),
            "support_for_reactions": forms.Textarea(attrs={"rows": 3}),
        }


class OpportunityForm(DateBoundsMixin, VersionedFormMixin, forms.ModelForm):
    date_bounds = {"next_meeting": dates.MEETING}

    class Meta:
        model = AdvocacyOpportunity
        fields = ["name", "kind", "description", "contact", "next_meeting", "location", "accessibility_notes", "active"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "next_meeting": DateInput,
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
        }


class ClientStepDoneForm(forms.Form):
    reflection = forms.CharField(
        label=_("How did it go? What did you notice?"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4, "data-language-check": ""}),
    )
