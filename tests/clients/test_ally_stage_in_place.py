"""Issue 23: a support person's stage on the ally path changes in place with htmx (the path comes back, the focus
returns to the pressed stage through its stable id, the status region says what changed); without JavaScript the
press posts and the network page comes back at that person."""

from django.urls import reverse

from audit.models import AuditEvent

from ..factories import EmergencyAccessFactory, SupportPersonFactory


def stage_url(client_record, person):
    return reverse("clients:support_person_stage", args=[client_record.pk, person.pk])


def test_the_network_page_has_a_button_per_stage(client, login, therapist, client_record):
    person = SupportPersonFactory(client=client_record, created_by=therapist, name="Jess", ally_stage="potential")
    login(therapist)
    html = client.get(reverse("clients:support_network", args=[client_record.pk])).content.decode()
    for stage in ("potential", "approached", "ally"):
        assert f'id="stage-{person.pk}-{stage}"' in html
    assert 'aria-label="Ally path of Jess"' in html


def test_htmx_gets_the_path_back_with_the_new_stage_and_the_message(client, login, therapist, client_record):
    person = SupportPersonFactory(client=client_record, created_by=therapist, name="Jess", ally_stage="potential")
    login(therapist)
    response = client.post(stage_url(client_record, person), {"stage": "approached"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<div class="ally-path-holder mb-2" id="ally-path-{person.pk}">')
    assert f'id="stage-{person.pk}-approached" class="btn btn-sm btn-primary"' in html
    assert 'aria-current="step">Approached' in html
    assert "Ally path of Jess: Approached." in html
    assert 'id="live-status" hx-swap-oob="true"' in html
    person.refresh_from_db()
    assert person.ally_stage == "approached"
    event = AuditEvent.objects.get(action="support_person.update", client=client_record)
    assert event.detail == {"fields": ["ally_stage"]}


def test_without_javascript_it_returns_to_the_person_on_the_network_page(client, login, therapist, client_record):
    person = SupportPersonFactory(client=client_record, created_by=therapist, name="Jess")
    login(therapist)
    response = client.post(stage_url(client_record, person), {"stage": "ally"})
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:support_network", args=[client_record.pk]) + f"#person-{person.pk}"
    person.refresh_from_db()
    assert person.ally_stage == "ally"


def test_a_stage_that_is_not_one_changes_nothing(client, login, therapist, client_record):
    person = SupportPersonFactory(client=client_record, created_by=therapist, ally_stage="potential")
    login(therapist)
    assert (
        client.post(stage_url(client_record, person), {"stage": "best friend"}, HTTP_HX_REQUEST="true").status_code
        == 400
    )
    client.post(stage_url(client_record, person), {"stage": "best friend"})
    person.refresh_from_db()
    assert person.ally_stage == "potential"
    assert not AuditEvent.objects.filter(action="support_person.update").exists()


def test_a_reader_sees_the_path_without_buttons(client, login, admin, client_record):
    person = SupportPersonFactory(client=client_record, ally_stage="ally")
    EmergencyAccessFactory(admin=admin, client=client_record)
    login(admin)
    html = client.get(reverse("clients:support_network", args=[client_record.pk])).content.decode()
    assert f'id="stage-{person.pk}-ally"' not in html
    assert 'aria-current="step">Ally</li>' in html
