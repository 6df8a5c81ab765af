"""Prometheus metrics at /health/metrics/: behind the health token, with the deployment's own gauges (issue 26)."""

import datetime as dt

import pytest
from celery import Celery, current_app
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from kombu import Queue
from prometheus_client.parser import text_string_to_metric_families

from core import health, metrics
from reminders.models import Delivery, DeliveryStatus, ReminderChannel
from reminders.tasks import send_delivery

from .reminders.test_worker import due_reminders

TOKEN = "monitoring-token-for-tests"


@pytest.fixture
def token(settings):
    settings.HEALTH_TOKEN = TOKEN
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


def scrape(client, token):
    response = client.get(reverse("health_metrics"), **token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic " + TOKEN, f"Bearer {TOKEN}x"])
def test_the_metrics_are_a_not_found_without_the_token(client, db, settings, header):
    settings.HEALTH_TOKEN = TOKEN
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert client.get(reverse("health_metrics"), **extra).status_code == 404


def test_the_metrics_are_a_not_found_when_no_token_is_configured(client, db, settings):
    settings.HEALTH_TOKEN = ""
    assert client.get(reverse("health_metrics"), HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_the_metrics_list_the_queues_the_oldest_delivery_failures_and_the_heartbeat(
    client, token, settings, therapist, admin
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # as with a broker: beat's heartbeat is read from the cache
    cache.set(health.HEARTBEAT_KEY, timezone.now().timestamp() - 42, timeout=None)
    due_reminders(admin, therapist, 2)  # due a minute ago, not yet dispatched
    first, second = admin.reminders.all()
    for minutes, channel in ((7, ReminderChannel.EMAIL), (3, ReminderChannel.IN_APP)):  # queued 7 and 3 minutes ago
        Delivery.objects.create(
            reminder=first,
            occurrence=first.next_at,
            channel=channel,
            created_at=timezone.now() - dt.timedelta(minutes=minutes),
        )
    Delivery.objects.create(  # sent long ago: not waiting, so not the oldest queued
        reminder=second,
        occurrence=second.next_at,
        channel=ReminderChannel.EMAIL,
        status=DeliveryStatus.SENT,
        created_at=timezone.now() - dt.timedelta(hours=5),
    )
    metrics.count_task_failure(sender=send_delivery)  # as Celery's task_failure signal does, twice
    metrics.count_task_failure(sender=send_delivery)

    samples = scrape(client, token)

    assert samples[("empowerment_broker_up", ())] == 1
    for queue in ("celery", settings.PDF_QUEUE):  # the default queue and every routed one
        assert samples[("empowerment_celery_queue_length", (("queue", queue),))] == 0
    assert 420 <= samples[("empowerment_reminder_delivery_oldest_queued_age_seconds", ())] < 480
    assert 60 <= samples[("empowerment_reminder_oldest_due_age_seconds", ())] < 120
    failures = (("task", "reminders.tasks.send_delivery"),)
    assert samples[("empowerment_celery_task_failures_total", failures)] == 2
    # Every task is listed from 0, so an alert sees a task's first failure as an increase.
    assert samples[("empowerment_celery_task_failures_total", (("task", "portfolio.tasks.build_export"),))] == 0
    assert 42 <= samples[("empowerment_beat_heartbeat_age_seconds", ())] < 60
    # django-prometheus's own: requests by status and database queries.
    assert any(name == "django_http_responses_total_by_status_total" for name, _labels in samples)
    assert any(name == "django_db_execute_total" for name, _labels in samples)


def test_with_nothing_waiting_the_ages_are_zero_and_without_a_heartbeat_its_age_is_left_out(
    client, token, settings, db
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.delete(health.HEARTBEAT_KEY)
    samples = scrape(client, token)
    assert samples[("empowerment_reminder_delivery_oldest_queued_age_seconds", ())] == 0
    assert samples[("empowerment_reminder_oldest_due_age_seconds", ())] == 0
    assert not any(name == "empowerment_beat_heartbeat_age_seconds" for name, _labels in samples)


def test_queue_lengths_count_the_messages_waiting_in_each_queue(db):
    queue = metrics.queue_names()[0]
    with current_app.connection_for_write() as connection:
        producer = connection.Producer()
        for number in range(3):
            producer.publish({"n": number}, routing_key=queue, declare=[Queue(queue)], serializer="json")
    try:
        assert metrics.queue_lengths()[queue] == 3
    finally:
        with current_app.connection_for_write() as connection:
            connection.default_channel.queue_purge(queue)
    assert metrics.queue_lengths()[queue] == 0


def test_the_queue_lengths_are_left_out_when_the_broker_is_down(client, token, db, monkeypatch):
    monkeypatch.setattr(metrics, "queue_lengths", lambda: None)
    samples = scrape(client, token)
    assert samples[("empowerment_broker_up", ())] == 0
    assert not any(name == "empowerment_celery_queue_length" for name, _labels in samples)


def test_a_failing_task_is_counted_by_celerys_failure_signal(db):
    # On an app of its own, so the project's app (whose tasks other tests list) never learns of this task.
    app = Celery("metrics-test", set_as_current=False)

    @app.task(name="tests.metrics.always_fails")
    def always_fails():
        raise RuntimeError("a failure for the count")

    for _ in range(2):
        assert always_fails.apply(throw=False).failed()  # as in a worker: the failure is handled, not raised
    assert cache.get(metrics.FAILURES_KEY % "tests.metrics.always_fails") == 2
    assert metrics.task_failures()["reminders.tasks.send_delivery"] == 0
