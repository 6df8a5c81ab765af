"""Forms of a person's own account pages: proving who they are again."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReauthenticationForm(forms.Form):
    """The password, or (for someone with an authenticator app) a current code from it."""

    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    code = forms.CharField(
        label=_("Or a code from your authenticator app"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, offer_code=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not offer_code:
            del self.fields["code"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("password") and not cleaned.get("code"):
            message = (
                _("Enter your password, or a code from your authenticator app.")
                if "code" in self.fields
                else _("Enter your password.")
            )
            raise forms.ValidationError(message, code="required")
        return cleaned
