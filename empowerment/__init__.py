"""The project package: settings, root URLs, the Celery app, WSGI and ASGI. No models."""

from .celery import app as celery_app

__all__ = ["celery_app"]
