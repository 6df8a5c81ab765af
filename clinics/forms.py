"""Forms of the clinic admin's pages: inviting staff and changing a role, the clinic's settings and its crisis lines."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import timezones
from accounts.emails import canonical_email
from accounts.models import Language, Role

from .models import Clinic, CrisisLine

STAFF_ROLE_CHOICES = [(Role.THERAPIST, Role.THERAPIST.label), (Role.CLINIC_ADMIN, Role.CLINIC_ADMIN.label)]
ROLE_ERRORS = {"invalid_choice": _("Choose therapist or clinic admin."), "required": _("Choose a role.")}


class StaffInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email address"), max_length=254)  # longer does not fit the invitation's column
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES, error_messages=ROLE_ERRORS)
    language = forms.ChoiceField(label=_("Language of the invitation email"), choices=Language.choices)

    def clean_email(self):
        # No "already has an account" answer: that would tell the admin who has an account anywhere on the
        # platform, another clinic's clients included. A conflict is settled when the invitation is accepted.
        return canonical_email(self.cleaned_data["email"])


class StaffRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES, error_messages=ROLE_ERRORS)


class ClinicSettingsForm(forms.ModelForm):
    # The clinic's country's common zones first, then every zone by region (accounts.timezones); a script
    # adds a search box above the list (static/js/zone-picker.js), and the list works without it.
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Times in the planner, its emails and PDFs are shown in this zone, for staff and clients."),
        error_messages={
            "required": _("Choose the clinic's time zone from the list."),
            "invalid_choice": _(
                "“%(value)s” is not a time zone we know. Choose one from the list, such as New York (Americas)."
            ),
        },
        widget=forms.Select(
            attrs={
                "data-zone-picker": "",
                "data-search-label": _("Search time zones"),
                "data-search-hint": _("Type part of a city or region name, such as Chicago or Madrid."),
                "data-search-count": _("%(count)s time zones match."),
            }
        ),
    )

    class Meta:
        model = Clinic
        fields = [
            "name",
            "timezone",
            "default_language",
            "session_idle_minutes",
            "export_expiry_days",
            "discharge_grace_days",
            "message_office_hours",
        ]
        labels = {
            "discharge_grace_days": _("Read-only days after discharge"),
            "message_office_hours": _("Office hours for messages"),
        }
        help_texts = {
            "session_idle_minutes": _("Between 5 and 60. Everyone of the clinic is signed out after this long idle."),
            "export_expiry_days": _("Between 1 and 30. PDF exports are deleted after this many days."),
            "discharge_grace_days": _(
                "Between 0 and 90. After a discharge, the client may still sign in for this many days to read "
                "their planner and download their portfolio, but not change anything; 0 closes the portal at once."
            ),
            "message_office_hours": _(
                "When the care team reads clients' messages, for example “Monday to Friday, 9:00 to 17:00”. Clients "
                "see it above their messages, with the crisis lines for urgent help. Write it in the language your "
                "clients read; left empty, they read “during the clinic's office hours”."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = timezones.time_zone_choices(self.instance.timezone)


class CrisisLineForm(forms.ModelForm):
    class Meta:
        model = CrisisLine
        fields = ["name", "phone", "text", "hours", "position"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and not (cleaned.get("phone") or cleaned.get("text")):
            self.add_error("phone", _("Give a phone number or a text number, so people can reach this line."))
        return cleaned


# A clinic lists a few lines. The cap also bounds the page: without one, a changed hidden form count made it
# build and render 2,000 crisis-line forms (Django's default absolute_max) in a single request.
MAX_CRISIS_LINES = 20
CrisisLineFormSet = forms.inlineformset_factory(
    Clinic,
    CrisisLine,
    form=CrisisLineForm,
    extra=1,
    can_delete=True,
    labels={"position": _("Order")},
    max_num=MAX_CRISIS_LINES,
    absolute_max=MAX_CRISIS_LINES,
    validate_max=True,
)
