"""Issue 23: a disclosure plan's status step changes in place with htmx (the section comes back with the new
step marked, the focus returns to the button through its stable id, the status region says what changed; going
back a step without a reason comes back with the reason asked for); without JavaScript the form posts as before."""

from django.urls import reverse

from disclosure.models import DisclosurePlan

from ..factories import DisclosurePlanFactory


def status_url(plan):
    return reverse("disclosure:status", args=[plan.client_id, plan.pk])


def test_htmx_gets_the_section_back_with_the_new_step(client, login, therapist, client_record):
    plan = DisclosurePlanFactory(client=client_record)
    login(therapist)
    response = client.post(status_url(plan), {"status": "rehearsing", "reason": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<section aria-labelledby="status-heading" class="mb-4" id="plan-status">' in html
    assert 'aria-current="step">Rehearsing</li>' in html
    assert f'id="status-submit-{plan.pk}"' in html
    assert "Status changed to “Rehearsing”." in html
    assert 'id="live-status" hx-swap-oob="true"' in html
    assert DisclosurePlan.objects.get(pk=plan.pk).status == "rehearsing"


def test_going_back_without_a_reason_comes_back_in_place_with_the_question(client, login, therapist, client_record):
    plan = DisclosurePlanFactory(client=client_record, status="ready")
    login(therapist)
    response = client.post(status_url(plan), {"status": "considering", "reason": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # htmx puts a 200 in place
    html = response.content.decode()
    assert "The status did not change." in html
    assert 'aria-current="step">Ready</li>' in html
    assert "live-status" not in html
    assert DisclosurePlan.objects.get(pk=plan.pk).status == "ready"


def test_without_javascript_it_redirects_to_the_plan(client, login, therapist, client_record):
    plan = DisclosurePlanFactory(client=client_record)
    login(therapist)
    response = client.post(status_url(plan), {"status": "rehearsing", "reason": ""})
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    response = client.post(status_url(plan), {"status": "considering", "reason": ""})
    assert response.status_code == 400
    assert "<html" in response.content.decode()
