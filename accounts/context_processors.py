from django.conf import settings


def session_limits(request):
    """The idle limit in minutes, for the page footer's notice."""
    return {"session_idle_minutes": int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)}
