"""Error tracking with Sentry (sentry-sdk), off unless SENTRY_DSN is set, and sent with ids only.

A clinic's errors may happen while a page holds a client's words, so what leaves for Sentry is cut down twice:
the SDK is told to collect nothing personal (sentry-sdk 3 replaced `send_default_pii` with `data_collection`:
no cookies, headers, bodies, query strings, SQL parameters or stack-frame variables), and `scrub_event`, the
`before_send` hook, removes whatever is left of them before an event is sent, so a change in the SDK's
defaults cannot start sending them. What is kept: the exception, the stack (code and line numbers), the path
(addresses carry record ids, never personal data), the method, the request id, and the user's id.
"""

from urllib.parse import urlsplit, urlunsplit

# Request keys an event keeps: the method and the address without its query string. Gone: data (the body),
# cookies, headers, query_string, env (the address of the person).
REQUEST_KEPT = ("method", "url")
# Breadcrumb data keys that may carry values from a query or a form.
BREADCRUMB_DATA_DROPPED = ("db.params", "db.paramstyle", "db.cursor", "http.query", "http.fragment")


def scrub_event(event, hint=None):
    """`before_send`: drop request bodies, cookies, headers, query strings, user names and emails, frame variables."""
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {key: request[key] for key in REQUEST_KEPT if key in request}
        if "url" in event["request"]:
            event["request"]["url"] = _without_query(event["request"]["url"])
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if user.get("id") else {}
    for values in _stack_holders(event):
        for frame in (values.get("stacktrace") or {}).get("frames") or ():
            frame.pop("vars", None)
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        breadcrumbs["values"] = [crumb for crumb in map(scrub_breadcrumb, breadcrumbs.get("values") or ()) if crumb]
    elif isinstance(breadcrumbs, list):
        event["breadcrumbs"] = [crumb for crumb in map(scrub_breadcrumb, breadcrumbs) if crumb]
    return event


def scrub_breadcrumb(crumb, hint=None):
    """`before_breadcrumb`: SQL keeps its text (placeholders) but no parameters; URLs lose their query strings."""
    data = crumb.get("data")
    if isinstance(data, dict):
        for key in BREADCRUMB_DATA_DROPPED:
            data.pop(key, None)
        if isinstance(data.get("url"), str):
            data["url"] = _without_query(data["url"])
    return crumb


def _stack_holders(event):
    for section in ("exception", "threads"):
        holder = event.get(section)
        values = holder.get("values") if isinstance(holder, dict) else holder
        yield from (value for value in values or () if isinstance(value, dict))


def _without_query(url):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


# What the SDK collects by itself (sentry-sdk 3's data_collection): nothing personal. The user's id is collected
# with the user's other details (user_info) and `scrub_event` keeps the id alone.
DATA_COLLECTION = {
    "user_info": True,
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "off"}},
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "database_query_data": False,
    "stack_frame_variables": False,
    "queues": False,
    "gen_ai": {"inputs": False, "outputs": False},
    "mcp": {"inputs": False, "outputs": False},
}


def options(*, dsn, environment, release):
    """sentry_sdk.init's arguments (its Django, Celery, Redis and logging integrations are found by the SDK)."""
    return {
        "dsn": dsn,
        "environment": environment or None,
        "release": release or None,
        "data_collection": DATA_COLLECTION,
        "before_send": scrub_event,
        "before_breadcrumb": scrub_breadcrumb,
        # No performance tracing (traces_sample_rate unset): spans would carry SQL and paths past before_send.
        "max_request_body_size": "never",
    }


def init(*, dsn, environment, release):
    import sentry_sdk

    sentry_sdk.init(**options(dsn=dsn, environment=environment, release=release))
