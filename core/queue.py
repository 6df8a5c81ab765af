"""Queueing work without letting a broker outage break a page.

The database row is the record of the work (a delivery, an export, an invitation); the task only
carries its id. Every task claims its row before it acts, and a periodic sweep queues again whatever
the broker lost or never received. So when Redis is down, `enqueue` logs, remembers the outage and
returns False; the page goes on, and the work is queued once Redis is back.
"""

import logging
import time

# The project's Celery app (empowerment/celery.py, made current when the configuration loads): core imports no
# module of the project's own.
from celery import current_app as app
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)
RECHECK_AFTER = 30  # seconds between broker checks in one process
_state = {"checked_at": None, "up": True}


def enqueue(task, **kwargs):
    """Queue `task` with these (id-only) arguments; False if the broker cannot be reached."""
    return enqueue_many(task, [kwargs]) == 1


def enqueue_many(task, kwargs_list):
    """Queue one task per kwargs over one broker connection; stops at the first failure. Returns how many."""
    queued = 0
    try:
        with app.producer_or_acquire() as producer:
            for kwargs in kwargs_list:
                task.apply_async(kwargs=kwargs, producer=producer)
                queued += 1
    except OperationalError:
        logger.warning("Task %s not queued: the broker is unavailable; a sweep will queue it later", task.name)
        _remember(up=False)
    return queued


def broker_available():
    """Whether the broker answers (checked at most every RECHECK_AFTER seconds per process)."""
    if app.conf.task_always_eager:
        return True
    checked_at = _state["checked_at"]
    if checked_at is not None and time.monotonic() - checked_at < RECHECK_AFTER:
        return _state["up"]
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        up = True
    except (OperationalError, OSError):
        up = False
    _remember(up=up)
    return up


def _remember(*, up):
    _state.update(checked_at=time.monotonic(), up=up)


def forget():
    """Check the broker afresh on the next call (tests, and after an outage is known to be over)."""
    _state.update(checked_at=None, up=True)
