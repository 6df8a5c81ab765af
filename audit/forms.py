"""The audit log's filter form, and human labels for action codes.

The filter narrows a queryset that is already scoped to the user (the access rule "events", see `rules`);
its choices of people and clients come from the same scoping, so an id from another clinic is simply
not a choice. Dates are days in the clinic's time zone: "to" includes the whole of its day.
"""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors
from .rules import rule

ACTION_PATTERN = re.compile(r"^[a-z0-9_.]+$")
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(9000, 12, 31)

# The first part of an action code names what was acted on; the last part, what was done.
SUBJECTS = {
    "account": _("Account"),
    "advocacy_opportunity": _("Advocacy opportunity"),
    "advocacyplan": _("Advocacy plan"),  # codes made from a model's name (item_archive, item_create)
    "advocacy_plan": _("Advocacy plan"),
    "advocacy_plans": _("Advocacy plans"),
    "advocacy_review": _("Advocacy review"),
    "advocacy_step": _("Advocacy step"),
    "audit_log": _("Audit log"),
    "auth": _("Account"),
    "calendar_feed": _("Calendar feed"),
    "care_team": _("Care team"),
    "caseload": _("Caseload"),
    "chart_event": _("Chart marker"),
    "check_in": _("Session check-in"),
    "check_ins": _("Session check-ins"),
    "client": _("Client record"),
    "clinic": _("Clinic settings"),
    "copingskill": _("Coping skill"),
    "debrief": _("Disclosure debrief"),
    "disclosure_plan": _("Disclosure plan"),
    "draft": _("Form draft"),
    "disclosure_plans": _("Disclosure plans"),
    "disclosureplan": _("Disclosure plan"),
    "emergency_access": _("Emergency access"),
    "empowermentplan": _("Empowerment plan"),
    "flag": _("Attention flag"),
    "goal_check": _("Micro-goal check"),
    "grievance": _("Feedback"),
    "inclusive_care": _("Inclusive-care review"),
    "invitation": _("Invitation"),
    "journal_entry": _("Journal entry"),
    "measure": _("Measure"),
    "measures": _("Measures"),
    "message": _("Message"),
    "message_thread": _("Messaging settings"),
    "mfa": _("Second factor"),
    "microgoal": _("Micro-goal"),
    "milestone": _("Milestone"),
    "peer_match": _("Peer matching"),
    "peer_resource": _("Peer directory entry"),
    "portal": _("Client portal"),
    "portfolio": _("Resilience portfolio"),
    "portfolio_export": _("Portfolio PDF"),
    "portfolio_exports": _("Portfolio PDFs"),
    "referral": _("Peer referral"),
    "reframe": _("Reframing exercise"),
    "rehearsal": _("Disclosure rehearsal"),
    "reminder": _("Reminder"),
    "roster": _("Client roster"),
    "safety_plan": _("Safety plan"),
    "session": _("Session"),
    "sessions": _("Sessions"),
    "share": _("Sharing with the client"),
    "staff": _("Staff account"),
    "stigma_encounter": _("Stigma encounter"),
    "story_draft": _("Story draft"),
    "support_network": _("Support network"),
    "support_person": _("Support person"),
    "supportperson": _("Support person"),
}
VERBS = {
    "acknowledge": _("acknowledged"),
    "ally_path": _("step on the ally path changed"),
    "attention_rules": _("attention rules changed"),
    "client_readiness": _("the client's readiness recorded"),
    "deactivate": _("deactivated"),
    "discard": _("discarded"),
    "discharge": _("care ended (discharged)"),
    "done_by_client": _("marked done by the client"),
    "edit.view": _("edit form opened"),
    "end": _("ended"),
    "inbox.view": _("inbox viewed"),
    "list.view": _("list viewed"),
    "new.view": _("form for a new one opened"),
    "off": _("stopped"),
    "on": _("started"),
    "password_changed": _("password changed"),
    "portal_invite": _("portal invitation sent"),
    "portal_linked": _("portal account linked"),
    "portal_sessions_ended": _("portal sign-ins ended"),
    "reactivate": _("reactivated"),
    "reauthenticated": _("password confirmed again"),
    "reauthentication_failed": _("password confirmation failed"),
    "reminders_paused": _("reminders paused"),
    "reminders_resumed": _("reminders resumed"),
    "raise": _("raised"),
    "reopen": _("reopened"),
    "reply": _("answered"),
    "request.view": _("request form opened"),
    "resend": _("sent again"),
    "review": _("saved"),
    "search": _("searched"),
    "role": _("role changed"),
    "second_factor_reset": _("second factor reset"),
    "sessions_ended": _("other sign-ins ended"),
    "settings": _("changed"),
    "share": _("shared with the client"),
    "start": _("started"),
    "transfer": _("moved to another person"),
    "unshare": _("no longer shared with the client"),
    "withdraw": _("withdrawn"),
    "write_refused": _("change refused (care has ended)"),
    "accept": _("accepted"),
    "add": _("added"),
    "archive": _("archived"),
    "assign": _("assigned"),
    "cancel": _("cancelled"),
    "consent": _("consent given"),
    "consent_withdrawn": _("consent withdrawn"),
    "create": _("created"),
    "delete": _("removed"),
    "download": _("downloaded"),
    "enrolled": _("set up"),
    "export": _("exported"),
    "failed": _("failed"),
    "login": _("logged in"),
    "logout": _("logged out"),
    "ready": _("marked ready"),
    "reassign": _("therapist changed"),
    "record": _("recorded"),
    "remove": _("removed"),
    "request": _("requested"),
    "revoke": _("revoked"),
    "session_expired": _("session ended"),
    "status": _("status changed"),
    "update": _("changed"),
    "verified": _("passed"),
    "verify": _("verified"),
    "view": _("viewed"),
}


# Whole codes a subject and a verb would not say well.
ACTIONS = {
    "account.email_conflict": _("Account: set aside (another account has the same email address)"),
    "clinic.outcomes.view": _("Clinic outcomes: viewed"),
    "clinic.outcomes.export": _("Clinic outcomes: exported (CSV)"),
    "measure.schedule": _("Measure: asked on a schedule"),
    "measure.schedule.stop": _("Measure: schedule stopped"),
    "measure.missed": _("Measure: closed unanswered (missed)"),
}


def _verb(parts):
    """The verb of a code's parts: its last two ("edit.view") when they have a label, else its last."""
    if len(parts) > 2 and ".".join(parts[-2:]) in VERBS:
        return VERBS[".".join(parts[-2:])]
    return VERBS.get(parts[-1]) if len(parts) > 1 else None


def action_label(code):
    """A readable label for an action code ("Disclosure plan: viewed"), or "" when the code is not known."""
    if code in ACTIONS:
        return str(ACTIONS[code])
    parts = code.split(".")
    subject = SUBJECTS.get(parts[0])
    if subject is None:
        return ""
    verb = _verb(parts)
    return f"{subject}: {verb}" if verb else str(subject)


def has_label(code):
    """Whether the code has a whole label: a subject and a verb (or one of ACTIONS), not just its subject."""
    parts = code.split(".")
    return code in ACTIONS or (parts[0] in SUBJECTS and _verb(parts) is not None)


def action_suggestions():
    """The beginnings of action codes offered while typing (each finds every action on that subject)."""
    return [(f"{code}.", label) for code, label in sorted(SUBJECTS.items())]


class ScopedChoiceField(forms.ModelChoiceField):
    """A choice among the user's people or clients; anything else, even a malformed id, is "not a choice".

    Its id travels in a hidden field that the page's type-ahead fills (the whole list is never drawn); the
    form checks it against the same scoped queryset the type-ahead searches (`audit_selectors`).
    """

    widget = forms.HiddenInput

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code == "invalid_choice":
                raise
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from error


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AuditFilterForm(forms.Form):
    """Who, which client, which action, which days. Every field is optional; together they narrow (AND)."""

    person = ScopedChoiceField(
        label=_("Person"),
        queryset=None,
        required=False,
        empty_label=_("Everyone"),
        error_messages={
            "invalid_choice": _("That person is not on your clinic's staff. Choose someone from the list.")
        },
    )
    client = ScopedChoiceField(
        label=_("Client"),
        queryset=None,
        required=False,
        empty_label=_("All clients"),
        error_messages={"invalid_choice": _("That client is not on your list. Choose a client from the list.")},
    )
    action = forms.CharField(
        label=_("Action"),
        max_length=80,
        required=False,
        help_text=_("An action code, or its beginning: “disclosure_plan.” finds every action on disclosure plans."),
        widget=forms.TextInput(attrs={"list": "audit-actions", "autocomplete": "off", "spellcheck": "false"}),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the date as year-month-day, for example 2025-03-31.")},
    )
    date_to = forms.DateField(
        label=_("To (inclusive)"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the date as year-month-day, for example 2025-03-31.")},
    )

    def __init__(self, *args, user, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["client"].queryset = selectors.filter_clients(user=user)
        if rule("whole_clinic")(user):
            self.fields["person"].queryset = selectors.filter_people(user=user)
        else:  # a therapist sees their own actions only, about the clients of their caseload
            del self.fields["person"]
            self.fields["client"].error_messages["invalid_choice"] = _(
                "That client is not on your caseload. Choose a client from the list."
            )

    def clean_action(self):
        action = self.cleaned_data["action"].strip().lower()
        if action and not ACTION_PATTERN.match(action):
            raise forms.ValidationError(
                _("Action codes use lower-case letters, digits, dots and underscores, for example “client.create”.")
            )
        return action

    def _clean_day(self, name):
        day = self.cleaned_data[name]
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(_("Enter a date between the years 1900 and 9000."))
        return day

    def clean_date_from(self):
        return self._clean_day("date_from")

    def clean_date_to(self):
        return self._clean_day("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", _("The “to” date is before the “from” date. Swap them, or leave one empty for no limit.")
            )
        return cleaned

    def _midnight(self, day):
        """The first moment of `day` in the clinic's time zone."""
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=self.zone)

    def apply(self, events):
        """Narrow `events` (already scoped to the user) to what this valid form asks for."""
        data = self.cleaned_data
        if data.get("person"):
            events = events.filter(actor_id=data["person"].pk)
        if data.get("client"):
            events = events.filter(client_id=data["client"].pk)
        if data.get("action"):
            events = events.filter(action__startswith=data["action"])
        if data.get("date_from"):
            events = events.filter(at__gte=self._midnight(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(at__lt=self._midnight(data["date_to"] + datetime.timedelta(days=1)))
        return events

    def chosen(self, name):
        """(id, name) of the person or client this (validated) form filters by, or ("", "") when none is
        chosen or the id sent is not a choice (its error says so): what the type-ahead shows back."""
        if name not in self.fields or name in self.errors:
            return "", ""
        value = getattr(self, "cleaned_data", {}).get(name)
        if value is None:
            return "", ""
        if name == "person":
            return str(value.pk), selectors.person_label(
                full_name=value.full_name, role=value.role, is_active=value.is_active
            )
        return str(value.pk), value.display_name

    def as_params(self):
        """The valid filter as ids, codes and ISO dates: the audit event's detail, and the links' query string."""
        data, detail = self.cleaned_data, {}
        for name in ("person", "client"):
            if data.get(name):
                detail[name] = str(data[name].pk)
        if data.get("action"):
            detail["action"] = data["action"]
        for name in ("date_from", "date_to"):
            if data.get(name):
                detail[name] = data[name].isoformat()
        return detail
