"""Health checks for the operator's monitoring and the load balancer.

- `GET /health/` is public and says only "ok" (200) or "unavailable" (503): whether this web process can
  reach its database. A load balancer needs nothing more, and the public learns nothing else.
- `GET /health/detail/` checks the database, the cache (Redis), the broker and the workers, and answers
  JSON with one word per part (and the age of the workers' heartbeat in seconds); 503 when a part is down.
  It is shown only with `Authorization: Bearer <HEALTH_TOKEN>` (the environment variable; unset means
  nobody) or to a signed-in operator; anyone else gets the same 404 as for a page that does not exist.

The workers' check: Celery beat sends `heartbeat` every minute and a worker writes the time into the
cache, so one fresh heartbeat proves the broker, beat and at least one worker all work.
"""

import hmac
import secrets
import time

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import queue

HEARTBEAT_KEY = "health:worker-heartbeat"
HEARTBEAT_STALE_AFTER = 180  # seconds; beat sends one every 60


# The name it had before core/ existed: the beat schedule and heartbeats already queued by a running deployment.
@shared_task(name="empowerment.health.heartbeat")
def heartbeat():
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def cache_ok():
    """Write and read back a random value: the Redis cache ignores its errors, so a miss means it is down."""
    probe = secrets.token_hex(8)
    cache.set("health:probe", probe, timeout=30)
    return cache.get("health:probe") == probe


def workers_state(now=None):
    """("ok" | "stale" | "no heartbeat" | "in process", age in seconds or None)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in process", None  # no Redis: tasks run inside the web process (the demo)
    beat = cache.get(HEARTBEAT_KEY)
    if beat is None:
        return "no heartbeat", None
    age = max(0, round((now or time.time()) - beat))
    return ("ok" if age <= HEARTBEAT_STALE_AFTER else "stale"), age


def checks():
    workers, age = workers_state()
    parts = {
        "database": "ok" if database_ok() else "unavailable",
        "cache": "ok" if cache_ok() else "unavailable",
        "broker": "ok" if queue.broker_available() else "unavailable",
        "workers": workers,
    }
    healthy = all(state in ("ok", "in process") for state in parts.values())
    return healthy, {"status": "ok" if healthy else "unavailable", **parts, "heartbeat_age_seconds": age}


def _may_see_detail(request):
    token = settings.HEALTH_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    user = request.user
    return user.is_authenticated and user.is_superuser and user.is_verified()


@never_cache
@require_GET
def health(request):
    ok = database_ok()
    return HttpResponse("ok\n" if ok else "unavailable\n", status=200 if ok else 503, content_type="text/plain")


@never_cache
@require_GET
def health_detail(request):
    if not _may_see_detail(request):
        raise Http404
    healthy, parts = checks()
    return JsonResponse(parts, status=200 if healthy else 503)
