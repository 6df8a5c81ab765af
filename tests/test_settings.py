"""Production settings come only from the environment, and fail closed."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7#k2!production-like-secret-key-for-the-deploy-check-9f8e7d6c5b4a3210",
    "DJANGO_ALLOWED_HOSTS": "example.org",
}


def run_manage(*args, env_overrides, drop=()):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_") and key not in drop}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="empowerment.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_deploy_check_passes_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env_overrides={"DJANGO_ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_are_strict():
    probe = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.PASSWORD_HASHERS[0].rsplit('.', 1)[1], s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.ALLOWED_HOSTS, s.MFA_DEMO_BYPASS)"
    )
    result = run_manage("shell", "-c", probe, env_overrides=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "False Argon2PasswordHasher True True True True ['example.org'] False"


def test_there_are_no_missing_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_production_has_no_demo_data_or_commands():
    """The demo app (seed_demo, seed_scale, run_demo and their data) is installed only with DEBUG on."""
    production = run_manage("help", "--commands", env_overrides=PRODUCTION)
    assert production.returncode == 0, production.stderr
    assert not {"seed_demo", "seed_scale", "run_demo"} & set(production.stdout.split())
    local = run_manage("help", "--commands", env_overrides={**PRODUCTION, "DJANGO_DEBUG": "1"})
    assert {"seed_demo", "seed_scale", "run_demo"} <= set(local.stdout.split()), local.stderr
