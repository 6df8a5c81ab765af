"""Issue 23: a draft survives a closed tab. Type in a check-in, close the tab, open the form again: what was
typed is there (kept on the server, clients/drafts.py); saved once, the draft is gone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clients.models import CheckIn, FormDraft

from .conftest import choose_on_scale, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

NOTES = "She wants to tell her sister first, then maybe her manager 🌱"


def test_a_draft_survives_a_closed_tab_and_is_gone_once_saved(browser, live_server, axe, therapist, client_record):
    form = reverse("clients:check_in_create", args=[client_record.pk])
    page = signed_in_page(browser, live_server, therapist, viewport={"width": 1024, "height": 768})
    context = page.context
    page.goto(form)
    choose_on_scale(page, "Wellbeing (0–10)", 6)
    page.get_by_label("Notes").fill(NOTES)
    expect(page.locator("[data-draft-status]")).to_contain_text("Draft saved at", timeout=10_000)
    page.close()  # the tab closed without saving

    page = context.new_page()
    page.goto(form)
    expect(page.get_by_label("Notes")).to_have_value(NOTES)
    expect(
        page.get_by_role("group", name="Wellbeing (0–10)").get_by_role("radio", name="6", exact=True)
    ).to_be_checked()
    expect(page.get_by_text("is filled in below. Save the form to keep it.")).to_be_visible()
    axe(page)

    page.get_by_role("radio", name="Low").check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    saved = CheckIn.objects.get(client=client_record)
    assert saved.notes == NOTES
    assert saved.wellbeing == 6
    assert not FormDraft.objects.exists()

    page.goto(form)
    expect(page.get_by_label("Notes")).to_have_value("")
    expect(page.get_by_text("is filled in below")).to_have_count(0)
    context.close()


def test_discarding_the_draft_empties_the_form(browser, live_server, therapist, client_record):
    form = reverse("clients:check_in_create", args=[client_record.pk])
    page = signed_in_page(browser, live_server, therapist)
    page.goto(form)
    page.get_by_label("Notes").fill("Not what we agreed")
    expect(page.locator("[data-draft-status]")).to_contain_text("Draft saved at", timeout=10_000)
    page.goto(form)
    expect(page.get_by_label("Notes")).to_have_value("Not what we agreed")
    page.get_by_role("button", name="Discard the draft").click()
    expect(page.get_by_text("Draft discarded.")).to_be_visible()
    expect(page.get_by_label("Notes")).to_have_value("")
    assert not FormDraft.objects.exists()
    page.context.close()
