"""Issue 20 item 17: a question answered with radio buttons starts with nothing chosen, and offers no
"---------" button (Django's empty choice, preselected on a required question)."""

import re

import pytest
from django.urls import reverse

from ..factories import AdvocacyPlanFactory, DisclosurePlanFactory

RADIO = re.compile(r"<input\b[^>]*type=\"radio\"[^>]*>")


def radios(html, name):
    return [tag for tag in RADIO.findall(html) if f'name="{name}"' in tag]


def assert_no_empty_choice(response, name):
    assert response.status_code == 200
    html = response.content.decode()
    found = radios(html, name)
    assert found, f"no radio buttons named {name}"
    assert not [tag for tag in found if 'value=""' in tag], f"{name} offers an empty choice"
    assert "---------" not in html
    return found


def assert_nothing_preselected(response, name):
    found = assert_no_empty_choice(response, name)
    assert not [tag for tag in found if " checked" in tag], f"{name} has a preselected choice"


def test_the_check_in_form_has_no_preselected_empty_risk_or_load(client, login, therapist, client_record):
    login(therapist)
    response = client.get(reverse("clients:check_in_create", args=[client_record.pk]))
    assert_nothing_preselected(response, "relapse_risk")
    checked = [tag for tag in assert_no_empty_choice(response, "advocacy_load") if " checked" in tag]
    assert len(checked) == 1
    assert 'value="ok"' in checked[0]  # the model's default, "Manageable"


def test_an_unanswered_relapse_risk_is_refused_with_a_message(client, login, therapist, client_record):
    login(therapist)
    response = client.post(
        reverse("clients:check_in_create", args=[client_record.pk]),
        {"session_date": "", "wellbeing": "5", "stigma_encounters": "0", "notes": "kept"},
    )
    assert response.status_code == 200
    assert "kept" in response.content.decode()
    assert response.context["form"].errors["relapse_risk"]


def test_the_therapists_debrief_form_has_no_preselected_outcome(client, login, therapist, client_record):
    plan = DisclosurePlanFactory(client=client_record)
    login(therapist)
    url = reverse("disclosure:debrief_create", kwargs={"client_id": client_record.pk, "plan_id": plan.pk})
    assert_nothing_preselected(client.get(url), "outcome")


def test_the_clients_debrief_form_has_no_preselected_outcome(client, login, client_user, client_record):
    plan = DisclosurePlanFactory(client=client_record, shared_with_client=True)
    login(client_user)
    assert_nothing_preselected(client.get(reverse("portal:disclosure_debrief", args=[plan.pk])), "outcome")


def test_the_advocacy_review_has_no_preselected_decision(client, login, therapist, client_record):
    plan = AdvocacyPlanFactory(client=client_record)
    login(therapist)
    url = reverse("advocacy:review_create", kwargs={"client_id": client_record.pk, "plan_id": plan.pk})
    assert_nothing_preselected(client.get(url), "decision")


@pytest.mark.parametrize(("name", "value"), [("relapse_risk", "medium"), ("advocacy_load", "too_much")])
def test_the_check_in_radios_keep_what_was_chosen_after_an_error(client, login, therapist, client_record, name, value):
    login(therapist)
    response = client.post(
        reverse("clients:check_in_create", args=[client_record.pk]),
        {"session_date": "", "wellbeing": "99", "relapse_risk": "medium", "advocacy_load": "too_much"},
    )
    checked = [tag for tag in radios(response.content.decode(), name) if " checked" in tag]
    assert len(checked) == 1
    assert f'value="{value}"' in checked[0]
