"""Forms of disclosure planning. Messages say what to do; nothing typed is lost on an error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import timezones
from clients.editing import SubmissionKeyFormMixin, VersionedFormMixin
from clients.forms import ChoiceRadios, DateInput
from clients.models import AllyStage
from core import dates
from core.dates import DateBoundsMixin
from core.widgets import ScaleRadios

from .models import LEVEL_EXPLANATIONS, Debrief, DisclosurePlan, DisclosureStatus, Reaction, Rehearsal

PLAN_SECTIONS = [
    (_("Who and where"), ["support_person", "audience_description", "setting"]),
    (_("How much to tell"), ["level"]),
    (_("Weighing it up"), ["reasons", "benefits", "costs_risks"]),
    (_("Before telling"), ["testing_the_person", "share_what", "keep_private", "when_where"]),
    (_("The words"), ["script"]),
    (_("Safeguards"), ["exit_lines", "standby_support", "boundary_statements", "if_it_goes_badly"]),
    (_("Readiness"), ["readiness"]),
]
PLAN_FIELDS = [name for _title, names in PLAN_SECTIONS for name in names]


class LevelSelect(forms.RadioSelect):
    """The five levels as radio buttons, each with its plain explanation."""

    option_template_name = "disclosure/widgets/level_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["explanation"] = LEVEL_EXPLANATIONS.get(value, "")
        return option


class PlanForm(SubmissionKeyFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = DisclosurePlan
        fields = PLAN_FIELDS
        widgets = {
            "level": LevelSelect,
            "readiness": ScaleRadios,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in PLAN_FIELDS
                if name not in ("support_person", "audience_description", "setting", "level", "readiness")
            },
            "script": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "readiness": {
                "max_value": _("Readiness is a number from 0 to 10."),
                "min_value": _("Readiness is a number from 0 to 10."),
            },
        }

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["support_person"].queryset = client.support_people.filter(archived_at__isnull=True)
        self.fields["support_person"].empty_label = _("Not someone from the network")
        self.fields["level"].choices = [choice for choice in self.fields["level"].choices if choice[0]]
        self.fields["level"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("support_person") and not cleaned.get("audience_description", "").strip():
            self.add_error(
                "audience_description", _("Choose someone from the support network, or describe the audience.")
            )
        return cleaned

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in PLAN_SECTIONS]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Move to"), choices=DisclosureStatus.choices)
    reason = forms.CharField(
        label=_("Why (needed when going back a step)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "data-language-check": ""}),
    )


class RehearsalForm(DateBoundsMixin, SubmissionKeyFormMixin, forms.ModelForm):
    date_bounds = {"rehearsed_on": dates.SESSION}

    reactions_practised = forms.MultipleChoiceField(
        label=_("Reactions practised"),
        choices=Reaction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Rehearsal
        fields = ["rehearsed_on", "scenario", "reactions_practised", "confidence_before", "confidence_after", "notes"]
        widgets = {
            "rehearsed_on": DateInput,
            "scenario": forms.Textarea(attrs={"rows": 3}),
            "confidence_before": ScaleRadios,
            "confidence_after": ScaleRadios,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "confidence_before": {"max_value": _("Confidence is a number from 0 to 10.")},
            "confidence_after": {"max_value": _("Confidence is a number from 0 to 10.")},
        }


class DebriefForm(DateBoundsMixin, SubmissionKeyFormMixin, forms.ModelForm):
    date_bounds = {"follow_up_on": dates.FOLLOW_UP}

    class Meta:
        model = Debrief
        fields = ["outcome", "how_it_went", "reaction", "learned", "follow_up", "follow_up_on", "ally_stage_after"]
        widgets = {
            "outcome": ChoiceRadios,
            "how_it_went": forms.Textarea(attrs={"rows": 3}),
            "reaction": forms.Textarea(attrs={"rows": 3}),
            "learned": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "follow_up_on": DateInput,
        }

    def __init__(self, *args, plan, by_client=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if by_client or not plan.support_person_id:
            del self.fields["ally_stage_after"]
        else:
            self.fields["ally_stage_after"].label = _("Where %(name)s is on the ally path now") % {
                "name": plan.support_person.name
            }
            self.fields["ally_stage_after"].choices = [("", _("No change")), *AllyStage.choices]
        if by_client:
            self.fields["learned"].label = _("What I learned")
            self.fields["reaction"].label = _("How they reacted")

    def bounds_today(self):
        """The follow-up becomes the primary therapist's reminder: "today" is where they are."""
        therapist = self.plan.client.primary_therapist
        return timezones.today_for(therapist) if therapist is not None else super().bounds_today()


class ClientReadinessForm(forms.Form):
    readiness = forms.IntegerField(
        label=_("How ready do you feel, from 0 (not at all) to 10 (completely)?"),
        min_value=0,
        max_value=10,
        error_messages={
            "max_value": _("Choose a number from 0 to 10."),
            "min_value": _("Choose a number from 0 to 10."),
        },
        widget=ScaleRadios,
    )
