"""Forms of the secure messages (clients/messaging.py): writing a message, and turning messaging off or on."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .editing import SubmissionKeyFormMixin
from .models import MESSAGE_MAX_LENGTH

OFF_REASON_MAX_LENGTH = 300


class MessageForm(SubmissionKeyFormMixin, forms.Form):
    """One plain-text message; a double submit makes one message (the one-time key)."""

    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text, up to 4,000 characters."),
        error_messages={
            "required": _("Write your message first."),
            "max_length": _("A message holds up to %(limit_value)d characters; this one has %(show_value)d."),
        },
    )

    def __init__(self, *args, by_client=False, **kwargs):
        super().__init__(*args, **kwargs)
        if by_client:  # the client's own words to their care team: no suggestions about how to put them
            self.fields["body"].widget.attrs.pop("data-language-check", None)


class MessagingSettingsForm(forms.Form):
    """Turn messaging off for the client with a reason they read, or back on. Carries the version it was opened at."""

    enabled = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose whether messaging is on or off.")},
    )
    off_reason = forms.CharField(
        label=_("Reason, shown to the client"),
        max_length=OFF_REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "data-language-check": ""}),  # staff words the client reads
        help_text=_("For example: “We will talk in our sessions for the next few weeks.” Up to 300 characters."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, thread=None, **kwargs):
        super().__init__(*args, **kwargs)
        if thread is not None and not self.is_bound:
            self.initial.update({"enabled": "0" if thread.enabled else "1", "version": thread.version})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enabled") is False and not (cleaned.get("off_reason") or "").strip():
            self.add_error(
                "off_reason", _("Say why messaging is turned off. The client reads this reason on their messages page.")
            )
        return cleaned
