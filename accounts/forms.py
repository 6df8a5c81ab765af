"""Forms for logging in, the second factor, invitations and staff. Messages say what to do next."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import gettext_lazy as _

from . import timezones
from .emails import canonical_email
from .models import Clinic, CrisisLine, Language, Role, User


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        # One message for every failure, so the page never tells whether an account exists.
        "invalid_login": _("That email address and password do not match an active account. Check both and try again."),
        "inactive": _("That email address and password do not match an active account. Check both and try again."),
    }

    def clean_username(self):
        # Every spelling of an address signs in to, and is locked out with, the one account (accounts.emails).
        return canonical_email(self.cleaned_data["username"])


class PasswordResetForm(DjangoPasswordResetForm):
    """Queues the reset email by account id: the request does the same work whether or not the address has an
    account (sending inside it took ~70 ms longer for real ones), and the token is made by the task."""

    def clean_email(self):
        return canonical_email(self.cleaned_data["email"])

    def get_users(self, email):
        """Active accounts with a usable password at this address (stored canonical, so compared exactly)."""
        users = User.objects.filter(email=email, is_active=True).only("pk", "password")
        return (user for user in users if user.has_usable_password())

    def save(self, **kwargs):
        from .services import password_reset_request

        for user in self.get_users(self.cleaned_data["email"]):
            password_reset_request(user=user)


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


class EnrolmentForm(forms.Form):
    code = forms.RegexField(
        label=_("6-digit code from your app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": _("Enter the 6 digits your authenticator app shows, without letters.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


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
        ]
        labels = {"discharge_grace_days": _("Read-only days after discharge")}
        help_texts = {
            "session_idle_minutes": _("Between 5 and 60. Everyone of the clinic is signed out after this long idle."),
            "export_expiry_days": _("Between 1 and 30. PDF exports are deleted after this many days."),
            "discharge_grace_days": _(
                "Between 0 and 90. After a discharge, the client may still sign in for this many days to read "
                "their planner and download their portfolio, but not change anything; 0 closes the portal at once."
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


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same. Type them again."))
        elif first:
            # Check the password against the person it is for, before the account exists.
            candidate = User(email=self.invitation.email, full_name=self.invitation.full_name)
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def submitted(request):
    """The POST data to bind a form to, or None on GET (an empty POST still binds, and so validates)."""
    return request.POST if request.method == "POST" else None
