"""Issue 21: the audit log's person and client filters are type-aheads, not a select of the whole clinic.

The matches come from a small POST view (the typed text never travels in a URL), scoped exactly as the
filter's choices; the chosen id still goes through the form, which refuses anyone outside that scope.
"""

import re

import pytest
from django.test import Client as DjangoClient
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from clients.models import Client

from ..conftest import log_in
from ..factories import ClientFactory, UserFactory

LOG = reverse("accounts:audit_log")
MATCHES = "accounts:audit_log_matches"
HTMX = {"HTTP_HX_REQUEST": "true"}


def matches(client, field, text, **headers):
    return client.post(reverse(MATCHES), {"field": field, "q": text}, **headers)


def options(response):
    """The (id, label) of each option of the type-ahead's list."""
    return re.findall(r'<li[^>]*role="option"[^>]*data-value="([^"]+)"[^>]*>([^<]*)</li>', response.content.decode())


@pytest.fixture
def strangers(other_clinic, other_admin):
    """People of another clinic whose names match the same letters."""
    therapist = UserFactory(clinic=other_clinic, role=Role.THERAPIST, full_name="Alicia Elsewhere")
    client = ClientFactory(clinic=other_clinic, primary_therapist=therapist, preferred_name="Danielle")
    return therapist, client


def test_an_admin_finds_the_clinics_staff_and_clients_and_no_one_elses(
    client, login, admin, therapist, client_record, other_client_record, client_user, strangers
):
    login(admin)
    people = options(matches(client, "person", "ali", **HTMX))
    assert people == [(str(therapist.pk), "Alice Therapist (Therapist)")]
    clients = options(matches(client, "client", "dan", **HTMX))
    assert clients == [(str(client_record.pk), "Dana")]
    # Every word must match, in any order, any case; a client's portal account is not staff.
    assert options(matches(client, "client", "DAN", **HTMX)) == clients
    assert options(matches(client, "person", "therapist alice", **HTMX)) == people
    assert options(matches(client, "person", "dana", **HTMX)) == []


def test_a_client_is_found_by_the_name_the_client_chose(client, login, admin, clinic, therapist):
    ClientFactory(clinic=clinic, primary_therapist=therapist, legal_name="Robert Lane", preferred_name="Robin")
    login(admin)
    assert [label for _, label in options(matches(client, "client", "robin", **HTMX))] == ["Robin"]
    assert options(matches(client, "client", "robert", **HTMX)) == []


def test_a_therapist_finds_only_clients_of_their_caseload_and_no_person(
    client, login, therapist, client_record, other_client_record
):
    login(therapist)
    assert options(matches(client, "client", "dana", **HTMX)) == [(str(client_record.pk), "Dana")]
    assert options(matches(client, "client", "erin", **HTMX)) == []
    assert matches(client, "person", "bob", **HTMX).status_code == 400  # a therapist's log has no person filter


def test_at_most_ten_matches_and_the_list_says_there_are_more(client, login, admin, clinic, therapist):
    Client.objects.bulk_create(
        Client(clinic=clinic, primary_therapist=therapist, legal_name=f"Sam {i:02d}", preferred_name="")
        for i in range(15)
    )
    login(admin)
    response = matches(client, "client", "sam", **HTMX)
    assert [label for _, label in options(response)] == [f"Sam {i:02d}" for i in range(10)]
    assert "Type more of the name" in response.content.decode()


def test_who_may_ask_for_matches(client, login, admin, therapist, client_user, client_record):
    url = reverse(MATCHES)
    anonymous = client.post(url, {"field": "client", "q": "dana"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    login(client_user)
    assert matches(client, "client", "dana", **HTMX).status_code == 403
    login(admin)
    assert client.get(url, {"field": "client", "q": "dana"}).status_code == 405  # the text never in a URL
    assert matches(client, "nobody", "dana", **HTMX).status_code == 400


def test_the_matches_need_the_csrf_token(admin, client_record):
    browser = log_in(DjangoClient(enforce_csrf_checks=True), admin)
    assert matches(browser, "client", "dana", **HTMX).status_code == 403


def test_a_search_is_audited_without_the_text_typed(client, login, admin, client_record):
    login(admin)
    matches(client, "client", "dana", **HTMX)
    searched = AuditEvent.objects.get(action="audit_log.search")
    assert searched.actor == admin
    assert searched.client is None
    assert searched.detail == {"field": "client", "shown": 1}
    assert "dana" not in str(searched.detail).lower()
    assert "dana" not in searched.path.lower()


def test_names_are_escaped_in_the_matches(client, login, admin, clinic, therapist):
    ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_name="<b>Zoe</b>")
    login(admin)
    for response in (matches(client, "client", "zoe", **HTMX), matches(client, "client", "zoe")):
        page = response.content.decode()
        assert "<b>Zoe</b>" not in page
        assert "&lt;b&gt;Zoe&lt;/b&gt;" in page


def test_without_javascript_the_search_is_a_page_of_links_that_filter_by_id(
    client, login, admin, therapist, client_record
):
    login(admin)
    keep = f"action=client.&person={therapist.pk}&client=someone-else&before=x&other=y"
    response = client.post(reverse(MATCHES), {"field": "client", "q": "dana", "keep": keep})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    # The filter's own fields are kept (the chosen one replaced); nothing else, and no page cursor.
    assert f'href="{LOG}?person={therapist.pk}&amp;client={client_record.pk}&amp;action=client."' in page
    assert "someone-else" not in page
    assert "other=y" not in page
    assert "before=x" not in page


def test_the_chosen_id_is_checked_against_the_scope(
    client, login, admin, other_admin, therapist, client_record, strangers
):
    stranger, stranger_client = strangers
    login(admin)
    for query in ({"person": stranger.pk}, {"client": stranger_client.pk}, {"person": client_record.portal_user_id}):
        response = client.get(LOG, query)
        assert response.status_code == 400
        page = response.content.decode()
        assert "Alicia Elsewhere" not in page
        assert "Danielle" not in page
    # The chosen person's name is shown in the type-ahead, the id in its hidden field.
    page = client.get(LOG, {"person": therapist.pk, "client": client_record.pk}).content.decode()
    assert re.search(rf'<input type="hidden" name="person" value="{therapist.pk}"', page)
    assert re.search(rf'<input type="hidden" name="client" value="{client_record.pk}"', page)
    assert 'value="Alice Therapist (Therapist)"' in page
    assert 'value="Dana"' in page


def test_the_page_lists_no_one_and_stays_light_for_a_large_clinic(client, login, admin, clinic, therapist):
    Client.objects.bulk_create(
        Client(clinic=clinic, primary_therapist=therapist, legal_name=f"Person Number {i:04d}", preferred_name="")
        for i in range(1000)
    )
    UserFactory.create_batch(30, clinic=clinic, role=Role.THERAPIST)
    login(admin)
    client.get(LOG)
    page = client.get(LOG).content.decode()
    size = len(page.encode())
    print(f"\naudit log page for a clinic of 1,000 clients and 32 staff: {size} bytes")
    assert "<select" not in page.split("<main")[1].split("</main>")[0]
    assert "Person Number 0" not in page
    assert 'role="combobox"' in page
    assert 'hx-post="' + reverse(MATCHES) + '"' in page
    assert size < 40_000
