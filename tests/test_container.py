"""The container image and the compose file (issue 26, step 8). No Docker engine runs on the CI machine, so these
check them statically (.ci/run says so): the image installs the hashed lock and runs as a user of its own; the
compose file has the production shape, and each app service runs the command of its systemd unit."""

import json
import re
import shlex
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = {"migrate", "web", "worker", "email-worker", "pdf-worker", "beat"}


def unit_command(unit):
    """The ExecStart= of a systemd unit, as the words a container would run (the virtualenv's path dropped)."""
    text = (ROOT / "deploy" / "systemd" / f"empowerment-{unit}.service").read_text()
    words = shlex.split(re.search(r"^ExecStart=(.+)$", text, flags=re.M).group(1).replace("%%", "%"))
    return [Path(words[0]).name, *words[1:]]


def env_file(path):
    pairs = {}
    for line in (ROOT / path).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            pairs[name] = value
    return pairs


def test_the_image_installs_the_hashed_lock_and_runs_as_its_own_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    base = re.search(r"^FROM (\S+)", dockerfile, flags=re.M).group(1)
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm", base), "a pinned base image"
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert re.search(r"^USER empowerment$", dockerfile, flags=re.M)
    assert "libpango-1.0-0" in dockerfile  # WeasyPrint
    assert json.loads(re.search(r"^CMD (.+)$", dockerfile, flags=re.M).group(1)) == unit_command("web")
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "var"} <= set(ignored)  # no history, no local environment, no exports in the image


def test_the_compose_file_has_the_production_shape():
    assert APP_SERVICES | {"postgres", "redis-broker", "redis-cache", "s3", "s3-bucket", "nginx"} == set(SERVICES)
    for name, service in SERVICES.items():
        image = service["image"]
        assert ":" in image, name
        assert not image.endswith(":latest"), name
    for name in APP_SERVICES:
        assert SERVICES[name]["image"] == "empowerment-planner:local", name
        assert SERVICES[name]["env_file"] == "deploy/compose/app.env", name


def test_each_app_service_runs_the_command_of_its_systemd_unit():
    assert SERVICES["web"]["command"] == unit_command("web")
    for service, unit in [("worker", "worker"), ("email-worker", "email-worker"), ("pdf-worker", "pdf-worker")]:
        assert SERVICES[service]["command"] == unit_command(unit), service
    assert SERVICES["beat"]["command"] == unit_command("beat")
    queues = set()
    for service in ("worker", "email-worker", "pdf-worker"):
        command = SERVICES[service]["command"]
        queues |= set(command[command.index("-Q") + 1].split(","))
    assert queues == set(settings.CELERY_TASK_QUEUES), "every queue has a worker"


def test_the_broker_and_the_cache_are_separate_and_the_broker_keeps_its_tasks():
    broker = " ".join(SERVICES["redis-broker"]["command"])
    assert "--maxmemory-policy noeviction" in broker
    assert "--appendonly yes" in broker
    assert "allkeys-lru" in " ".join(SERVICES["redis-cache"]["command"])
    app_env = env_file("deploy/compose/app.env")
    assert app_env["REDIS_URL"].startswith("redis://redis-broker:")
    assert app_env["CACHE_URL"].startswith("redis://redis-cache:")
    assert app_env["EXPORTS_S3_ENDPOINT_URL"] == "http://s3:9000"


def test_the_compose_settings_are_documented_settings():
    documented = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", (ROOT / "deploy" / "env.example").read_text(), flags=re.M))
    assert set(env_file("deploy/compose/app.env")) <= documented


def test_only_the_web_service_adds_up_its_processes_metrics():
    having = {
        name for name, service in SERVICES.items() if "PROMETHEUS_MULTIPROC_DIR" in service.get("environment", {})
    }
    assert having == {"web"}
