"""Structured log lines: `key=value` pairs on one line, with the request or task they were written in.

- `RequestIdMiddleware` takes the proxy's X-Request-ID when it is a safe token (nginx's `$request_id` is
  32 hex digits) or makes one, returns it in the response header, and binds it for the request.
- `ContextFilter` adds `request_id=` and `user=` (the signed-in user's id, or `-`) to every record written
  while a request is served, and `task_id=`/`task=` while a Celery task runs (celery signals, below). The
  context lives in contextvars, so it is right in gunicorn's sync workers, threads and Celery alike.
- `KeyValueFormatter` writes the line; a value with a space, quote or control character is quoted with
  its newlines escaped, so no value can start a forged line, and email addresses are masked in case an
  exception message (a database error's DETAIL) carries one. Messages themselves carry ids only (STYLE.md).
"""

import contextlib
import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.utils.functional import empty

REQUEST_ID_HEADER = "X-Request-ID"
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")
BARE_VALUE = re.compile(r"[A-Za-z0-9._:/@+\-]+")
EMAIL = re.compile(r"[^\s@\"'<>(),;:]+@[^\s@\"'<>(),;:]+\.[A-Za-z]{2,}")
# Characters some readers take as a line break besides \n and \r (json.dumps leaves them as they are).
EXTRA_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})

_context = ContextVar("log_context", default=None)


def bind(**values):
    """Bind `values` (request_id, request, task_id, task) for the records written until `unbind(token)`."""
    return _context.set(values)


def unbind(token):
    _context.reset(token)


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that every line written while serving the request carries its id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _context.set({"request_id": request_id, "request": request})
        try:
            response = self.get_response(request)
        finally:
            _context.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


def _user_id(request):
    """The request's user id if it is already known; never loads the session or the user just to log."""
    user = request.__dict__.get("user")
    if user is not None and getattr(user, "_wrapped", None) is not None:  # a lazy user: loaded yet?
        user = request.__dict__.get("_cached_user") if user._wrapped is empty else user._wrapped
    return str(user.pk) if getattr(user, "is_authenticated", False) else "-"


class ContextFilter(logging.Filter):
    """Adds the request id and user, or the task id and name, to each record."""

    def filter(self, record):
        context = _context.get() or {}
        request = context.get("request")
        if request is None and hasattr(getattr(record, "request", None), "request_id"):
            request = record.request  # Django logs a 4xx/5xx response after the middleware has returned
        record.request_id = context.get("request_id") or getattr(request, "request_id", "-")
        record.user = _user_id(request) if request is not None else "-"
        record.task_id = context.get("task_id")
        record.task = context.get("task")
        return True


def escape(value):
    """A value as it goes in a line: bare if plain, quoted and escaped otherwise; email addresses masked."""
    text = EMAIL.sub("[email]", str(value))
    if BARE_VALUE.fullmatch(text):
        return text
    return json.dumps(text, ensure_ascii=False).translate(EXTRA_BREAKS)


class KeyValueFormatter(logging.Formatter):
    """`ts=… level=… logger=… request_id=… user=… [task_id=… task=…] msg="…" [exc="…"]`, one line each."""

    def format(self, record):
        pairs = [
            ("ts", datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")),
            ("level", record.levelname),
            ("logger", record.name),
            ("request_id", getattr(record, "request_id", "-")),
            ("user", getattr(record, "user", "-")),
        ]
        if getattr(record, "task_id", None):
            pairs += [("task_id", record.task_id), ("task", record.task)]
        pairs.append(("msg", record.getMessage()))
        if record.exc_info:
            pairs.append(("exc", self.formatException(record.exc_info)))
        if record.stack_info:
            pairs.append(("stack", self.formatStack(record.stack_info)))
        return " ".join(f"{key}={escape(value)}" for key, value in pairs)


# Celery: the task's id and name on each line it writes, and the project's LOGGING in the worker too.


def bind_task(task_id=None, task=None, **_kwargs):
    """task_prerun: an eager task run inside a request keeps the request's id as well."""
    task.request.log_token = _context.set({**(_context.get() or {}), "task_id": task_id, "task": task.name})


def unbind_task(task=None, **_kwargs):
    token = getattr(task.request, "log_token", None)
    if token is not None:
        task.request.log_token = None
        # A ValueError: set in another context (an eager task inside a request), so nothing to undo here.
        with contextlib.suppress(ValueError):
            _context.reset(token)


def configure_celery_logging(**_kwargs):
    """Celery's setup_logging signal: use settings.LOGGING in the worker instead of Celery's own format."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
