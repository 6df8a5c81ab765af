"""Issue 21: the audit log's client filter is a type-ahead. An admin types part of a name, moves to a match with
the arrow keys, chooses it with Enter and filters: the log shows that client's events only. Screenshots at
1024 px and 375 px go to /tmp."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent

from ..factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_an_admin_types_part_of_a_name_chooses_with_the_keyboard_and_filters(
    staff_page, admin, clinic, therapist, client_record
):
    for name in ("Danielle", "Daniel", "Erin"):
        person = ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_name=name)
        AuditEvent.objects.create(clinic=clinic, actor=therapist, client=person, action="safety_plan.view")
    AuditEvent.objects.create(clinic=clinic, actor=therapist, client=client_record, action="client.overview.view")
    page = staff_page(admin)
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(reverse("accounts:audit_log"))
    box = page.get_by_role("combobox", name="Client")
    assert page.get_by_role("button", name="Find").count() == 0  # the no-JavaScript button goes
    box.click()
    box.press_sequentially("dan", delay=50)
    listbox = page.get_by_role("listbox", name="Client")
    listbox.get_by_role("option").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert listbox.get_by_role("option").all_inner_texts() == ["Dana", "Daniel", "Danielle"]
    assert "3 matches" in page.locator("#id_client_status").inner_text()  # read out to screen readers
    page.screenshot(path="/tmp/audit-typeahead-1024.png", full_page=True)

    box.press("ArrowDown")
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").inner_text() == "Daniel"
    box.press("Enter")  # chooses
    assert box.input_value() == "Daniel"
    assert box.get_attribute("aria-expanded") == "false"
    daniel = str(clinic.clients.get(preferred_name="Daniel").pk)
    assert page.locator("input[type=hidden][name=client]").input_value() == daniel
    box.press("Enter")  # filters
    page.wait_for_url(f"**client={daniel}**")
    assert "dan" not in page.url.lower()  # only the id travels in the URL
    assert page.locator("tbody td:nth-child(3)").all_inner_texts() == ["Daniel"]
    assert page.get_by_role("combobox", name="Client").input_value() == "Daniel"

    # Escape closes the list, then empties the field (the filter is then all clients again).
    box = page.get_by_role("combobox", name="Client")
    box.click()
    box.fill("")
    box.press_sequentially("eri", delay=50)
    page.get_by_role("listbox", name="Client").get_by_role("option").first.wait_for()
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Escape")
    assert box.input_value() == ""
    assert page.locator("input[type=hidden][name=client]").input_value() == ""

    page.set_viewport_size({"width": 375, "height": 800})
    box.press_sequentially("dan", delay=50)
    page.get_by_role("listbox", name="Client").get_by_role("option").first.wait_for()
    page.screenshot(path="/tmp/audit-typeahead-375.png", full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375, f"the page scrolls sideways at 375 px ({scroll_width} px)"
    assert page.console_errors == []
