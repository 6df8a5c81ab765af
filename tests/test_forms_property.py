"""Generated input for every form of the product (issue 12): no server error, no stored markup shown
unescaped, and a message for every refusal.

Which forms: `test_every_form_of_the_product_is_fuzzed` walks every URL pattern of the authorization
matrix (tests/test_authorization_matrix.py), POSTs to each as a role allowed to, and opens each page: a
URL that takes a POST, or a page that shows a form class, must have an entry in FORMS below (or be a
plain button in BUTTONS). A new form without an entry fails there.

How: each entry opens the page that shows its form as a person allowed to use it, reads the form's own
fields (names with their prefixes, types, choices, limits, initial values), and hypothesis builds
submissions from them: text with markup, control characters and unicode, too long and blank; valid and
invalid choices and ids; far and impossible dates; huge and negative numbers; booleans; fields the form
does not declare. Two examples in three keep every field plausible, so that submissions are accepted and
the stored text is then shown; the third is hostile field by field. Each example runs in a savepoint that
is rolled back, so every example starts from the same cast. The person sending the form signs in once per
test, before the examples (`SignedIn`): each example gets a new browser holding that sign-in's cookie, and
the rollback undoes whatever the example did to the session row, so it starts exactly as signed in afresh.
Entries whose success replaces or ends the session (SIGN_IN_PER_EXAMPLE) still sign in for each example.

How many examples: the Hypothesis profile decides (tests/conftest.py): 25 per form in `make test` and CI,
200 in `make test-deep`.

For each example: the status is never 5xx; a form shown again (200/400) shows every error its forms hold,
next to the field or above the form; a redirect stays on this site; and no page of the example, nor the
pages that show the stored text afterwards, contains the markup as it was typed.
"""

import copy
import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from urllib.parse import urlsplit

import pytest
from django import forms
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import constants as message_levels
from django.db import transaction
from django.forms.formsets import BaseFormSet
from django.test import Client
from django.test.utils import ContextList
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from accounts.models import User
from advocacy.models import PlanStatus
from clients.models import NOTE_MAX_LENGTH
from clients.models import Client as ClientRecord
from clinics.forms import MAX_CRISIS_LINES

from .conftest import PASSWORD, log_in
from .test_authorization_matrix import LOGIN, MATRIX, ROLES, client_id

# Markup a person might type, and what of it must never reach a page as typed (escaped, it is harmless).
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    '<a href="javascript:alert(1)">look</a>',
    "javascript:alert(1)",
)
RAW_MARKUP = ("<script>alert(1)", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", 'href="javascript:alert(1)')
EMAIL_PAYLOADS = ('"<script>alert(1)</script>"@example.org', '"><img src=x onerror=alert(1)>"@example.org')
# Where a form's `next` may try to send people: only the first two are on this site.
NEXT_VALUES = (
    "/clients/",
    "/portal/?tab=1",
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/%2F%2Fevil.example",
    "http:/\\evil.example",
    " //evil.example",
)
ODD_TEXT = (
    "",
    " ",
    "\n\t",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\ufeff",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✨",
    "ﷺ" * 5,
    "\r\n" * 3,
    "NULL",
    "None",
)
BAD_DATES = (
    "0000-01-01",
    "2024-02-30",
    "2024-13-01",
    "99999-01-01",
    "10000-01-01",
    "0001-01-01",
    "9999-12-31",
    "31/12/2024",
    "12/31/99",
    "tomorrow",
    "2024-1-1T00:00",
)
BAD_TIMES = ("24:00", "23:60", "7", "noon", "-1:00", "12:00:00.9999999", "25:61:61")
BAD_NUMBERS = ("1.5", "1e400", "NaN", "Infinity", "-Infinity", "-0", "١٢", "0x10", " 7 ", "+3", "1,5", "9" * 40)
FROM_REDIRECT = "from the redirect"  # a shown_on page of the row just made: its id is in the redirect's URL
# Entries whose accepted POST gives the session a new key or ends the person's other sessions (a new password,
# the second factor passed): they sign in afresh for each example, as every entry once did (see `SignedIn`).
SIGN_IN_PER_EXAMPLE = {"accounts:password_change", "accounts:mfa_verify", "accounts:mfa_setup"}
ABSENT = None  # a field left out of the submission (an unticked checkbox, or a tampered form)


class Live:
    """A value only known when the example runs (a current one-time code), computed from the cast."""

    def __init__(self, label, compute):
        self.label, self.compute = label, compute

    def __repr__(self):
        return f"<{self.label}>"


# --- The forms -------------------------------------------------------------------------------------


@dataclass
class FormPage:
    """One form: the URL it is sent to, who sends it, and where it is shown."""

    name: str  # URL name (a MATRIX key) the form is submitted to
    role: str  # a cast role the matrix lets submit it
    form: tuple = ("form",)  # context variables of `source` holding the form (or formset); () for raw inputs only
    source: str = None  # URL name of the page showing the form, when it is not `name` itself
    kwargs: callable = None  # URL kwargs(cast), when not the matrix's
    method: str = "post"
    raw: dict = field(default_factory=dict)  # inputs a template adds without a Form: name -> a Django field
    valid: callable = None  # valid(cast) -> {field name: strategy} for values the generic ones cannot guess
    in_place: bool = False  # an accepted submission answers 200 with the page (searches, new codes)
    refused_with: tuple = ()  # other statuses that are a refusal here (a tampered instrument key is a 404)
    shown_on: tuple = ()  # (role, URL name[, FROM_REDIRECT]): other pages that show what was stored
    verified: bool = True  # staff log in with their second factor
    prepare: callable = None  # prepare(cast) once before the examples
    open: callable = None  # open(cast, browser) -> the URL, for forms reached through a link in an email
    label: str = ""

    @property
    def id(self):
        return f"{self.name}{self.label}"

    def url_kwargs(self, cast, name=None):
        if name in (None, self.name) and self.kwargs:
            return self.kwargs(cast)
        entry = MATRIX[name or self.name]
        return entry.kwargs(cast) if entry.kwargs else None


def cast_emails(cast):
    return [cast[role].email for role in ("therapist", "colleague", "admin", "client", "other_admin")]


def reset_link(cast, browser):
    """The password-reset link of an email, opened: Django moves the token into the session and redirects."""
    user = User.objects.get(pk=cast["client"].pk)  # as stored: logging in elsewhere moved the cast's last_login
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)}
    )
    response = browser.get(url)
    assert response.status_code == 302, response.status_code
    return response["Location"]


def make_invitation(cast):
    from accounts.models import Invitation, Role

    invitation = Invitation(
        clinic=cast["admin"].clinic,
        email="sam.invited@example.org",
        full_name="Sam Invited",
        role=Role.THERAPIST,
        invited_by=cast["admin"],
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    cast["invitation_token"] = invitation.issue_token()
    invitation.save()


def invitation_link(cast, browser):
    browser.get(reverse("accounts:invitation_accept", kwargs={"token": cast["invitation_token"]}))
    return reverse("accounts:invitation_set_password")


def confirmed_device(cast):
    TOTPDevice.objects.create(user=cast["therapist"], name="Authenticator app", confirmed=True)


def current_code(user, confirmed):
    device = TOTPDevice.objects.get(user=user, confirmed=confirmed)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():0{device.digits}d}"


def focus_areas(cast):
    """A clinic starts with a few focus areas (the factories make none): the checkbox groups then have choices."""
    from peers.models import FocusArea

    for name in ("Recovery", "Workplace inclusion"):
        FocusArea.objects.get_or_create(clinic=cast["client_record"].clinic, name=name)


def referral_ended(cast):
    """One open referral per client and resource (issue 20): the cast's own, to the same resource, has ended."""
    from peers.models import PeerReferral

    PeerReferral.objects.filter(pk=cast["referral"].pk).update(status="declined")


def consent_given(cast):
    """The withdraw forms are offered once the client has agreed."""
    from peers import services
    from peers.models import ConsentMethod

    services.consent_record(referral=cast["referral"], by_user=cast["client"], method=ConsentMethod.PORTAL)


def measure_schedule(cast):
    """A schedule stopped by an earlier example is running again for the next."""
    cast["measure_schedule"].__class__.objects.filter(pk=cast["measure_schedule"].pk).update(ended_at=None)


def export_done(cast):
    """The cast's export is queued, and one PDF at a time is made per client: it is done here, so a new one may be asked for."""
    from portfolio.models import ExportStatus

    cast["export"].__class__.objects.filter(pk=cast["export"].pk).update(status=ExportStatus.READY)


def client_without_portal(cast):
    """The cast's client has a portal login already (an invitation is refused); this one has none yet."""
    from .factories import ClientFactory

    cast["new_client"] = ClientFactory(
        clinic=cast["client_record"].clinic, primary_therapist=cast["therapist"], portal_user=None, preferred_name="Sam"
    )


def session_values(cast):
    """A session to come, with a link that may be used (the generic text is almost never an https address)."""
    today = timezone.localdate()
    return {
        "starts_on": st.dates(today + datetime.timedelta(days=1), today + datetime.timedelta(days=300)).map(str),
        "video_link": st.sampled_from(["", "https://meet.example.org/room-7", "http://meet.example.org/room-7"]),
    }


def flag_raised(cast):
    """An open attention flag on the cast's client, so the overview shows its acknowledgement form."""
    from clients.models import Flag, FlagRule

    cast["flag"] = Flag.objects.create(client=cast["client_record"], rule=FlagRule.HIGH_DISTRESS)


def item_kwargs(kind):
    return lambda cast: client_id(cast) | {"kind": kind}


CHOICES_01 = [("0", "0"), ("1", "1")]
SIX_DIGITS = st.from_regex(r"[0-9]{3} ?[0-9]{3}", fullmatch=True)  # a code, almost surely not the current one
FORMS = [
    # Signing in and the second factor (rate limits and lockout are off in these tests, see `no_throttles`).
    FormPage(
        "accounts:login",
        "anonymous",
        raw={"next": forms.CharField()},
        valid=lambda cast: {
            "username": st.sampled_from(cast_emails(cast)),
            "password": st.sampled_from([PASSWORD, PASSWORD.upper(), PAYLOADS[0]]),
        },
    ),
    FormPage("accounts:password_reset", "anonymous", valid=lambda cast: {"email": st.sampled_from(cast_emails(cast))}),
    FormPage("accounts:password_reset_confirm", "anonymous", open=reset_link),
    FormPage("accounts:invitation_set_password", "anonymous", prepare=make_invitation, open=invitation_link),
    FormPage(
        "accounts:mfa_verify",
        "therapist",
        verified=False,
        prepare=confirmed_device,
        raw={"next": forms.CharField()},
        valid=lambda cast: {
            "code": st.one_of(st.just(Live("current code", lambda c: current_code(c["therapist"], True))), SIX_DIGITS)
        },
    ),
    FormPage(
        "accounts:mfa_setup",
        "colleague",
        verified=False,
        raw={"next": forms.CharField()},
        valid=lambda cast: {
            "code": st.one_of(st.just(Live("current code", lambda c: current_code(c["colleague"], False))), SIX_DIGITS)
        },
        in_place=True,  # a right code answers with the backup codes
    ),
    FormPage(
        "set_language",
        "therapist",
        form=(),
        raw={"language": forms.ChoiceField(choices=django_settings.LANGUAGES), "next": forms.CharField()},
    ),
    # A person's own account (issue 19): the password change, and proving who they are again.
    FormPage("accounts:password_change", "client"),
    FormPage(
        "accounts:reauthenticate",
        "therapist",
        raw={"next": forms.CharField()},
        valid=lambda cast: {"password": st.sampled_from([PASSWORD, PAYLOADS[0]])},
    ),
    # Clinic administration.
    FormPage("accounts:staff_invite", "admin", shown_on=(("admin", "accounts:staff"),)),
    FormPage("accounts:staff_role", "admin", source="accounts:staff_member", form=("role_form",)),
    FormPage(
        "accounts:clinic_settings",
        "admin",
        form=("form", "crisis_lines"),
        shown_on=(
            ("client", "portal:safety_plan"),
            ("therapist", "clients:safety_plan"),
            ("client", "portal:messages"),  # the office hours for messages
        ),
    ),
    FormPage("accounts:attention_settings", "admin"),
    FormPage("clients:reassign", "admin"),
    FormPage("clients:caseload_reassign", "admin"),
    FormPage(
        "accounts:inclusive_care_new",
        "admin",
        form=("review_form", "formset"),
        shown_on=(("therapist", "accounts:inclusive_care"),),
    ),
    FormPage("accounts:emergency_access_start", "admin", shown_on=(("therapist", "accounts:emergency_access_list"),)),
    FormPage("grievances:detail", "admin", shown_on=(("client", "portal:grievance"),)),
    FormPage("accounts:audit_log", "admin", method="get", in_place=True),
    FormPage("accounts:audit_log_export", "admin", method="get", source="accounts:audit_log", in_place=True),
    # The audit log's type-ahead: its text is POSTed (never put in a URL); a field it does not know is a 400.
    FormPage(
        "accounts:audit_log_matches",
        "admin",
        form=(),
        source="accounts:audit_log",
        in_place=True,
        refused_with=(400,),
        raw={
            "field": forms.ChoiceField(choices=[("person", "person"), ("client", "client")]),
            "q": forms.CharField(max_length=100, required=False),
            "keep": forms.CharField(required=False),
        },
    ),
    # The header's "Find a client": its text is POSTed (never put in a URL); it never refuses, it finds or not.
    FormPage(
        "clients:find",
        "therapist",
        form=(),
        source="clients:caseload",
        in_place=True,
        raw={"q": forms.CharField(max_length=100, required=False)},
    ),
    # The client record.
    FormPage("clients:create", "therapist", shown_on=(("therapist", "clients:caseload"), ("admin", "clients:roster"))),
    FormPage(
        "clients:intake",
        "therapist",
        shown_on=(("client", "portal:profile"), ("admin", "clients:roster"), ("therapist", "clients:caseload")),
    ),
    FormPage("clients:care_team", "therapist"),
    FormPage("clients:support_person_create", "therapist"),
    FormPage("clients:support_person_edit", "therapist", shown_on=(("therapist", "disclosure:create"),)),
    FormPage("clients:safety_plan_edit", "therapist", shown_on=(("client", "portal:safety_plan"),)),
    FormPage("clients:check_in_create", "therapist", shown_on=(("therapist", "clients:check_ins"),)),
    # Sessions (issue 24): the agenda's draft button answers in place with the form as typed (nothing saved).
    *(
        FormPage(
            name,
            "therapist",
            raw={"draft_agenda": forms.ChoiceField(choices=CHOICES_01)},
            valid=session_values,
            in_place=True,
            shown_on=(("therapist", "clients:sessions"), ("client", "portal:sessions")),
        )
        for name in ("clients:session_create", "clients:session_edit")
    ),
    # Secure messages (issue 24): a message each way, and messaging turned off with a reason the client reads.
    FormPage("clients:messages", "therapist", shown_on=(("client", "portal:messages"),), refused_with=(429,)),
    FormPage(
        "clients:message_settings",
        "therapist",
        source="clients:messages",
        form=("settings_form",),
        shown_on=(("client", "portal:messages"), ("therapist", "clients:messages")),
    ),
    FormPage(
        "clients:portal_invite",
        "therapist",
        prepare=client_without_portal,
        kwargs=lambda cast: {"client_id": cast["new_client"].pk},
    ),
    FormPage(
        "clients:share",
        "therapist",
        form=(),
        raw={"shared": forms.ChoiceField(choices=CHOICES_01), "next": forms.CharField()},
        shown_on=(("client", "portal:home"),),
    ),
    FormPage(
        "clients:flag_acknowledge",
        "therapist",
        form=(),
        raw={"note": forms.CharField(max_length=2000, required=False)},
        source="clients:overview",
        prepare=flag_raised,
        kwargs=lambda cast: {"client_id": cast["client_record"].pk, "flag_id": cast["flag"].pk},
    ),
    FormPage(
        "clients:support_person_stage",
        "therapist",
        form=(),
        raw={
            "stage": forms.ChoiceField(
                choices=[("potential", "potential"), ("approached", "approached"), ("ally", "ally")]
            )
        },
        source="clients:support_network",
        kwargs=lambda cast: {"client_id": cast["client_record"].pk, "person_id": cast["support_person"].pk},
        shown_on=(("therapist", "clients:support_network"),),
    ),
    FormPage(
        "clients:draft",
        "therapist",
        form=(),
        raw={
            "draft_page": forms.CharField(),
            "discard": forms.ChoiceField(choices=CHOICES_01),
            "notes": forms.CharField(),
        },
        valid=lambda cast: {
            "draft_page": st.just(reverse("clients:check_in_create", args=[cast["client_record"].pk])),
            "discard": st.just(""),
        },
        in_place=True,  # a draft kept answers 200 (the time it was saved, for the page)
        refused_with=(404,),  # the address of a form that is not this record's
    ),
    # Disclosure planning.
    FormPage("disclosure:create", "therapist", shown_on=(("therapist", "disclosure:list"),)),
    FormPage("disclosure:edit", "therapist", shown_on=(("client", "portal:disclosure_plan"),)),
    FormPage("disclosure:status", "therapist", source="disclosure:detail", form=("status_form",)),
    FormPage("disclosure:rehearsal_create", "therapist", shown_on=(("client", "portal:disclosure_plan"),)),
    FormPage("disclosure:debrief_create", "therapist", shown_on=(("client", "portal:disclosure_plan"),)),
    # Advocacy planning and the clinic's opportunities.
    FormPage("advocacy:create", "therapist", shown_on=(("therapist", "advocacy:list"),)),
    FormPage("advocacy:edit", "therapist", shown_on=(("client", "portal:advocacy_plan"),)),
    FormPage("advocacy:status", "therapist", form=(), raw={"status": forms.ChoiceField(choices=PlanStatus.choices)}),
    FormPage("advocacy:step_create", "therapist", shown_on=(("client", "portal:advocacy_plan"),)),
    FormPage("advocacy:step_edit", "therapist", shown_on=(("client", "portal:advocacy_plan"),)),
    FormPage("advocacy:review_create", "therapist", shown_on=(("client", "portal:advocacy_plan"),)),
    FormPage("advocacy:draft_create", "therapist", shown_on=(("therapist", "advocacy:detail"),)),
    FormPage("advocacy:draft_edit", "therapist", shown_on=(("therapist", "advocacy:detail"),)),
    FormPage("opportunities:create", "therapist", shown_on=(("therapist", "advocacy:step_create"),)),
    FormPage("opportunities:edit", "therapist", shown_on=(("therapist", "advocacy:step_create"),)),
    # The peer directory and referrals.
    FormPage("directory:list", "therapist", method="get", in_place=True, prepare=focus_areas),
    FormPage("directory:create", "therapist", shown_on=(("therapist", "peers:match"),), prepare=focus_areas),
    FormPage(
        "directory:edit",
        "therapist",
        prepare=focus_areas,
        shown_on=(("client", "portal:referral"), ("therapist", "peers:referral_detail"), ("therapist", "peers:match")),
    ),
    FormPage("peers:match", "therapist", in_place=True, prepare=focus_areas),
    FormPage("peers:referral_create", "therapist", prepare=referral_ended),
    FormPage("peers:referral_edit", "therapist", shown_on=(("client", "portal:referral"),)),
    FormPage("peers:referral_status", "therapist", source="peers:referral_detail", form=("status_form",)),
    FormPage("peers:referral_consent", "therapist", source="peers:referral_detail", form=("consent_form",)),
    FormPage(
        "peers:referral_withdraw",
        "therapist",
        source="peers:referral_detail",
        form=("withdraw_form",),
        prepare=consent_given,
    ),
    # The portfolio, measures, PDFs and reminders.
    FormPage("portfolio:plan_edit", "therapist", shown_on=(("client", "portal:home"),)),
    *(
        FormPage("portfolio:item_create", "therapist", kwargs=item_kwargs(kind), label=f"[{kind}]")
        for kind in ("reframe", "goal", "milestone", "coping", "journal", "encounter")
    ),
    FormPage(
        "portfolio:goal_check",
        "therapist",
        form=(),
        raw={"day": forms.DateField(), "done": forms.ChoiceField(choices=CHOICES_01)},
    ),
    FormPage("portfolio:measure_enter", "therapist"),
    # Asking the client a questionnaire, once or on a schedule (issue 25): the form on the measures page.
    FormPage("portfolio:measure_assign", "therapist", source="portfolio:measures", form=("schedule_form",)),
    FormPage(
        "portfolio:measure_schedule_stop",
        "therapist",
        form=(),
        prepare=measure_schedule,
    ),
    FormPage("portfolio:exports", "therapist", prepare=export_done),
    FormPage("reminders:reminder_create", "therapist", shown_on=(("client", "portal:reminders"),)),
    FormPage(
        "reminders:calendar",
        "therapist",
        form=(),
        raw={"action": forms.ChoiceField(choices=[("create", "create"), ("revoke", "revoke")])},
        in_place=True,  # a new address is shown on the page itself
    ),
    # The client's portal.
    FormPage("portal:profile", "client", shown_on=(("therapist", "clients:intake"),)),
    FormPage("portal:disclosure_readiness", "client", source="portal:disclosure_plan", form=("readiness_form",)),
    FormPage("portal:disclosure_debrief", "client", shown_on=(("therapist", "disclosure:detail"),)),
    FormPage("portal:advocacy_step_done", "client", shown_on=(("therapist", "advocacy:detail"),)),
    FormPage("portal:advocacy_review", "client", shown_on=(("therapist", "advocacy:detail"),)),
    FormPage("portal:referral_consent", "client", form=(), raw={"agree": forms.ChoiceField(choices=[("yes", "yes")])}),
    FormPage(
        "portal:referral_decline",
        "client",
        form=(),
        raw={"reason": forms.CharField(max_length=2000)},
        shown_on=(("therapist", "peers:referral_detail"),),
    ),
    FormPage(
        "portal:referral_withdraw", "client", source="portal:referral", form=("withdraw_form",), prepare=consent_given
    ),
    FormPage("portal:goal_check", "client", form=(), raw={"done": forms.ChoiceField(choices=CHOICES_01)}),
    FormPage("portal:journal", "client", shown_on=(("therapist", "portfolio:home"),)),
    FormPage("portal:encounter_log", "client", shown_on=(("therapist", "portfolio:home"),)),
    FormPage("portal:measure", "client", shown_on=(("therapist", "portfolio:measures"),)),
    # A measure's chart shared with the client, and the client's own markers on their charts (issue 25).
    FormPage(
        "portfolio:measure_share",
        "therapist",
        form=(),
        raw={"action": forms.ChoiceField(choices=[("share", "share"), ("unshare", "unshare")])},
    ),
    FormPage("portal:progress", "client", shown_on=(("therapist", "portfolio:measures"),)),
    FormPage("portal:exports", "client", prepare=export_done),
    FormPage("portal:reminders", "client"),
    FormPage("portal:messages", "client", shown_on=(("therapist", "clients:messages"),), refused_with=(429,)),
    FormPage(
        "portal:grievance_new",
        "client",
        shown_on=(("admin", "grievances:inbox"), ("admin", "grievances:detail", FROM_REDIRECT)),
    ),
]

# POSTs that take no input: a button. The matrix checks who may press them; there is nothing to generate.
BUTTONS = {
    "accounts:logout",
    "accounts:sessions_end_others",
    "accounts:session_keep_alive",
    "accounts:staff_deactivate",
    "accounts:staff_reactivate",
    "accounts:staff_reset_mfa",
    "accounts:invitation_resend",
    "accounts:invitation_revoke",
    "accounts:emergency_access_end",
    "clients:discharge",
    "clients:reopen",
    "clients:care_team_remove",
    "clients:support_person_archive",
    "disclosure:archive",
    "advocacy:archive",
    "advocacy:draft_ready",
    "directory:verify",
    "portfolio:goal_archive",
    "portal:chart_event_delete",
    "portal:reminder_off",
    "reminders:notifications_read",
}
# Answers every method the same way (a redirect by role), reading nothing from the request body.
IGNORES_BODY = {"home"}


# --- Reading a form's fields -----------------------------------------------------------------------


def _forms_in(response):
    """The form and formset objects of a response's template context, each once."""
    contexts = response.context
    if contexts is None:
        return {}
    found = {}
    for context in contexts if isinstance(contexts, ContextList) else [contexts]:
        for key, value in context.flatten().items():
            if isinstance(value, forms.BaseForm | BaseFormSet):
                found.setdefault(key, value)
    return found


def _each_form(form):
    if isinstance(form, BaseFormSet):
        return [form.management_form, *form.forms]
    return [form]


def _initial(bound_field):
    """What the browser would send for an untouched field."""
    widget, value = bound_field.field.widget, bound_field.value()
    if isinstance(widget, forms.CheckboxInput):
        return "on" if value else ABSENT
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if value is None:
        return ""
    formatted = widget.format_value(value)
    if isinstance(formatted, list):
        formatted = formatted[0] if formatted else ""
    return "" if formatted is None else str(formatted)


def _choice_values(form_field):
    values = []
    for key, label in form_field.choices:
        if isinstance(label, list | tuple):  # an option group
            values += [str(inner) for inner, _label in label]
        elif str(key) != "":
            values.append(str(key))
    return values


def _text(max_length=None, *, required=False):
    """Plausible text: words in any script, and markup as a person might paste it (cut to the field's length)."""
    limit = max_length or NOTE_MAX_LENGTH
    words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
    mixed = st.tuples(words, st.sampled_from(PAYLOADS), words).map(" ".join)
    text = st.one_of(st.sampled_from(PAYLOADS), words, mixed).map(lambda value: value[:limit]).filter(str.strip)
    return text if required else st.one_of(text, st.just(""))


def _hostile_text(max_length=None):
    over = (max_length or NOTE_MAX_LENGTH) + 1
    return st.one_of(
        st.sampled_from(PAYLOADS + ODD_TEXT),
        st.text(max_size=40),  # any code point but surrogates: NUL, controls, right-to-left marks
        st.sampled_from([over, 20_000]).map(lambda size: "é" * size),
    )


def _numbers(form_field):
    low = form_field.min_value if form_field.min_value is not None else 0
    high = form_field.max_value if form_field.max_value is not None else low + 100
    if isinstance(form_field, forms.DecimalField | forms.FloatField):
        return st.integers(int(low * 2), int(min(high, low + 100) * 2)).map(lambda halves: str(halves / 2))
    return st.integers(int(low), int(min(high, low + 100))).map(str)


def _strategies(form_field, initial, pks):
    """(plausible, hostile) strategies for one field, from its type, choices and limits."""
    required = form_field.required
    junk = st.one_of(st.uuids().map(str), st.integers(-(2**70), 2**70).map(str), _hostile_text(60))
    if form_field.widget.is_hidden and not isinstance(form_field, forms.MultipleChoiceField):
        valid = st.just(initial)
    elif isinstance(form_field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        values = _choice_values(form_field)
        valid = (
            st.lists(st.sampled_from(values), unique=True, min_size=int(required), max_size=4)
            if values
            else st.just([])
        )
        return valid, st.lists(st.one_of(st.sampled_from(values or ["x"]), junk, st.sampled_from(pks)), max_size=4)
    elif isinstance(form_field, forms.ModelChoiceField | forms.ChoiceField):
        values = _choice_values(form_field)
        valid = st.sampled_from(values) if values else st.just("")
        if not required:
            valid = st.one_of(valid, st.just(""))
        return valid, st.one_of(junk, st.sampled_from(pks), st.just(""))
    elif isinstance(form_field, forms.BooleanField):
        valid = st.sampled_from(["on", ABSENT])
    elif isinstance(form_field, forms.DateField):  # today suits both "not in the future" and "not in the past"
        today = timezone.localdate()
        valid = st.one_of(
            st.just(today), st.dates(today - datetime.timedelta(days=700), today + datetime.timedelta(days=400))
        ).map(str)
    elif isinstance(form_field, forms.TimeField):
        valid = st.times().map(lambda moment: moment.strftime("%H:%M"))
    elif isinstance(form_field, forms.IntegerField):  # and DecimalField, FloatField
        valid = _numbers(form_field)
    elif isinstance(form_field, forms.UUIDField):
        valid = st.uuids().map(str)
    elif isinstance(form_field, forms.EmailField):
        valid = st.one_of(st.emails().filter(lambda email: len(email) <= 254), st.sampled_from(EMAIL_PAYLOADS))
    elif isinstance(form_field, forms.CharField) and not isinstance(form_field, forms.RegexField):
        valid = _text(form_field.max_length, required=required)
    else:
        valid = st.just(initial)
    return valid, _hostile(form_field, junk)


def _hostile(form_field, junk):
    if isinstance(form_field, forms.BooleanField):
        return st.one_of(st.sampled_from(["", "false", "0", "off", "True", "null"]), junk)
    if isinstance(form_field, forms.DateField):
        return st.one_of(st.dates().map(str), st.sampled_from(BAD_DATES), junk)
    if isinstance(form_field, forms.TimeField):
        return st.one_of(st.sampled_from(BAD_TIMES), junk)
    if isinstance(form_field, forms.IntegerField):
        big = st.sampled_from([2**31, 2**63, -(2**63) - 1, 32768, -1, 10**30])
        return st.one_of(st.integers().map(str), big.map(str), st.sampled_from(BAD_NUMBERS), junk)
    if isinstance(form_field, forms.EmailField):
        return st.one_of(st.sampled_from(["a@b", "@example.org", "x" * 250 + "@example.org"]), junk)
    return st.one_of(junk, _hostile_text(getattr(form_field, "max_length", None)))


@dataclass
class Spec:
    """What the examples of one form need: its URL and a strategy for whole submissions."""

    url: str
    strategy: object
    shown_on: list


def _fields(response, page):
    """(name as sent, form field, initial value) of every input of the page's form(s), and the raw inputs."""
    context = _forms_in(response) if response is not None else {}
    fields = []
    for key in page.form:
        assert key in context, f"{page.id}: no {key!r} in the page's context (has {sorted(context)})"
        for form in _each_form(context[key]):
            fields += [(form.add_prefix(name), form.fields[name], _initial(form[name])) for name in form.fields]
    fields += [(name, form_field, "") for name, form_field in page.raw.items()]
    return fields


def submissions(fields, valid_overrides, pks):
    names = {name for name, _field, _initial in fields}
    plans = []
    for name, form_field, initial in fields:
        valid, hostile = _strategies(form_field, initial, pks)
        if name == "next":
            valid = hostile = st.sampled_from(NEXT_VALUES)
        valid = valid_overrides.get(name, valid)
        plans.append((name, valid, st.one_of(valid, hostile, st.just(ABSENT))))
    extra_names = st.from_regex(r"[a-z_][a-z0-9_\-\[\]]{0,20}", fullmatch=True).filter(lambda key: key not in names)

    @st.composite
    def submission(draw):
        hostile = draw(st.integers(0, 2)) == 2
        data = {}
        for name, valid, anything in plans:
            value = draw(anything if hostile else valid)
            if value is not ABSENT:
                data[name] = value
        data.update(draw(st.dictionaries(extra_names, _hostile_text(), max_size=2)))
        return data

    return submission()


def _browser(cast, role, *, verified=True):
    browser = Client()
    if role != "anonymous":
        log_in(browser, cast[role], verified=verified)
    return browser


class SignedIn:
    """A sign-in made once per test, outside the examples' savepoints; each example gets a new browser with its cookie.

    The row `log_in` writes is all a fresh sign-in leaves (the first request then starts the session's clocks
    and reads the clinic's limits), and each example's savepoint undoes what the example did to it: every
    example starts from the same session as if it had signed in itself. `assert_unchanged` proves that after
    each example, and `assert_kept` that the example did not move to another session (SIGN_IN_PER_EXAMPLE).
    """

    def __init__(self, cast, role, *, verified):
        browser = _browser(cast, role, verified=verified)
        self.cookies = browser.cookies
        self.key = browser.cookies[django_settings.SESSION_COOKIE_NAME].value
        self.data = self._stored()

    def _stored(self):
        return import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=self.key).load()

    def browser(self):
        browser = Client()
        browser.cookies = copy.deepcopy(self.cookies)
        return browser

    def assert_kept(self, browser, where):
        cookie = browser.cookies.get(django_settings.SESSION_COOKIE_NAME)
        assert cookie is not None, f"{where}: the example ended its session; list the entry in SIGN_IN_PER_EXAMPLE"
        assert cookie.value == self.key, (
            f"{where}: the example replaced or ended its session; list the entry in SIGN_IN_PER_EXAMPLE"
        )

    def assert_unchanged(self, where):
        assert self._stored() == self.data, f"{where}: the shared sign-in's session was not restored by the rollback"


def open_form(page, cast):
    """The URL the form is sent to, and the page showing it (None for raw inputs only)."""
    if page.prepare:
        page.prepare(cast)
    browser = _browser(cast, page.role, verified=page.verified)
    url = page.open(cast, browser) if page.open else reverse(page.name, kwargs=page.url_kwargs(cast))
    if not page.form:
        return url, None
    source = reverse(page.source, kwargs=page.url_kwargs(cast, page.source)) if page.source else url
    response = browser.get(source)
    assert response.status_code == 200, f"{page.id}: {source} answered {response.status_code}"
    return url, response


def build_spec(page, cast):
    """Open the page that shows the form, once, and turn its fields into a strategy."""
    url, response = open_form(page, cast)
    pks = [str(pk) for pk in User.objects.values_list("pk", flat=True)]
    pks += [str(pk) for pk in ClientRecord.objects.values_list("pk", flat=True)]
    overrides = page.valid(cast) if page.valid else {}
    shown_on = [
        (role, name, None if FROM_REDIRECT in rest else reverse(name, kwargs=page.url_kwargs(cast, name)))
        for role, name, *rest in page.shown_on
    ]
    return Spec(url=url, strategy=submissions(_fields(response, page), overrides, pks), shown_on=shown_on)


# --- Checking what came back -----------------------------------------------------------------------


def _html(response):
    if not response.get("Content-Type", "").startswith("text/html"):
        if response.streaming:  # a CSV export: read it to the end, so an error while streaming shows
            b"".join(response.streaming_content)
        return ""
    return response.content.decode()


def assert_no_raw_markup(response, where):
    html = _html(response)
    for markup in RAW_MARKUP:
        assert markup not in html, f"{where}: {markup!r} is on the page unescaped"


def refusal_messages(response):
    """Every error the page's forms hold, and every error message of the request: [(where, text)]."""
    found = []
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        for key, form in _forms_in(response).items():
            if not form.is_bound:
                continue
            for each in _each_form(form):
                for name, errors in each.errors.items():
                    found += [(f"{key}.{each.add_prefix(name)}", str(error)) for error in errors]
            if isinstance(form, BaseFormSet):
                found += [(f"{key} (the whole set)", str(error)) for error in form.non_form_errors()]
        messages = response.context.get("messages", []) if response.context is not None else []
        found += [("message", str(message)) for message in messages if message.level >= message_levels.ERROR]
    return found


def assert_refusal_is_explained(response, where):
    html = _html(response)
    messages = refusal_messages(response)
    assert messages, f"{where}: answered {response.status_code} and showed no reason"
    for place, text in messages:
        assert escape(text) in html, f"{where}: the error of {place} is not shown: {text!r}"


def _follow(browser, response, where):
    """Follow redirects (a few at most), each staying on this site; the last page."""
    for _hop in range(4):
        if response.status_code not in (301, 302, 303):
            return response
        location = response["Location"]
        assert url_has_allowed_host_and_scheme(location, {"testserver"}), (
            f"{where}: redirect off the site: {location!r}"
        )
        response = browser.get(location)
        assert response.status_code < 500, f"{where} → {location}: {response.status_code}"
        assert_no_raw_markup(response, f"{where} → {location}")
    return response


def _has_markup(data):
    values = [item for value in data.values() for item in (value if isinstance(value, list) else [value])]
    return any(marker in str(value) for value in values for marker in ("<", "javascript:"))


def submit_one(page, spec, cast, data, signed_in=None):
    """One example, rolled back: submit, check the answer, and on success the pages that show it."""
    browser = signed_in.browser() if signed_in else _browser(cast, page.role, verified=page.verified)
    url = page.open(cast, browser) if page.open else spec.url
    sent = {name: value.compute(cast) if isinstance(value, Live) else value for name, value in data.items()}
    response = getattr(browser, page.method)(url, sent)
    where = f"{page.method.upper()} {page.id}"
    assert response.status_code < 500, f"{where}: {response.status_code}"
    assert_no_raw_markup(response, where)
    location = None  # the first redirect's URL: it names the row the submission made or changed
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        _follow(browser, response, where)
        outcome = "redirected"
    elif response.status_code in (200, 400) and refusal_messages(response):
        assert_refusal_is_explained(response, where)
        outcome = f"refused ({response.status_code})"
    elif response.status_code == 200 and page.in_place:
        outcome = "accepted in place"
    else:
        assert response.status_code in page.refused_with, f"{where}: answered {response.status_code} with no reason"
        outcome = f"refused ({response.status_code})"
    event(outcome)
    if signed_in:
        signed_in.assert_kept(browser, where)
    if outcome in ("redirected", "accepted in place") and _has_markup(sent):
        for role, name, shown_url in spec.shown_on:
            shown_url = shown_url or reverse(name, kwargs=resolve(urlsplit(location).path).kwargs)
            shown = _browser(cast, role).get(shown_url)
            assert shown.status_code < 500, f"{where}, then {shown_url} as {role}: {shown.status_code}"
            assert_no_raw_markup(shown, f"{where}, then {shown_url} as {role}")


class _RollbackError(Exception):
    pass


@contextmanager
def rolled_back():
    """Run the block in a savepoint and undo it, so the next example starts from the same rows."""
    try:
        with transaction.atomic():
            yield
            raise _RollbackError
    except _RollbackError:
        pass


# --- The tests --------------------------------------------------------------------------------------


@pytest.fixture
def no_throttles(settings):
    """Rate limits (django-ratelimit) and lockout (django-axes) would answer 429 or "locked" after a few of
    the examples' logins, resets and invitations; both have a switch, turned off here only. Their own tests
    (tests/accounts/) keep them on."""
    settings.RATELIMIT_ENABLE = False
    settings.AXES_ENABLED = False


@pytest.fixture
def spec(page, cast, no_throttles):
    return build_spec(page, cast)


@pytest.fixture
def signed_in(page, cast, spec):
    """The sender's sign-in for all the examples of this form (after `spec`: its `prepare` has run), or None."""
    if page.role == "anonymous" or page.name in SIGN_IN_PER_EXAMPLE:
        return None
    return SignedIn(cast, page.role, verified=page.verified)


@pytest.mark.postgresql  # what the product runs on: PostgreSQL refuses what SQLite takes (a NUL in text)
@pytest.mark.fuzz
@pytest.mark.parametrize("page", FORMS, ids=[page.id for page in FORMS])
@settings(  # how many examples: the profile (tests/conftest.py)
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_generated_input(page, spec, signed_in, cast, data):
    """Generated submissions of one form, each rolled back (checks: `submit_one`)."""
    submission = data.draw(spec.strategy, label="submission")
    with rolled_back():
        submit_one(page, spec, cast, submission, signed_in)
    if signed_in:
        signed_in.assert_unchanged(page.id)


def _success_role(outcomes):
    for role in ROLES:
        if outcomes.get(role) not in (LOGIN, 403, 404, 405, None):
            return role
    return None


def test_each_form_is_sent_by_a_role_the_matrix_lets_send_it():
    for page in FORMS:
        entry = MATRIX[page.name]
        outcomes = entry.post if entry.post and page.method == "post" else entry.outcomes
        if page.open is None:  # a form opened from an email's link is refused (404) without the link
            assert outcomes[page.role] not in (LOGIN, 403, 404, 405), f"{page.id}: {page.role} may not send it"


def test_every_form_of_the_product_is_fuzzed(cast, no_throttles):
    """Walk every URL of the matrix: a URL that takes a POST, or a page that shows a form class, has an entry."""
    form_names = {page.name for page in FORMS}
    takes_post, shown_classes = set(), {}
    # Each role signs in once, outside the walk's savepoints (each request is made with a copy of its session),
    # and inside one of its own: the sign-ins (a second-factor device made for each) are undone after the walk.
    with rolled_back():
        signed_in = {role: SignedIn(cast, role, verified=True) for role in ROLES if role != "anonymous"}

        def browser(role):
            return signed_in[role].browser() if role != "anonymous" else Client()

        for name, entry in MATRIX.items():
            with rolled_back():
                kwargs = entry.kwargs(cast) if entry.kwargs else None
                url = reverse(name, kwargs=kwargs)
                reader = _success_role(entry.outcomes)
                if reader and entry.outcomes[reader] == 200:
                    for form in _forms_in(browser(reader).get(url)).values():
                        shown_classes.setdefault(type(form), name)
                # Without a success, a role that gets past the login: the method check comes next.
                fallback = next(role for role in ROLES if entry.outcomes[role] != LOGIN)
                writer = _success_role(entry.post) if entry.post else reader or fallback
                if writer and browser(writer).post(url, {}).status_code != 405:
                    takes_post.add(name)
    missing = takes_post - form_names - BUTTONS - IGNORES_BODY
    assert not missing, f"URLs that take a POST with no FORMS or BUTTONS entry: {sorted(missing)}"
    stale = (form_names | BUTTONS) - takes_post - {page.name for page in FORMS if page.method == "get"}
    assert not stale, f"FORMS or BUTTONS entries for URLs that take no POST: {sorted(stale)}"
    covered = set()
    for page in FORMS:
        with rolled_back():
            _url, response = open_form(page, cast)
            context = _forms_in(response) if response is not None else {}
            covered |= {type(each) for key in page.form for each in [context[key], *_each_form(context[key])]}
    unfuzzed = {cls.__qualname__: name for cls, name in shown_classes.items() if cls not in covered}
    assert not unfuzzed, f"Form classes shown on a page but not fuzzed (class: page): {unfuzzed}"


def test_the_checks_catch_markup_as_typed_and_an_unexplained_refusal(cast, client):
    """The checks can fail: markup as typed is caught, escaped markup is not; a refusal needs its text on the page."""
    log_in(client, cast["therapist"])
    page = client.get(reverse("clients:intake", kwargs=client_id(cast)))
    page.content += f"<p>{escape(PAYLOADS[1])}</p>".encode()
    assert_no_raw_markup(page, "escaped")
    page.content += f"<p>{PAYLOADS[1]}</p>".encode()
    with pytest.raises(AssertionError, match="unescaped"):
        assert_no_raw_markup(page, "as typed")
    refused = client.post(reverse("clients:intake", kwargs=client_id(cast)), {"legal_name": ""})
    assert_refusal_is_explained(refused, "the intake, blank")
    refused.content = refused.content.replace(b"This field is required.", b"")
    with pytest.raises(AssertionError, match="is not shown"):
        assert_refusal_is_explained(refused, "the intake, its message taken out")


# Regression tests for what the generated input found.


def test_a_nul_character_in_a_declined_referrals_reason_is_not_a_server_error(cast, client):
    """PostgreSQL text holds no NUL: the reason (which no field of the page sends) was passed on as it came."""
    log_in(client, cast["client"])
    response = client.post(reverse("portal:referral_decline", args=[cast["referral"].pk]), {"reason": "Not \x00now"})
    assert response.status_code == 302
    cast["referral"].refresh_from_db()
    assert cast["referral"].status == "declined"


def _as_shown(client, name, role, form):
    """What the browser sends for the untouched form of the page `name`."""
    page = client.get(reverse(name))
    fields = _fields(page, FormPage(name, role, form=form))
    return {key: value for key, _field, value in fields if value is not ABSENT}


def test_a_checklist_row_sent_without_its_question_is_refused_with_a_message(cast, client):
    """A fixed row's question travels as a hidden input; without it the page used to fail (translating None)."""
    log_in(client, cast["admin"])
    data = _as_shown(client, "accounts:inclusive_care_new", "admin", ("review_form", "formset"))
    del data["items-0-question"]
    response = client.post(reverse("accounts:inclusive_care_new"), data)
    assert response.status_code == 400
    assert_refusal_is_explained(response, "a row without its question")


def test_a_changed_crisis_line_count_does_not_build_thousands_of_forms(cast, client):
    """The hidden form count said 5,000: the page used to build and render 2,000 forms (about 11 s)."""
    log_in(client, cast["admin"])
    data = _as_shown(client, "accounts:clinic_settings", "admin", ("form", "crisis_lines"))
    response = client.post(reverse("accounts:clinic_settings"), data | {"lines-TOTAL_FORMS": "5000"})
    assert response.status_code == 400
    assert len(response.context["crisis_lines"].forms) <= MAX_CRISIS_LINES
    assert_refusal_is_explained(response, "5,000 crisis lines")


@pytest.mark.parametrize("name", ["clients:portal_invite", "accounts:staff_invite"])
def test_an_email_address_too_long_to_store_is_refused_with_a_message(name, cast, client, no_throttles):
    """Django's EmailField takes 320 characters; the invitation's column 254: a longer one was a 500."""
    client_without_portal(cast)
    log_in(client, cast["therapist" if name == "clients:portal_invite" else "admin"])
    kwargs = {"client_id": cast["new_client"].pk} if name == "clients:portal_invite" else None
    data = {"email": "x" * 250 + "@example.org", "full_name": "Sam Rivera", "role": "therapist", "language": "en"}
    response = client.post(reverse(name, kwargs=kwargs), data)
    assert response.status_code == 200
    assert "Ensure this value has at most 254 characters" in response.content.decode()
    assert_refusal_is_explained(response, "an address of 262 characters")


def test_a_changed_hidden_input_is_explained_above_the_form(cast, client):
    """A one-time key or version changed outside the page has no field to show its error: the banner does."""
    log_in(client, cast["therapist"])
    data = {"legal_name": "Sam Rivera", "submission_key": "not-a-key"}
    response = client.post(reverse("clients:create"), data)
    assert response.status_code == 200
    assert "Enter a valid UUID." in response.content.decode()
    assert_refusal_is_explained(response, "a changed one-time key")
