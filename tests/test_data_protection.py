"""Client details are not kept where they should not be (ASVS V8.1): no server cache holds them."""

from django.core.cache import cache
from django.urls import reverse


def cached_bytes():
    # The suite's cache is Django's local-memory cache; production's is Redis, filled by the same code.
    return b"".join(value for value in cache._cache.values() if isinstance(value, bytes))


def test_no_server_cache_holds_a_clients_details(client, login, therapist, client_user, client_record):
    login(therapist)
    assert client.get(reverse("clients:overview", kwargs={"client_id": client_record.pk})).status_code == 200
    client.post(reverse("accounts:logout"))
    login(client_user)
    assert client.get(reverse("portal:home")).status_code == 200
    stored = cached_bytes()
    for detail in (client_record.legal_name, client_record.preferred_name, client_user.email):
        assert detail.encode() not in stored
