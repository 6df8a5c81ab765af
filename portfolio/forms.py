"""Forms of the portfolio. Messages say what to do; nothing typed is lost on an error."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from clients.editing import SubmissionKeyFormMixin, VersionedFormMixin
from clients.forms import DateInput
from core import dates
from core.dates import WEEKDAY_CHOICES, DateBoundsMixin
from core.widgets import ScaleRadios

from .instruments import prorate_up_to
from .models import (
    Cadence,
    CopingSkill,
    EmpowermentPlan,
    ExportAudience,
    JournalEntry,
    MicroGoal,
    Milestone,
    Reframe,
    ScheduleCadence,
    StigmaEncounter,
)


class PlanForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = EmpowermentPlan
        fields = ["values", "strengths", "long_term_goals"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class ReframeForm(DateBoundsMixin, SubmissionKeyFormMixin, forms.ModelForm):
    date_bounds = {"written_on": dates.WRITTEN}

    class Meta:
        model = Reframe
        fields = ["old_story", "new_story", "written_on"]
        widgets = {
            "old_story": forms.Textarea(attrs={"rows": 3}),
            "new_story": forms.Textarea(attrs={"rows": 3}),
            "written_on": DateInput,
        }


class MicroGoalForm(SubmissionKeyFormMixin, forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days"), choices=WEEKDAY_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = MicroGoal
        fields = ["title", "category", "cadence", "weekdays"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cadence") == Cadence.WEEKDAYS and not cleaned.get("weekdays"):
            self.add_error("weekdays", _("Choose at least one day, or pick another “how often”."))
        if cleaned.get("cadence") != Cadence.WEEKDAYS:
            cleaned["weekdays"] = []
        return cleaned


class JournalForm(DateBoundsMixin, SubmissionKeyFormMixin, forms.ModelForm):
    date_bounds = {"written_on": dates.WRITTEN}

    class Meta:
        model = JournalEntry
        fields = ["kind", "text", "written_on", "private", "shared_with_client"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 5}), "written_on": DateInput}
        labels = {"shared_with_client": _("Share with the client")}
        help_texts = {
            "shared_with_client": _(
                "Off: only the care team reads this entry. On: the client reads it in their portal journal. "
                "You can change this later."
            )
        }

    def __init__(self, *args, by_client=False, **kwargs):
        super().__init__(*args, **kwargs)
        if by_client:
            del self.fields["shared_with_client"]  # the client's own entries are always theirs to read
            self.fields["private"].help_text = _("Private entries are yours alone: no one else reads them.")
        else:
            del self.fields["private"]  # only the client keeps something private from the care team


class MilestoneForm(DateBoundsMixin, SubmissionKeyFormMixin, forms.ModelForm):
    date_bounds = {"achieved_on": dates.ACHIEVED}

    class Meta:
        model = Milestone
        fields = ["title", "description", "achieved_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "achieved_on": DateInput}


class CopingSkillForm(SubmissionKeyFormMixin, forms.ModelForm):
    class Meta:
        model = CopingSkill
        fields = ["name", "when_it_helps", "how_well"]
        widgets = {
            "when_it_helps": forms.Textarea(attrs={"rows": 3}),
            "how_well": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }
        error_messages = {
            "how_well": {
                "max_value": _("Choose a number from 1 to 5."),
                "min_value": _("Choose a number from 1 to 5."),
            }
        }


class EncounterForm(DateBoundsMixin, SubmissionKeyFormMixin, forms.ModelForm):
    date_bounds = {"occurred_on": dates.EXPERIENCED}

    class Meta:
        model = StigmaEncounter
        fields = [
            "occurred_on",
            "setting",
            "what_happened",
            "response",
            "distress_before",
            "distress_after",
            "debriefed_with",
            "learning",
        ]
        widgets = {
            "occurred_on": DateInput,
            "what_happened": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 3}),
            "distress_before": ScaleRadios,
            "distress_after": ScaleRadios,
            "learning": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "distress_before": {"max_value": _("Distress is a number from 0 to 10.")},
            "distress_after": {"max_value": _("Distress is a number from 0 to 10.")},
        }


class QuestionnaireForm(SubmissionKeyFormMixin, forms.Form):
    """One radio group per item, then the instrument's unscored follow-up question if it has one. Items may be left
    unanswered only as far as the instrument's published rule prorates (none for most): beyond that the form names
    the unanswered numbers, and the answers given are kept."""

    def __init__(self, *args, definition, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        scale = definition["scale"]
        labels = questionnaire.labels
        values = range(scale["min"], scale["max"] + 1)
        choices = [
            (str(value), labels[index] if index < len(labels) else str(value)) for index, value in enumerate(values)
        ]
        self.allowed_missing = prorate_up_to(definition)
        for number, (item_id, text) in enumerate(questionnaire.items, start=1):
            self.fields[item_id] = forms.ChoiceField(
                label=f"{number}. {text}", choices=choices, widget=forms.RadioSelect, required=False
            )
        self.item_numbers = {item_id: number for number, (item_id, _text) in enumerate(questionnaire.items, start=1)}
        followup = questionnaire.followup
        if followup:
            self.followup_id = followup["id"]
            self.fields[followup["id"]] = forms.ChoiceField(
                label=followup["text"],
                choices=[(str(index), label) for index, label in enumerate(followup["labels"])],
                widget=forms.RadioSelect,
                required=False,
            )
        else:
            self.followup_id = None

    def clean(self):
        cleaned = super().clean()
        missing = [name for name in self.item_numbers if cleaned.get(name) in (None, "")]
        if len(missing) > self.allowed_missing:
            for name in missing:
                self.add_error(name, _("Please answer this one."))
            numbers = ", ".join(str(self.item_numbers[name]) for name in missing)
            if self.allowed_missing:
                message = _(
                    "Not saved: %(count)s questions have no answer yet (number %(items)s). "
                    "Please answer all but at most %(allowed)s."
                ) % {"count": len(missing), "items": numbers, "allowed": self.allowed_missing}
            else:
                message = _(
                    "Not saved: some items have no answer yet (number %(items)s). Every item needs an answer."
                ) % {"items": numbers}
            raise forms.ValidationError(message)
        return cleaned

    def answers(self):
        names = [*self.item_numbers, *([self.followup_id] if self.followup_id else [])]
        return {name: self.cleaned_data[name] for name in names if self.cleaned_data.get(name) not in (None, "")}


class MeasureScheduleForm(DateBoundsMixin, forms.Form):
    """Ask the client an instrument: once now, every N weeks from a day, or before each scheduled session."""

    date_bounds = {"starts_on": dates.FOLLOW_UP}

    instrument = forms.ChoiceField(label=_("Questionnaire"))
    cadence = forms.ChoiceField(
        label=_("When to ask"),
        choices=ScheduleCadence.choices,
        initial=ScheduleCadence.ONCE,
        widget=forms.RadioSelect,
        required=False,  # none chosen: once, now
    )
    every_weeks = forms.IntegerField(
        label=_("Every how many weeks"),
        min_value=1,
        max_value=26,
        initial=2,
        required=False,
        help_text=_("The PHQ-9 and GAD-7 ask about the last 2 weeks."),
    )
    starts_on = forms.DateField(label=_("First time"), required=False, widget=DateInput, help_text=_("Blank: today."))

    def __init__(self, *args, instruments, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [
            (definition["key"], definition["name"].get(language) or definition["name"]["en"])
            for definition in instruments
        ]

    def clean(self):
        cleaned = super().clean()
        cleaned["cadence"] = cleaned.get("cadence") or ScheduleCadence.ONCE
        if cleaned.get("cadence") == ScheduleCadence.EVERY_WEEKS and not cleaned.get("every_weeks"):
            self.add_error("every_weeks", _("Say every how many weeks (1 to 26)."))
        return cleaned


class ExportForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("Sections"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one section.")},
    )
    language = forms.ChoiceField(label=_("Language of the PDF"), choices=settings.LANGUAGES)
    audience = forms.ChoiceField(
        label=_("Who the PDF is for"),
        choices=ExportAudience.choices,
        initial=ExportAudience.CLIENT,
        widget=forms.RadioSelect,
        help_text=_("A PDF to hand to the client holds only what is shared with them, and says so on its cover."),
        required=False,  # nothing chosen: the safe one, for the client
    )
    cover_title = forms.CharField(
        label=_("A title for the cover (optional)"),
        max_length=80,
        required=False,
        help_text=_("Your own name for your portfolio. Without one, the cover says “Resilience portfolio”."),
    )
    cover_words = forms.CharField(
        label=_("A few words for the cover (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-language-check": ""}),
        help_text=_("Something you want to keep in mind when you open it again: a line of your own, a quote."),
    )

    def __init__(self, *args, sections, for_staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        titles = [(section.key, section.title_for(for_client=not for_staff)) for section in sections]
        self.fields["sections"].choices = titles
        if not self.is_bound:
            self.initial.setdefault("sections", [section.key for section in sections])
        if for_staff:
            del self.fields["cover_title"], self.fields["cover_words"]  # the client's own words, for their own PDF
        else:
            del self.fields["audience"]  # the client's own PDF is for them

    def clean_audience(self):
        return self.cleaned_data.get("audience") or ExportAudience.CLIENT
