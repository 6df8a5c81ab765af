"""Issue 23: the "shared with client" switch changes in place with htmx (no reload); without JavaScript it posts
and the page comes back, as before."""

from django.contrib.messages import get_messages
from django.urls import reverse

from audit.models import AuditEvent

from ..factories import SupportPersonFactory


def share_url(client_record, person):
    return reverse("clients:share", args=[client_record.pk, "support_person", person.pk])


def test_htmx_gets_the_switch_back_in_its_new_state_and_the_message_for_the_status_region(
    client, login, therapist, client_record
):
    person = SupportPersonFactory(client=client_record, created_by=therapist, name="Auntie Rae")
    login(therapist)
    network = reverse("clients:support_network", args=[client_record.pk])
    response = client.post(share_url(client_record, person), {"shared": "1", "next": network}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<form class="share-toggle')
    assert "Shared with client" in html
    assert "Stop sharing" in html
    assert f'id="share-support_person-{person.pk}"' in html  # the same id: htmx gives the focus back to it
    assert f'value="{network}"' in html  # a later post without JavaScript still returns to the page
    assert 'id="live-status" hx-swap-oob="true"' in html
    assert "They see it in the portal now." in html
    assert not list(get_messages(response.wsgi_request))  # not shown again on the next page
    person.refresh_from_db()
    assert person.shared_with_client
    assert AuditEvent.objects.filter(action="share.on", client=client_record).count() == 1


def test_without_javascript_it_redirects_back_with_the_message(client, login, therapist, client_record):
    person = SupportPersonFactory(client=client_record, created_by=therapist, shared_with_client=True)
    login(therapist)
    network = reverse("clients:support_network", args=[client_record.pk])
    response = client.post(share_url(client_record, person), {"shared": "0", "next": network}, follow=True)
    assert response.redirect_chain[-1][0] == network
    assert "No longer shared." in response.content.decode()
    person.refresh_from_db()
    assert not person.shared_with_client


def test_every_page_has_an_empty_status_region_inside_main(client, login, therapist, client_record):
    login(therapist)
    page = client.get(reverse("clients:overview", args=[client_record.pk])).content.decode()
    main = page[page.index("<main") :]
    assert '<div id="live-status" class="live-status" role="status" aria-live="polite"></div>' in main


def test_a_next_that_a_browser_reads_as_another_site_is_refused(client, login, therapist, client_record):
    person = SupportPersonFactory(client=client_record, created_by=therapist)
    login(therapist)
    for elsewhere in ("//elsewhere.example/", "/\\elsewhere.example/", "https://elsewhere.example/"):
        response = client.post(share_url(client_record, person), {"shared": "1", "next": elsewhere})
        assert response["Location"] == client_record.get_absolute_url(), elsewhere
