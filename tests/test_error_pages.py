"""An unexpected error shows a plain, generic page (ASVS V7.4): no traceback, no query, no detail."""

import logging

import pytest
from django.urls import path

from empowerment import urls as project_urls


class _DetailedFailureError(Exception):
    pass


def _fails(request):
    raise _DetailedFailureError("SELECT legal_name FROM clients_client WHERE id = 'a1b2'")


urlpatterns = [*project_urls.urlpatterns, path("test-only/fails/", _fails)]
handler500 = getattr(project_urls, "handler500", "django.views.defaults.server_error")


@pytest.mark.urls(__name__)
def test_an_unexpected_error_shows_a_generic_page_and_logs_the_detail_for_the_operator(client, db, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/test-only/fails/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page
    for detail in ("Traceback", "_DetailedFailureError", "SELECT", "clients_client", "tests/test_error_pages.py"):
        assert detail not in page
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert any(record.exc_info for record in caplog.records), "the last-resort handler logged the exception"


def test_a_missing_page_shows_the_generic_not_found_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()
    assert "URLconf" not in response.content.decode()
