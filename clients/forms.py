"""Forms of the client record. Every message says what to do; nothing typed is lost on an error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.emails import canonical_email
from core import dates
from core.dates import DateBoundsMixin
from core.widgets import ScaleRadios

from .editing import SubmissionKeyFormMixin, VersionedFormMixin
from .models import CheckIn, Client, SafetyPlan, SupportPerson

COMMON_PRONOUNS = ["she/her", "he/him", "they/them", "she/they", "he/they", "ella", "él", "elle"]

PROFILE_FIELDS = [
    "preferred_name",
    "legal_name",
    "pronouns",
    "date_of_birth",
    "preferred_language",
    "email",
    "phone",
]
COMMUNICATION_FIELDS = [
    "allow_email",
    "allow_text",
    "allow_phone",
    "allow_in_app",
    "email_is_safe",
    "text_is_safe",
    "quiet_hours_start",
    "quiet_hours_end",
    "discreet_wording",
]
BACKGROUND_FIELDS = [
    "cultural_considerations",
    "identity_race_ethnicity",
    "identity_gender",
    "identity_sexuality",
    "identity_disability",
    "identity_faith",
    "identity_other",
    "accessibility_needs",
    "strengths",
]


class DateInput(forms.DateInput):
    """A native date picker. Its value is always ISO: in Spanish Django would write 26/11/2026, which the
    browser rejects and shows as an empty field."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"


class ChoiceRadios(forms.RadioSelect):
    """Radio buttons without Django's "---------" choice: nothing is preselected, and a required
    question left unanswered says so. (Only for fixed choices: the filter reads them when they are set.)"""

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        self._choices = [choice for choice in value if choice[0] not in ("", None)]


class CommunicationCleanMixin:
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("quiet_hours_start"), cleaned.get("quiet_hours_end")
        if bool(start) != bool(end):
            self.add_error("quiet_hours_end", _("Give both the start and the end of quiet hours, or neither."))
        if cleaned.get("email_is_safe") and not cleaned.get("allow_email"):
            self.add_error("allow_email", _("Email is marked safe but not allowed. Tick it here if it may be used."))
        if cleaned.get("text_is_safe") and not cleaned.get("allow_text"):
            self.add_error(
                "allow_text", _("Text messages are marked safe but not allowed. Tick it here if they may be used.")
            )
        return cleaned


class IntakeForm(DateBoundsMixin, CommunicationCleanMixin, SubmissionKeyFormMixin, VersionedFormMixin, forms.ModelForm):
    """The whole intake on one page; only the legal name is required, so it never blocks a first session."""

    date_bounds = {"date_of_birth": dates.BIRTH}

    class Meta:
        model = Client
        fields = PROFILE_FIELDS + COMMUNICATION_FIELDS + BACKGROUND_FIELDS
        widgets = {
            "date_of_birth": DateInput,
            "quiet_hours_start": TimeInput,
            "quiet_hours_end": TimeInput,
            "pronouns": forms.TextInput(attrs={"list": "pronoun-choices", "autocomplete": "off"}),
            "cultural_considerations": forms.Textarea(attrs={"rows": 3}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
            "strengths": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "pronouns": _("Free text. Common choices are offered as you type."),
            "identity_race_ethnicity": _("Optional, in the client's own words."),
            "identity_gender": _("Optional, in the client's own words."),
            "identity_sexuality": _("Optional, in the client's own words."),
            "identity_disability": _("Optional, in the client's own words."),
            "identity_faith": _("Optional, in the client's own words."),
            "identity_other": _("Optional, in the client's own words."),
        }

    def sections(self):
        """The fields grouped as the page shows them."""
        return [
            (_("About the client"), [self[name] for name in PROFILE_FIELDS]),
            (_("Communication preferences"), [self[name] for name in COMMUNICATION_FIELDS]),
            (_("Culture, identities, access and strengths"), [self[name] for name in BACKGROUND_FIELDS]),
        ]


class CommunicationForm(CommunicationCleanMixin, VersionedFormMixin, forms.ModelForm):
    """What a client may change about themselves in the portal."""

    class Meta:
        model = Client
        fields = COMMUNICATION_FIELDS
        widgets = {"quiet_hours_start": TimeInput, "quiet_hours_end": TimeInput}
        labels = {
            "allow_email": _("You may contact me by email"),
            "allow_text": _("You may contact me by text message"),
            "allow_phone": _("You may call me"),
            "allow_in_app": _("You may leave me notes in this portal"),
            "email_is_safe": _("My email is private: no one else reads it"),
            "text_is_safe": _("My phone is private: no one else sees my texts"),
            "discreet_wording": _("Keep messages discreet (no details about my care)"),
        }


class SupportPersonForm(SubmissionKeyFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SupportPerson
        fields = [
            "name",
            "relationship",
            "relationship_detail",
            "awareness",
            "ally_stage",
            "conversation_script",
            "role_play_notes",
        ]
        widgets = {
            "conversation_script": forms.Textarea(attrs={"rows": 5}),
            "role_play_notes": forms.Textarea(attrs={"rows": 4}),
        }


class SafetyPlanForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SafetyPlan
        fields = [name for name, _help in SafetyPlan.SECTIONS]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name, _help in SafetyPlan.SECTIONS}
        help_texts = dict(SafetyPlan.SECTIONS)


class CheckInForm(DateBoundsMixin, SubmissionKeyFormMixin, forms.ModelForm):
    """One screen, filled during the session."""

    date_bounds = {"session_date": dates.SESSION}

    class Meta:
        model = CheckIn
        fields = [
            "session_date",
            "wellbeing",
            "stigma_encounters",
            "relapse_risk",
            "safety_plan_reviewed",
            "advocacy_load",
            "notes",
        ]
        widgets = {
            "session_date": DateInput,
            "wellbeing": ScaleRadios,
            "stigma_encounters": forms.NumberInput(attrs={"min": 0, "max": 99}),
            "relapse_risk": ChoiceRadios,
            "advocacy_load": ChoiceRadios,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "wellbeing": {
                "max_value": _("Wellbeing is a number from 0 to 10."),
                "min_value": _("Wellbeing is a number from 0 to 10."),
            },
        }


class CareTeamAddForm(forms.Form):
    colleague = forms.ModelChoiceField(label=_("Colleague"), queryset=None, empty_label=_("Choose a colleague"))

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = colleagues


class ReassignForm(forms.Form):
    therapist = forms.ModelChoiceField(label=_("New primary therapist"), queryset=None)

    def __init__(self, *args, therapists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["therapist"].queryset = therapists


class PortalInvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Client's email address"),
        max_length=254,  # the invitation's column: a longer address was a database error (a 500)
        help_text=_("Only if the client agrees that email is safe for them. The email does not name the clinic."),
    )

    def clean_email(self):
        return canonical_email(self.cleaned_data["email"])  # the one spelling every account and lookup uses


class CaseloadReassignForm(forms.Form):
    """One choice per client of the departing therapist, and one choice for every client left blank."""

    everyone = forms.ModelChoiceField(
        label=_("Move every client without a choice below to"), queryset=None, required=False
    )

    def __init__(self, *args, clients, therapists, **kwargs):
        super().__init__(*args, **kwargs)
        self.clients = clients
        self.fields["everyone"].queryset = therapists
        for client in clients:
            self.fields[f"client_{client.pk}"] = forms.ModelChoiceField(
                label=client.display_name, queryset=therapists, required=False, empty_label=_("— as chosen above —")
            )

    def client_fields(self):
        return [self[f"client_{client.pk}"] for client in self.clients]

    def clean(self):
        cleaned = super().clean()
        everyone = cleaned.get("everyone")
        self.assignments = {}
        for client in self.clients:
            therapist = cleaned.get(f"client_{client.pk}") or everyone
            if therapist is None:
                self.add_error(
                    f"client_{client.pk}", _("Choose a therapist for this client, or one for everyone above.")
                )
            else:
                self.assignments[client] = therapist
        return cleaned
