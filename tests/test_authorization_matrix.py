"""The project's authorization matrix: every URL pattern × every role, and what each must get.

A new URL pattern without an entry here fails `test_every_url_pattern_has_an_entry`, so nobody can
add a page without deciding who may open it. Client-scoped pages must also write exactly one audit
event for each successful read.

Outcomes: a status code, or LOGIN (a redirect to the login page).

The cast (tests/conftest.py) is made once for the module's ~1,600 cases and held (tests/held_data.py): each
case starts from the same rows and its own copy of the objects, and whatever it writes is rolled back with it.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from audit.models import AuditEvent

from . import conftest
from .conftest import log_in
from .held_data import Held, made_as_fixtures


def _cast_signed_in():
    """The cast, and a session for each of its people, signed in as `log_in` signs in (second factor included)."""
    cast = made_as_fixtures(conftest, "cast")
    sessions = {}
    for role in ROLES[1:]:
        browser = log_in(Client(), cast[role])
        sessions[role] = browser.cookies[settings.SESSION_COOKIE_NAME].value
    return {"cast": cast, "sessions": sessions}


@pytest.fixture(scope="module")
def _held_cast(django_db_setup, django_db_blocker):
    """The cast and its sessions, made once for the module. Behind a transaction pooler (.ci/pgbouncer-check) each
    case makes its own and signs in itself, as before, so that each case is still its own transaction there."""
    held = Held(django_db_blocker, _cast_signed_in)
    if settings.DATABASE_POOLER != "transaction":
        held.hold()
    yield held
    held.release()


@pytest.fixture
def cast(_held_cast, db):
    """tests/conftest.py's cast, the same at the start of every case."""
    return _held_cast.data["cast"] if _held_cast.is_held else made_as_fixtures(conftest, "cast")


@pytest.fixture
def sign_in(_held_cast, cast, client):
    """`sign_in(role)`: the test client as that person of the cast: their held session (what a session does in a
    case is rolled back with it), or a new sign-in when nothing is held."""

    def _sign_in(role):
        if _held_cast.is_held:
            client.cookies[settings.SESSION_COOKIE_NAME] = _held_cast.data["sessions"][role]
        else:
            log_in(client, cast[role])

    return _sign_in


LOGIN = "login"
ROLES = ("anonymous", "therapist", "colleague", "admin", "other_admin", "client", "other_client")


def expect(anonymous, therapist, colleague, admin, other_admin, client, other_client):
    return dict(zip(ROLES, (anonymous, therapist, colleague, admin, other_admin, client, other_client), strict=True))


@dataclass
class Entry:
    outcomes: dict  # what a GET gets, per role
    kwargs: callable = None  # kwargs(cast) -> URL kwargs
    client_scoped: bool = False  # a successful GET must write exactly one audit event naming the client
    directory: bool = False  # a clinic-wide directory row, not client data
    post: dict = None  # what a POST (of `data`) gets, per role, for views that change something
    data: dict | Callable = field(default_factory=dict)  # or data(cast) -> dict, for values naming the cast's rows

    def post_data(self, cast):
        return self.data(cast) if callable(self.data) else self.data


def staff_member(cast):
    return {"user_id": cast["colleague"].pk}


def staff_invitation(cast):
    return {"invitation_id": cast["staff_invitation"].pk}


def departing_therapist(cast):
    return {"therapist_id": cast["therapist"].pk}


def client_id(cast):
    return {"client_id": cast["client_record"].pk}


def person(cast):
    return {"client_id": cast["client_record"].pk, "person_id": cast["support_person"].pk}


def member(cast):
    return {"client_id": cast["client_record"].pk, "member_id": cast["care_team_member"].pk}


def open_flag(cast):
    """An open attention flag on the cast's client (made in the case, rolled back with it)."""
    from clients.models import Flag, FlagRule

    flag = Flag.objects.create(client=cast["client_record"], rule=FlagRule.CONSENT_WITHDRAWN)
    return {"client_id": cast["client_record"].pk, "flag_id": flag.pk}


def plan(cast):
    return {"client_id": cast["client_record"].pk, "plan_id": cast["disclosure_plan"].pk}


def advocacy_plan(cast):
    return {"client_id": cast["client_record"].pk, "plan_id": cast["advocacy_plan"].pk}


def advocacy_step(cast):
    return advocacy_plan(cast) | {"step_id": cast["advocacy_step"].pk}


def story_draft(cast):
    return advocacy_plan(cast) | {"draft_id": cast["story_draft"].pk}


def portal_advocacy_plan(cast):
    return {"plan_id": cast["advocacy_plan"].pk}


def portal_advocacy_step(cast):
    return {"plan_id": cast["advocacy_plan"].pk, "step_id": cast["advocacy_step"].pk}


def opportunity(cast):
    return {"opportunity_id": cast["opportunity"].pk}


def resource(cast):
    return {"resource_id": cast["peer_resource"].pk}


def new_referral(cast):
    return {"client_id": cast["client_record"].pk, "resource_id": cast["peer_resource"].pk}


def referral(cast):
    return {"client_id": cast["client_record"].pk, "referral_id": cast["referral"].pk}


def portal_referral(cast):
    return {"referral_id": cast["referral"].pk}


def goal(cast):
    return {"client_id": cast["client_record"].pk, "goal_id": cast["micro_goal"].pk}


def portal_goal(cast):
    return {"goal_id": cast["micro_goal"].pk}


def portal_plan(cast):
    return {"plan_id": cast["disclosure_plan"].pk}


def shared_item(cast):
    return {"client_id": cast["client_record"].pk, "kind": "support_person", "item_id": cast["support_person"].pk}


def _session(cast):
    """A session the therapist scheduled with their client (issue 24), made when first asked for."""
    from django.utils import timezone

    from clients.models import Session

    row, _created = Session.objects.get_or_create(
        client=cast["client_record"],
        location="Room 2",
        defaults={
            "therapist": cast["therapist"],
            "created_by": cast["therapist"],
            "starts_at": timezone.now() + timezone.timedelta(days=7),
            "agenda": "Talk about the new job.",
        },
    )
    return row


def session(cast):
    return {"client_id": cast["client_record"].pk, "session_id": _session(cast).pk}


def portal_session(cast):
    return {"session_id": _session(cast).pk}


def chart_event(cast):
    """A marker the cast's client put on their charts (issue 25), made when first asked for."""
    from portfolio.models import ChartEvent

    row, _created = ChartEvent.objects.get_or_create(
        client=cast["client_record"], label="Started a new job", defaults={"created_by": cast["client"]}
    )
    return {"event_id": row.pk}


def emergency_grant(cast):
    """An open emergency access of the clinic's admin to the therapist's client."""
    from .factories import EmergencyAccessFactory

    return {"grant_id": EmergencyAccessFactory(admin=cast["admin"], client=cast["client_record"]).pk}


def grievance(cast):
    """A grievance the therapist's client sent from the portal (grievances, issue 9)."""
    text = "The chairs in the waiting room are hard to rise from."
    row, _created = cast["client_record"].grievances.get_or_create(
        subject="Waiting room", defaults={"submitted_by": cast["client"], "text": text}
    )
    return {"grievance_id": row.pk}


# Outcomes that recur: only the client's therapist may open or change the record.
THERAPIST_ONLY = expect(LOGIN, 200, 404, 404, 404, 404, 404)
THERAPIST_WRITES = expect(LOGIN, 302, 404, 404, 404, 404, 404)
THERAPIST_FORM_ERRORS = expect(LOGIN, 200, 404, 404, 404, 404, 404)  # an empty POST re-shows the form
POST_ONLY = expect(LOGIN, 405, 405, 405, 405, 405, 405)
ADMIN_ACTS = expect(LOGIN, 403, 403, 302, 404, 403, 403)
PORTAL_ONLY = expect(LOGIN, 404, 404, 404, 404, 200, 200)
OWN_PORTAL_ITEM = expect(LOGIN, 404, 404, 404, 404, 200, 404)
OWN_PORTAL_WRITE = expect(LOGIN, 404, 404, 404, 404, 302, 404)
CLINIC_STAFF = expect(LOGIN, 200, 200, 200, 200, 403, 403)


MATRIX = {
    "home": Entry(expect(LOGIN, 302, 302, 302, 302, 302, 302)),
    "set_language": Entry(expect(302, 302, 302, 302, 302, 302, 302)),
    "health": Entry(expect(200, 200, 200, 200, 200, 200, 200)),
    "health_detail": Entry(expect(404, 404, 404, 404, 404, 404, 404)),  # only with the token, or operators
    "health_metrics": Entry(expect(404, 404, 404, 404, 404, 404, 404)),  # Prometheus: as health_detail
    # The operator site's old addresses of moved models: a redirect to the new address, which the admin guards.
    "operator_moved_audit": Entry(expect(302, 302, 302, 302, 302, 302, 302), kwargs=lambda cast: {"rest": ""}),
    "operator_moved_clinics": Entry(expect(302, 302, 302, 302, 302, 302, 302), kwargs=lambda cast: {"rest": ""}),
    "operator_moved_emergency_access": Entry(
        expect(302, 302, 302, 302, 302, 302, 302), kwargs=lambda cast: {"rest": ""}
    ),
    "accounts:login": Entry(expect(200, 302, 302, 302, 302, 302, 302)),
    "accounts:logout": Entry(expect(405, 405, 405, 405, 405, 405, 405)),
    "accounts:mfa_verify": Entry(expect(LOGIN, 302, 302, 302, 302, 302, 302)),
    # Staff who already have a second factor are first asked for their password again (issue 19).
    "accounts:mfa_setup": Entry(expect(LOGIN, 302, 302, 302, 302, 403, 403)),
    "accounts:password_reset": Entry(expect(200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_reset_done": Entry(expect(200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_reset_confirm": Entry(
        expect(200, 200, 200, 200, 200, 200, 200), kwargs=lambda cast: {"uidb64": "MQ", "token": "no-such-token"}
    ),
    "accounts:password_reset_complete": Entry(expect(200, 200, 200, 200, 200, 200, 200)),
    "accounts:invitation_accept": Entry(
        expect(302, 302, 302, 302, 302, 302, 302), kwargs=lambda cast: {"token": "not-a-real-token"}
    ),
    "accounts:invitation_set_password": Entry(expect(404, 404, 404, 404, 404, 404, 404)),
    "accounts:staff": Entry(expect(LOGIN, 403, 403, 200, 200, 403, 403)),
    "accounts:staff_invite": Entry(expect(LOGIN, 403, 403, 200, 200, 403, 403)),
    # Staff management (issue 9): the admin of the member's own clinic only; another clinic's admin gets 404.
    "accounts:staff_member": Entry(expect(LOGIN, 403, 403, 200, 404, 403, 403), kwargs=staff_member, directory=True),
    "accounts:staff_role": Entry(
        POST_ONLY, kwargs=staff_member, directory=True, post=ADMIN_ACTS, data={"role": "clinic_admin"}
    ),
    "accounts:staff_deactivate": Entry(
        POST_ONLY, kwargs=staff_member, directory=True, post=ADMIN_ACTS, data={"confirmed": "yes"}
    ),
    "accounts:staff_reactivate": Entry(POST_ONLY, kwargs=staff_member, directory=True, post=ADMIN_ACTS),
    "accounts:staff_reset_mfa": Entry(
        POST_ONLY, kwargs=staff_member, directory=True, post=ADMIN_ACTS, data={"confirmed": "yes"}
    ),
    "accounts:invitation_resend": Entry(POST_ONLY, kwargs=staff_invitation, directory=True, post=ADMIN_ACTS),
    "accounts:invitation_revoke": Entry(POST_ONLY, kwargs=staff_invitation, directory=True, post=ADMIN_ACTS),
    "accounts:clinic_settings": Entry(
        expect(LOGIN, 403, 403, 200, 200, 403, 403), post=expect(LOGIN, 403, 403, 400, 400, 403, 403)
    ),
    # The clinic's attention rules (issue 24): its admins only; an empty POST re-shows the form with its errors.
    "accounts:attention_settings": Entry(
        expect(LOGIN, 403, 403, 200, 200, 403, 403), post=expect(LOGIN, 403, 403, 400, 400, 403, 403)
    ),
    # The clinic's outcomes, page and CSV (issue 25): its admins only, each reading their own clinic's figures (no id in
    # the URL; tests/clinics/test_outcomes.py shows another clinic's admin none of this clinic's).
    "accounts:clinic_outcomes": Entry(expect(LOGIN, 403, 403, 200, 200, 403, 403)),
    "accounts:clinic_outcomes_csv": Entry(expect(LOGIN, 403, 403, 200, 200, 403, 403)),
    # A person's own account (issue 19): every signed-in role changes their own password, sees and ends their own
    # sessions, and proves who they are again; an empty POST re-shows the form.
    "accounts:password_change": Entry(
        expect(LOGIN, 200, 200, 200, 200, 200, 200), post=expect(LOGIN, 200, 200, 200, 200, 200, 200)
    ),
    "accounts:sessions": Entry(expect(LOGIN, 200, 200, 200, 200, 200, 200)),
    "accounts:sessions_end_others": Entry(POST_ONLY, post=expect(LOGIN, 302, 302, 302, 302, 302, 302)),
    # "Stay signed in" (issue 20): every signed-in person may restart their own idle clock; nothing else changes.
    "accounts:session_keep_alive": Entry(POST_ONLY, post=expect(LOGIN, 200, 200, 200, 200, 200, 200)),
    "accounts:reauthenticate": Entry(
        expect(LOGIN, 200, 200, 200, 200, 200, 200), post=expect(LOGIN, 200, 200, 200, 200, 200, 200)
    ),
    "clients:caseload_reassign": Entry(
        expect(LOGIN, 403, 403, 200, 404, 403, 403),
        kwargs=departing_therapist,
        directory=True,
        post=expect(LOGIN, 403, 403, 400, 404, 403, 403),
    ),
    "clients:caseload": Entry(expect(LOGIN, 200, 200, 403, 403, 403, 403)),
    "clients:create": Entry(
        expect(LOGIN, 200, 200, 403, 403, 403, 403), post=expect(LOGIN, 200, 200, 403, 403, 403, 403)
    ),
    "clients:roster": Entry(expect(LOGIN, 403, 403, 200, 200, 403, 403)),
    # The header's "Find a client" (issue 23): POST only (a name never in a URL); therapists only, each finding
    # only their own caseload and care teams (tests/clients/test_find.py).
    "clients:find": Entry(
        expect(LOGIN, 405, 405, 405, 405, 405, 405), post=expect(LOGIN, 200, 200, 403, 403, 403, 403), data={"q": "Da"}
    ),
    "clients:words_we_use": Entry(expect(LOGIN, 200, 200, 200, 200, 403, 403)),
    "clients:overview": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True),
    "clients:intake": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "clients:discharge": Entry(POST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_WRITES),
    "clients:reopen": Entry(POST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_WRITES),
    "clients:reassign": Entry(
        expect(LOGIN, 403, 403, 200, 404, 403, 403),
        kwargs=client_id,
        client_scoped=True,
        post=expect(LOGIN, 403, 403, 200, 404, 403, 403),
    ),
    "clients:care_team": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "clients:care_team_remove": Entry(POST_ONLY, kwargs=member, client_scoped=True, post=THERAPIST_WRITES),
    # Acknowledging an attention flag (issue 24): the care team only; anyone else finds no such flag (404).
    "clients:flag_acknowledge": Entry(POST_ONLY, kwargs=open_flag, client_scoped=True, post=THERAPIST_WRITES),
    "clients:support_network": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True),
    "clients:support_person_create": Entry(
        THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_FORM_ERRORS
    ),
    "clients:support_person_edit": Entry(THERAPIST_ONLY, kwargs=person, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "clients:support_person_archive": Entry(POST_ONLY, kwargs=person, client_scoped=True, post=THERAPIST_WRITES),
    "clients:support_person_stage": Entry(
        POST_ONLY, kwargs=person, client_scoped=True, post=THERAPIST_WRITES, data={"stage": "ally"}
    ),
    "clients:safety_plan": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True),
    "clients:safety_plan_edit": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_WRITES),
    "clients:check_ins": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True),
    "clients:check_in_create": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    # Sessions (issue 24): the caseload's therapists schedule and record them; an empty POST re-shows the form.
    "clients:sessions": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True),
    "clients:session_create": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "clients:session_edit": Entry(THERAPIST_ONLY, kwargs=session, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    # Secure messages (issue 24): the therapists of the caseload read and write the thread (an empty message is a 400);
    # a clinic admin without emergency access, a colleague off the care team, another clinic and clients: 404. The
    # settings (messaging off with a reason, or on) are POST only; an empty POST re-shows the page with the error.
    "clients:messages": Entry(
        THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=expect(LOGIN, 400, 404, 404, 404, 404, 404)
    ),
    "clients:message_settings": Entry(
        POST_ONLY, kwargs=client_id, client_scoped=True, post=expect(LOGIN, 400, 404, 404, 404, 404, 404)
    ),
    "clients:share": Entry(
        POST_ONLY, kwargs=shared_item, client_scoped=True, post=THERAPIST_WRITES, data={"shared": "1"}
    ),
    "clients:draft": Entry(
        POST_ONLY,
        kwargs=client_id,
        client_scoped=True,
        post=expect(LOGIN, 200, 404, 404, 404, 404, 404),
        data=lambda cast: {
            "draft_page": reverse("clients:check_in_create", args=[cast["client_record"].pk]),
            "notes": "A draft",
        },
    ),
    "clients:portal_invite": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "disclosure:list": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True),
    "disclosure:create": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "disclosure:detail": Entry(THERAPIST_ONLY, kwargs=plan, client_scoped=True),
    "disclosure:edit": Entry(THERAPIST_ONLY, kwargs=plan, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "disclosure:status": Entry(
        POST_ONLY, kwargs=plan, client_scoped=True, post=THERAPIST_WRITES, data={"status": "rehearsing"}
    ),
    "disclosure:archive": Entry(POST_ONLY, kwargs=plan, client_scoped=True, post=THERAPIST_WRITES),
    "disclosure:rehearsal_create": Entry(THERAPIST_ONLY, kwargs=plan, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "disclosure:debrief_create": Entry(THERAPIST_ONLY, kwargs=plan, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "advocacy:list": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True),
    "advocacy:create": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "advocacy:detail": Entry(THERAPIST_ONLY, kwargs=advocacy_plan, client_scoped=True),
    "advocacy:edit": Entry(THERAPIST_ONLY, kwargs=advocacy_plan, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "advocacy:status": Entry(
        POST_ONLY, kwargs=advocacy_plan, client_scoped=True, post=THERAPIST_WRITES, data={"status": "paused"}
    ),
    "advocacy:archive": Entry(POST_ONLY, kwargs=advocacy_plan, client_scoped=True, post=THERAPIST_WRITES),
    "advocacy:step_create": Entry(THERAPIST_ONLY, kwargs=advocacy_plan, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "advocacy:step_edit": Entry(THERAPIST_ONLY, kwargs=advocacy_step, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "advocacy:review_create": Entry(
        THERAPIST_ONLY, kwargs=advocacy_plan, client_scoped=True, post=THERAPIST_FORM_ERRORS
    ),
    "advocacy:draft_create": Entry(
        THERAPIST_ONLY, kwargs=advocacy_plan, client_scoped=True, post=THERAPIST_FORM_ERRORS
    ),
    "advocacy:draft_edit": Entry(THERAPIST_ONLY, kwargs=story_draft, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "advocacy:draft_ready": Entry(POST_ONLY, kwargs=story_draft, client_scoped=True, post=THERAPIST_WRITES),
    "opportunities:list": Entry(CLINIC_STAFF),
    "opportunities:create": Entry(CLINIC_STAFF, post=CLINIC_STAFF),
    "opportunities:edit": Entry(
        expect(LOGIN, 200, 200, 200, 404, 403, 403),
        kwargs=opportunity,
        directory=True,
        post=expect(LOGIN, 200, 200, 200, 404, 403, 403),
    ),
    "directory:list": Entry(CLINIC_STAFF),
    "directory:create": Entry(CLINIC_STAFF, post=CLINIC_STAFF),
    "directory:edit": Entry(
        expect(LOGIN, 200, 200, 200, 404, 403, 403),
        kwargs=resource,
        directory=True,
        post=expect(LOGIN, 200, 200, 200, 404, 403, 403),
    ),
    "directory:verify": Entry(
        POST_ONLY, kwargs=resource, directory=True, post=expect(LOGIN, 302, 302, 302, 404, 403, 403)
    ),
    "peers:match": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_ONLY),
    "peers:referral_create": Entry(THERAPIST_ONLY, kwargs=new_referral, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "peers:referral_detail": Entry(THERAPIST_ONLY, kwargs=referral, client_scoped=True),
    "peers:referral_edit": Entry(THERAPIST_ONLY, kwargs=referral, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "peers:referral_status": Entry(
        POST_ONLY,
        kwargs=referral,
        client_scoped=True,
        post=THERAPIST_WRITES,
        data={"status": "declined", "reason": "Not now"},
    ),
    "peers:referral_consent": Entry(
        POST_ONLY, kwargs=referral, client_scoped=True, post=THERAPIST_WRITES, data={"confirmed": "on"}
    ),
    "peers:referral_withdraw": Entry(
        POST_ONLY, kwargs=referral, client_scoped=True, post=expect(LOGIN, 400, 404, 404, 404, 404, 404)
    ),
    "portal:referral": Entry(OWN_PORTAL_ITEM, kwargs=portal_referral, client_scoped=True),
    "portal:referral_consent": Entry(
        POST_ONLY, kwargs=portal_referral, client_scoped=True, post=OWN_PORTAL_WRITE, data={"agree": "yes"}
    ),
    "portal:referral_decline": Entry(POST_ONLY, kwargs=portal_referral, client_scoped=True, post=OWN_PORTAL_WRITE),
    "portal:referral_withdraw": Entry(POST_ONLY, kwargs=portal_referral, client_scoped=True, post=OWN_PORTAL_WRITE),
    "portfolio:home": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True),
    "portfolio:plan_edit": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "portfolio:item_create": Entry(
        THERAPIST_ONLY,
        kwargs=lambda cast: client_id(cast) | {"kind": "milestone"},
        client_scoped=True,
        post=THERAPIST_FORM_ERRORS,
    ),
    "portfolio:goal_check": Entry(POST_ONLY, kwargs=goal, client_scoped=True, post=THERAPIST_WRITES),
    "portfolio:goal_archive": Entry(POST_ONLY, kwargs=goal, client_scoped=True, post=THERAPIST_WRITES),
    "portfolio:measures": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True),
    "portfolio:measure_assign": Entry(
        POST_ONLY,
        kwargs=client_id,
        client_scoped=True,
        post=THERAPIST_WRITES,
        data={"instrument": "empowerment_pulse", "cadence": "once"},
    ),
    "portfolio:measure_enter": Entry(
        THERAPIST_ONLY,
        kwargs=lambda cast: client_id(cast) | {"instrument": "self_stigma_pulse"},
        client_scoped=True,
        post=THERAPIST_FORM_ERRORS,
    ),
    "portal:measure": Entry(
        OWN_PORTAL_ITEM,
        kwargs=lambda cast: {"assignment_id": cast["measure_assignment"].pk},
        client_scoped=True,
        post=OWN_PORTAL_ITEM,
    ),
    # Questionnaires on a schedule, and the page after answering one (issue 25).
    "portfolio:measure_schedule_stop": Entry(
        POST_ONLY,
        kwargs=lambda cast: client_id(cast) | {"schedule_id": cast["measure_schedule"].pk},
        client_scoped=True,
        post=THERAPIST_WRITES,
    ),
    "portal:measure_done": Entry(
        OWN_PORTAL_ITEM, kwargs=lambda cast: {"assignment_id": cast["answered_assignment"].pk}, client_scoped=True
    ),
    # Sharing a measure's chart with the client (issue 25): the client's therapist; the client then sees their shared
    # charts on "My progress", with a form for their own markers (an empty POST re-shows it), and removes only
    # their own markers.
    "portfolio:measure_share": Entry(
        POST_ONLY,
        kwargs=lambda cast: client_id(cast) | {"instrument": "self_stigma_pulse"},
        client_scoped=True,
        post=THERAPIST_WRITES,
        data={"action": "share"},
    ),
    "portal:progress": Entry(PORTAL_ONLY, client_scoped=True, post=PORTAL_ONLY),
    "portal:chart_event_delete": Entry(POST_ONLY, kwargs=chart_event, client_scoped=True, post=OWN_PORTAL_WRITE),
    "portfolio:exports": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_FORM_ERRORS),
    "portfolio:export_status": Entry(
        THERAPIST_ONLY, kwargs=lambda cast: client_id(cast) | {"export_id": cast["export"].pk}, client_scoped=True
    ),
    "portfolio:export_download": Entry(
        expect(LOGIN, 404, 404, 404, 404, 404, 404),
        kwargs=lambda cast: client_id(cast) | {"export_id": cast["export"].pk},
        client_scoped=True,
    ),
    "portal:exports": Entry(OWN_PORTAL_ITEM, client_scoped=True, post=OWN_PORTAL_ITEM),
    "portal:export_status": Entry(
        OWN_PORTAL_ITEM, kwargs=lambda cast: {"export_id": cast["export"].pk}, client_scoped=True
    ),
    "portal:export_download": Entry(
        expect(LOGIN, 404, 404, 404, 404, 404, 404),
        kwargs=lambda cast: {"export_id": cast["export"].pk},
        client_scoped=True,
    ),
    "portal:goal_check": Entry(POST_ONLY, kwargs=portal_goal, client_scoped=True, post=OWN_PORTAL_WRITE),
    "portal:journal": Entry(PORTAL_ONLY, client_scoped=True, post=PORTAL_ONLY),
    "portal:encounter_log": Entry(PORTAL_ONLY, client_scoped=True, post=PORTAL_ONLY),
    "reminders:notifications": Entry(expect(LOGIN, 200, 200, 200, 200, 200, 200)),
    "reminders:notifications_read": Entry(POST_ONLY, post=expect(LOGIN, 302, 302, 302, 302, 302, 302)),
    "reminders:calendar": Entry(
        expect(LOGIN, 200, 200, 200, 200, 200, 200), post=expect(LOGIN, 200, 200, 200, 200, 200, 200)
    ),
    "reminders:calendar_feed": Entry(
        expect(404, 404, 404, 404, 404, 404, 404), kwargs=lambda cast: {"token": "not-a-real-token"}
    ),
    "reminders:client_reminders": Entry(THERAPIST_ONLY, kwargs=client_id, client_scoped=True),
    "reminders:reminder_create": Entry(
        THERAPIST_ONLY, kwargs=client_id, client_scoped=True, post=THERAPIST_FORM_ERRORS
    ),
    "portal:reminders": Entry(PORTAL_ONLY, client_scoped=True, post=PORTAL_ONLY),
    "portal:reminder_off": Entry(
        POST_ONLY, kwargs=lambda cast: {"reminder_id": cast["reminder"].pk}, client_scoped=True, post=OWN_PORTAL_WRITE
    ),
    "portal:home": Entry(PORTAL_ONLY, client_scoped=True),
    # The client's sessions (issue 24): each client their own list; the calendar invite of their own session only.
    "portal:sessions": Entry(PORTAL_ONLY, client_scoped=True),
    "portal:session_invite": Entry(OWN_PORTAL_ITEM, kwargs=portal_session, client_scoped=True),
    "portal:advocacy_plan": Entry(OWN_PORTAL_ITEM, kwargs=portal_advocacy_plan, client_scoped=True),
    "portal:advocacy_step_done": Entry(
        OWN_PORTAL_ITEM, kwargs=portal_advocacy_step, client_scoped=True, post=OWN_PORTAL_WRITE
    ),
    "portal:advocacy_review": Entry(
        OWN_PORTAL_ITEM, kwargs=portal_advocacy_plan, client_scoped=True, post=OWN_PORTAL_ITEM
    ),
    "portal:disclosure_plan": Entry(OWN_PORTAL_ITEM, kwargs=portal_plan, client_scoped=True),
    "portal:disclosure_readiness": Entry(
        POST_ONLY, kwargs=portal_plan, client_scoped=True, post=OWN_PORTAL_WRITE, data={"readiness": "7"}
    ),
    "portal:disclosure_debrief": Entry(OWN_PORTAL_ITEM, kwargs=portal_plan, client_scoped=True, post=OWN_PORTAL_ITEM),
    "portal:safety_plan": Entry(PORTAL_ONLY, client_scoped=True),
    # Only after a discharge's grace period does it show; an open record is sent to the portal's home.
    "portal:record_closed": Entry(expect(LOGIN, 404, 404, 404, 404, 302, 302), client_scoped=True),
    "portal:profile": Entry(PORTAL_ONLY, client_scoped=True, post=PORTAL_ONLY),
    # The client's own thread with the care team (issue 24): each client their own; staff 404; an empty message 400.
    "portal:messages": Entry(PORTAL_ONLY, client_scoped=True, post=expect(LOGIN, 404, 404, 404, 404, 400, 400)),
    # Audit log viewer and CSV export (issue 9): a clinic admin reads the clinic's events, a therapist their own,
    # another clinic's admin only that clinic's (tests/accounts/test_audit_log.py); clients 403. Read-only: a POST
    # is refused (405).
    "accounts:audit_log": Entry(CLINIC_STAFF, post=expect(LOGIN, 405, 405, 405, 405, 405, 405)),
    "accounts:audit_log_export": Entry(CLINIC_STAFF, post=expect(LOGIN, 405, 405, 405, 405, 405, 405)),
    # The filter's type-ahead (issue 21): POST only (the text typed is a name, never in a URL); the clinic's
    # people or the therapist's caseload only (tests/accounts/test_audit_typeahead.py); clients 403.
    "accounts:audit_log_matches": Entry(
        expect(LOGIN, 405, 405, 405, 405, 405, 405),
        post=expect(LOGIN, 200, 200, 200, 200, 403, 403),
        data={"field": "client", "q": "Dana"},
    ),
    # Grievances (issue 9): a client's own feedback pages in the portal (an empty POST re-shows the form, 400),
    # and the clinic admin's inbox (therapists and clients 403; another clinic's admin sees its own, empty inbox,
    # and a 404 for this clinic's grievance).
    "portal:grievances": Entry(PORTAL_ONLY, client_scoped=True),
    "portal:grievance_new": Entry(PORTAL_ONLY, client_scoped=True, post=expect(LOGIN, 404, 404, 404, 404, 400, 400)),
    "portal:grievance": Entry(OWN_PORTAL_ITEM, kwargs=grievance, client_scoped=True),
    "grievances:inbox": Entry(expect(LOGIN, 403, 403, 200, 200, 403, 403)),
    "grievances:detail": Entry(
        expect(LOGIN, 403, 403, 200, 404, 403, 403),
        kwargs=grievance,
        client_scoped=True,
        post=expect(LOGIN, 403, 403, 400, 404, 403, 403),
    ),
    # Inclusive-care self-assessment (issue 9): the clinic's staff read its reviews, its admins start them (a
    # therapist 403, a client 403); another clinic's review is a 404. An empty POST re-shows the form (400).
    "accounts:inclusive_care": Entry(CLINIC_STAFF),
    "accounts:inclusive_care_new": Entry(
        expect(LOGIN, 403, 403, 200, 200, 403, 403), post=expect(LOGIN, 403, 403, 400, 400, 403, 403)
    ),
    "accounts:inclusive_care_review": Entry(
        expect(LOGIN, 200, 200, 200, 404, 403, 403),
        kwargs=lambda cast: {
            "review_id": cast["admin"].clinic.inclusive_care_reviews.create(created_by=cast["admin"]).pk
        },
        directory=True,
    ),
    # Emergency access (issue 9): only an admin of the client's own clinic asks, with a reason (other roles 403,
    # another clinic's admin 404); the clinic's admins and the client's therapist look back at the accesses.
    "accounts:emergency_access_list": Entry(CLINIC_STAFF),
    "accounts:emergency_access_start": Entry(
        expect(LOGIN, 403, 403, 200, 404, 403, 403),
        kwargs=client_id,
        client_scoped=True,
        post=expect(LOGIN, 403, 403, 302, 404, 403, 403),
        data={"reason": "The client called in crisis and their therapist is away today."},
    ),
    "accounts:emergency_access_detail": Entry(
        expect(LOGIN, 200, 404, 200, 404, 403, 403), kwargs=emergency_grant, client_scoped=True
    ),
    "accounts:emergency_access_end": Entry(
        POST_ONLY, kwargs=emergency_grant, client_scoped=True, post=expect(LOGIN, 403, 403, 302, 404, 403, 403)
    ),
}


def _converters(pattern):
    return {**getattr(pattern, "outer_converters", {}), **pattern.pattern.converters}


def _walk(patterns, namespace="", outer=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner, {**(outer or {}), **pattern.pattern.converters})
        elif isinstance(pattern, URLPattern) and pattern.name:
            pattern.outer_converters = outer or {}
            yield f"{namespace}{pattern.name}", pattern
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}<unnamed {pattern.pattern}>", pattern


def project_url_names():
    """Every URL pattern of the project except the operator's admin site (tested on its own below)."""
    return {name for name, _ in _walk(get_resolver().url_patterns) if not name.startswith("admin:")}


def admin_url_patterns():
    return [(name, pattern) for name, pattern in _walk(get_resolver().url_patterns) if name.startswith("admin:")]


def test_every_url_pattern_has_an_entry():
    missing = project_url_names() - set(MATRIX)
    assert not missing, f"URL patterns with no authorization-matrix entry: {sorted(missing)}"


def test_the_matrix_names_no_url_that_does_not_exist():
    assert not set(MATRIX) - project_url_names()


def test_every_url_with_an_object_id_is_client_scoped():
    """Every object in a URL is client data here; such pages must be audited reads (checked in test_matrix)."""
    from django.urls.converters import UUIDConverter

    for name, pattern in _walk(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue
        converters = _converters(pattern)
        if any(isinstance(converter, UUIDConverter) for converter in converters.values()):
            entry = MATRIX[name]
            assert entry.client_scoped or entry.directory, f"{name} takes an object id but is not marked client-scoped"


def _check(django_client, url, expected, role, method="get", data=None):
    response = getattr(django_client, method)(url, data or {})
    if expected == LOGIN:
        assert response.status_code == 302, f"{url} as {role}: {response.status_code}, expected a login redirect"
        assert response["Location"].startswith(reverse("accounts:login")), f"{url} as {role}: {response['Location']}"
    else:
        assert response.status_code == expected, f"{url} as {role}: {response.status_code}, expected {expected}"
    return response


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(name, role, cast, client, sign_in):
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None)
    if role != "anonymous":
        sign_in(role)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = _check(client, url, entry.outcomes[role], role)
    if entry.client_scoped and response.status_code == 200:
        reads = AuditEvent.objects.exclude(pk__in=before).filter(client__isnull=False)
        assert reads.count() == 1, f"{url} as {role} wrote {reads.count()} client audit events"
        assert reads.get().actor == cast[role]


POST_NAMES = sorted(name for name, entry in MATRIX.items() if entry.post)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", POST_NAMES)
def test_matrix_post(name, role, cast, client, sign_in):
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None)
    if role != "anonymous":
        sign_in(role)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = _check(client, url, entry.post[role], role, method="post", data=entry.post_data(cast))
    if response.status_code in (403, 404, 405) or response.status_code == 302 and role == "anonymous":
        changed = AuditEvent.objects.exclude(pk__in=before).exclude(action__startswith="auth.")
        assert not changed.exclude(action__endswith=".view").exists(), f"{url} as {role} changed something"


ADMIN_ARGUMENTS = {
    "app_label": "accounts",
    "object_id": None,
    "pk": "1",
    "id": "1",
    "content_type_id": "1",
    "url": "no-such-page/",
}


def _admin_url(name, pattern):
    """A concrete URL for one pattern of the admin site, arguments filled in by their names."""
    names = set(pattern.pattern.regex.groupindex) | set(getattr(pattern.pattern, "converters", {}))
    kwargs = {key: ADMIN_ARGUMENTS[key] or str(uuid.uuid4()) for key in names}
    if name.startswith("admin:<unnamed"):
        return "/operator/" + kwargs.get("url", "")
    return reverse(name, kwargs=kwargs)


def test_the_admin_walk_finds_the_sites_pages():
    names = {name for name, _ in admin_url_patterns()}
    assert {
        "admin:index",
        "admin:login",
        "admin:audit_auditevent_changelist",
        "admin:clients_client_change",
    } <= names


@pytest.mark.parametrize("role", ROLES)
def test_no_product_role_reaches_any_page_of_the_operator_site(role, cast, client, sign_in):
    """The admin site is for operators with a second factor; every other role is turned away."""
    if role != "anonymous":
        sign_in(role)
    for name, pattern in admin_url_patterns():
        url = _admin_url(name, pattern)
        response = client.get(url)
        if name == "admin:logout":  # the admin sends non-operators from its logout to its index
            assert response.status_code == 302
            assert response["Location"] == reverse("admin:index")
        elif name == "admin:login":
            expected = 302 if role == "anonymous" else 403
            assert response.status_code == expected, f"{url} as {role}: {response.status_code}"
        else:
            assert response.status_code == 302, f"{url} as {role}: {response.status_code}"
            assert response["Location"].startswith(reverse("admin:login")), f"{url} as {role}: {response['Location']}"
