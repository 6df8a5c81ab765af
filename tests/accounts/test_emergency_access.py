"""Emergency access (issue 9, must-show 2): a clinic admin reads one client's record for a limited time.

No access without a reason; it ends by itself at the limit; the primary therapist is told (in the app
and by a discreet email); every page read under it is audited with the grant; it is read-only; an
admin of another clinic and a therapist cannot start one.
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from clients import emergency
from clients.context_processors import emergency_access as banner_context
from clients.models import EmergencyAccess
from reminders.models import Notification

from ..factories import EmergencyAccessFactory
from ..test_authorization_matrix import MATRIX, THERAPIST_ONLY

REASON = "The client called the front desk in distress; their therapist is away and we need the safety plan."


def start_url(client_record):
    return reverse("accounts:emergency_access_start", kwargs={"client_id": client_record.pk})


@pytest.fixture
def ask(client, login, admin, client_record, django_capture_on_commit_callbacks):
    """The admin asks for emergency access to the therapist's client, with `reason`."""

    def _ask(reason=REASON, *, as_user=None, record=None):
        login(as_user or admin)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(start_url(record or client_record), {"reason": reason})

    return _ask


@pytest.fixture
def grant(admin, client_record):
    return EmergencyAccessFactory(admin=admin, client=client_record)


def new_events(before, **filters):
    return AuditEvent.objects.exclude(pk__in=before).filter(**filters)


# Asking, with a reason -----------------------------------------------------------------------------


def test_the_roster_offers_emergency_access_for_each_client(client, login, admin, client_record):
    login(admin)
    html = client.get(reverse("clients:roster")).content.decode()
    assert start_url(client_record) in html


def test_the_request_page_says_it_is_logged_shown_to_the_therapist_and_ends_by_itself(
    client, login, admin, client_record
):
    login(admin)
    response = client.get(start_url(client_record))
    html = response.content.decode()
    assert response.status_code == 200
    assert "recorded in the clinic's audit log" in html
    assert "The primary therapist, Alice Therapist, is told at once" in html
    assert "Access ends by itself after 60 minutes" in html
    assert AuditEvent.objects.filter(action="emergency_access.request.view", client=client_record).count() == 1


@pytest.mark.parametrize("typed", ["", "   \n  "])
def test_no_access_without_a_reason(ask, client, typed, client_record):
    response = ask(typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Type the reason you need this record now" in html
    assert 'aria-invalid="true"' in html  # the field is marked; text that was typed is kept (next test)
    assert not EmergencyAccess.objects.exists()
    assert not AuditEvent.objects.filter(action="emergency_access.start").exists()
    assert client.get(client_record.get_absolute_url()).status_code == 404


def test_a_reason_that_is_too_long_is_refused_and_kept(ask):
    typed = "The client asked for help at the front desk. " * 50  # over 2,000 characters
    response = ask(typed)
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    assert typed.strip() in response.content.decode().replace("&#x27;", "'")
    assert not EmergencyAccess.objects.exists()


def test_with_a_reason_the_admin_reads_the_record(ask, client, admin, client_record):
    response = ask(f"  {REASON}  ")
    assert response.status_code == 302
    assert response["Location"] == client_record.get_absolute_url()
    grant = EmergencyAccess.objects.get()
    assert (grant.admin, grant.client, grant.reason) == (admin, client_record, REASON)
    start = AuditEvent.objects.get(action="emergency_access.start")
    assert (start.actor, start.client, start.emergency_access) == (admin, client_record, grant)
    assert client.get(client_record.get_absolute_url()).status_code == 200


def test_only_the_admins_own_clinic_roster_is_open_to_them(ask, client, other_admin, client_record):
    response = ask(as_user=other_admin)
    assert response.status_code == 404
    assert client.get(start_url(client_record)).status_code == 404
    assert not EmergencyAccess.objects.exists()
    with pytest.raises(PermissionDenied):
        emergency.emergency_access_start(admin=other_admin, client=client_record, reason=REASON)


def test_a_therapist_cannot_start_one(ask, client, therapist, colleague, client_record):
    assert ask(as_user=colleague).status_code == 403
    assert client.get(start_url(client_record)).status_code == 403
    with pytest.raises(PermissionDenied):
        emergency.emergency_access_start(admin=therapist, client=client_record, reason=REASON)
    assert not EmergencyAccess.objects.exists()


def test_asking_twice_for_the_same_record_makes_one_grant(ask):
    ask()
    ask()
    assert EmergencyAccess.objects.count() == 1


def test_one_record_at_a_time(ask, admin, client_record, other_client_record):
    ask(record=client_record)
    ask(record=other_client_record)
    first, second = EmergencyAccess.objects.order_by("starts_at")
    assert first.ended_early_at is not None
    assert second.ended_early_at is None
    assert AuditEvent.objects.filter(action="emergency_access.end", emergency_access=first).count() == 1


# It ends by itself -----------------------------------------------------------------------------------


def test_access_ends_by_itself_at_the_limit(ask, client, login, admin, client_record):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert ask().status_code == 302
        grant = EmergencyAccess.objects.get()
        assert grant.ends_at == start + dt.timedelta(minutes=60)
    with time_machine.travel(start + dt.timedelta(minutes=59, seconds=59), tick=False):
        client.logout()  # a fresh session: the idle logout (15 minutes) is shorter than the access
        login(admin)
        assert client.get(client_record.get_absolute_url()).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=60), tick=False):
        client.logout()
        login(admin)
        assert client.get(client_record.get_absolute_url()).status_code == 404
        roster = client.get(reverse("clients:roster")).content.decode()
        assert "emergency-banner" not in roster


def test_the_limit_comes_from_settings(ask, settings):
    settings.EMERGENCY_ACCESS_MINUTES = 15
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ask()
    assert EmergencyAccess.objects.get().ends_at == start + dt.timedelta(minutes=15)


def test_the_admin_can_end_it_early(client, login, admin, grant, client_record):
    login(admin)
    response = client.post(reverse("accounts:emergency_access_end", kwargs={"grant_id": grant.pk}))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.ended_early_at is not None
    end = AuditEvent.objects.get(action="emergency_access.end")
    assert (end.actor, end.client, end.emergency_access) == (admin, client_record, grant)
    assert client.get(client_record.get_absolute_url()).status_code == 404


def test_nobody_else_can_end_it(client, login, therapist, other_admin, grant):
    url = reverse("accounts:emergency_access_end", kwargs={"grant_id": grant.pk})
    for user, status in ((therapist, 403), (other_admin, 404)):
        login(user)
        assert client.post(url).status_code == status
    grant.refresh_from_db()
    assert grant.ended_early_at is None


# The banner --------------------------------------------------------------------------------------------


def test_a_banner_on_every_page_says_whose_record_and_when_it_ends(client, login, admin, client_record):
    start = timezone.now().replace(hour=14, minute=0, second=0, microsecond=0)
    client_record.clinic.timezone = "UTC"
    client_record.clinic.save()
    with time_machine.travel(start, tick=False):
        EmergencyAccessFactory(admin=admin, client=client_record, ends_at=start + dt.timedelta(minutes=60))
        login(admin)
        for url in (reverse("accounts:staff"), reverse("clients:roster"), client_record.get_absolute_url()):
            html = client.get(url).content.decode()
            banner = html[html.index('<aside class="emergency-banner') : html.index("</aside>")]
            assert "under emergency access" in banner
            assert "Dana" in banner
            assert "3 p.m." in banner
            assert reverse("accounts:emergency_access_end", kwargs={"grant_id": EmergencyAccess.objects.get().pk}) in (
                banner
            )


def test_the_overview_has_one_notice_not_two(client, login, admin, grant, client_record):
    login(admin)
    html = client.get(client_record.get_absolute_url()).content.decode()
    assert html.count("under emergency access") == 1


def test_the_banner_costs_nothing_for_other_roles_and_is_lazy_for_admins(
    therapist, admin, grant, django_assert_num_queries
):
    request = RequestFactory().get("/")
    request.user = therapist
    assert banner_context(request) == {}
    request.user = admin
    admin.is_verified = lambda: True  # past the second factor, as django_otp's middleware marks it
    with django_assert_num_queries(0):
        context = banner_context(request)
    with django_assert_num_queries(1):
        assert [g.pk for g in context["active_emergency_grants"]] == [grant.pk]


# The therapist is told -----------------------------------------------------------------------------------


def test_the_primary_therapist_is_notified_in_the_app(ask, therapist, colleague):
    ask()
    grant = EmergencyAccess.objects.get()
    note = Notification.objects.get()
    assert note.user == therapist
    assert note.text == "A clinic admin opened a client record under emergency access"
    assert note.link == reverse("accounts:emergency_access_detail", kwargs={"grant_id": grant.pk})
    assert not Notification.objects.filter(user=colleague).exists()


def test_the_email_to_the_therapist_is_discreet(ask, therapist, client_record, clinic):
    ask()
    grant = EmergencyAccess.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [therapist.email]
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    everything = message.subject + message.body + html
    for secret in ("Dana", "Rivera", REASON, "distress", "safety plan", clinic.name, "Carol"):
        assert secret not in everything
    link = "http://testserver" + reverse("accounts:emergency_access_detail", kwargs={"grant_id": grant.pk})
    assert link in message.body
    assert link in html


def test_no_email_before_the_grant_is_committed(client, login, admin, client_record):
    login(admin)
    client.post(start_url(client_record), {"reason": REASON})  # on-commit callbacks not run
    assert mail.outbox == []


def test_the_therapist_reads_who_when_and_why(ask, client, login, therapist):
    ask()
    grant = EmergencyAccess.objects.get()
    login(therapist)
    response = client.get(reverse("accounts:emergency_access_detail", kwargs={"grant_id": grant.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Carol Admin" in html
    assert "Dana" in html
    assert REASON.replace("'", "&#x27;") in html
    view = AuditEvent.objects.get(action="emergency_access.view")
    assert (view.actor, view.client) == (therapist, grant.client)


def test_therapists_see_accesses_to_their_caseload_only(
    client, login, therapist, colleague, admin, other_admin, client_record, other_client_record
):
    EmergencyAccessFactory(admin=admin, client=client_record, reason="Reason about Dana")
    EmergencyAccessFactory(admin=admin, client=other_client_record, reason="Reason about Erin")
    url = reverse("accounts:emergency_access_list")
    for user, sees, does_not_see in (
        (therapist, ["about Dana"], ["about Erin"]),
        (colleague, ["about Erin"], ["about Dana"]),
        (admin, ["about Dana", "about Erin"], []),
        (other_admin, [], ["about Dana", "about Erin"]),
    ):
        login(user)
        html = client.get(url).content.decode()
        assert all(text in html for text in sees), user
        assert not any(text in html for text in does_not_see), user


def test_another_clinics_admin_cannot_see_the_details(client, login, other_admin, colleague, grant):
    url = reverse("accounts:emergency_access_detail", kwargs={"grant_id": grant.pk})
    for user in (other_admin, colleague):
        login(user)
        assert client.get(url).status_code == 404


# Audited as emergency access ------------------------------------------------------------------------------


def test_pages_viewed_under_it_are_audited_as_emergency_access(client, login, admin, grant, client_record):
    login(admin)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    for url in (
        client_record.get_absolute_url(),
        reverse("disclosure:list", kwargs={"client_id": client_record.pk}),
        reverse("portfolio:home", kwargs={"client_id": client_record.pk}),
    ):
        assert client.get(url).status_code == 200, url
    reads = new_events(before, client=client_record)
    assert reads.count() == 3
    assert all((event.actor, event.emergency_access) == (admin, grant) for event in reads)


def test_a_therapists_reads_are_not_marked_as_emergency_access(client, login, therapist, grant, client_record):
    login(therapist)
    client.get(client_record.get_absolute_url())
    assert AuditEvent.objects.get(action="client.overview.view").emergency_access is None


RECORD_PAGES = sorted(
    name for name, entry in MATRIX.items() if entry.client_scoped and entry.outcomes == THERAPIST_ONLY
)


@pytest.mark.parametrize("name", RECORD_PAGES)
def test_every_record_page_read_under_it_names_the_grant(name, cast, client, login):
    entry, admin = MATRIX[name], cast["admin"]
    grant = EmergencyAccessFactory(admin=admin, client=cast["client_record"])
    url = reverse(name, kwargs=entry.kwargs(cast))
    login(admin)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = client.get(url)
    assert response.status_code in (200, 403), f"{url}: {response.status_code}"  # 403: a form to change something
    reads = new_events(before, client__isnull=False)
    if response.status_code == 200:
        assert [(event.actor, event.emergency_access) for event in reads] == [(admin, grant)]
    else:
        assert not reads.exists()


# Read-only ------------------------------------------------------------------------------------------------

WRITES = sorted(
    name
    for name, entry in MATRIX.items()
    if entry.client_scoped and entry.post and entry.post["therapist"] not in (403, 404)
)


@pytest.mark.parametrize("name", WRITES)
def test_emergency_access_is_read_only(name, cast, client, login):
    """Every change to a client's record is refused to the admin under the grant, and nothing changes."""
    entry, admin = MATRIX[name], cast["admin"]
    EmergencyAccessFactory(admin=admin, client=cast["client_record"])
    url = reverse(name, kwargs=entry.kwargs(cast))
    login(admin)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = client.post(url, entry.post_data(cast))
    assert response.status_code == 403, f"{url}: {response.status_code}"
    assert not new_events(before).exclude(action__endswith=".view").exists()


def test_the_overview_offers_no_changes_under_emergency_access(client, login, admin, grant, client_record):
    login(admin)
    html = client.get(client_record.get_absolute_url()).content.decode()
    assert reverse("clients:check_in_create", kwargs={"client_id": client_record.pk}) not in html
    assert reverse("clients:intake", kwargs={"client_id": client_record.pk}) not in html
