"""Redis stopped: the pages still work and say reminders are delayed; when it is back, the backlog goes once.

A private redis-server on a port of this test is the broker and the cache of the test process and of a
real worker process, so stopping it stops nothing else on the machine.
"""

import os
import shutil
import subprocess
import time
import uuid

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from core import queue
from empowerment.celery import app as celery_app
from reminders import services, tasks
from reminders.models import Delivery, DeliveryStatus, Reminder

from ..conftest import log_in
from ..workers import Workers, free_port, test_database_url, wait_for
from .test_worker import due_reminders

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
COUNT = 200
DELAYED = "Reminders are delayed"


class RedisServer:
    def __init__(self, port, folder):
        self.port, self.folder, self.process = port, folder, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self):
        binary = shutil.which("redis-server")
        assert binary, "redis-server is needed for this test (.ci/run installs it)"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port).ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.1)
        pytest.fail("The private redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def private_redis(tmp_path, settings, smtp_inbox):
    """Broker and cache on a private Redis, for this process and for workers started by the test."""
    server = RedisServer(free_port(), tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
        }
    }
    settings.RATELIMIT_FAIL_OPEN = True
    queue_name = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": server.url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_inbox[1]}",
    }
    pool = Workers(env, queue_name, tmp_path / "worker.log")
    conf = celery_app.conf
    previous = conf.broker_url
    conf.broker_url = server.url
    celery_app._pool, celery_app.amqp._producer_pool = None, None  # the next send connects to the private Redis
    queue.forget()
    try:
        with pool.routed():
            yield server, pool
    finally:
        conf.broker_url = previous
        celery_app._pool, celery_app.amqp._producer_pool = None, None
        queue.forget()
        pool.stop_all()
        if server.process.poll() is None:
            server.stop()


def test_with_redis_stopped_pages_work_and_say_so_and_the_backlog_goes_once_when_it_returns(
    client, therapist, admin, client_record, smtp_inbox, private_redis, settings
):
    inbox, _port = smtp_inbox
    server, pool = private_redis
    due_reminders(admin, therapist, COUNT)
    settings.REMINDERS_PER_PERSON_PER_DAY = COUNT + 1  # the backlog counts as the therapist's own today

    server.stop()
    queue.forget()
    # The dispatcher's run that was under way (or `manage.py dispatch_reminders`) makes half the
    # deliveries; their sends cannot be queued, and nothing fails.
    assert services.dispatch_due(limit=COUNT // 2) == COUNT // 2
    assert Delivery.objects.filter(status=DeliveryStatus.QUEUED).count() == COUNT // 2

    # The pages work: the login page, the therapist's pages, setting a reminder.
    assert client.get(reverse("accounts:login")).status_code == 200
    # Its rate limit counts in the cache (Redis): a wrong password is still answered, and counted by lockout.
    response = client.post(reverse("accounts:login"), {"username": therapist.email, "password": "not the password"})
    assert response.status_code == 200
    assert "do not match an active account" in response.text
    log_in(client, therapist)
    for url in [
        reverse("clients:caseload"),
        reverse("clients:overview", args=[client_record.pk]),
        reverse("reminders:notifications"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert DELAYED in response.text, url
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("reminders:reminder_create", args=[client_record.pk]),
        {"for_whom": "me", "kind": "custom", "starts_on": tomorrow, "local_time": "09:00", "recurrence": "none"}
        | {"channel": "email"},
    )
    assert response["Location"] == client_record.get_absolute_url()
    assert Reminder.objects.filter(recipient=therapist).exists()
    assert not inbox.messages

    # Redis is back: a worker starts, the sweep queues the stranded sends (two minutes on, simulated)
    # and the beat's next tick dispatches the rest.
    server.start()
    queue.forget()
    worker = pool.start()
    later = timezone.now() + services.STALE_AFTER + timezone.timedelta(seconds=1)
    assert services.requeue_stranded(now=later) == COUNT // 2
    tasks.dispatch_reminders.delay()
    wait_for(lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() == COUNT, worker, pool.log, 120)
    time.sleep(1)  # any second copy would have arrived by now
    message_ids = [message["Message-ID"].strip() for message in inbox.messages]
    assert len(message_ids) == COUNT
    assert len(set(message_ids)) == COUNT
    assert not Reminder.objects.filter(recipient=admin, status="active").exists()
    queue.forget()
    assert DELAYED not in client.get(reverse("clients:caseload")).text
