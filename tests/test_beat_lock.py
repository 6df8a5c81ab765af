"""Issue 26 (step 3): two Celery beats against one Redis, and each periodic task is still sent once per tick.

Two real `celery beat` processes (celery-redbeat, as deploy/systemd/empowerment-beat.service runs it) share a
short test schedule (tests/worker_settings.py: every 1 and 2 seconds, a lock that lapses after 5 seconds) and
send to this test's beat queue, which no worker takes: the messages stay there to be counted, each carrying the
process id of the beat that sent it (its `origin` header). While the first holds the lock the second sends
nothing; when the first is killed (no clean release), the second takes the lock over and the schedule goes on,
still once per interval.
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
import redis
from django.conf import settings

from .workers import ROOT

pytestmark = [pytest.mark.worker, pytest.mark.slow]
SCHEDULE = {"every-second": ("empowerment.health.heartbeat", 1), "every-two": ("clients.tasks.sweep_drafts", 2)}
LOCK_TIMEOUT = 5


class Beat:
    def __init__(self, env, log_path):
        self.log_path = log_path
        self.log = log_path.open("w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "empowerment", "beat", "-S", "redbeat.RedBeatScheduler"]
            + ["--loglevel=INFO"],
            cwd=log_path.parent,  # anything beat writes stays in the test's folder
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def text(self):
        return self.log_path.read_text()

    def origin(self):
        return f"gen{self.process.pid}@"

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log.close()


def wait_until(condition, beats, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail("Timed out. The beats' logs:\n" + "\n---\n".join(beat.text() for beat in beats))


@pytest.fixture
def beat_env(tmp_path):
    run = uuid.uuid4().hex[:12]
    queue, prefix = f"test-{run}-beat", f"test-{run}-redbeat:"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "CELERY_BEAT_QUEUE": queue,
        "TEST_BEAT_SCHEDULE": json.dumps(SCHEDULE),
        "TEST_REDBEAT_KEY_PREFIX": prefix,
        "TEST_REDBEAT_LOCK_TIMEOUT": str(LOCK_TIMEOUT),
    }
    client = redis.Redis.from_url(settings.REDIS_URL)
    yield env, queue, client
    client.delete(queue)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)


def sent(client, queue):
    """(task name, sender's origin) of every message beat queued, in order."""
    messages = [json.loads(raw) for raw in reversed(client.lrange(queue, 0, -1))]  # LPUSHed: newest first
    return [(message["headers"]["task"], message["headers"]["origin"]) for message in messages]


def test_two_beats_send_each_periodic_task_once_per_tick_and_the_second_takes_over_when_the_first_dies(
    beat_env, tmp_path
):
    env, queue, client = beat_env
    first = Beat(env, tmp_path / "first.log")
    beats = [first]
    try:
        wait_until(lambda: "beat: Acquired lock" in first.text(), beats, 60)
        first_locked = time.monotonic()
        second = Beat(env, tmp_path / "second.log")
        beats.append(second)
        wait_until(lambda: "beat: Starting" in second.text(), beats, 60)
        time.sleep(8)  # both running: the first ticks, the second waits on the lock

        first.process.send_signal(signal.SIGKILL)  # no clean stop: the lock lapses by itself
        first.process.wait(timeout=30)
        killed = time.monotonic()
        wait_until(lambda: "beat: Acquired lock" in second.text(), beats, LOCK_TIMEOUT + 30)
        second_locked = time.monotonic()
        time.sleep(6)
        messages = sent(client, queue)
        second_stopped = time.monotonic()
    finally:
        for beat in beats:
            beat.stop()

    by_first = [task for task, origin in messages if origin.startswith(first.origin())]
    by_second = [task for task, origin in messages if origin.startswith(second.origin())]
    # Only the lock holder ever sent: the first until it was killed, then the second, never both at once.
    assert len(by_first) + len(by_second) == len(messages)
    assert [origin.startswith(first.origin()) for _, origin in messages] == [True] * len(by_first) + [False] * len(
        by_second
    )
    assert "Sending due task" not in second.text().split("beat: Acquired lock", 1)[0]
    # The second took over once the lock lapsed (plus its one-second retry).
    assert second_locked - killed <= LOCK_TIMEOUT + 3
    # Once per tick: each task about once per its interval while each beat held the lock.
    for task, seconds in SCHEDULE.values():
        for count, span in (
            (by_first.count(task), killed - first_locked),
            (by_second.count(task), second_stopped - second_locked),
        ):
            assert span / seconds - 2 <= count <= span / seconds + 2, (task, count, span)
