"""Forms for logging in, the second factor, invitations and staff. Messages say what to do next."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import Language, Role, User


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


class StaffInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[(Role.THERAPIST, Role.THERAPIST.label), (Role.CLINIC_ADMIN, Role.CLINIC_ADMIN.label)]
    )
    language = forms.ChoiceField(label=_("Language of the invitation email"), choices=Language.choices)


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
