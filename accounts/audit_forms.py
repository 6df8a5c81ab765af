"""The audit log's filter form, and human labels for action codes.

The filter narrows a queryset that is already scoped to the user (see `access.audit_events`);
its choices of people and clients come from the same scoping, so an id from another clinic is simply
not a choice. Dates are days in the clinic's time zone: "to" includes the whole of its day.
"""

import datetime
import re
from html import escape

from django import forms
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import access
from .models import STAFF_ROLES, Role, User

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
    "check_in": _("Session check-in"),
    "check_ins": _("Session check-ins"),
    "client": _("Client record"),
    "clinic": _("Clinic settings"),
    "copingskill": _("Coping skill"),
    "debrief": _("Disclosure debrief"),
    "disclosure_plan": _("Disclosure plan"),
    "disclosure_plans": _("Disclosure plans"),
    "disclosureplan": _("Disclosure plan"),
    "emergency_access": _("Emergency access"),
    "empowermentplan": _("Empowerment plan"),
    "goal_check": _("Micro-goal check"),
    "grievance": _("Feedback"),
    "inclusive_care": _("Inclusive-care review"),
    "invitation": _("Invitation"),
    "journal_entry": _("Journal entry"),
    "measure": _("Measure"),
    "measures": _("Measures"),
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
    "share": _("Sharing with the client"),
    "staff": _("Staff account"),
    "stigma_encounter": _("Stigma encounter"),
    "story_draft": _("Story draft"),
    "support_network": _("Support network"),
    "support_person": _("Support person"),
    "supportperson": _("Support person"),
}
VERBS = {
    "ally_path": _("step on the ally path changed"),
    "client_readiness": _("the client's readiness recorded"),
    "deactivate": _("deactivated"),
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
    "reopen": _("reopened"),
    "reply": _("answered"),
    "request.view": _("request form opened"),
    "resend": _("sent again"),
    "review": _("saved"),
    "role": _("role changed"),
    "second_factor_reset": _("second factor reset"),
    "sessions_ended": _("other sign-ins ended"),
    "settings": _("changed"),
    "start": _("started"),
    "transfer": _("moved to another person"),
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


class QuickSelect(forms.Select):
    """A select built in Python, with the markup of Django's Select: rendering each option through Django's
    widget templates takes most of a second for a large clinic's roster, and the audit log lists every client
    and staff member. (`quick_field` draws every plain Select this way.)"""

    def render(self, name, value, attrs=None, renderer=None):
        # Every value and label goes through html.escape (quotes included); format_html_join would do the
        # same three times slower, which for a thousand options is most of the page's time.
        options = mark_safe("".join(_options(self.choices, set(self.format_value(value)))))  # noqa: S308  # nosec B308, B703
        attributes = self.build_attrs(self.attrs, attrs).items()  # each written (and escaped) by format_html
        attributes = mark_safe("".join(_attribute(key, value) for key, value in attributes))  # noqa: S308  # nosec B308, B703
        return format_html('<select name="{}"{}>{}</select>', name, attributes, options)


def _attribute(key, value):
    """One attribute as Django's widget templates write it: True as a bare name, False left out."""
    if value is True:
        return format_html(" {}", key)
    if value is False:
        return ""
    return format_html(' {}="{}"', key, value)


def _options(choices, chosen):
    for key, label in choices:
        if isinstance(label, list | tuple):  # a group of options
            yield f'<optgroup label="{escape(str(key))}">{"".join(_options(label, chosen))}</optgroup>'
        else:
            selected = " selected" if str(key) in chosen else ""
            yield f'<option value="{escape(str(key))}"{selected}>{escape(str(label))}</option>'


class RowChoiceIterator(BaseChoiceIterator):
    """A ScopedChoiceField's choices read as rows of a few columns, not as model instances: a large clinic
    has a thousand clients, and making an instance of each took longer than the rest of the page.

    A BaseChoiceIterator, so that the widget keeps it lazy: Django's `normalize_choices` walks any other
    iterable twice when a form sets the field's queryset, which read each list twice before rendering it."""

    def __init__(self, field):
        self.field = field

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.queryset is None:  # the class-level field, before a form gives it the user's queryset
            return
        # The id as text from the database: making a UUID of each and then a string again took a third of the time.
        keys = Cast("pk", output_field=TextField())
        for pk, *values in self.field.queryset.values_list(keys, *self.field.label_columns):
            yield (pk, self.field.label_from_row(*values))

    def __len__(self):
        return (self.field.queryset.count() if self.field.queryset is not None else 0) + (
            self.field.empty_label is not None
        )


class ScopedChoiceField(forms.ModelChoiceField):
    """A choice among the user's people or clients; anything else, even a malformed id, is "not a choice".

    `label_columns` and `label_from_row(*values)` say how each option is labelled from its row.
    """

    widget = QuickSelect
    iterator = RowChoiceIterator

    def __init__(self, *args, label_columns, label_from_row, **kwargs):
        self.label_columns, self.label_from_row = label_columns, label_from_row
        super().__init__(*args, **kwargs)

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


# What the chosen client is read with: its name for the options, its clinic for the audit event of the view.
CLIENT_FIELDS = ("id", "preferred_name", "legal_name", "clinic_id")


class AuditFilterForm(forms.Form):
    """Who, which client, which action, which days. Every field is optional; together they narrow (AND)."""

    person = ScopedChoiceField(
        label_columns=["full_name", "role", "is_active"],
        label_from_row=lambda full_name, role, is_active: _person_label(full_name, role, is_active),
        label=_("Person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Everyone"),
        error_messages={
            "invalid_choice": _("That person is not on your clinic's staff. Choose someone from the list.")
        },
    )
    client = ScopedChoiceField(
        label_columns=["preferred_name", "legal_name"],
        label_from_row=lambda preferred_name, legal_name: preferred_name or legal_name,  # Client.display_name
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
        if access.is_clinic_admin(user):
            staff = User.objects.filter(clinic_id=user.clinic_id, role__in=STAFF_ROLES).order_by("full_name")
            self.fields["person"].queryset = staff
            self.fields["client"].queryset = access.roster_clients(user).only(*CLIENT_FIELDS)
        else:  # a therapist sees their own actions only, about the clients of their caseload
            del self.fields["person"]
            self.fields["client"].queryset = access.record_clients(user).only(*CLIENT_FIELDS)
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


def _person_label(full_name, role, is_active):
    role = Role(role).label
    return f"{full_name} ({role})" if is_active else f"{full_name} ({role}, {_('deactivated')})"
