"""The clinic's time-zone picker (issue 20, item 3): its country's common zones first, every zone by region
after, labelled and searchable, and a name it does not know refused with a message that says what to do."""

import html
import re

import pytest
from django.urls import reverse

URL = "accounts:clinic_settings"


def settings_data(clinic, zone):
    return {
        "clinic-name": clinic.name,
        "clinic-timezone": zone,
        "clinic-default_language": "en",
        "clinic-session_idle_minutes": "15",
        "clinic-export_expiry_days": "7",
        "clinic-discharge_grace_days": "30",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
    }


def picker(page):
    """[(group label, [zone values])] of the time-zone <select>, in page order."""
    select = re.search(r'<select name="clinic-timezone".*?</select>', page, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    return [(html.unescape(label), re.findall(r'<option value="([^"]*)"', body)) for label, body in groups]


@pytest.mark.django_db
def test_the_picker_lists_the_clinics_countrys_zones_first(client, login, admin):
    login(admin)
    page = client.get(reverse(URL)).content.decode()
    groups = picker(page)
    assert groups, "the zones are not grouped"
    label, first = groups[0]
    assert label == "Common in United States"
    assert first[:2] == ["America/New_York", "America/Detroit"]
    assert {"America/Chicago", "America/Denver", "America/Los_Angeles", "Pacific/Honolulu"} <= set(first)
    assert "Europe/Madrid" not in first
    rest = [zone for _label, zones in groups[1:] for zone in zones]
    assert "Europe/Madrid" in rest
    assert "Asia/Tokyo" in rest
    assert len(rest) > 300
    assert [label for label, _zones in groups[1:3]] == ["All time zones: Africa", "All time zones: Americas"]
    assert 'data-zone-picker=""' in page
    assert 'data-search-label="Search time zones"' in page
    assert re.search(r'<label\s+for="id_clinic-timezone"', page)
    assert "js/zone-picker" in page


@pytest.mark.django_db
def test_a_clinic_in_spain_sees_spains_zones_first_in_spanish(client, login, admin, clinic):
    clinic.timezone = "Europe/Madrid"
    clinic.save()
    admin.preferred_language = "es"
    admin.save()
    login(admin)
    page = client.get(reverse(URL), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert picker(page), "the zones are not grouped"
    label, first = picker(page)[0]
    assert label == "Habituales en España"
    assert first == ["Europe/Madrid", "Africa/Ceuta", "Atlantic/Canary"]
    assert 'data-search-label="Buscar zonas horarias"' in page


@pytest.mark.django_db
def test_a_zone_it_does_not_know_is_refused_with_a_clear_message(client, login, admin, clinic):
    login(admin)
    response = client.post(reverse(URL), settings_data(clinic, "Mars/Olympus_Mons"))
    clinic.refresh_from_db()
    assert response.status_code == 400
    assert clinic.timezone == "America/New_York"
    page = html.unescape(response.content.decode())
    assert "“Mars/Olympus_Mons” is not a time zone we know. Choose one from the list" in page


@pytest.mark.django_db
def test_a_new_zone_is_saved_and_shows_at_once_for_the_admin(client, login, admin, clinic):
    login(admin)
    response = client.post(reverse(URL), settings_data(clinic, "America/Chicago"))
    clinic.refresh_from_db()
    assert response.status_code == 302
    assert clinic.timezone == "America/Chicago"
    assert client.session["_time_zone"] == "America/Chicago"
    assert picker(client.get(reverse(URL)).content.decode())[0][1][0] == "America/New_York"  # still the US's
