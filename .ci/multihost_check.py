"""The multi-host check's driver: .ci/multihost-check starts the two hosts; this makes the data and checks.

Each phase is a run of its own, with the settings every app server and worker has (production settings, through
PgBouncer, the private broker, the bucket), plus MULTIHOST_* from the script: its folder, the two servers' ports,
the host name and the hosts' private folders. Prints PASS or FAIL per check; exits 1 if any failed.

In the order the script runs them:
  seed          the bucket; a clinic, a therapist with a second factor, a client with a milestone; 1,000 due
                reminders (made as tools/benchmarks/reminders_dispatch.py makes them), before the beats start
  notice-queue  (the broker is stopped) a security notice: its row is written, its task cannot be queued
  pdf           (the broker is back) signs in through server A (password, then the TOTP code), asks for a PDF there,
                and downloads it through server B; then expires it, has a worker run the tidy-up (the task beat
                sends every 5 minutes), and finds the object gone from the bucket and the download a 404
  reminders     every reminder is delivered once: emails at the SMTP server, distinct Message-IDs, none unsent
  notice-wait   the notice arrives once (the outbox sweep queues it again); the reminders are still exactly once;
                neither host's own folder holds an export

The fault drill (.ci/multihost-drill: the script with MULTIHOST_DRILL=1 and 7,500 reminders) runs seed, then, around
the faults the script makes (noted with their times in drill-faults):
  drill-sent N      waits until N reminders are sent (the SIGKILL to an email worker comes then, mid-send)
  drill-dispatched  waits until every reminder has its delivery (the broker is stopped then)
  drill-notices     (the broker is stopped) five security notices: rows whose tasks cannot be queued
  drill-more N      (the broker is back) waits until N more are sent (PostgreSQL is restarted then)
  drill-settle      waits until nothing is unsent, and counts at the mail server: emails, distinct Message-IDs,
                    duplicates (each must share its Message-ID, its first copy taken just before a SIGKILL or the
                    restart: a send the mail server took whose row was never marked sent), unsent rows, owed emails
"""

import hashlib
import http.client
import json
import os
import re
import secrets
import sys
import time
from collections import Counter
from datetime import timedelta
from email.parser import BytesHeaderParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "empowerment.settings")

import django  # noqa: E402

django.setup()

import boto3  # noqa: E402
from django.conf import settings  # noqa: E402
from django.utils import timezone  # noqa: E402

WORK = Path(os.environ["MULTIHOST_WORK"])
MAILDIR = WORK / "maildir"
STATE = WORK / "driver.json"  # what one phase leaves the next: ids, the password, times
HOST_NAME = os.environ["MULTIHOST_HOST_NAME"]
SERVERS = {"A": int(os.environ["MULTIHOST_WEB_A"]), "B": int(os.environ["MULTIHOST_WEB_B"])}
PRIVATE_FOLDERS = [Path(folder) for folder in os.environ["MULTIHOST_PRIVATE_FOLDERS"].split(":")]
REMINDERS = int(os.environ.get("MULTIHOST_REMINDERS", "1000"))
REMINDERS_WAIT = 180  # seconds for every reminder to be delivered, from the beats' start
PDF_WAIT = 120
TIDY_WAIT = 60
# The outbox sweep runs every minute and takes rows a minute old (accounts/outbox.py): 60-120 s; more if a beat died
# with the broker and the other waits out its lock (REDBEAT_LOCK_TIMEOUT).
NOTICE_WAIT = 180
DRILL_NOTICES = 5
DRILL_SETTLE = int(os.environ.get("MULTIHOST_SETTLE", "480"))  # seconds for everything to be sent after the faults
# A duplicate is admitted when its first copy was taken at most this long before a fault that can leave a sent email
# unmarked (the kill; the restart, which fails the UPDATE that marks it sent), and its second has the same Message-ID.
DRILL_WINDOW = 10
THERAPIST_EMAIL = "therapist.multihost@clinic.example.test"
failures = []


def check(name, ok, detail=""):
    print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f"  ({detail})" if detail else ""), flush=True)
    if not ok:
        failures.append(name)
    return ok


def note(text):
    print(f"      {text}", flush=True)


def load_state():
    return json.loads(STATE.read_text())


def save_state(**values):
    state = load_state() if STATE.exists() else {}
    STATE.write_text(json.dumps({**state, **values}))
    STATE.chmod(0o600)


def wait_until(condition, seconds, every=0.5):
    """True once `condition()` is; False after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(every)


def bucket():
    """boto3's client for the bucket, with the keys the app servers have, and the bucket's name."""
    client = boto3.client(
        "s3",
        endpoint_url=os.environ["EXPORTS_S3_ENDPOINT_URL"],
        region_name=os.environ["EXPORTS_S3_REGION"],
        aws_access_key_id=os.environ["EXPORTS_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["EXPORTS_S3_SECRET_ACCESS_KEY"],
    )
    return client, settings.EXPORTS_S3_BUCKET


def bucket_keys():
    client, name = bucket()
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=name)
    return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


# --- The mail server's Maildir: one file per email taken.


def inbox_count():
    folder = MAILDIR / "new"
    return len(os.listdir(folder)) if folder.exists() else 0


_message_ids = {}  # a file of the Maildir: the Message-ID of its email (each file is read once)


def inbox_message_ids():
    """How many emails the mail server took with each Message-ID."""
    parser = BytesHeaderParser()
    for path in (MAILDIR / "new").glob("*"):
        if path.name not in _message_ids:
            with path.open("rb") as handle:
                _message_ids[path.name] = (parser.parse(handle)["Message-ID"] or "").strip()
    return Counter(_message_ids.values())


# --- A browser: plain HTTP to a server's port, as nginx forwards it (the host name, TLS in X-Forwarded-Proto).


class Browser:
    """One person's browser; its cookies go to whichever server the load balancer picks."""

    def __init__(self):
        self.cookies = {}

    def request(self, server, method, path, form=None):
        headers = {"Host": HOST_NAME, "X-Forwarded-Proto": "https", "User-Agent": "multihost-check"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST_NAME}"
            headers["Referer"] = f"https://{HOST_NAME}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", SERVERS[server], timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] in ("0", 0):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, content

    @staticmethod
    def csrf_token(page):
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return found.group(1).decode() if found else ""

    def submit(self, server, path, fields):
        """GET the page, then POST the form with its CSRF token: the status of the POST."""
        status, _headers, page = self.request(server, "GET", path)
        if status != 200:
            return status
        return self.request(server, "POST", path, {**fields, "csrfmiddlewaretoken": self.csrf_token(page)})[0]


# --- Phases.


def seed():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import Role, User
    from clients.services import client_create
    from clinics.models import Clinic
    from portfolio.models import Milestone
    from reminders.models import Reminder

    client, name = bucket()
    check("the bucket is made on the S3-compatible server", wait_until(lambda: _make_bucket(client, name), 30))

    clinic = Clinic.objects.create(name="Harbourside Community Clinic")
    password = secrets.token_urlsafe(18)
    therapist = User.objects.create_user(
        THERAPIST_EMAIL, password, full_name="Robin Adeyemi", role=Role.THERAPIST, clinic=clinic
    )
    TOTPDevice.objects.create(user=therapist, name="Authenticator app", confirmed=True)
    record = client_create(by_user=therapist, data={"legal_name": "Jordan Lee", "preferred_name": "Jordan"})
    Milestone.objects.create(client=record, title="Joined a peer group", created_by=therapist)

    due = (timezone.now() - timedelta(minutes=1)).replace(microsecond=0)
    Reminder.objects.bulk_create(
        (
            Reminder(
                recipient=therapist,
                created_by=therapist,
                local_time=due.time(),
                time_zone="UTC",
                starts_on=due.date(),
                next_at=due,
            )
            for _ in range(REMINDERS)
        ),
        batch_size=1000,
    )
    save_state(therapist=str(therapist.pk), password=password, client=str(record.pk), seeded_at=time.time())
    check(f"{REMINDERS} due reminders made", Reminder.objects.filter(next_at__lte=timezone.now()).count() == REMINDERS)


def _make_bucket(client, name):
    try:
        client.create_bucket(Bucket=name)
    except Exception:  # the server is still starting: asked again
        return False
    return True


def reminders():
    from django.db.models import Max, Min

    from reminders.models import Delivery, DeliveryStatus

    started = time.monotonic()
    all_sent = wait_until(
        lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() >= REMINDERS and inbox_count() >= REMINDERS,
        REMINDERS_WAIT,
        every=1,
    )
    hosts_started = float((WORK / "hosts-started").read_text())  # written by the script as it starts the hosts
    seconds = time.time() - hosts_started
    note(f"all {REMINDERS} delivered {seconds:.0f} s after the hosts were started" if all_sent else "not all delivered")
    span = Delivery.objects.aggregate(first=Min("created_at"), last=Max("sent_at"))
    if all_sent:
        sending = (span["last"] - span["first"]).total_seconds()
        note(f"dispatched and sent in {sending:.1f} s (the first delivery made to the last sent)")
    time.sleep(3)  # a duplicate still on its way would land now
    counts = _reminder_counts()
    check(
        f"{REMINDERS} reminders delivered exactly once",
        all_sent and counts == _exactly_once(),
        ", ".join(f"{key} {value}" for key, value in counts.items()),
    )
    note(f"waited {time.monotonic() - started:.0f} s here")


def _exactly_once():
    return {"deliveries": REMINDERS, "emails": REMINDERS, "distinct": REMINDERS, "duplicates": 0, "unsent": 0}


def _reminder_counts():
    """Deliveries made, reminder emails at the mail server, distinct Message-IDs, duplicates, deliveries not sent."""
    from reminders.models import Delivery, DeliveryStatus

    ids = {delivery.message_id for delivery in Delivery.objects.only("pk")}
    received = {message_id: count for message_id, count in inbox_message_ids().items() if message_id in ids}
    return {
        "deliveries": len(ids),
        "emails": sum(received.values()),
        "distinct": len(received),
        "duplicates": sum(count - 1 for count in received.values()),
        "unsent": Delivery.objects.exclude(status=DeliveryStatus.SENT).count(),
    }


def pdf():
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portfolio.models import ExportStatus, PortfolioExport
    from portfolio.tasks import tidy_exports

    state = load_state()
    browser = Browser()
    device = TOTPDevice.objects.get(user_id=state["therapist"], confirmed=True)
    signed_in = (
        browser.submit("A", "/accounts/login/", {"username": THERAPIST_EMAIL, "password": state["password"]}) == 302
        and browser.submit("A", "/accounts/second-factor/", {"code": f"{totp(device.bin_key):06d}"}) == 302
    )
    check("signed in through server A: password, then the second factor", signed_in)
    check(
        "the session made on A is good on B (sessions in the database)",
        browser.request("B", "GET", "/clients/")[0] == 200,
    )

    exports = f"/clients/{state['client']}/portfolio/exports/"
    asked = browser.submit("A", exports, {"sections": "milestones", "language": "en", "audience": "care_team"})
    export = PortfolioExport.objects.filter(client_id=state["client"]).order_by("-created_at").first()
    if not check("a PDF asked for through server A", asked == 302 and export is not None, f"answer {asked}"):
        return
    started = time.monotonic()
    ready = wait_until(lambda: _status(export) in (ExportStatus.READY, ExportStatus.FAILED), PDF_WAIT)
    export.refresh_from_db()
    check("built by a PDF worker into the bucket", ready and export.status == ExportStatus.READY, export.error)
    note(f"ready {time.monotonic() - started:.1f} s after it was asked for")
    key = f"{settings.STORAGES['exports']['OPTIONS']['location']}/{export.file_name}"
    check("the object is in the bucket", key in bucket_keys(), key)

    download = f"{exports}{export.pk}/download/"
    status, headers, body = browser.request("B", "GET", download)
    client, name = bucket()
    stored = client.get_object(Bucket=name, Key=key)["Body"].read() if key in bucket_keys() else b""
    check(
        "downloaded through server B: 200, a PDF, its checksum and the bucket's bytes",
        status == 200
        and headers.get("Content-Type") == "application/pdf"
        and body.startswith(b"%PDF")
        and hashlib.sha256(body).hexdigest() == export.checksum
        and body == stored,
        f"{status}, {len(body)} bytes",
    )
    _no_local_exports()

    # The tidy-up: the export's time is up; a worker of either host runs the task beat would send.
    PortfolioExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    started = time.monotonic()
    tidy_exports.delay()
    tidied = wait_until(lambda: _status(export) == ExportStatus.EXPIRED and key not in bucket_keys(), TIDY_WAIT)
    note(f"tidied {time.monotonic() - started:.1f} s after the task was queued")
    check("the tidy-up expired the export and deleted its object from the bucket", tidied, f"left: {bucket_keys()}")
    check(
        "the download is a 404 on both servers",
        browser.request("B", "GET", download)[0] == 404 and browser.request("A", "GET", download)[0] == 404,
    )


def _status(export):
    from portfolio.models import PortfolioExport

    return PortfolioExport.objects.filter(pk=export.pk).values_list("status", flat=True).first()


def _no_local_exports():
    files = [path for folder in PRIVATE_FOLDERS for path in folder.rglob("*") if path.is_file()]
    check("neither host's own folder holds an export file", not files, ", ".join(map(str, files)))


def notice_queue():
    from accounts.models import OutgoingEmail, OutgoingEmailStatus, User
    from accounts.services import account_notice

    therapist = User.objects.get(pk=load_state()["therapist"])
    started = time.monotonic()
    account_notice(therapist, "password_changed")  # autocommit: its task is queued right away, or not
    seconds = time.monotonic() - started
    email = OutgoingEmail.objects.filter(recipient=therapist).latest("created_at")
    save_state(notice=str(email.pk), notice_at=time.time())
    check(
        "a security notice while the broker is stopped: written as a row, the failed enqueue quiet",
        email.status == OutgoingEmailStatus.QUEUED and seconds < 10,
        f"{seconds:.1f} s",
    )


def notice_wait():
    from accounts.models import OutgoingEmail, OutgoingEmailStatus

    state = load_state()
    email = OutgoingEmail.objects.get(pk=state["notice"])
    arrived = wait_until(lambda: inbox_message_ids()[email.message_id] >= 1, NOTICE_WAIT, every=1)
    note(f"arrived {time.time() - state['notice_at']:.0f} s after it was queued" if arrived else "did not arrive")
    time.sleep(3)
    email.refresh_from_db()
    count = inbox_message_ids()[email.message_id]
    check(
        f"the notice arrived once after the broker returned (within {NOTICE_WAIT} s)",
        arrived and count == 1 and email.status == OutgoingEmailStatus.SENT,
        f"{count} email(s), {email.status}, {email.attempts} attempt(s)",
    )
    counts = _reminder_counts()
    check(
        f"still exactly once: {REMINDERS} reminder emails, no late duplicate",
        counts == _exactly_once(),
        ", ".join(f"{key} {value}" for key, value in counts.items()),
    )
    _no_local_exports()


# --- The fault drill.


def _progress():
    from django.db.models import Count

    from reminders.models import Delivery

    counts = dict(Delivery.objects.values_list("status").annotate(n=Count("pk")).order_by())
    made = sum(counts.values())
    return made, counts


def _sent():
    from reminders.models import Delivery, DeliveryStatus

    return Delivery.objects.filter(status=DeliveryStatus.SENT).count()


def _note_progress():
    made, counts = _progress()
    by_status = ", ".join(f"{status} {count:,}" for status, count in sorted(counts.items()))
    note(f"{made:,} of {REMINDERS:,} deliveries made ({by_status}); {inbox_count():,} emails at the mail server")


def drill_sent(count):
    count = int(count)
    reached = wait_until(lambda: _sent() >= count, REMINDERS_WAIT, every=0.2)
    seconds = time.time() - float((WORK / "hosts-started").read_text())
    check(f"{count:,} reminders sent ({seconds:.0f} s after the hosts were started)", reached)
    _note_progress()


def drill_dispatched():
    from reminders.models import Delivery

    made = wait_until(lambda: Delivery.objects.count() >= REMINDERS, 60, every=0.5)
    note("every reminder has its delivery" if made else "not every reminder has its delivery yet (swept later)")
    _note_progress()


def drill_notices():
    from accounts.models import OutgoingEmail, OutgoingEmailStatus, User
    from accounts.services import account_notice

    therapist = User.objects.get(pk=load_state()["therapist"])
    before = set(OutgoingEmail.objects.values_list("pk", flat=True))
    started = time.monotonic()
    for _ in range(DRILL_NOTICES):
        account_notice(therapist, "password_changed")
    seconds = time.monotonic() - started
    owed = OutgoingEmail.objects.exclude(pk__in=before)
    save_state(owed=[str(pk) for pk in owed.values_list("pk", flat=True)])
    check(
        f"{DRILL_NOTICES} security notices while the broker is stopped: rows, the failed enqueues quiet",
        owed.filter(status=OutgoingEmailStatus.QUEUED).count() == DRILL_NOTICES,
        f"{seconds:.1f} s",
    )


def drill_more(count):
    start = _sent()
    reached = wait_until(lambda: _sent() >= start + int(count), 120, every=0.2)
    check(f"sending again after the broker returned: {int(count):,} more sent", reached)
    _note_progress()


def _faults():
    """When each fault came (the script's drill-faults file): name -> time."""
    lines = (WORK / "drill-faults").read_text().split()
    return {lines[index]: float(lines[index + 1]) for index in range(0, len(lines), 2)}


def _unsent():
    from accounts.models import OutgoingEmail, OutgoingEmailStatus
    from reminders.models import Delivery, DeliveryStatus

    deliveries = Delivery.objects.exclude(status=DeliveryStatus.SENT).count() + max(
        REMINDERS - Delivery.objects.count(), 0
    )  # a reminder without its delivery is unsent too
    owed = OutgoingEmail.objects.filter(pk__in=load_state().get("owed", [])).exclude(status=OutgoingEmailStatus.SENT)
    return deliveries, owed.count()


def _answered(question):
    """`question()`, or None while the database cannot answer (PgBouncer refuses logins for a while after the
    restart: server_login_retry); the broken connection is dropped, so the next try opens a new one."""
    from django.db import Error, connection

    try:
        return question()
    except Error:
        connection.close()
        return None


def drill_settle():
    from accounts.models import OutgoingEmail
    from reminders.models import Delivery

    faults = _faults()
    settled = wait_until(lambda: _answered(_unsent) == (0, 0), DRILL_SETTLE, every=2)
    since = time.time() - faults["pg-started"]
    note(f"settled {since:.0f} s after PostgreSQL was back" if settled else f"not settled in {DRILL_SETTLE} s")
    time.sleep(5)  # a copy still on its way would land now

    counts = _reminder_counts()
    owed_ids = {email.message_id for email in OutgoingEmail.objects.filter(pk__in=load_state().get("owed", []))}
    all_ids = inbox_message_ids()
    owed_received = {message_id: all_ids[message_id] for message_id in owed_ids if all_ids[message_id]}
    delivery_ids = {delivery.message_id for delivery in Delivery.objects.only("pk")}
    strays = sum(count for message_id, count in all_ids.items() if message_id not in delivery_ids | owed_ids)
    unsent, owed_unsent = _unsent()
    emails = counts["emails"] + sum(owed_received.values())
    distinct = counts["distinct"] + len(owed_received)
    duplicates = counts["duplicates"] + sum(count - 1 for count in owed_received.values())

    started = float((WORK / "hosts-started").read_text())
    print(flush=True)
    note("Fault                                at (s after the hosts were started)")
    for name, label in (
        ("sigkill", "SIGKILL to host A's email worker"),
        ("redis-stop", "the broker stopped"),
        ("redis-start", "the broker started"),
        ("pg-restart", "PostgreSQL restart asked (fast)"),
        ("pg-started", "PostgreSQL accepting again"),
    ):
        note(f"  {label:<35}{faults[name] - started:7.1f}")
    print(flush=True)
    note(f"{'Reminders due':<42}{REMINDERS:>7,}")
    note(f"{'Deliveries made':<42}{counts['deliveries']:>7,}")
    note(f"{'Owed emails (security notices) made':<42}{len(owed_ids):>7,}")
    note(
        f"{'Emails at the mail server':<42}{emails:>7,}  (reminders {counts['emails']:,}, notices "
        f"{sum(owed_received.values())})"
    )
    note(f"{'Distinct Message-IDs':<42}{distinct:>7,}")
    note(f"{'Duplicates (same Message-ID)':<42}{duplicates:>7,}")
    note(f"{'Emails with a Message-ID of no row':<42}{strays:>7,}")
    note(f"{'Unsent after settling (deliveries, owed)':<42}{unsent:>7,}, {owed_unsent}")
    print(flush=True)

    admitted = _explain_duplicates(all_ids, delivery_ids | owed_ids, faults, started)
    check(
        "every reminder and notice arrived: one delivery a reminder, one Message-ID each, none unsent",
        settled
        and unsent == 0
        and owed_unsent == 0
        and counts["deliveries"] == REMINDERS
        and distinct == REMINDERS + len(owed_ids),
        f"unsent {unsent} + {owed_unsent}",
    )
    check("no duplicate with a new Message-ID (no email of no row, no second delivery)", strays == 0)
    check(f"every duplicate inside the admitted window ({duplicates})", admitted)


def _explain_duplicates(all_ids, ours, faults, started):
    """Each duplicate: when its copies were taken, and the fault just after its first. True if all are admitted."""
    from accounts.models import OutgoingEmail
    from reminders.models import Delivery

    copies = {}
    for path in (MAILDIR / "new").glob("*"):
        message_id = _message_ids.get(path.name)
        if message_id in ours and all_ids[message_id] > 1:
            copies.setdefault(message_id, []).append(path.stat().st_mtime)
    causes = {"sigkill": "the SIGKILL", "pg-restart": "the PostgreSQL restart"}
    admitted = True
    for message_id, times in sorted(copies.items(), key=lambda item: min(item[1])):
        times.sort()
        first = times[0]
        near = [name for name in causes if 0 <= faults[name] - first <= DRILL_WINDOW or abs(faults[name] - first) < 1]
        row = message_id.strip("<>").split("@")[0].split("-", 1)  # <delivery-uuid@…> or <email-uuid@…>
        model = Delivery if row[0] == "delivery" else OutgoingEmail
        attempts = model.objects.filter(pk=row[1]).values_list("attempts", flat=True).first()
        taken = ", ".join(f"{moment - started:.1f}" for moment in times)
        cause = " and ".join(f"{faults[name] - first:.1f} s before {causes[name]}" for name in near)
        note(
            f"duplicate: {len(times)} copies taken at {taken} s, {attempts or '-'} claim(s); first "
            + (cause or "outside the window")
        )
        admitted = admitted and bool(near)
    return admitted


PHASES = {
    "seed": seed,
    "reminders": reminders,
    "pdf": pdf,
    "notice-queue": notice_queue,
    "notice-wait": notice_wait,
    "drill-sent": drill_sent,
    "drill-dispatched": drill_dispatched,
    "drill-notices": drill_notices,
    "drill-more": drill_more,
    "drill-settle": drill_settle,
}
ARGUMENTS = {"drill-sent": 1, "drill-more": 1}  # the phases that take a number

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in PHASES or len(sys.argv) != 2 + ARGUMENTS.get(sys.argv[1], 0):
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(PHASES)} [N]")
    PHASES[sys.argv[1]](*sys.argv[2:])
    sys.exit(1 if failures else 0)
