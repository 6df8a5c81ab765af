"""Forms for logging in, the second factor and accepting an invitation. Messages say what to do next."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import gettext_lazy as _

from .emails import canonical_email
from .models import User


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
