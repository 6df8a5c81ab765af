"""A real Celery worker in its own process, and an SMTP inbox on loopback, for the tests about them."""

import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from empowerment.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]
# Production's queues (settings: the beat work, email and PDF builds, each with its own worker), by their
# environment variable: a test gives each a name of its own.
QUEUE_SETTINGS = {"beat": "CELERY_BEAT_QUEUE", "email": "CELERY_EMAIL_QUEUE", "pdf": "CELERY_PDF_QUEUE"}


def _flush_routes():
    """Celery keeps its router once built: make it read task_routes again."""
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (the name aiosmtpd calls)
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


class Workers:
    """Starts `celery worker` processes on the queues of this test; each can be killed and another started.

    As in production (settings.CELERY_TASK_ROUTES), periodic work, emails and PDF builds each go to their own
    queue: here `<queue>-beat`, `<queue>-email` and `<queue>-pdf`, beside the default `<queue>`. They are named
    to the workers through CELERY_BEAT_QUEUE, CELERY_EMAIL_QUEUE and CELERY_PDF_QUEUE (what a worker queues, the
    dispatcher's sends or a build queued again by the tidy-up, goes to this test's queues too) and to this process
    by `routed()`. A worker started with no queues named takes all four. The workers run with
    tests.worker_settings: what they queue goes through the broker, as in production, not run in place.
    """

    def __init__(self, env, queue, log_path):
        self.queue, self.log_path = queue, log_path
        self.beat_queue, self.email_queue, self.pdf_queue = f"{queue}-beat", f"{queue}-email", f"{queue}-pdf"
        self.queues = {"beat": self.beat_queue, "email": self.email_queue, "pdf": self.pdf_queue}
        self.env = {**env, "DJANGO_SETTINGS_MODULE": "tests.worker_settings"}
        self.env.update({QUEUE_SETTINGS[kind]: name for kind, name in self.queues.items()})
        self.log = log_path.open("w+")
        self.processes = []

    def routes(self):
        """Production's task routes, each to this test's queue of the same kind."""
        kinds = {getattr(settings, f"{kind.upper()}_QUEUE"): kind for kind in self.queues}
        return {
            name: {"queue": self.queues[kinds[route["queue"]]]} for name, route in settings.CELERY_TASK_ROUTES.items()
        }

    @contextmanager
    def routed(self):
        """This process sends tasks to this test's queues while the block runs (and eagerly no more)."""
        conf = celery_app.conf
        previous = conf.task_always_eager, conf.task_default_queue, conf.task_routes
        conf.task_always_eager, conf.task_default_queue = False, self.queue
        conf.task_routes = self.routes()
        _flush_routes()
        try:
            yield self
        finally:
            conf.task_always_eager, conf.task_default_queue, conf.task_routes = previous
            _flush_routes()

    def start(self, queues=None):
        """A worker on `queues` (a list of this test's queue names); all four when None."""
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
                ",".join(queues or [self.queue, *self.queues.values()]),
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def workers(smtp_inbox, tmp_path, settings):
    """Worker processes on a queue of this test, pointed at the test database and the SMTP inbox.

    Their private files (PDF exports) go to a folder of this test, shared with the test process.
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
        "PYTHONUNBUFFERED": "1",  # the log shows everything up to the moment a worker is killed
    }
    pool = Workers(env, queue, tmp_path / "worker.log")
    try:
        with pool.routed():
            yield pool
    finally:
        pool.stop_all()


@pytest.fixture
def worker(workers):
    """One worker process, started: (process, log)."""
    return workers.start(), workers.log


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
