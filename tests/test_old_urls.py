"""Every user-facing URL people have still answers (issue 22): bookmarks, links in emails, calendar subscriptions.

The paths are written out as people have them, not built with `reverse()`: a path that moved would still reverse
and pass, but the bookmark or the emailed link would be a 404. They are the paths of commit 5fbaf0f, the last
before any app moved (`git show 5fbaf0f:empowerment/urls.py`, and each app's urls.py there), each with the URL
name it had then, which stays too (docs/architecture.md, "Moving a model between apps").
"""

from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from grievances.models import Grievance
from reminders import calendar

from . import conftest
from .conftest import log_in
from .held_data import Held, made_as_fixtures

ID = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b"  # any id: resolving a path needs only its shape
TOKEN = "kT3v9x_Q"

# (path as people have it, its URL name at 5fbaf0f). Every path of that commit, pages and buttons alike.
OLD_PATHS = [
    ("/", "home"),
    ("/i18n/setlang/", "set_language"),
    ("/health/", "health"),
    ("/health/detail/", "health_detail"),
    ("/operator/", "admin:index"),
    # Signing in and one's own account; the password-reset and invitation links are sent by email.
    ("/accounts/login/", "accounts:login"),
    ("/accounts/logout/", "accounts:logout"),
    ("/accounts/second-factor/", "accounts:mfa_verify"),
    ("/accounts/second-factor/set-up/", "accounts:mfa_setup"),
    ("/accounts/password-reset/", "accounts:password_reset"),
    ("/accounts/password-reset/sent/", "accounts:password_reset_done"),
    (f"/accounts/password-reset/MTIz/{TOKEN}-a1b2c3/", "accounts:password_reset_confirm"),
    ("/accounts/password-reset/complete/", "accounts:password_reset_complete"),
    ("/accounts/password/change/", "accounts:password_change"),
    ("/accounts/sessions/", "accounts:sessions"),
    ("/accounts/sessions/end-others/", "accounts:sessions_end_others"),
    ("/accounts/session/keep-alive/", "accounts:session_keep_alive"),
    ("/accounts/confirm-it-is-you/", "accounts:reauthenticate"),
    (f"/accounts/invitation/{TOKEN}/", "accounts:invitation_accept"),
    ("/accounts/invitation/", "accounts:invitation_set_password"),
    # The clinic's administration.
    ("/accounts/audit-log/", "accounts:audit_log"),
    ("/accounts/audit-log/export/", "accounts:audit_log_export"),
    ("/accounts/audit-log/matches/", "accounts:audit_log_matches"),
    ("/accounts/inclusive-care/", "accounts:inclusive_care"),
    ("/accounts/inclusive-care/new/", "accounts:inclusive_care_new"),
    (f"/accounts/inclusive-care/{ID}/", "accounts:inclusive_care_review"),
    ("/accounts/emergency-access/", "accounts:emergency_access_list"),
    (f"/accounts/emergency-access/clients/{ID}/", "accounts:emergency_access_start"),
    (f"/accounts/emergency-access/{ID}/", "accounts:emergency_access_detail"),
    (f"/accounts/emergency-access/{ID}/end/", "accounts:emergency_access_end"),
    ("/accounts/staff/", "accounts:staff"),
    ("/accounts/staff/invite/", "accounts:staff_invite"),
    (f"/accounts/staff/{ID}/", "accounts:staff_member"),
    (f"/accounts/staff/{ID}/role/", "accounts:staff_role"),
    (f"/accounts/staff/{ID}/deactivate/", "accounts:staff_deactivate"),
    (f"/accounts/staff/{ID}/reactivate/", "accounts:staff_reactivate"),
    (f"/accounts/staff/{ID}/second-factor/reset/", "accounts:staff_reset_mfa"),
    (f"/accounts/staff/invitations/{ID}/resend/", "accounts:invitation_resend"),
    (f"/accounts/staff/invitations/{ID}/revoke/", "accounts:invitation_revoke"),
    ("/accounts/clinic/settings/", "accounts:clinic_settings"),
    ("/clinic/grievances/", "grievances:inbox"),
    (f"/clinic/grievances/{ID}/", "grievances:detail"),  # the link in the admins' notification
    # The client record.
    ("/clients/", "clients:caseload"),
    ("/clients/new/", "clients:create"),
    ("/clients/roster/", "clients:roster"),
    ("/clients/words-we-use/", "clients:words_we_use"),
    (f"/clients/staff/{ID}/caseload/", "clients:caseload_reassign"),
    (f"/clients/{ID}/", "clients:overview"),
    (f"/clients/{ID}/intake/", "clients:intake"),
    (f"/clients/{ID}/discharge/", "clients:discharge"),
    (f"/clients/{ID}/reopen/", "clients:reopen"),
    (f"/clients/{ID}/reassign/", "clients:reassign"),
    (f"/clients/{ID}/care-team/", "clients:care_team"),
    (f"/clients/{ID}/care-team/{ID}/remove/", "clients:care_team_remove"),
    (f"/clients/{ID}/support-network/", "clients:support_network"),
    (f"/clients/{ID}/support-network/new/", "clients:support_person_create"),
    (f"/clients/{ID}/support-network/{ID}/", "clients:support_person_edit"),
    (f"/clients/{ID}/support-network/{ID}/archive/", "clients:support_person_archive"),
    (f"/clients/{ID}/safety-plan/", "clients:safety_plan"),
    (f"/clients/{ID}/safety-plan/edit/", "clients:safety_plan_edit"),
    (f"/clients/{ID}/check-ins/", "clients:check_ins"),
    (f"/clients/{ID}/check-ins/new/", "clients:check_in_create"),
    (f"/clients/{ID}/share/disclosure_plan/{ID}/", "clients:share"),
    (f"/clients/{ID}/portal-invitation/", "clients:portal_invite"),
    (f"/clients/{ID}/reminders/new/", "reminders:reminder_create"),
    # The feature apps, under the record.
    (f"/clients/{ID}/portfolio/", "portfolio:home"),
    (f"/clients/{ID}/portfolio/plan/", "portfolio:plan_edit"),
    (f"/clients/{ID}/portfolio/new/journal/", "portfolio:item_create"),
    (f"/clients/{ID}/portfolio/goals/{ID}/check/", "portfolio:goal_check"),
    (f"/clients/{ID}/portfolio/goals/{ID}/archive/", "portfolio:goal_archive"),
    (f"/clients/{ID}/portfolio/exports/", "portfolio:exports"),
    (f"/clients/{ID}/portfolio/exports/{ID}/", "portfolio:export_status"),
    (f"/clients/{ID}/portfolio/exports/{ID}/download/", "portfolio:export_download"),
    (f"/clients/{ID}/portfolio/measures/", "portfolio:measures"),
    (f"/clients/{ID}/portfolio/measures/assign/", "portfolio:measure_assign"),
    (f"/clients/{ID}/portfolio/measures/self_stigma_pulse/enter/", "portfolio:measure_enter"),
    (f"/clients/{ID}/disclosure/", "disclosure:list"),
    (f"/clients/{ID}/disclosure/new/", "disclosure:create"),
    (f"/clients/{ID}/disclosure/{ID}/", "disclosure:detail"),
    (f"/clients/{ID}/disclosure/{ID}/edit/", "disclosure:edit"),
    (f"/clients/{ID}/disclosure/{ID}/status/", "disclosure:status"),
    (f"/clients/{ID}/disclosure/{ID}/archive/", "disclosure:archive"),
    (f"/clients/{ID}/disclosure/{ID}/rehearsals/new/", "disclosure:rehearsal_create"),
    (f"/clients/{ID}/disclosure/{ID}/debriefs/new/", "disclosure:debrief_create"),
    (f"/clients/{ID}/advocacy/", "advocacy:list"),
    (f"/clients/{ID}/advocacy/new/", "advocacy:create"),
    (f"/clients/{ID}/advocacy/{ID}/", "advocacy:detail"),
    (f"/clients/{ID}/advocacy/{ID}/edit/", "advocacy:edit"),
    (f"/clients/{ID}/advocacy/{ID}/status/", "advocacy:status"),
    (f"/clients/{ID}/advocacy/{ID}/archive/", "advocacy:archive"),
    (f"/clients/{ID}/advocacy/{ID}/steps/new/", "advocacy:step_create"),
    (f"/clients/{ID}/advocacy/{ID}/steps/{ID}/", "advocacy:step_edit"),
    (f"/clients/{ID}/advocacy/{ID}/reviews/new/", "advocacy:review_create"),
    (f"/clients/{ID}/advocacy/{ID}/stories/new/", "advocacy:draft_create"),
    (f"/clients/{ID}/advocacy/{ID}/stories/{ID}/", "advocacy:draft_edit"),
    (f"/clients/{ID}/advocacy/{ID}/stories/{ID}/ready/", "advocacy:draft_ready"),
    ("/advocacy/opportunities/", "opportunities:list"),
    ("/advocacy/opportunities/new/", "opportunities:create"),
    (f"/advocacy/opportunities/{ID}/", "opportunities:edit"),
    (f"/clients/{ID}/peers/match/", "peers:match"),
    (f"/clients/{ID}/peers/referrals/new/{ID}/", "peers:referral_create"),
    (f"/clients/{ID}/peers/referrals/{ID}/", "peers:referral_detail"),
    (f"/clients/{ID}/peers/referrals/{ID}/edit/", "peers:referral_edit"),
    (f"/clients/{ID}/peers/referrals/{ID}/status/", "peers:referral_status"),
    (f"/clients/{ID}/peers/referrals/{ID}/consent/", "peers:referral_consent"),
    (f"/clients/{ID}/peers/referrals/{ID}/withdraw/", "peers:referral_withdraw"),
    ("/peers/directory/", "directory:list"),
    ("/peers/directory/new/", "directory:create"),
    (f"/peers/directory/{ID}/", "directory:edit"),
    (f"/peers/directory/{ID}/verify/", "directory:verify"),
    # Notifications and the calendar feed (a calendar app holds the .ics address for good).
    ("/notifications/", "reminders:notifications"),
    ("/notifications/read/", "reminders:notifications_read"),
    ("/notifications/calendar/", "reminders:calendar"),
    (f"/calendar/{TOKEN}.ics", "reminders:calendar_feed"),
    # The client's portal.
    ("/portal/", "portal:home"),
    ("/portal/safety-plan/", "portal:safety_plan"),
    ("/portal/record-closed/", "portal:record_closed"),
    ("/portal/profile/", "portal:profile"),
    (f"/portal/disclosure/{ID}/", "portal:disclosure_plan"),
    (f"/portal/disclosure/{ID}/readiness/", "portal:disclosure_readiness"),
    (f"/portal/disclosure/{ID}/debrief/", "portal:disclosure_debrief"),
    (f"/portal/advocacy/{ID}/", "portal:advocacy_plan"),
    (f"/portal/advocacy/{ID}/steps/{ID}/done/", "portal:advocacy_step_done"),
    (f"/portal/advocacy/{ID}/review/", "portal:advocacy_review"),
    (f"/portal/goals/{ID}/check/", "portal:goal_check"),
    ("/portal/journal/", "portal:journal"),
    ("/portal/reminders/", "portal:reminders"),
    (f"/portal/reminders/{ID}/off/", "portal:reminder_off"),
    ("/portal/portfolio-pdf/", "portal:exports"),
    (f"/portal/portfolio-pdf/{ID}/", "portal:export_status"),
    (f"/portal/portfolio-pdf/{ID}/download/", "portal:export_download"),
    (f"/portal/measures/{ID}/", "portal:measure"),
    ("/portal/stigma-encounters/new/", "portal:encounter_log"),
    (f"/portal/connections/{ID}/", "portal:referral"),
    (f"/portal/connections/{ID}/consent/", "portal:referral_consent"),
    (f"/portal/connections/{ID}/decline/", "portal:referral_decline"),
    (f"/portal/connections/{ID}/withdraw/", "portal:referral_withdraw"),
    ("/portal/feedback/", "portal:grievances"),
    ("/portal/feedback/new/", "portal:grievance_new"),
    (f"/portal/feedback/{ID}/", "portal:grievance"),  # the link in the client's notification
]


@pytest.mark.parametrize(("path", "name"), OLD_PATHS, ids=[path for path, _name in OLD_PATHS])
def test_each_old_path_still_resolves_to_its_page(path, name):
    try:
        match = resolve(path)
    except Resolver404:
        pytest.fail(f"{path} no longer answers: a bookmark or an emailed link to it is a 404")
    assert match.view_name == name, f"{path} now opens {match.view_name}, not {name}"


# What a signed-in person gets from a GET of a real path: (who, path, status). `{name}` is a real row's id or a
# real token (see `_ids`); the rest of each path is literal. A sample of each role's pages and of the emailed links.
SIGNED_IN = [
    ("therapist", "/", 302),
    ("therapist", "/clients/", 200),
    ("therapist", "/clients/words-we-use/", 200),
    ("therapist", "/clients/{client}/", 200),
    ("therapist", "/clients/{client}/intake/", 200),
    ("therapist", "/clients/{client}/safety-plan/", 200),
    ("therapist", "/clients/{client}/support-network/", 200),
    ("therapist", "/clients/{client}/check-ins/", 200),
    ("therapist", "/clients/{client}/portfolio/", 200),
    ("therapist", "/clients/{client}/portfolio/measures/", 200),
    ("therapist", "/clients/{client}/disclosure/", 200),
    ("therapist", "/clients/{client}/disclosure/{disclosure_plan}/", 200),
    ("therapist", "/clients/{client}/advocacy/", 200),
    ("therapist", "/clients/{client}/advocacy/{advocacy_plan}/", 200),
    ("therapist", "/clients/{client}/peers/match/", 200),
    ("therapist", "/clients/{client}/peers/referrals/{referral}/", 200),
    ("therapist", "/clients/{client}/reminders/new/", 200),
    ("therapist", "/advocacy/opportunities/", 200),
    ("therapist", "/peers/directory/", 200),
    ("therapist", "/notifications/", 200),
    ("therapist", "/notifications/calendar/", 200),
    ("therapist", "/accounts/sessions/", 200),
    ("client", "/", 302),
    ("client", "/portal/", 200),
    ("client", "/portal/safety-plan/", 200),
    ("client", "/portal/profile/", 200),
    ("client", "/portal/disclosure/{disclosure_plan}/", 200),
    ("client", "/portal/advocacy/{advocacy_plan}/", 200),
    ("client", "/portal/journal/", 200),
    ("client", "/portal/reminders/", 200),
    ("client", "/portal/portfolio-pdf/", 200),
    ("client", "/portal/measures/{measure_assignment}/", 200),
    ("client", "/portal/connections/{referral}/", 200),
    ("client", "/portal/feedback/", 200),
    ("client", "/portal/feedback/new/", 200),
    ("client", "/portal/feedback/{grievance}/", 200),
    ("admin", "/", 302),
    ("admin", "/clients/roster/", 200),
    ("admin", "/accounts/staff/", 200),
    ("admin", "/accounts/staff/{colleague}/", 200),
    ("admin", "/accounts/clinic/settings/", 200),
    ("admin", "/accounts/audit-log/", 200),
    ("admin", "/accounts/inclusive-care/", 200),
    ("admin", "/accounts/emergency-access/", 200),
    ("admin", "/clinic/grievances/", 200),
    ("admin", "/clinic/grievances/{grievance}/", 200),
    # Signed out: the sign-in pages, and the links people get by email or give to a calendar app.
    (None, "/accounts/login/", 200),
    (None, "/accounts/password-reset/", 200),
    (None, "/accounts/password-reset/{reset_uid}/{reset_token}/", 302),  # on to the set-a-password form
    (None, "/accounts/invitation/{invitation_token}/", 302),  # the token moves into the session
    (None, "/calendar/{calendar_token}.ics", 200),
    (None, "/health/", 200),
]


def _ids(cast):
    therapist = cast["therapist"]
    client_record = cast["client_record"]
    grievance = Grievance.objects.create(
        client=client_record, submitted_by=cast["client"], subject="Waiting room", text="More chairs with arms."
    )
    return {
        "client": client_record.pk,
        "colleague": cast["colleague"].pk,
        "disclosure_plan": cast["disclosure_plan"].pk,
        "advocacy_plan": cast["advocacy_plan"].pk,
        "referral": cast["referral"].pk,
        "measure_assignment": cast["measure_assignment"].pk,
        "grievance": grievance.pk,
        "reset_uid": urlsafe_base64_encode(force_bytes(therapist.pk)),
        "reset_token": default_token_generator.make_token(therapist),
        "invitation_token": cast["staff_invitation_token"],
        "calendar_token": calendar.feed_create(user=cast["client"]),
    }


def _cast_ids_and_sessions():
    """The cast, the ids and tokens the paths take, and a signed-in session for each person who opens them."""
    from .factories import issued_invitation

    cast = made_as_fixtures(conftest, "cast")
    sessions = {}  # first: signing in changes what a password-reset token is made from (the last login)
    for who in {who for who, _path, _status in SIGNED_IN if who is not None}:
        sessions[who] = log_in(Client(), cast[who]).cookies[settings.SESSION_COOKIE_NAME].value
    _invitation, token = issued_invitation(cast["admin"], email="another.colleague@example.org")
    return {"ids": _ids({**cast, "staff_invitation_token": token}), "sessions": sessions}


@pytest.fixture(scope="module")
def _held(django_db_setup, django_db_blocker):
    """Made once for the module (tests/held_data.py); behind a transaction pooler each test makes its own."""
    held = Held(django_db_blocker, _cast_ids_and_sessions)
    if settings.DATABASE_POOLER != "transaction":
        held.hold()
    yield held
    held.release()


@pytest.fixture
def paths_data(_held, db):
    return _held.data if _held.is_held else _cast_ids_and_sessions()


@pytest.mark.parametrize(
    ("who", "path", "status"), SIGNED_IN, ids=[f"{who or 'signed-out'}:{path}" for who, path, _s in SIGNED_IN]
)
def test_an_old_path_gives_a_signed_in_person_the_same_kind_of_answer(client, paths_data, who, path, status):
    url = path.format(**paths_data["ids"])
    if who is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = paths_data["sessions"][who]
    response = client.get(url)
    assert response.status_code == status, f"{who or 'signed out'}: GET {path} is {response.status_code}"
    if status == 302:  # and it leads somewhere that answers
        resolve(urlparse(response["Location"]).path)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/operator/accounts/auditevent/", "/operator/audit/auditevent/"),
        (
            "/operator/accounts/auditevent/?action=client.overview.view",
            "/operator/audit/auditevent/?action=client.overview.view",
        ),
        (f"/operator/accounts/clinic/{ID}/change/", f"/operator/clinics/clinic/{ID}/change/"),
    ],
)
def test_the_operator_sites_old_addresses_of_moved_models_lead_to_the_new_ones(client, old, new):
    """The audit log and the clinics left accounts (issue 22); the admin site's pages follow the app label."""
    response = client.get(old)
    assert response.status_code == 302
    assert response["Location"] == new
    assert resolve(new.split("?")[0]).url_name in ("audit_auditevent_changelist", "clinics_clinic_change")


def test_the_operator_sites_old_address_of_emergency_access_leads_to_the_new_one(client):
    """Emergency access left accounts for clients (issue 22); the admin site's pages follow the app label."""
    response = client.get(f"/operator/accounts/emergencyaccess/{ID}/change/?x=1")
    assert response.status_code == 302
    assert response["Location"] == f"/operator/clients/emergencyaccess/{ID}/change/?x=1"
    assert resolve(f"/operator/clients/emergencyaccess/{ID}/change/").url_name == "clients_emergencyaccess_change"
