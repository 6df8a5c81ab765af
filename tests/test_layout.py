"""The base layout: strict CSP with no inline script, a skip link, landmarks, a language switcher."""

import re

from django.urls import reverse


def test_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def _inline_code(html):
    inline_scripts = [
        s
        for s in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        if "src=" not in s[0] and 'type="application/json"' not in s[0]  # data islands are not run
    ]
    handlers = re.findall(r"\son[a-z]+=", html)
    styles = re.findall(r"\sstyle=", html)
    return inline_scripts, handlers, styles


def test_no_page_has_inline_script_or_style(client, login, therapist, client_record, admin, client_user):
    pages = [
        (None, reverse("accounts:login")),
        (therapist, reverse("clients:caseload")),
        (therapist, client_record.get_absolute_url()),
        (admin, reverse("accounts:staff")),
        (client_user, reverse("portal:home")),
    ]
    for user, url in pages:
        if user:
            login(user)
        html = client.get(url).content.decode()
        assert _inline_code(html) == ([], [], []), url


def test_the_layout_has_a_skip_link_landmarks_and_a_language_switcher(client, login, therapist):
    login(therapist)
    html = client.get(reverse("clients:caseload")).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert "<nav" in html
    assert 'name="language"' in html
    assert 'value="es"' in html
    assert '<html lang="en">' in html


def test_assets_come_from_installed_packages_not_a_cdn(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert re.search(r'src="/static/django_htmx/htmx[^"]*\.js"', html)
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html


def test_choosing_spanish_switches_the_language(client, login, therapist):
    login(therapist)
    response = client.post(reverse("set_language"), {"language": "es", "next": reverse("clients:caseload")})
    assert response.status_code == 302
    assert client.get(reverse("clients:caseload")).content.decode().startswith('<!DOCTYPE html>\n\n<html lang="es">')


def test_logging_in_applies_the_preferred_language(client, db, clinic):
    from accounts.models import Role

    from .conftest import PASSWORD
    from .factories import UserFactory

    person = UserFactory(clinic=clinic, role=Role.CLIENT, preferred_language="es")
    response = client.post(reverse("accounts:login"), {"username": person.email, "password": PASSWORD})
    assert response.cookies["django_language"].value == "es"
