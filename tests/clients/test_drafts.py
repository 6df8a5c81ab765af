"""Issue 23: drafts on the server. What a staff member types in a check-in or a plan is kept every few seconds
(static/js/session.js posts it), offered back when they open the form again, and gone once the form is saved."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from clients import drafts
from clients.models import CheckIn, FormDraft

from ..factories import CareTeamMemberFactory, ClientFactory, EmergencyAccessFactory


def form_page(client_record):
    return reverse("clients:check_in_create", args=[client_record.pk])


def keep(client, client_record, page=None, **fields):
    data = {"draft_page": page or form_page(client_record), "csrfmiddlewaretoken": "x", "submission_key": "k"}
    data.update(fields)
    return client.post(reverse("clients:draft", args=[client_record.pk]), data)


def island(html):
    found = re.search(r'<script id="form-draft" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else None


def test_a_draft_is_kept_and_offered_back_on_the_form(client, login, therapist, client_record):
    login(therapist)
    response = keep(client, client_record, notes="Talked about the letter to her manager", wellbeing="6")
    assert response.status_code == 200
    assert response.json()["said"].startswith("Draft saved at ")
    keep(client, client_record, notes="Talked about the letter to her manager; she wants to wait", wellbeing="7")

    draft = FormDraft.objects.get()
    assert draft.fields == {"notes": ["Talked about the letter to her manager; she wants to wait"], "wellbeing": ["7"]}
    # one audit event when the draft starts, not one per save
    assert AuditEvent.objects.filter(action="draft.start", client=client_record).count() == 1

    html = client.get(form_page(client_record)).content.decode()
    offered = island(html)
    assert offered["fields"] == draft.fields
    assert offered["page"] == form_page(client_record)
    assert offered["url"] == reverse("clients:draft", args=[client_record.pk])
    assert "data-draft-notice hidden" in html
    assert "is filled in below" in html
    assert AuditEvent.objects.filter(action="draft.view", client=client_record).count() == 1


def test_the_form_without_a_draft_still_gets_the_island_for_saving(client, login, therapist, client_record):
    login(therapist)
    html = client.get(form_page(client_record)).content.decode()
    assert island(html)["fields"] is None
    assert "data-draft-notice" not in html
    assert not AuditEvent.objects.filter(action="draft.view").exists()


def test_saving_the_form_deletes_the_draft_and_an_error_keeps_it(client, login, therapist, client_record):
    login(therapist)
    keep(client, client_record, notes="A hard week at work")
    page = form_page(client_record)

    client.post(page, {"notes": "A hard week at work"})  # no wellbeing: the form comes back with errors
    assert FormDraft.objects.count() == 1
    assert island(client.post(page, {"notes": "x"}).content.decode())["fields"] is None  # what was posted shows

    response = client.post(
        page,
        {
            "session_date": timezone.localdate().isoformat(),
            "wellbeing": "6",
            "stigma_encounters": "0",
            "relapse_risk": "low",
            "advocacy_load": "ok",
            "notes": "A hard week at work",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CheckIn.objects.count() == 1
    assert not FormDraft.objects.exists()
    assert island(client.get(page).content.decode())["fields"] is None


def test_a_draft_is_its_author_alone(client, login, therapist, colleague, client_record):
    CareTeamMemberFactory(client=client_record, user=colleague)
    login(therapist)
    keep(client, client_record, notes="Only mine")
    client.logout()
    login(colleague)
    assert island(client.get(form_page(client_record)).content.decode())["fields"] is None


def test_only_a_form_of_this_record_with_drafts_is_kept(client, login, therapist, client_record):
    other = ClientFactory(clinic=client_record.clinic, primary_therapist=therapist)
    login(therapist)
    assert keep(client, client_record, page=form_page(other), notes="x").status_code == 404
    assert keep(client, client_record, page=reverse("clients:intake", args=[client_record.pk])).status_code == 404
    assert keep(client, client_record, page="/nowhere/").status_code == 404
    assert not FormDraft.objects.exists()


@pytest.mark.parametrize("draftable", sorted(drafts.DRAFTABLE))
def test_every_form_with_drafts_gets_the_island(client, login, therapist, client_record, cast, draftable):
    from tests.test_authorization_matrix import MATRIX

    login(cast["therapist"])
    entry = MATRIX[draftable]
    url = reverse(draftable, kwargs=entry.kwargs(cast))
    html = client.get(url).content.decode()
    assert island(html)["page"] == url


def test_a_reader_under_emergency_access_keeps_no_draft(client, login, admin, client_record):
    EmergencyAccessFactory(admin=admin, client=client_record)
    login(admin)
    assert keep(client, client_record, notes="x").status_code in (403, 404)
    assert not FormDraft.objects.exists()


def test_discarding_deletes_it_and_returns_to_the_form(client, login, therapist, client_record):
    login(therapist)
    keep(client, client_record, notes="Not this one")
    response = keep(client, client_record, discard="1")
    assert response.status_code == 302
    assert response["Location"] == form_page(client_record)
    assert not FormDraft.objects.exists()
    assert AuditEvent.objects.filter(action="draft.discard", client=client_record).count() == 1


def test_an_old_draft_is_not_offered_and_the_sweep_deletes_it(client, login, therapist, client_record):
    login(therapist)
    keep(client, client_record, notes="Weeks ago")
    old = timezone.now() - datetime.timedelta(days=drafts.DRAFT_DAYS + 1)
    FormDraft.objects.update(updated_at=old)
    assert island(client.get(form_page(client_record)).content.decode())["fields"] is None
    assert drafts.sweep() == 1
    assert not FormDraft.objects.exists()


def test_a_draft_too_large_is_refused(client, login, therapist, client_record):
    login(therapist)
    assert keep(client, client_record, notes="x" * (drafts.MAX_CHARACTERS + 1)).status_code == 413
    assert not FormDraft.objects.exists()
