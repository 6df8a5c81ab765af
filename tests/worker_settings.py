"""Settings for the Celery worker and beat processes the real-worker tests start (tests/workers.py).

The test settings, except that what a worker queues (the dispatcher's sends, a build queued again by the
tidy-up) goes through the broker to the queue production routes it to, instead of running in place: so a
test shows the queues as deployed. The test process itself stays eager until `Workers.routed()`.
"""

import json
import os

from tests.settings import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False

# tests/test_beat_lock.py: a short-interval schedule and lock of its own, under a key prefix of its own.
if os.environ.get("TEST_BEAT_SCHEDULE"):
    CELERY_BEAT_SCHEDULE = {
        name: {"task": task, "schedule": seconds}
        for name, (task, seconds) in json.loads(os.environ["TEST_BEAT_SCHEDULE"]).items()
    }
    CELERY_BEAT_MAX_LOOP_INTERVAL = 1
    CELERY_REDBEAT_KEY_PREFIX = os.environ["TEST_REDBEAT_KEY_PREFIX"]
    CELERY_REDBEAT_LOCK_TIMEOUT = int(os.environ.get("TEST_REDBEAT_LOCK_TIMEOUT", "5"))
