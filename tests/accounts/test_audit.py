"""Audit events: one per client-scoped read, written with every change, and never changed afterwards."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from accounts.models import User
from audit.models import AppendOnlyError, AuditEvent

from ..conftest import PASSWORD, log_in


def test_opening_a_client_record_writes_one_event_with_who_what_where(client, login, therapist, client_record):
    login(therapist)
    client.get(reverse("clients:overview", args=[client_record.pk]), REMOTE_ADDR="192.0.2.44")
    event = AuditEvent.objects.get(action="client.overview.view")
    assert event.actor == therapist
    assert event.clinic == client_record.clinic
    assert event.client == client_record
    assert event.address == "192.0.2.44"
    assert event.path == reverse("clients:overview", args=[client_record.pk])


def test_a_refused_read_writes_no_client_event(client, login, colleague, client_record):
    login(colleague)
    assert client.get(reverse("clients:overview", args=[client_record.pk])).status_code == 404
    assert not AuditEvent.objects.filter(client=client_record).exists()


def test_an_event_cannot_be_saved_again(therapist):
    event = AuditEvent.objects.create(actor=therapist, action="test.event")
    event.action = "something.else"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_an_event_cannot_be_deleted(therapist):
    event = AuditEvent.objects.create(actor=therapist, action="test.event")
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


@pytest.mark.postgresql
def test_the_database_refuses_to_change_events(therapist):
    event = AuditEvent.objects.create(actor=therapist, action="test.event")
    for statement in ("UPDATE accounts_auditevent SET action = 'changed'", "DELETE FROM accounts_auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


@pytest.fixture
def operator(client, db):
    user = User.objects.create_superuser(email="operator@example.org", password=PASSWORD, full_name="Olu Operator")
    log_in(client, user)
    return user


def test_the_operator_site_shows_events_but_offers_no_way_to_change_them(client, operator, therapist):
    event = AuditEvent.objects.create(actor=therapist, action="test.event")
    change_url = reverse("admin:audit_auditevent_change", args=[event.pk])
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(change_url, {"action": "changed"}).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    response = client.post(
        reverse("admin:audit_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_no_url_of_the_product_accepts_a_change_to_an_event():
    """No view module of the product imports AuditEvent for writing except through audit.recording."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = [str(path.relative_to(root)) for path in root.glob("*/views.py") if "AuditEvent" in path.read_text()]
    assert offenders == []
