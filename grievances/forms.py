"""Forms of grievances: the client's message, and the admin's status and reply.

Lengths are checked here, not by the browser: a `maxlength` attribute would cut a long paste short
without a word. Text over the limit gets a message that says how long it is, and stays in the form.
"""

import uuid

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clients.editing import VersionedFormMixin

from .models import SUBJECT_MAX_LENGTH, TEXT_MAX_LENGTH, GrievanceKind, GrievanceStatus


def _within(value, limit, message):
    if len(value) > limit:
        raise forms.ValidationError(
            message,
            code="max_length",
            params={
                "limit": number_format(limit, force_grouping=True),
                "count": number_format(len(value), force_grouping=True),
            },
        )
    return value


class GrievanceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it about?"),
        choices=GrievanceKind.choices,
        initial=GrievanceKind.FEEDBACK,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(
        label=_("A short title"),
        help_text=_("A few words, such as “Waiting room” or “Appointment times”."),
        error_messages={"required": _("Give your message a short title, in a few words.")},
    )
    text = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write your message here before sending it.")},
    )
    anonymous_to_therapist = forms.BooleanField(
        label=_("Do not tell my therapist this came from me"),
        help_text=_(
            "Your therapist never sees what you send here. If you untick this, the administrator may talk it "
            "over with your therapist to help put things right."
        ),
        required=False,
        initial=True,
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = gettext(
            "Up to %(limit)s characters. Write it in your own words; there is no wrong way to say it."
        ) % {"limit": number_format(TEXT_MAX_LENGTH, force_grouping=True)}
        if not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4()

    def clean_subject(self):
        return _within(
            self.cleaned_data["subject"],
            SUBJECT_MAX_LENGTH,
            _("Keep the title to %(limit)s characters or fewer; it has %(count)s now. Put the rest in your message."),
        )

    def clean_text(self):
        return _within(
            self.cleaned_data["text"],
            TEXT_MAX_LENGTH,
            _(
                "Your message is %(count)s characters long, and one message can hold up to %(limit)s. "
                "Everything you wrote is still here: shorten it, or send the rest in a second message."
            ),
        )

    def data_for_service(self):
        return {name: self.cleaned_data[name] for name in ("kind", "subject", "text", "anonymous_to_therapist")}


class GrievanceResponseForm(VersionedFormMixin, forms.Form):
    """The admin's status and reply, versioned as every record's edit (clients.editing.VersionedFormMixin).

    A plain form given the grievance as `instance`, not a ModelForm: validating must not write what was typed
    onto the grievance, which the page shows as saved and the service compares the status with.
    """

    # The admin's save is audited as these events (no "grievance.update"): who saved in between is found by them.
    saving_actions = ("grievance.status", "grievance.reply")

    status = forms.ChoiceField(label=_("Status"), choices=GrievanceStatus.choices, widget=forms.RadioSelect)
    response = forms.CharField(
        label=_("Your reply to the client"),
        help_text=_(
            "The client reads this in their portal. Write plainly and warmly; do not include clinical details."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )

    def __init__(self, *args, instance, **kwargs):
        self.instance = instance  # the version the form was opened at is read from it
        super().__init__(*args, **kwargs)
        # A reply's limit is the grievance's own, with its own message (clean_response), not the notes' longer one.
        reply = self.fields["response"]
        reply.max_length = TEXT_MAX_LENGTH
        reply.validators = [check for check in reply.validators if not isinstance(check, MaxLengthValidator)]
        if not self.is_bound:
            self.initial.update(status=instance.status, response=instance.response)

    def clean_response(self):
        return _within(
            self.cleaned_data["response"],
            TEXT_MAX_LENGTH,
            _("A reply can be up to %(limit)s characters; this one has %(count)s. Your text is still here to shorten."),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == GrievanceStatus.RESOLVED and "response" in cleaned and not cleaned["response"]:
            self.add_error("response", _("Write a reply before marking this resolved: the client will read it."))
        return cleaned
