"""PostgreSQL restarted under load: a clear "try again" page while it is down, and the running app recovers.

A private PostgreSQL cluster (initdb into a folder of this test, on a free port) is the database of a
real gunicorn serving the app, so stopping it disturbs nothing else on the machine. A thread signed in
as a therapist keeps reading pages (one of them a client's record) and saving milestones while the
database is stopped, held down for a few seconds and started again, and then restarted under the
workers' open connections.
"""

import http.client
import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from glob import glob
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ..workers import ROOT, free_port

pytestmark = [pytest.mark.postgresql, pytest.mark.slow]
REQUEST_TIMEOUT = 5  # seconds: an answer slower than this during the outage counts as a hang
OUTAGE = 3  # seconds the database is held down
RECOVERY = 2  # seconds after the database is back by which every request must succeed again
SEED = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
from accounts.models import Role
from tests.conftest import log_in
from tests.factories import ClientFactory, ClinicFactory, UserFactory
clinic = ClinicFactory(name="Riverside Community Clinic")
therapist = UserFactory(clinic=clinic, role=Role.THERAPIST, email="alice@example.org", full_name="Alice Therapist")
record = ClientFactory(clinic=clinic, primary_therapist=therapist, legal_name="Dana Rivera", preferred_name="Dana")
print(json.dumps({"client": str(record.pk), "session": log_in(Client(), therapist).cookies[settings.SESSION_COOKIE_NAME].value}))
"""


class PrivatePostgres:
    """A throwaway cluster run by the postgres user (initdb refuses root), trusted on loopback only."""

    def __init__(self, folder):
        binaries = sorted(glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        assert binaries, "PostgreSQL's server binaries are needed for this test (.ci/run installs them)"
        self.bin, self.folder, self.port = Path(binaries[-1]).parent, folder, free_port()
        self.data = folder / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/empowerment"

    def run(self, tool, *args):
        command = ["runuser", "-u", "postgres", "--", str(self.bin / tool), *args]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60)

    def pg_ctl(self, action, *args):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        return self.run("pg_ctl", action, "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), *args)

    def create(self):
        owner = pwd.getpwnam("postgres")
        os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        self.pg_ctl("start", "-w")
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "empowerment")

    def connect(self):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="empowerment")

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")


@pytest.fixture
def private_postgres():
    # Not under tmp_path: pytest's folders are root's alone, and the postgres user must reach this one.
    folder = Path(tempfile.mkdtemp(prefix="ep-faults-postgres-"))
    server = PrivatePostgres(folder)
    try:
        server.create()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def served_app(private_postgres, tmp_path):
    """gunicorn (the production configuration, two sync workers) on the private database, migrated and seeded."""
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "TEST_SHARED_CACHE_URL")} | {
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": private_postgres.url,
        "PRIVATE_FILES_ROOT": str(tmp_path / "private"),
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)
    seeded = subprocess.run(
        [sys.executable, "-c", SEED], cwd=ROOT, env=env, check=True, timeout=60, capture_output=True, text=True
    )
    port = free_port()
    env |= {"GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "GUNICORN_MAX_REQUESTS": "0"}
    log = (tmp_path / "gunicorn.log").open("w+")
    command = [sys.executable, "-m", "gunicorn", "empowerment.wsgi", "-c", "gunicorn.conf.py"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    app = App(port, json.loads(seeded.stdout.strip().splitlines()[-1]), process, log)
    try:
        app.wait_until_serving()
        yield app
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@dataclass
class Answer:
    started: float
    finished: float
    method: str
    path: str
    status: int  # 0: no answer within REQUEST_TIMEOUT (or the connection failed)
    body: str = ""
    retry_after: str | None = None
    title: str = ""


class App:
    def __init__(self, port, seed, process, log):
        self.port, self.process, self.log = port, process, log
        self.client_id, self.session = seed["client"], seed["session"]
        self.csrf = secrets.token_urlsafe(24)[:32].replace("-", "a").replace("_", "b")

    def request(self, method, path, form=None):
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        cookies = f"{settings.SESSION_COOKIE_NAME}={self.session}; {settings.CSRF_COOKIE_NAME}={self.csrf}"
        headers = {"Cookie": cookies, "X-CSRFToken": self.csrf}
        body = None
        if form is not None:
            body = "&".join(f"{key}={value.replace(' ', '+')}" for key, value in form.items())
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(
                started,
                time.monotonic(),
                method,
                path,
                response.status,
                response.read().decode(),
                response.getheader("Retry-After"),
                (form or {}).get("title", ""),
            )
        except OSError:  # a timeout is an OSError too
            answer = Answer(started, time.monotonic(), method, path, 0)
        finally:
            connection.close()
        return answer

    def wait_until_serving(self):
        deadline = time.monotonic() + 30
        answer = None
        while time.monotonic() < deadline and self.process.poll() is None:
            answer = self.request("GET", reverse("clients:caseload"))
            if answer.status == 200:
                return
            time.sleep(0.2)
        self.log.seek(0)
        pytest.fail(f"gunicorn did not serve the signed-in caseload ({answer}). Its log:\n{self.log.read()}")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return sorted(children.split())


class Load(threading.Thread):
    """A therapist at work: three pages (one of them a client's record) and a new milestone, over and over."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.answers, self.running = app, [], threading.Event()
        self.pages = [
            reverse("clients:caseload"),
            reverse("clients:overview", args=[app.client_id]),
            reverse("reminders:notifications"),
        ]
        self.new_milestone = reverse("portfolio:item_create", args=[app.client_id, "milestone"])

    def run(self):
        number = 0
        self.running.set()
        while self.running.is_set():
            for page in self.pages:
                self.answers.append(self.app.request("GET", page))
            number += 1
            form = {"title": f"Milestone {number}", "achieved_on": timezone.localdate().isoformat()}
            self.answers.append(self.app.request("POST", self.new_milestone, form))

    def stop(self):
        self.running.clear()
        self.join(timeout=REQUEST_TIMEOUT * 5)


def succeeded(answer):
    return answer.status == 200 or (answer.method == "POST" and answer.status == 302)


def test_the_app_says_try_again_while_postgresql_is_down_and_recovers_by_itself(private_postgres, served_app):
    app, database = served_app, private_postgres
    workers = app.worker_pids()
    load = Load(app)
    load.start()
    time.sleep(2)

    stopping = time.monotonic()
    database.pg_ctl("stop", "-m", "fast", "-w")
    down = time.monotonic()
    time.sleep(OUTAGE)
    up_again = time.monotonic()
    database.pg_ctl("start", "-w")
    back = time.monotonic()
    time.sleep(RECOVERY + 3)
    load.stop()
    answers = load.answers

    before = [answer for answer in answers if answer.finished < stopping]
    during = [answer for answer in answers if down < answer.started and answer.finished < up_again]
    after = [answer for answer in answers if answer.started > back + RECOVERY]
    counts = (len(before), len(during), len(after))
    assert before, counts
    assert during, counts
    assert after, counts
    assert all(succeeded(answer) for answer in before), [
        (answer.method, answer.path, answer.status, answer.body[:300]) for answer in before if not succeeded(answer)
    ]
    # While it is down: never a hang or a bare error, but the "briefly unavailable" page, quickly.
    assert {answer.status for answer in during} == {503}
    assert all(answer.finished - answer.started < REQUEST_TIMEOUT for answer in during)
    assert all("Your data is safe" in answer.body and answer.retry_after for answer in during)
    assert all(answer.status in (200, 302, 503) for answer in answers), sorted({answer.status for answer in answers})
    # Back by itself: the same gunicorn workers (nobody restarted the app) answer everything again.
    assert all(succeeded(answer) for answer in after), [answer.status for answer in after]
    assert app.process.poll() is None
    assert app.worker_pids() == workers

    # A restart while the workers hold their open connections (nobody is asking during it): the first
    # requests after it succeed, because each worker checks its connection before using it again.
    database.pg_ctl("restart", "-m", "fast", "-w")
    first = [app.request("GET", load.pages[1]) for _ in range(6)]
    assert [answer.status for answer in first] == [200] * 6

    # Nothing acknowledged was lost: every milestone whose save answered "saved" is in the database.
    saved = {answer.title for answer in answers if answer.method == "POST" and answer.status == 302}
    with database.connect() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT title FROM portfolio_milestone")
        stored = {row[0] for row in cursor.fetchall()}
    assert saved
    assert saved <= stored

    app.log.seek(0)
    log = app.log.read()
    assert "Database unavailable (OperationalError): answered 503" in log
    assert "Traceback" not in log  # one line per refused request, no query text
    assert "Dana" not in log
    assert "alice@example.org" not in log
    assert "Milestone" not in log
    print(
        f"\n{len(answers)} requests; {len(during)} while PostgreSQL was down, all 503 within "
        f"{max(answer.finished - answer.started for answer in during):.2f} s; {len(saved)} milestones saved, all kept"
    )
