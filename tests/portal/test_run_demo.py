"""Issue 20 item 18: `make demo` runs the reminder dispatcher (Celery beat's schedule) in its own process."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from demo.management.commands import run_demo
from reminders.models import Delivery, Reminder

DISPATCH = {"dispatch-reminders": {"task": "reminders.tasks.dispatch_reminders", "schedule": 60}}


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    monkeypatch.setattr(run_demo, "close_old_connections", lambda: None)  # the test's transaction stays open


@pytest.fixture
def due_reminder(client_user, client_record, therapist):
    return Reminder.objects.create(
        recipient=therapist,
        client=client_record,
        created_by=therapist,
        local_time=datetime.time(9, 0),
        time_zone="UTC",
        recurrence="daily",
        next_at=timezone.now() - datetime.timedelta(minutes=10),
    )


def test_a_tick_dispatches_the_due_reminders(due_reminder):
    beat = run_demo.DemoBeat(DISPATCH)
    assert beat.tick(now=1000.0) == ["dispatch-reminders"]
    assert Delivery.objects.filter(reminder=due_reminder).count() == 1
    due_reminder.refresh_from_db()
    assert due_reminder.next_at > timezone.now()


def test_each_task_runs_once_per_interval(db):
    beat = run_demo.DemoBeat(DISPATCH | {"tidy": {"task": "portfolio.tasks.tidy_exports", "schedule": 300}})
    assert beat.tick(now=1000.0) == ["dispatch-reminders", "tidy"]
    assert beat.tick(now=1030.0) == []
    assert beat.tick(now=1061.0) == ["dispatch-reminders"]


def test_a_failing_task_does_not_stop_the_others(monkeypatch, due_reminder):
    from reminders import services

    def broken(*args, **kwargs):
        raise RuntimeError("the mail server is away")

    monkeypatch.setattr(services, "requeue_stranded", broken)
    beat = run_demo.DemoBeat({"broken": DISPATCH["dispatch-reminders"], **DISPATCH})
    assert beat.tick(now=1.0) == []  # both failed (same task), and the tick returned
    assert beat.tick(now=1000.0) == []


def test_the_demo_schedule_is_celery_beats():
    from django.conf import settings

    assert run_demo.DemoBeat().schedule == settings.CELERY_BEAT_SCHEDULE
    assert "dispatch-reminders" in settings.CELERY_BEAT_SCHEDULE


def test_run_demo_starts_the_dispatcher_then_serves_without_the_reloader(monkeypatch):
    started, served = [], []
    monkeypatch.setattr(run_demo.DemoBeat, "run_forever", lambda self, stop: started.append(stop))
    monkeypatch.setattr(run_demo, "call_command", lambda *args, **kwargs: served.append((args, kwargs)))
    with override_settings(DEBUG=True):
        call_command("run_demo", "127.0.0.1:8123")
    assert len(started) == 1
    assert started[0].is_set()  # told to stop once the server returned
    assert served == [(("runserver", "127.0.0.1:8123"), {"use_reloader": False})]


def test_run_demo_refuses_production():
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("run_demo")
