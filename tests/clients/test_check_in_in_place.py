"""Issue 23: a check-in saved with JavaScript (htmx) is saved in place: the form becomes the saved check-in and
the draft goes, as after the redirect without JavaScript; one that needs a change comes back as the form's fields
with what to change, the draft kept."""

from django.urls import reverse
from django.utils import timezone

from clients.models import CheckIn, FormDraft


def answers(**changes):
    data = {
        "session_date": timezone.localdate().isoformat(),
        "wellbeing": "6",
        "stigma_encounters": "0",
        "relapse_risk": "low",
        "advocacy_load": "ok",
        "notes": "Went to the support group for the first time",
    }
    data.update(changes)
    return data


def keep_draft(client, client_record):
    page = reverse("clients:check_in_create", args=[client_record.pk])
    client.post(reverse("clients:draft", args=[client_record.pk]), {"draft_page": page, "notes": "Went to"})
    return page


def test_saved_in_place_with_the_draft_gone(client, login, therapist, client_record):
    login(therapist)
    page = keep_draft(client, client_record)
    response = client.post(page, answers(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 class="h4" tabindex="-1">Check-in saved</h2>' in html
    assert "Wellbeing 6/10" in html
    assert 'id="live-status" hx-swap-oob="true"' in html
    assert CheckIn.objects.get(client=client_record).notes == "Went to the support group for the first time"
    assert not FormDraft.objects.exists()


def test_a_change_needed_comes_back_in_place_with_the_draft_kept(client, login, therapist, client_record):
    login(therapist)
    page = keep_draft(client, client_record)
    response = client.post(page, answers(wellbeing=""), HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # htmx puts a 200 in place
    html = response.content.decode()
    assert not html.lstrip().startswith("<!DOCTYPE")
    assert 'id="form-errors"' in html
    assert 'id="save-check-in"' in html
    assert "Went to the support group for the first time" in html  # what was typed is still there
    assert not CheckIn.objects.exists()
    assert FormDraft.objects.count() == 1


def test_without_javascript_it_still_redirects_to_the_overview(client, login, therapist, client_record):
    login(therapist)
    page = keep_draft(client, client_record)
    response = client.post(page, answers())
    assert response.status_code == 302
    assert response["Location"] == client_record.get_absolute_url()
    assert not FormDraft.objects.exists()
