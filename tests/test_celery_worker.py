"""A real Celery worker, in its own process, takes the task from Redis and sends mail over SMTP.

Nothing is faked here: the web side commits and queues through Redis, a `celery worker` process
reads the test database, and an SMTP server on loopback (aiosmtpd) receives the message.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.urls import reverse

from accounts import services
from accounts.models import Invitation, Role, User
from empowerment.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def test_database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{credentials}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@pytest.fixture
def worker(smtp_inbox, tmp_path):
    """A `celery worker` process on a queue of its own, pointed at the test database and the SMTP inbox."""
    _, smtp_port = smtp_inbox
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": test_database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
    }
    log = (tmp_path / "worker.log").open("w+")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "empowerment",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = False, queue
    try:
        yield process, log
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
        process.terminate()
        process.wait(timeout=30)
        log.close()


def wait_for(condition, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if process.poll() is not None:
            break
        time.sleep(0.2)
    log.seek(0)
    pytest.fail(f"Timed out waiting for the worker. Its log:\n{log.read()}")


def test_a_real_worker_sends_the_invitation_and_the_link_works(client, admin, smtp_inbox, worker):
    inbox, _ = smtp_inbox
    process, log = worker

    invitation = services.invitation_create(
        by_user=admin, email="hana@example.org", full_name="Hana Colleague", role=Role.THERAPIST
    )

    wait_for(lambda: inbox.messages, process, log)
    message = inbox.messages[0]
    assert message["To"] == "hana@example.org"
    assert message.is_multipart()
    text = next(part for part in message.walk() if part.get_content_type() == "text/plain").get_payload(decode=True)
    link = text.decode().split("http://testserver", 1)[1].split()[0]

    wait_for(lambda: Invitation.objects.get(pk=invitation.pk).sent_at is not None, process, log, seconds=10)
    client.get(link)
    password = "a long and private passphrase"
    client.post(reverse("accounts:invitation_set_password"), {"password1": password, "password2": password})
    assert User.objects.get(email="hana@example.org").check_password(password)

    log.seek(0)
    worker_output = log.read()
    assert f"Invitation {invitation.pk} sent" in worker_output
    assert "hana@example.org" not in worker_output and "Hana" not in worker_output
