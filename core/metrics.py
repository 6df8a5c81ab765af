"""What the operator's Prometheus reads besides django-prometheus's request and database metrics.

Measured when scraped, from what every web process can see, so any web server answers for the whole deployment:
- the length of each Celery queue in the broker (the default queue and every queue a task is routed to);
- task failures, counted by a Celery `task_failure` signal in whichever worker failed and kept in the cache
  (shared by every host), so a scrape of any web server sees every worker's failures;
- the age of beat's heartbeat (core/health.py).
A count kept in the cache starts again from 0 if the cache loses it (a flush or eviction): Prometheus reads
that as a counter reset, which `increase()` and `rate()` allow for.
"""

import logging

from celery import current_app
from django.core.cache import cache
from kombu.exceptions import ChannelError, OperationalError
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from . import health

logger = logging.getLogger(__name__)
FAILURES_KEY = "metrics:task-failures:%s"
PREFIX = "empowerment_"
_loaded: list[bool] = []


def count_task_failure(sender=None, **_kwargs):
    """Celery's task_failure signal: one more failure of this task (its name only; never its arguments)."""
    key = FAILURES_KEY % getattr(sender, "name", "unknown")
    cache.add(key, 0, timeout=None)
    try:
        cache.incr(key)
    except ValueError:  # the key went between add and incr (an eviction): this is its first failure again
        cache.set(key, 1, timeout=None)


def task_names():
    """The project's tasks (Celery's own are left out)."""
    if not _loaded:  # the tasks modules, as a worker loads them: a web process may not have imported them all
        current_app.loader.import_default_modules()
        _loaded.append(True)
    return sorted(name for name in current_app.tasks if not name.startswith("celery."))


def task_failures():
    """{task name: failures counted}, 0 for a task that has not failed (so an alert sees its first failure)."""
    names = task_names()
    counted = cache.get_many([FAILURES_KEY % name for name in names])
    return {name: int(counted.get(FAILURES_KEY % name) or 0) for name in names}


def queue_names():
    """The default queue, the configured queues and every queue a task is routed to."""
    conf = current_app.conf
    names = {conf.task_default_queue}
    names.update(getattr(queue, "name", queue) for queue in conf.task_queues or ())
    routes = conf.task_routes or ()
    for route_map in [routes] if isinstance(routes, dict) else routes:
        for route in route_map.values() if isinstance(route_map, dict) else ():
            queue = route.get("queue") if isinstance(route, dict) else None
            if queue:
                names.add(getattr(queue, "name", queue))
    return sorted(names)


def queue_lengths():
    """{queue: messages waiting} read from the broker; None when the broker cannot be reached."""
    lengths = {}
    try:
        with current_app.connection_for_read() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
            channel = connection.default_channel
            for name in queue_names():
                try:
                    lengths[name] = channel.queue_declare(queue=name, passive=True).message_count
                except ChannelError:  # never declared, or empty (Redis keeps no empty list)
                    lengths[name] = 0
    except (OperationalError, OSError):
        logger.warning("Queue lengths not measured: the broker is unavailable")
        return None
    return lengths


class OperationsCollector:
    """A prometheus_client collector: the queues, task failures and heartbeat, plus `gauges` given by the caller.

    `gauges` is a list of (name, help, function returning a number or None); None leaves the metric out.
    """

    def __init__(self, gauges=()):
        self.gauges = gauges

    def collect(self):
        lengths = queue_lengths()
        yield GaugeMetricFamily(
            PREFIX + "broker_up", "1 if the Celery broker answered this scrape", lengths is not None
        )
        queues = GaugeMetricFamily(
            PREFIX + "celery_queue_length", "Messages waiting in a Celery queue", labels=["queue"]
        )
        for name, length in (lengths or {}).items():
            queues.add_metric([name], length)
        yield queues

        failures = CounterMetricFamily(PREFIX + "celery_task_failures", "Celery tasks that failed", labels=["task"])
        for name, count in task_failures().items():
            failures.add_metric([name], count)
        yield failures

        _state, age = health.workers_state()
        if age is not None:  # no heartbeat yet (or tasks run in-process): left out; alert on its absence
            yield GaugeMetricFamily(
                PREFIX + "beat_heartbeat_age_seconds", "Seconds since a worker last ran beat's heartbeat", age
            )
        for name, help_text, function in self.gauges:
            value = function()
            if value is not None:
                yield GaugeMetricFamily(PREFIX + name, help_text, value)
