"""Settings for Empowerment Planner, read from the environment in this one place.

Fail closed: DEBUG is off unless DJANGO_DEBUG asks for it, production has no default secret key,
allowed hosts are explicit, and the secure-cookie and HSTS settings are on whenever DEBUG is off.
The README lists every variable.
"""

from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development).")
    SECRET_KEY = "insecure-development-key-used-only-with-DJANGO_DEBUG-on"  # nosec B105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "qsessions",  # Django's sessions with their user, address and browser: the person's own session list
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "bootstrap",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_prometheus",
    "core",
    "audit",
    "accounts",
    "clients",
    "clinics",
    "reminders",
    "portfolio",
    "disclosure",
    "advocacy",
    "peers",
    "grievances",
    "portal",
]
if DEBUG:  # the demo's data and commands (seed_demo, run_demo: `make demo`); a production deployment has neither
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",  # first and last: the whole request is timed
    "core.logs.RequestIdMiddleware",  # first: every log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accounts.middleware.SessionMiddleware",  # qsessions' middleware, with the address the audit log sees
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.NoStoreWhenSignedInMiddleware",  # no client page stays in a browser's cache
    "accounts.middleware.AuditContextMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.timezones.TimeZoneMiddleware",  # after the limits: the person's zone, read with the clinic's limits
    "accounts.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.kept_typing.KeptTypingMiddleware",  # after the second-factor gate: typing kept at a timeout, offered back
    "clients.drafts.FormDraftMiddleware",  # a form's draft offered back; deleted when the form is saved
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "clients.discharge.DischargedPortalMiddleware",  # a discharged client's account: read-only, then closed
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "empowerment.urls"
WSGI_APPLICATION = "empowerment.wsgi.application"
ASGI_APPLICATION = "empowerment.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.session_limits",
                "accounts.context_processors.second_factor",
                "clients.context_processors.emergency_access",
                "reminders.context_processors.notifications",
                "portal.context_processors.crisis_lines",
                "portal.context_processors.unread_messages",
            ],
        },
    },
]

# Database: PostgreSQL in production; an embedded SQLite file under var/ when DATABASE_URL is unset.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'empowerment.sqlite3'}"),
}
if "DATABASE_URL" not in env:
    VAR_DIR.mkdir(exist_ok=True)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A connection pooler in front of PostgreSQL: "transaction" (PgBouncer's pool_mode = transaction, as most managed
# PostgreSQL is run) lends a server connection for one transaction at a time, so nothing may outlive one: no
# server-side cursors (Django's DISABLE_SERVER_SIDE_CURSORS). Empty (the default) or "session" otherwise.
DATABASE_POOLER = env.str("DATABASE_POOLER", default="")
if DATABASE_POOLER not in ("", "session", "transaction"):
    raise ImproperlyConfigured("DATABASE_POOLER must be empty, session or transaction")
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_POOLER == "transaction"
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # A database host that stops answering fails the request in seconds (a 503 page), not at gunicorn's timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
# django-prometheus's database metrics (queries, errors, connections): its wrappers subclass Django's own backends
# and keep every setting above (DISABLE_SERVER_SIDE_CURSORS for PgBouncer, connect_timeout, CONN_MAX_AGE).
DATABASES["default"]["ENGINE"] = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: the broker (REDIS_URL) and the cache (CACHE_URL) when REDIS_URL is set; otherwise tasks run in-process and
# the cache is local. The two are kept apart, so a cache flush or eviction can never drop a queued task: CACHE_URL
# defaults to the broker's server with the next database number (a single host), and a production deployment gives
# each its own instance (the broker with noeviction and append-only persistence: deploy/env.example, the compose file).
REDIS_URL = env.str("REDIS_URL", default="")


def _next_database(url):
    """The same Redis server, the next database number (redis://host:6379/0 -> redis://host:6379/1)."""
    base, _slash, number = url.rpartition("/")
    if base.startswith("redis") and base.count("/") >= 2 and number.isdigit():
        return f"{base}/{int(number) + 1}"
    return f"{url.rstrip('/')}/1"


CACHE_URL = env.str("CACHE_URL", default=_next_database(REDIS_URL) if REDIS_URL else "")
if REDIS_URL:
    # With Redis down, the cache misses instead of failing the page (django-redis ignores its errors).
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Accounts and authentication.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},  # ASVS 2.1.2
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour
INVITATION_TTL = timedelta(days=env.int("INVITATION_TTL_DAYS", default=7))

# Second factor. Staff must enrol a TOTP device; demo users may skip it only while DEBUG is on.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Empowerment Planner")
MFA_DEMO_BYPASS = DEBUG
MFA_BACKUP_CODE_COUNT = 10

# Lockout after repeated failures, keyed on account and address together.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# The proxies in front (nginx on this machine, a load balancer), as networks: X-Forwarded-For is read only from
# them, from the right, skipping each of them (audit.recording.client_address); nginx's set_real_ip_from lines are
# made from the same list (deploy/nginx/). Empty (the default): nothing in front is trusted and the header is
# ignored, as anyone could send it.
TRUSTED_PROXIES = [cidr.strip() for cidr in env.list("TRUSTED_PROXIES", default=[]) if cidr.strip()]
try:
    for _cidr in TRUSTED_PROXIES:
        ip_network(_cidr, strict=False)
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None
if "DJANGO_PROXY_COUNT" in env:  # its successor names the proxies instead of counting them; fail loudly, not open
    raise ImproperlyConfigured("DJANGO_PROXY_COUNT is replaced by TRUSTED_PROXIES (e.g. 127.0.0.1/32,::1/128).")
AXES_CLIENT_IP_CALLABLE = "audit.recording.client_address"  # lockout, rate limits and audit see one address
AXES_VERBOSE = False  # axes would otherwise log the attempted email address
# Every spelling of an address (VICTIM@x, Victim@X, the long s) counts against the one account.
AXES_USERNAME_CALLABLE = "accounts.emails.axes_username"
# ...and failures per account from every address together, at most this many an hour (G5).
LOGIN_FAILURES_PER_ACCOUNT = f"{env.int('LOGIN_FAILURES_PER_ACCOUNT_HOUR', default=100)}/h"

# Rate limits on the endpoints that send email or take a secret (password reset, invitations,
# login), counted in the cache: Redis in production, shared by every process.
RATELIMIT_VIEW = "accounts.views.rate_limited"
RATELIMIT_IP_META_KEY = "audit.recording.client_address"  # the same address source as lockout and audit
# If the cache (Redis) is down, let requests through: lockout (django-axes) keeps its counts in the
# database and still stops password guessing, and a clinic must not be locked out of its records.
RATELIMIT_FAIL_OPEN = True
if not REDIS_URL:
    # Without Redis everything runs in one process (the demo), where the local cache is enough.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Sessions: an idle limit and an absolute limit, both enforced by accounts.middleware. Kept in the database by
# django-qsessions, which adds the user, address and browser to each row for the person's session list.
SESSION_ENGINE = "qsessions.backends.db"
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=15))
SESSION_ABSOLUTE_LIMIT = timedelta(hours=env.int("SESSION_ABSOLUTE_HOURS", default=10))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIMIT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Changing how someone signs in (a new authenticator, new backup codes) needs their password or a current code
# given again within this many seconds (accounts.sessions.reauthentication_required).
REAUTHENTICATION_MAX_AGE = env.int("REAUTHENTICATION_SECONDS", default=5 * 60)
# Emergency access: how long a clinic admin may read one client's record before it ends by itself.
EMERGENCY_ACCESS_MINUTES = env.int("EMERGENCY_ACCESS_MINUTES", default=60)

# Transport security: on whenever DEBUG is off.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer's check may come over plain HTTP from inside
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# The __Host- prefix makes the browser refuse these cookies unless they are Secure, for "/" and set by this host
# exactly (no Domain): a sibling subdomain cannot plant or overwrite them (ASVS 3.4.4). Plain HTTP needs the
# plain names, so DEBUG keeps them.
SESSION_COOKIE_NAME = "sessionid" if DEBUG else "__Host-sessionid"
CSRF_COOKIE_NAME = "csrftoken" if DEBUG else "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict Content-Security-Policy: our own origin only, and no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Languages: English and Spanish for everything a client sees.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# Static files, served by whitenoise in production from the collected folder.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Private files (exports) live outside the web root and are served only through audited views.
PRIVATE_FILES_ROOT = env.path("PRIVATE_FILES_ROOT", default=VAR_DIR / "private")
# PDF exports go through Django's storage API (portfolio/storage.py): the folder PRIVATE_FILES_ROOT/exports on one
# host (and in the demo); with EXPORTS_S3_BUCKET set, a private bucket on any S3-compatible store, shared by every
# app server and worker. Objects are written private and encrypted at rest, and never get a public address: the
# download view checks access, then streams the file through the app.
EXPORTS_S3_BUCKET = env.str("EXPORTS_S3_BUCKET", default="")
if EXPORTS_S3_BUCKET:
    STORAGES["exports"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": EXPORTS_S3_BUCKET,
            "location": env.str("EXPORTS_S3_PREFIX", default="exports"),
            "endpoint_url": env.str("EXPORTS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("EXPORTS_S3_REGION", default="") or None,
            # Without keys, boto3's own chain (instance role, AWS_* variables) is used.
            "access_key": env.str("EXPORTS_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("EXPORTS_S3_SECRET_ACCESS_KEY", default="") or None,
            "addressing_style": env.str("EXPORTS_S3_ADDRESSING_STYLE", default="") or None,  # "path" for some stores
            "default_acl": "private",
            "object_parameters": {"ServerSideEncryption": "AES256"},
            "file_overwrite": True,  # an export's name is its id: a second build replaces the first
            "querystring_auth": True,  # any address the backend makes is signed and short-lived, never public
            "querystring_expire": 60,
            "custom_domain": None,
        },
    }
else:
    STORAGES["exports"] = {"BACKEND": "portfolio.storage.ExportFileStorage"}

# Forms render through the project's template settings, so form, field and widget templates live in templates/
# (templates/forms/, templates/django/forms/widgets/); accounts/form_rendering.py names them.
FORM_RENDERER = "accounts.form_rendering.FormRenderer"

# Email: console output for local development, SMTP (EMAIL_URL) in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
globals().update(EMAIL_CONFIG)  # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, user, password, TLS
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Empowerment Planner <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Celery: JSON only, time limits, ids as arguments; in-process when there is no broker.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# Acknowledged when a worker takes the task, unless the task says otherwise: only the tasks that claim a row
# (a delivery, an invitation, an export) ask for `acks_late=True`, so a killed worker's claim is retried, and
# a periodic sweep cut off by a kill is not run twice over (the next tick runs it again).
CELERY_TASK_ACKS_LATE = False
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker's database connection lasts from task to task (empowerment/celery.py: Django's CONN_MAX_AGE and health
# check); Celery's Django fixup closes it only after this many tasks, not after each one.
CELERY_DB_REUSE_MAX = 1000
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
# A page that queues work gives up quickly when the broker is down (the row is swept and queued later).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {"task": "accounts.tasks.clear_expired_sessions", "schedule": 60 * 60},
    "send-unsent-invitations": {"task": "accounts.tasks.send_unsent_invitations", "schedule": 5 * 60},
    # Owed emails (security, password reset, emergency access: accounts/outbox.py) whose task was lost.
    "requeue-outgoing-emails": {"task": "accounts.tasks.requeue_outgoing_emails", "schedule": 60},
    "tidy-portfolio-exports": {"task": "portfolio.tasks.tidy_exports", "schedule": 5 * 60},
    "dispatch-reminders": {"task": "reminders.tasks.dispatch_reminders", "schedule": 60},
    "worker-heartbeat": {"task": "empowerment.health.heartbeat", "schedule": 60},
    "sweep-form-drafts": {"task": "clients.tasks.sweep_drafts", "schedule": 60 * 60},
    # The attention rule "no portal activity for N days while micro-goals are active" (issue 24): hourly, so a
    # clinic's change of N applies within the hour; a client is flagged at most once per N days.
    "flag-quiet-clients": {"task": "portfolio.tasks.flag_quiet_clients", "schedule": 60 * 60},
    # Questionnaires on a schedule (issue 25): hourly, so one due today is asked early in the client's morning.
    "issue-due-measures": {"task": "portfolio.tasks.issue_due_measures", "schedule": 60 * 60},
}
CELERY_IMPORTS = ["core.health"]  # autodiscovery looks only in tasks.py modules
# Three queues, each with its own worker (deploy/systemd/): the periodic work beat sends (BEAT_QUEUE, with the
# default queue "celery" for anything unrouted and what an older release queued there: empowerment-worker), every
# email (EMAIL_QUEUE: reminder deliveries, invitations, password resets, security and emergency-access notices:
# empowerment-email-worker) and PDF builds (PDF_QUEUE: empowerment-pdf-worker). So 2,000 sends never delay a
# dispatch tick and a long build never delays an email. Routes are by task name (tests/test_celery_queues.py
# checks every task has one); a worker started without -Q takes every queue (CELERY_TASK_QUEUES).
BEAT_QUEUE = env.str("CELERY_BEAT_QUEUE", default="beat")
EMAIL_QUEUE = env.str("CELERY_EMAIL_QUEUE", default="email")
PDF_QUEUE = env.str("CELERY_PDF_QUEUE", default="pdf")
QUEUE_TASKS = {
    "beat": [
        "accounts.tasks.clear_expired_sessions",
        "accounts.tasks.requeue_outgoing_emails",
        "accounts.tasks.send_unsent_invitations",
        "clients.tasks.sweep_drafts",
        "empowerment.health.heartbeat",
        "portfolio.tasks.flag_quiet_clients",
        "portfolio.tasks.issue_due_measures",
        "portfolio.tasks.tidy_exports",
        "reminders.tasks.dispatch_reminders",
    ],
    "email": [
        "accounts.tasks.send_account_notice",
        "accounts.tasks.send_emergency_access_notice",  # clients/tasks.py, under its old name
        "accounts.tasks.send_invitation",
        "accounts.tasks.send_outgoing_email",
        "accounts.tasks.send_password_reset",
        "reminders.tasks.send_delivery",
    ],
    "pdf": ["portfolio.tasks.build_export"],
}
_QUEUE_NAMES = {"beat": BEAT_QUEUE, "email": EMAIL_QUEUE, "pdf": PDF_QUEUE}
CELERY_TASK_ROUTES = {name: {"queue": _QUEUE_NAMES[kind]} for kind, names in QUEUE_TASKS.items() for name in names}
CELERY_TASK_QUEUES = {
    name: {"exchange": name, "routing_key": name} for name in dict.fromkeys(["celery", *_QUEUE_NAMES.values()])
}

# One beat (celery-redbeat): beat keeps its schedule in Redis and holds a lock there, so a second beat started by
# mistake (or a standby on another host) waits and sends nothing until the first has been gone for
# REDBEAT_LOCK_TIMEOUT seconds. Its Redis is the broker's unless REDBEAT_REDIS_URL says otherwise. Without Redis (the
# demo, `manage.py run_demo`) beat does not run; the default file scheduler stays the fallback.
CELERY_BEAT_MAX_LOOP_INTERVAL = 30  # seconds between beat's looks at the schedule at most; each look renews the lock
if REDIS_URL:
    CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
    CELERY_REDBEAT_REDIS_URL = env.str("REDBEAT_REDIS_URL", default="") or CELERY_BROKER_URL
    CELERY_REDBEAT_REDIS_OPTIONS = {"socket_connect_timeout": 2, "retry_period": 60}  # rides out a Redis restart
    CELERY_REDBEAT_KEY_PREFIX = env.str("REDBEAT_KEY_PREFIX", default="redbeat:")
    CELERY_REDBEAT_LOCK_TIMEOUT = env.int("REDBEAT_LOCK_TIMEOUT", default=5 * CELERY_BEAT_MAX_LOOP_INTERVAL)

# What one signed-in person may ask of the workers and of the clinic in a day (issue 19).
PORTFOLIO_EXPORT_RATE = env.str("PORTFOLIO_EXPORT_RATE", default="10/h")  # PDF requests per person
PORTFOLIO_EXPORT_MAX_CHARACTERS = env.int("PORTFOLIO_EXPORT_MAX_CHARACTERS", default=150_000)  # text per PDF
REMINDERS_PER_PERSON_PER_DAY = env.int("REMINDERS_PER_PERSON_PER_DAY", default=50)
GRIEVANCES_PER_CLIENT_PER_DAY = env.int("GRIEVANCES_PER_CLIENT_PER_DAY", default=5)
# Secure messages (issue 24): what one person may send in their client thread(s), in the last hour and 24 hours.
MESSAGES_PER_HOUR = env.int("MESSAGES_PER_HOUR", default=10)
MESSAGES_PER_DAY = env.int("MESSAGES_PER_DAY", default=30)

# The health endpoint's detail (core/health.py) is shown to monitoring with this bearer token.
HEALTH_TOKEN = env.str("HEALTH_TOKEN", default="")

# Observability (issue 26). Errors go to Sentry only when SENTRY_DSN is set, scrubbed to ids (core/sentry.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from core import sentry as _sentry

    _sentry.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=""),
        release=env.str("SENTRY_RELEASE", default=""),
    )
# Prometheus metrics (django-prometheus's request and database metrics, and the queues, the oldest queued
# delivery, task failures and beat's heartbeat: empowerment/metrics.py) at /health/metrics/, with the health token.
PROMETHEUS_EXPORT_MIGRATIONS = False  # no database query at start-up

# Logging: one line per event with ids only, never personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # key=value lines with the request id and user id, or the Celery task id (core/logs.py).
    "formatters": {"line": {"()": "core.logs.KeyValueFormatter"}},
    "filters": {"context": {"()": "core.logs.ContextFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["context"]}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.security.DisallowedHost": {"level": "ERROR"},
    },
}
