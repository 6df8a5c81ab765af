"""Structured logs (docs/rules.md, "Quality"; issue 12): one `key=value` line per record, with the request id and the user id or
the Celery task id, and no personal data.

Real flows are driven with the test client while everything logged, at DEBUG, is captured through the
formatter and filter that settings.LOGGING gives the console handler. The data is made with marker strings no
log line has any reason to contain, and no line may contain them.
"""

import logging
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts import services as account_services
from accounts.models import Role
from core import logs
from portfolio.models import ExportStatus, JournalEntry, Milestone, PortfolioExport

from .conftest import PASSWORD
from .factories import ClientFactory, UserFactory
from .workers import wait_for

# Markers no line may carry: a login email, client names, free text of the record.
LOGIN_EMAIL = "quorra.login-marker@example.net"
CLIENT_LEGAL_NAME = "Xantheia Quillbury-Marrow"
CLIENT_PREFERRED_NAME = "Zebulonette"
STAFF_EMAIL = "ulric.staff-marker@example.net"
FREE_TEXTS = ["Milestone ZQX-MILESTONE-7731", "Journal ZQX-JOURNAL-4412 about my week", "Strengths ZQX-STRENGTH-9920"]
MARKERS = [LOGIN_EMAIL, CLIENT_LEGAL_NAME, CLIENT_PREFERRED_NAME, STAFF_EMAIL, *FREE_TEXTS, "ZQX-", "@example.net"]

PAIR = r'[a-z_]+=(?:"(?:[^"\\]|\\.)*"|[^\s"=]+)'
LINE = re.compile(rf"{PAIR}(?: {PAIR})*")
KEY_VALUE = re.compile(r'([a-z_]+)=("(?:[^"\\]|\\.)*"|[^\s"=]+)')


def parse(line):
    """{key: value} of one log line; fails unless the whole line is key=value pairs."""
    assert LINE.fullmatch(line), f"not a key=value line: {line!r}"
    return {key: value.strip('"') for key, value in KEY_VALUE.findall(line)}


@pytest.fixture
def log_lines(caplog):
    """Every record at DEBUG, formatted as the console handler formats it; a function returning the lines."""
    console = settings.LOGGING["handlers"]["console"]
    formatter = import_string(settings.LOGGING["formatters"][console["formatter"]]["()"])()
    for name in console["filters"]:
        caplog.handler.addFilter(import_string(settings.LOGGING["filters"][name]["()"])())
    caplog.handler.setFormatter(formatter)
    caplog.set_level(logging.DEBUG)
    for name in settings.LOGGING["loggers"]:  # the quieter third-party loggers speak up too
        caplog.set_level(logging.DEBUG, logger=name)
    caplog.clear()  # from here on: what the flows of the test log, not the fixtures that set them up

    def lines():
        return caplog.text.splitlines()

    lines.start = caplog.clear
    return lines


@pytest.fixture
def marked_record(clinic, therapist):
    therapist.email = STAFF_EMAIL
    therapist.save()
    record = ClientFactory(
        clinic=clinic,
        primary_therapist=therapist,
        legal_name=CLIENT_LEGAL_NAME,
        preferred_name=CLIENT_PREFERRED_NAME,
        strengths=FREE_TEXTS[2],
    )
    Milestone.objects.create(client=record, created_by=therapist, title=FREE_TEXTS[0])
    JournalEntry.objects.create(
        client=record, author=therapist, kind="victory", text=FREE_TEXTS[1], written_on=timezone.localdate()
    )
    return record


def assert_clean(lines, *, request_ids=None):
    assert lines, "the flows logged nothing: the test would prove nothing"
    for line in lines:
        fields = parse(line)
        assert {"ts", "level", "logger", "request_id", "user", "msg"} <= fields.keys(), line
        if request_ids is not None:
            assert fields["request_id"] in request_ids, line
        for marker in MARKERS:
            assert marker.lower() not in line.lower(), f"{marker!r} logged: {line}"


def test_a_failed_sign_in_with_an_email_logs_no_address(db, client, log_lines):
    UserFactory(email=LOGIN_EMAIL, role=Role.THERAPIST)
    url = reverse("accounts:login")  # the first reverse() imports the URLconf, whose modules log as they load
    log_lines.start()
    response = client.post(url, {"username": LOGIN_EMAIL, "password": "not the password"})
    assert response.status_code == 200
    lines = log_lines()
    assert any("logger=axes" in line for line in lines)  # the lockout counter did speak
    assert_clean(lines, request_ids={response["X-Request-ID"]})


@pytest.mark.django_db(transaction=True)  # the export is queued on commit, as in production, inside the request
def test_client_pages_and_error_paths_log_ids_only(
    client, login, therapist, marked_record, log_lines, settings, tmp_path
):
    login(therapist)
    log_lines.start()
    request_ids = set()
    overview = client.get(reverse("clients:overview", args=[marked_record.pk]))
    assert overview.status_code == 200
    assert CLIENT_PREFERRED_NAME in overview.content.decode()
    request_ids.add(overview["X-Request-ID"])

    missing = client.get(reverse("clients:overview", args=["00000000-0000-4000-8000-000000000000"]))
    assert missing.status_code == 404
    request_ids.add(missing["X-Request-ID"])

    # A PDF export that cannot be written (its folder is a file): logged with its traceback, on one line.
    (tmp_path / "not-a-folder").write_text("")
    settings.PRIVATE_FILES_ROOT = tmp_path / "not-a-folder"
    requested = client.post(
        reverse("portfolio:exports", args=[marked_record.pk]),
        {"sections": ["milestones", "victories"], "language": "en"},
    )
    assert requested.status_code == 302
    request_ids.add(requested["X-Request-ID"])
    assert PortfolioExport.objects.get().status == ExportStatus.FAILED

    lines = log_lines()
    assert_clean(lines, request_ids=request_ids)
    by_logger = {parse(line)["logger"]: parse(line) for line in lines}
    assert by_logger["django.request"]["level"] == "WARNING"
    assert by_logger["django.request"]["user"] == str(therapist.pk)
    failed = by_logger["portfolio.exporting"]
    assert failed["msg"].startswith("Export ")
    assert failed["msg"].endswith(" failed")
    assert "Traceback" in failed["exc"]
    assert failed["task"] == "portfolio.tasks.build_export"
    assert failed["task_id"]
    assert failed["request_id"] == requested["X-Request-ID"]  # an eager task keeps the request's id as well


def test_a_safe_request_id_from_the_proxy_is_kept_and_any_other_is_replaced(client):
    kept = client.get(reverse("accounts:login"), headers={"X-Request-ID": "f3c9a0d2b7e14c55a1d0e9b8c7a6f5e4"})
    assert kept["X-Request-ID"] == "f3c9a0d2b7e14c55a1d0e9b8c7a6f5e4"
    for unsafe in ["abc\nlevel=ERROR msg=forged", "short", "x" * 200, "id with spaces", 'quote"d-identifier']:
        replaced = client.get(reverse("accounts:login"), headers={"X-Request-ID": unsafe})
        assert re.fullmatch(r"[0-9a-f]{32}", replaced["X-Request-ID"]), unsafe
    first, second = client.get(reverse("accounts:login")), client.get(reverse("accounts:login"))
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    "value",
    ["line one\nlevel=ERROR msg=forged", "carriage\rreturn", "sep\u2028arator", "next\u0085line", 'a "quoted" word'],
)
def test_a_value_cannot_forge_a_second_line_or_a_second_pair(value):
    record = logging.LogRecord("tests", logging.WARNING, __file__, 1, "Refused %s", (value,), None)
    logs.ContextFilter().filter(record)
    line = logs.KeyValueFormatter().format(record)
    assert len(line.splitlines()) == 1
    assert "\n" not in line
    assert "\r" not in line
    assert parse(line)["msg"].startswith("Refused ")
    assert parse(line)["level"] == "WARNING"
    assert [key for key, _value in KEY_VALUE.findall(line)].count("level") == 1  # the forged pair stayed inside msg


def test_an_email_in_an_exception_message_is_masked():
    detail = f"Key (email)=({LOGIN_EMAIL}) already exists."
    try:
        raise ValueError(detail)
    except ValueError as error:
        record = logging.LogRecord("tests", logging.ERROR, __file__, 1, "Save failed", (), (ValueError, error, None))
    line = logs.KeyValueFormatter().format(record)
    assert LOGIN_EMAIL not in line
    assert "Key (email)=([email]) already exists." in parse(line)["exc"]


@pytest.mark.worker
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_key_value_lines_with_the_task_id(admin, worker):
    process, log = worker
    invitation = account_services.invitation_create(
        by_user=admin, email=STAFF_EMAIL, full_name=CLIENT_LEGAL_NAME, role=Role.THERAPIST
    )
    wait_for(lambda: _sent_line(log, invitation), process, log)
    line = _sent_line(log, invitation)
    fields = parse(line)
    assert fields["task"] == "accounts.tasks.send_invitation"
    assert re.fullmatch(r"[0-9a-f-]{36}", fields["task_id"])
    log.seek(0)
    output = log.read()
    for marker in (STAFF_EMAIL, CLIENT_LEGAL_NAME, PASSWORD):
        assert marker not in output
    for worker_line in output.splitlines():
        if worker_line.startswith("ts="):
            parse(worker_line)


def _sent_line(log, invitation):
    log.seek(0)
    return next((line for line in log.read().splitlines() if f"Invitation {invitation.pk} sent" in line), None)
