"""The page for an unexpected error, and a "try again shortly" page when the database cannot be reached.

Django calls `handler500` inside the `except` block that caught the error, wherever it was raised (a
view, or a middleware that loads the session or the user first), so the exception is at hand here.
A database restart or failover is not a bug of the page: the person gets a 503 that says their data
is safe and when to try again, and the log gets one line without the query or its parameters.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 15


@requires_csrf_token
def server_error(request):
    """handler500: 503 with Retry-After while the database is unreachable; the plain 500 page otherwise."""
    error = sys.exception()
    if not isinstance(error, OperationalError | InterfaceError):
        return defaults.server_error(request)
    logger.error("Database unavailable (%s): answered 503", type(error).__name__)
    # Rendered without the request: the context processors would ask the database again.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response._has_been_logged = True  # the line above stands for it: no traceback with SQL in the log
    return response
