from django import forms
from django.utils.translation import gettext_lazy as _


class PortalInvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Client's email address"),
        help_text=_("Only if the client agrees that email is safe for them. The email does not name the clinic."),
    )
