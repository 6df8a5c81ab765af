"""Forms of the peer directory and referrals. Messages say what to do; nothing typed is lost."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.editing import ClinicalFormMixin, SubmissionKeyFormMixin, VersionedFormMixin
from clients.forms import DateInput
from core import dates
from core.dates import DateBoundsMixin

from .models import (
    RESOURCE_LANGUAGES,
    PeerReferral,
    PeerResource,
    ReferralStatus,
    ResourceFormat,
    ResourceStatus,
    SharedDetail,
)


class ResourceForm(VersionedFormMixin, forms.ModelForm):
    language_list = forms.MultipleChoiceField(
        label=_("Languages"), choices=RESOURCE_LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    focus_area_list = forms.ModelMultipleChoiceField(
        label=_("Focus areas"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = PeerResource
        fields = [
            "organisation",
            "name",
            "kind",
            "description",
            "cultural_focus",
            "format",
            "schedule",
            "location",
            "step_free_access",
            "near_public_transport",
            "captioning_or_interpreting",
            "accessibility_notes",
            "cost",
            "cost_notes",
            "crisis_support",
            "screening_notes",
            "contact",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
            "screening_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, focus_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area_list"].queryset = focus_areas
        if not self.is_bound and not self.instance._state.adding:
            self.initial["language_list"] = self.instance.language_codes
            self.initial["focus_area_list"] = list(self.instance.focus_areas.all())

    def resource_data(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["languages"] = "," + ",".join(self.cleaned_data["language_list"]) + ","
        return data


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    focus = forms.ModelChoiceField(label=_("Focus area"), queryset=None, required=False, empty_label=_("Any"))
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("Any")), *RESOURCE_LANGUAGES], required=False)
    format = forms.ChoiceField(label=_("Format"), choices=[("", _("Any")), *ResourceFormat.choices], required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any")), *ResourceStatus.choices], required=False)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    unverified = forms.BooleanField(label=_("Not verified in 180 days"), required=False)

    def __init__(self, *args, focus_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus"].queryset = focus_areas

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "text": data["q"].strip(),
            "focus": data["focus"],
            "language": data["language"],
            "format": data["format"],
            "status": data["status"],
            "step_free": data["step_free"],
            "unverified": data["unverified"],
        }


class MatchForm(forms.Form):
    focus = forms.ModelMultipleChoiceField(
        label=_("Looking for"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    format = forms.ChoiceField(
        label=_("Preferred format"), choices=[("", _("No preference")), *ResourceFormat.choices], required=False
    )
    step_free = forms.ChoiceField(
        label=_("Needs step-free access"),
        choices=[("", _("As in the intake")), ("yes", _("Yes")), ("no", _("No"))],
        required=False,
    )

    def __init__(self, *args, focus_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus"].queryset = focus_areas


class ReferralForm(DateBoundsMixin, SubmissionKeyFormMixin, forms.ModelForm):
    date_bounds = {"follow_up_on": dates.FOLLOW_UP}

    shared_details = forms.MultipleChoiceField(
        label=_("What may be shared with the resource"),
        help_text=_("The minimum by default: the first name. Add only what the client agrees to."),
        choices=SharedDetail.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[SharedDetail.FIRST_NAME],
    )

    class Meta:
        model = PeerReferral
        fields = [
            "why",
            "match_basis",
            "shared_details",
            "expectations_discussed",
            "expectations_notes",
            "safety_agreement",
            "follow_up_on",
        ]
        widgets = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "match_basis": forms.Textarea(attrs={"rows": 2}),
            "expectations_notes": forms.Textarea(attrs={"rows": 2}),
            "safety_agreement": forms.Textarea(attrs={"rows": 3}),
            "follow_up_on": DateInput,
        }

    def clean_follow_up_on(self):
        day = self.cleaned_data.get("follow_up_on")
        made = timezone.localdate(self.instance.created_at) if not self.instance._state.adding else timezone.localdate()
        if day and day < made:
            raise forms.ValidationError(_("The follow-up date is before the referral was made. Choose a later date."))
        return day


class ReferralEditForm(VersionedFormMixin, ReferralForm):
    class Meta(ReferralForm.Meta):
        fields = [*ReferralForm.Meta.fields, "outcome_notes"]
        widgets = {**ReferralForm.Meta.widgets, "outcome_notes": forms.Textarea(attrs={"rows": 3})}


class ReferralStatusForm(ClinicalFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Move to"), choices=ReferralStatus.choices)
    reason = forms.CharField(
        label=_("Why (needed for declined, withdrawn or not a fit)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        next_statuses = referral.next_statuses()
        self.fields["status"].choices = [(s.value, s.label) for s in next_statuses] or ReferralStatus.choices


class VerbalConsentForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("I read the consent text above with the client, and they agreed."),
        error_messages={"required": _("Tick this only after reading the text with the client and hearing them agree.")},
    )


class WithdrawForm(ClinicalFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
