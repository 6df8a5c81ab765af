"""Find a client from the header (issue 23): two letters find a client of the therapist's own caseload or care
teams, by chosen or legal name; never another therapist's client; the text typed goes in no URL and no audit row."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from clients.models import ClientStatus

from ..factories import CareTeamMemberFactory, ClientFactory

FIND = reverse("clients:find")


def find(client, text, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(FIND, {"q": text}, **headers)


def test_two_letters_find_a_client_of_the_caseload_by_chosen_or_legal_name(client, login, therapist, client_record):
    login(therapist)
    for text in ("Da", "da", "Riv", "dana riv"):
        page = find(client, text).content.decode()
        assert reverse("clients:overview", args=[client_record.pk]) in page, text
        assert "Dana" in page
    assert "No client of your caseload" in find(client, "Zz").content.decode()


def test_one_letter_asks_for_another_and_nothing_typed_shows_nothing(client, login, therapist, client_record):
    login(therapist)
    assert "at least two letters" in find(client, "D").content.decode()
    assert find(client, "").content.decode().strip() == ""
    assert not AuditEvent.objects.filter(action="caseload.search").exists()


def test_another_therapists_client_is_not_found_but_a_care_team_client_is(
    client, login, therapist, colleague, client_record
):
    login(colleague)
    assert reverse("clients:overview", args=[client_record.pk]) not in find(client, "Dana").content.decode()
    CareTeamMemberFactory(client=client_record, user=colleague)
    assert reverse("clients:overview", args=[client_record.pk]) in find(client, "Dana").content.decode()


def test_another_clinics_client_of_the_same_name_is_never_found(client, login, therapist, client_record):
    ClientFactory(preferred_name="Dana", legal_name="Dana Elsewhere")  # another clinic, another therapist
    login(therapist)
    page = find(client, "Dana").content.decode()
    assert page.count('class="client-find-link"') == 1


def test_active_clients_come_first_and_more_than_eight_say_so(client, login, therapist, client_record):
    for number in range(9):
        ClientFactory(
            clinic=client_record.clinic,
            primary_therapist=therapist,
            preferred_name=f"Dana {number}",
            status=ClientStatus.DISCHARGED,
        )
    login(therapist)
    page = find(client, "Dana").content.decode()
    assert page.count('class="client-find-link"') == 8
    assert page.index(reverse("clients:overview", args=[client_record.pk])) < page.index("Discharged")
    assert "More clients match" in page


def test_without_javascript_the_button_answers_with_a_page(client, login, therapist, client_record):
    login(therapist)
    response = find(client, "Da", htmx=False)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Find a client</h1>" in page
    assert 'value="Da"' in page  # what was typed stays in the field
    assert reverse("clients:overview", args=[client_record.pk]) in page


def test_each_search_is_recorded_with_the_number_shown_and_never_the_text(client, login, therapist, client_record):
    login(therapist)
    find(client, "Dana")
    event = AuditEvent.objects.get(action="caseload.search")
    assert event.actor == therapist
    assert event.detail == {"shown": 1}
    assert "Dana" not in str(event.detail) + event.path


@pytest.mark.parametrize("role", ["admin", "client_user"])
def test_only_therapists_search(client, login, request, role):
    login(request.getfixturevalue(role))
    assert find(client, "Dana").status_code == 403


def test_the_header_offers_it_to_therapists_only(client, login, therapist, admin):
    login(therapist)
    assert 'id="client-find-q"' in client.get(reverse("clients:caseload")).content.decode()
    client.logout()
    login(admin)
    assert 'id="client-find-q"' not in client.get(reverse("accounts:staff")).content.decode()
