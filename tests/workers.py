"""A real Celery worker in its own process, and an SMTP inbox on loopback, for the tests about them."""

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

from empowerment.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


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
def worker(smtp_inbox, tmp_path, settings):
    """A `celery worker` process on a queue of its own, pointed at the test database and the SMTP inbox.

    Its private files (PDF exports) go to a folder of this test, shared with the test process.
    """
    _, smtp_port = smtp_inbox
    queue = f"test-{uuid.uuid4().hex[:12]}"
    private = tmp_path / "private"
    settings.PRIVATE_FILES_ROOT = private
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": test_database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "PRIVATE_FILES_ROOT": str(private),
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
