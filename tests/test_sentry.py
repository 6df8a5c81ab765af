"""Error tracking (issue 26): Sentry only with SENTRY_DSN, and what is sent carries ids, never personal data."""

import json
import os
import subprocess
import sys
from pathlib import Path

from core.sentry import scrub_breadcrumb, scrub_event

ROOT = Path(__file__).resolve().parents[1]
USER_ID = "7f6c1d0e-5b1a-4c47-9f0e-2a9b8c7d6e5f"


def sample_event():
    """An event as sentry-sdk's Django integration makes it for a failed form post, with everything it may hold."""
    return {
        "level": "error",
        "request": {
            "method": "POST",
            "url": "https://planner.example.org/clients/3b9e/notes/?q=Dana+Rivera&email=dana%40example.org",
            "query_string": "q=Dana+Rivera&email=dana%40example.org",
            "data": {"text": "Dana felt anxious at work", "email": "dana@example.org"},
            "cookies": {"__Host-sessionid": "abc123"},
            "headers": {
                "Cookie": "__Host-sessionid=abc123",
                "Authorization": "Bearer t",
                "Referer": "https://x/?q=Dana",
            },
            "env": {"REMOTE_ADDR": "203.0.113.7"},
        },
        "user": {
            "id": USER_ID,
            "email": "dana@example.org",
            "username": "dana@example.org",
            "ip_address": "203.0.113.7",
        },
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": "invalid",
                    "stacktrace": {
                        "frames": [
                            {"function": "save_note", "lineno": 12, "vars": {"text": "Dana felt anxious at work"}}
                        ]
                    },
                }
            ]
        },
        "threads": {"values": [{"stacktrace": {"frames": [{"function": "run", "vars": {"name": "Dana Rivera"}}]}}]},
        "breadcrumbs": {
            "values": [
                {
                    "category": "query",
                    "message": 'SELECT * FROM "accounts_user" WHERE "email" = %s',
                    "data": {"db.params": ["dana@example.org"], "db.paramstyle": "format"},
                },
                {"category": "httplib", "data": {"url": "https://api.example.org/x?email=dana%40example.org"}},
            ]
        },
    }


def test_the_scrubber_keeps_ids_and_drops_bodies_cookies_queries_names_emails_and_sql_parameters():
    event = scrub_event(sample_event(), {})
    sent = json.dumps(event)
    for personal in ("Dana", "dana", "anxious", "abc123", "203.0.113.7", "Bearer"):
        assert personal not in sent, personal
    assert event["request"] == {"method": "POST", "url": "https://planner.example.org/clients/3b9e/notes/"}
    assert event["user"] == {"id": USER_ID}
    frame = event["exception"]["values"][0]["stacktrace"]["frames"][0]
    assert frame == {"function": "save_note", "lineno": 12}  # where it failed stays; the values are gone
    query, http = event["breadcrumbs"]["values"]
    assert query == {"category": "query", "message": 'SELECT * FROM "accounts_user" WHERE "email" = %s', "data": {}}
    assert http["data"] == {"url": "https://api.example.org/x"}


def test_an_event_without_a_request_or_a_signed_in_user_is_left_as_it_is():
    event = {"level": "error", "message": "Export 3b9e not built", "user": {"ip_address": "203.0.113.7"}}
    assert scrub_event(event, {}) == {"level": "error", "message": "Export 3b9e not built", "user": {}}
    assert scrub_breadcrumb({"category": "celery", "message": "task"}, {}) == {"category": "celery", "message": "task"}


PROBE = """
import sentry_sdk
client = sentry_sdk.get_client()
options = client.options
print(client.is_active(), options["before_send"].__name__ if options["before_send"] else None,
      options["data_collection"]["http_bodies"], options["data_collection"]["stack_frame_variables"],
      options["data_collection"]["cookies"]["mode"], options["data_collection"]["url_query_params"]["mode"],
      options["data_collection"]["database_query_data"], options["traces_sample_rate"])
"""


def probe(**extra_env):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SENTRY_"))}
    env.update(DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="empowerment.settings", **extra_env)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")[-2]


def test_sentry_is_off_without_a_dsn_and_collects_nothing_personal_with_one():
    assert probe().startswith("False ")
    with_dsn = probe(SENTRY_DSN="https://public@sentry.example.invalid/1", SENTRY_ENVIRONMENT="test")
    assert with_dsn == "True scrub_event [] False off off False None"
