"""The project's authorization matrix: every URL pattern × every role, and what each must get.

A new URL pattern without an entry here fails `test_every_url_pattern_has_an_entry`, so nobody can
add a page without deciding who may open it. Client-scoped pages must also write exactly one audit
event for each successful read.

Outcomes: a status code, or LOGIN (a redirect to the login page).
"""

import uuid
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import AuditEvent

from .conftest import log_in

LOGIN = "login"
ROLES = ("anonymous", "therapist", "colleague", "admin", "other_admin", "client", "other_client")


def expect(anonymous, therapist, colleague, admin, other_admin, client, other_client):
    return dict(zip(ROLES, (anonymous, therapist, colleague, admin, other_admin, client, other_client), strict=True))


@dataclass
class Entry:
    outcomes: dict
    kwargs: callable = None  # kwargs(cast) -> URL kwargs
    method: str = "get"
    client_scoped: bool = False  # a successful GET must write exactly one audit event naming the client
    data: dict = field(default_factory=dict)


def client_id(cast):
    return {"client_id": cast["client_record"].pk}


MATRIX = {
    "home": Entry(expect(LOGIN, 302, 302, 302, 302, 302, 302)),
    "set_language": Entry(expect(302, 302, 302, 302, 302, 302, 302)),
    "accounts:login": Entry(expect(200, 302, 302, 302, 302, 302, 302)),
    "accounts:logout": Entry(expect(405, 405, 405, 405, 405, 405, 405)),
    "accounts:mfa_verify": Entry(expect(LOGIN, 302, 302, 302, 302, 302, 302)),
    "accounts:mfa_setup": Entry(expect(LOGIN, 200, 200, 200, 200, 403, 403)),
    "accounts:password_reset": Entry(expect(200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_reset_done": Entry(expect(200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_reset_confirm": Entry(
        expect(200, 200, 200, 200, 200, 200, 200), kwargs=lambda cast: {"uidb64": "MQ", "token": "no-such-token"}
    ),
    "accounts:password_reset_complete": Entry(expect(200, 200, 200, 200, 200, 200, 200)),
    "accounts:invitation_accept": Entry(
        expect(302, 302, 302, 302, 302, 302, 302), kwargs=lambda cast: {"token": "not-a-real-token"}
    ),
    "accounts:invitation_set_password": Entry(expect(404, 404, 404, 404, 404, 404, 404)),
    "accounts:staff": Entry(expect(LOGIN, 403, 403, 200, 200, 403, 403)),
    "accounts:staff_invite": Entry(expect(LOGIN, 403, 403, 200, 200, 403, 403)),
    "clients:caseload": Entry(expect(LOGIN, 200, 200, 403, 403, 403, 403)),
    "clients:overview": Entry(expect(LOGIN, 200, 404, 404, 404, 404, 404), kwargs=client_id, client_scoped=True),
    "clients:portal_invite": Entry(expect(LOGIN, 200, 404, 404, 404, 404, 404), kwargs=client_id, client_scoped=True),
    "portal:home": Entry(expect(LOGIN, 404, 404, 404, 404, 200, 200), client_scoped=True),
}


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}<unnamed {pattern.pattern}>", pattern


def project_url_names():
    """Every URL pattern of the project except the operator's admin site (tested on its own below)."""
    return {name for name, _ in _walk(get_resolver().url_patterns) if not name.startswith("admin:")}


def admin_url_patterns():
    return [(name, pattern) for name, pattern in _walk(get_resolver().url_patterns) if name.startswith("admin:")]


def test_every_url_pattern_has_an_entry():
    missing = project_url_names() - set(MATRIX)
    assert not missing, f"URL patterns with no authorization-matrix entry: {sorted(missing)}"


def test_the_matrix_names_no_url_that_does_not_exist():
    assert not set(MATRIX) - project_url_names()


def test_every_url_with_an_object_id_is_client_scoped():
    for name, entry in MATRIX.items():
        _, pattern = next((n, p) for n, p in _walk(get_resolver().url_patterns) if n == name)
        if "client_id" in pattern.pattern.converters:
            assert entry.client_scoped, f"{name} takes a client id but is not marked client-scoped"


@pytest.fixture
def cast(therapist, colleague, admin, other_admin, client_user, client_record, other_client_user, other_client_record):
    return {
        "therapist": therapist,
        "colleague": colleague,
        "admin": admin,
        "other_admin": other_admin,
        "client": client_user,
        "other_client": other_client_user,
        "client_record": client_record,
    }


def _check(django_client, url, entry, role):
    response = getattr(django_client, entry.method)(url, entry.data)
    expected = entry.outcomes[role]
    if expected == LOGIN:
        assert response.status_code == 302, f"{url} as {role}: {response.status_code}, expected a login redirect"
        assert response["Location"].startswith(reverse("accounts:login")), f"{url} as {role}: {response['Location']}"
    else:
        assert response.status_code == expected, f"{url} as {role}: {response.status_code}, expected {expected}"
    return response


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(name, role, cast, client):
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None)
    if role != "anonymous":
        log_in(client, cast[role])
    before = AuditEvent.objects.count()
    response = _check(client, url, entry, role)
    if entry.client_scoped and response.status_code == 200:
        events = list(AuditEvent.objects.order_by("at")[before:]) if before else list(AuditEvent.objects.all())
        reads = [event for event in events if event.client_id is not None]
        assert len(reads) == 1, f"{url} as {role} wrote {len(reads)} client audit events"
        assert reads[0].actor == cast[role]


ADMIN_ARGUMENTS = {
    "app_label": "accounts",
    "object_id": None,
    "pk": "1",
    "id": "1",
    "content_type_id": "1",
    "url": "no-such-page/",
}


def _admin_url(name, pattern):
    """A concrete URL for one pattern of the admin site, arguments filled in by their names."""
    names = set(pattern.pattern.regex.groupindex) | set(getattr(pattern.pattern, "converters", {}))
    kwargs = {key: ADMIN_ARGUMENTS[key] or str(uuid.uuid4()) for key in names}
    if name.startswith("admin:<unnamed"):
        return "/operator/" + kwargs.get("url", "")
    return reverse(name, kwargs=kwargs)


def test_the_admin_walk_finds_the_sites_pages():
    names = {name for name, _ in admin_url_patterns()}
    assert {
        "admin:index",
        "admin:login",
        "admin:accounts_auditevent_changelist",
        "admin:clients_client_change",
    } <= names


@pytest.mark.parametrize("role", ROLES)
def test_no_product_role_reaches_any_page_of_the_operator_site(role, cast, client):
    """The admin site is for operators with a second factor; every other role is turned away."""
    if role != "anonymous":
        log_in(client, cast[role])
    for name, pattern in admin_url_patterns():
        url = _admin_url(name, pattern)
        response = client.get(url)
        if name == "admin:logout":  # the admin sends non-operators from its logout to its index
            assert response.status_code == 302 and response["Location"] == reverse("admin:index")
        elif name == "admin:login":
            expected = 302 if role == "anonymous" else 403
            assert response.status_code == expected, f"{url} as {role}: {response.status_code}"
        else:
            assert response.status_code == 302, f"{url} as {role}: {response.status_code}"
            assert response["Location"].startswith(reverse("admin:login")), f"{url} as {role}: {response['Location']}"
