"""Duplicate referrals (issue 20, item 14): the match page shows the client's existing connections, and a
second open referral of the same client to the same resource is refused with a clear message."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peers import services
from peers.models import PeerReferral

from ..factories import PeerReferralFactory, PeerResourceFactory


@pytest.fixture
def group(clinic):
    return PeerResourceFactory(clinic=clinic, name="Thursday peer circle")


@pytest.fixture
def awaiting(client_record, group):
    return PeerReferralFactory(client=client_record, resource=group, status="awaiting_consent", shown_to_client=True)


def refer(django_client, client_record, resource, why="Wants to meet people on Thursdays"):
    url = reverse("peers:referral_create", args=[client_record.pk, resource.pk])
    return django_client.post(url, {"why": why, "shared_details": ["first_name"]})


def test_a_second_referral_to_a_group_already_awaiting_consent_is_refused_and_what_was_typed_kept(
    client, login, therapist, client_record, group, awaiting
):
    login(therapist)
    response = refer(client, client_record, group, why="A second try at the same group")
    page = response.content.decode()
    assert response.status_code == 409
    assert "There is already an open referral to Thursday peer circle for this client (awaiting consent)" in page
    assert "A second try at the same group" in page
    assert f'href="{awaiting.get_absolute_url()}"' in page
    assert list(PeerReferral.objects.values_list("pk", flat=True)) == [awaiting.pk]


def test_the_service_refuses_an_open_duplicate_whatever_its_stage(therapist, client_record, group):
    for status in ("suggested", "awaiting_consent", "consented", "introduced", "attending"):
        PeerReferral.objects.all().delete()
        PeerReferralFactory(client=client_record, resource=group, status=status)
        with pytest.raises(ValidationError) as refused:
            services.referral_create(client=client_record, by_user=therapist, resource=group, data={"why": "Again"})
        assert refused.value.code == "duplicate", status
        assert PeerReferral.objects.count() == 1


def test_an_ended_referral_or_another_resource_does_not_block_a_new_one(
    client, login, therapist, client_record, group, clinic
):
    PeerReferralFactory(client=client_record, resource=group, status="declined")
    PeerReferralFactory(client=client_record, resource=PeerResourceFactory(clinic=clinic), status="awaiting_consent")
    login(therapist)
    assert refer(client, client_record, group).status_code == 302
    assert PeerReferral.objects.filter(resource=group).count() == 2


def test_the_referral_page_warns_before_anything_is_typed(client, login, therapist, client_record, group, awaiting):
    login(therapist)
    page = client.get(reverse("peers:referral_create", args=[client_record.pk, group.pk])).content.decode()
    assert "This client already has an open referral to this resource (Awaiting consent)" in page
    assert f'href="{awaiting.get_absolute_url()}"' in page


def test_the_match_page_shows_the_clients_existing_connections(
    client, login, therapist, client_record, group, awaiting, clinic
):
    ended = PeerReferralFactory(
        client=client_record, resource=PeerResourceFactory(clinic=clinic, name="Monday walkers"), status="declined"
    )
    login(therapist)
    page = client.get(reverse("peers:match", args=[client_record.pk])).content.decode()
    connections = page[page.index("Existing connections") : page.index("Suggestions")]
    assert "Thursday peer circle" in connections
    assert "Awaiting consent" in connections
    assert "Monday walkers" in connections
    assert "Declined" in connections
    assert f'href="{awaiting.get_absolute_url()}"' in connections
    assert f'href="{ended.get_absolute_url()}"' in connections
    # The group already awaiting consent offers its referral, not a second "Refer"; the ended one may be referred.
    suggestions = page[page.index("Suggestions") :]
    assert reverse("peers:referral_create", args=[client_record.pk, group.pk]) not in suggestions
    assert f'href="{awaiting.get_absolute_url()}"' in suggestions
    assert reverse("peers:referral_create", args=[client_record.pk, ended.resource.pk]) in suggestions


def test_the_match_page_says_when_there_are_no_connections_yet(client, login, therapist, client_record, group):
    login(therapist)
    page = client.get(reverse("peers:match", args=[client_record.pk])).content.decode()
    connections = page[page.index("Existing connections") : page.index("Suggestions")]
    assert "No peer referrals yet." in connections
