"""The health endpoint: a public yes/no for the load balancer, details only for monitoring (issue 12)."""

import time

import pytest
from django.core.cache import cache
from django.db import DatabaseError
from django.urls import reverse

from core import health

TOKEN = "monitoring-token-for-tests"


@pytest.fixture
def token(settings):
    settings.HEALTH_TOKEN = TOKEN
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


def test_the_public_check_says_ok_and_nothing_else(client, db):
    response = client.get(reverse("health"))
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert "no-cache" in response["Cache-Control"]


def test_the_public_check_says_unavailable_when_the_database_is_not_reachable(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get(reverse("health"))
    assert (response.status_code, response.content) == (503, b"unavailable\n")


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic " + TOKEN, f"Bearer {TOKEN}x"])
def test_the_detail_is_a_not_found_without_the_token(client, db, settings, header):
    settings.HEALTH_TOKEN = TOKEN
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert client.get(reverse("health_detail"), **extra).status_code == 404


def test_the_detail_is_a_not_found_when_no_token_is_configured(client, db, settings):
    settings.HEALTH_TOKEN = ""
    assert client.get(reverse("health_detail"), HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_the_detail_names_each_part(client, db, token, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.delete(health.HEARTBEAT_KEY)
    response = client.get(reverse("health_detail"), **token)
    body = response.json()
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["workers"] == "no heartbeat"
    assert response.status_code == 503

    health.heartbeat()  # what a worker does when beat sends the task
    body = client.get(reverse("health_detail"), **token).json()
    assert body["workers"] == "ok"
    assert body["heartbeat_age_seconds"] <= 1

    cache.set(health.HEARTBEAT_KEY, time.time() - health.HEARTBEAT_STALE_AFTER - 5, timeout=None)
    response = client.get(reverse("health_detail"), **token)
    assert response.json()["workers"] == "stale"
    assert response.status_code == 503


def test_without_redis_the_demo_reports_tasks_run_in_process(client, db, token, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    body = client.get(reverse("health_detail"), **token).json()
    assert body["workers"] == "in process"


def test_beat_sends_the_heartbeat_every_minute(settings):
    assert settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"] == {"task": "empowerment.health.heartbeat", "schedule": 60}
    assert "core.health" in settings.CELERY_IMPORTS


@pytest.fixture
def shared_cache(settings, monkeypatch):
    """The test process and the worker it starts use one Redis cache (tests normally use a local one)."""
    url = settings.REDIS_URL
    monkeypatch.setenv("TEST_SHARED_CACHE_URL", url)  # read by the worker's settings
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url}}


@pytest.mark.worker
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_answers_the_heartbeat_and_the_detail_turns_healthy(
    client, shared_cache, workers, token, settings
):
    from .workers import wait_for

    process, log = workers.start(), workers.log
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.delete(health.HEARTBEAT_KEY)
    assert client.get(reverse("health_detail"), **token).json()["workers"] == "no heartbeat"
    health.heartbeat.delay()  # what beat sends every minute
    wait_for(lambda: cache.get(health.HEARTBEAT_KEY) is not None, process, log)
    response = client.get(reverse("health_detail"), **token)
    assert response.status_code == 200, response.json()
    assert response.json() | {"heartbeat_age_seconds": 0} == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "workers": "ok",
        "heartbeat_age_seconds": 0,
    }
