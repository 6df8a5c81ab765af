"""Settings for the test suite: the project's settings, with a test secret and fast password hashing.

DATABASE_URL and REDIS_URL still come from the environment, so `make test` runs on SQLite and
`.ci/run` on PostgreSQL and Redis. Tasks run eagerly in unit tests; the real-worker tests switch
that off for themselves.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

from empowerment.settings import *  # noqa: E402,F403
from empowerment.settings import BASE_DIR, DATABASES, INSTALLED_APPS, TEMPLATES, VAR_DIR  # noqa: E402

# The demo and scale data (seed_demo, seed_scale), which production settings install only with DEBUG on.
if "demo" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

# Argon2 is the production hasher (asserted in tests/test_settings.py); MD5 keeps fixtures fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("TEST_SHARED_CACHE_URL"):  # a real worker and the test share the cache (tests/test_health.py)
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": os.environ["TEST_SHARED_CACHE_URL"]}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # The exports folder follows PRIVATE_FILES_ROOT (tests give each their own); tests/portfolio/test_exports_s3.py
    # swaps in the S3 backend.
    "exports": {"BACKEND": "portfolio.storage.ExportFileStorage"},
}
STATIC_ROOT = VAR_DIR / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SITE_URL = "http://testserver"

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so that a worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# The tests' own "today" (timezone.localdate() outside a request) is the day of the fixtures' clinics
# (ClinicFactory: America/New_York), as every request and task now runs in its clinic's zone; with UTC
# here, tests comparing a page's date with "today" failed between midnight UTC and midnight in New York.
TIME_ZONE = "America/New_York"
