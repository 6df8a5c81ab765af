"""The client's portal home."""

from django.urls import reverse

from ..factories import CrisisLineFactory


def test_the_portal_home_greets_the_client_by_preferred_name_and_shows_crisis_lines(
    client, login, client_user, client_record
):
    CrisisLineFactory(clinic=client_record.clinic)
    login(client_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Hello, Dana" in page
    assert "Nothing has been shared with you yet" in page
    assert 'href="tel:988"' in page


def test_a_client_without_a_record_gets_not_found(client, login, clinic):
    from accounts.models import Role

    from ..factories import UserFactory

    login(UserFactory(clinic=clinic, role=Role.CLIENT))
    assert client.get(reverse("portal:home")).status_code == 404


def test_staff_are_not_shown_the_portal(client, login, therapist):
    login(therapist)
    assert client.get(reverse("portal:home")).status_code == 404
