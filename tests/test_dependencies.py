"""Third-party code (ASVS V14.2): every package pinned from PyPI, and CI checks them for known flaws."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINNED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?==[A-Za-z0-9.+!-]+$")


def requirement_lines():
    for path in sorted(ROOT.glob("requirements*.txt")):
        for number, raw in enumerate(path.read_text().splitlines(), start=1):
            line = raw.split(" #", 1)[0].strip()
            if line and not line.startswith("#"):
                yield path.name, number, line


def test_every_requirement_is_pinned_to_one_version_from_the_package_index():
    lines = list(requirement_lines())
    assert lines
    loose = [
        f"{name}:{number} {line}"
        for name, number, line in lines
        if not (PINNED.match(line) or re.fullmatch(r"-r requirements[\w-]*\.txt", line))
    ]
    assert loose == [], "pin with ==; no URLs, paths, ranges or other indexes"


def test_ci_runs_the_dependency_and_code_audit():
    makefile = (ROOT / "Makefile").read_text()
    target = re.search(r"^audit:.*?(?=^\S|\Z)", makefile, flags=re.M | re.S)
    assert target, "a `make audit` target"
    recipe = target.group(0)
    scripts = "".join((ROOT / script).read_text() for script in re.findall(r"\.ci/[\w.-]+\.py", recipe))
    assert "bandit" in recipe, "bandit scans the code"
    assert "pip-audit" in recipe + scripts, "pip-audit checks the pinned requirements"
    assert re.search(r"^\s*make audit\b", (ROOT / ".ci" / "run").read_text(), flags=re.M)


def test_no_development_tools_are_installed_as_apps():
    from django.conf import settings

    tools = {"debug_toolbar", "django_extensions", "django.contrib.admindocs", "silk", "rosetta"}
    assert tools.isdisjoint(settings.INSTALLED_APPS)
    assert not settings.DEBUG
    assert not settings.MFA_DEMO_BYPASS


def _normal(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path):
    """name -> version of a requirements file's own pins (extras dropped)."""
    pins = {}
    for raw in (ROOT / path).read_text().splitlines():
        line = raw.split(" #", 1)[0].strip()
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;]+)", line)
        if match:
            pins[_normal(match.group(1))] = match.group(3)
    return pins


def _locked(path):
    """name -> version of a hashed lock, checking that every package in it carries its hashes."""
    text = (ROOT / path).read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1] if text.startswith("#") else text)
    locked = {}
    for entry in entries:
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)", entry)
        if not match:
            continue
        assert "--hash=sha256:" in entry, f"{path}: {match.group(1)} has no hash"
        locked[_normal(match.group(1))] = match.group(3)
    return locked


def test_the_hashed_locks_hold_exactly_the_pinned_versions():
    """`make install` installs requirements-dev.lock with --require-hashes: a pin changed in requirements*.txt without
    `make lock` (or a lock edited by hand) fails here, so the install that was tested is the install that ships."""
    runtime, everything = _locked("requirements.lock"), _locked("requirements-dev.lock")
    drift = [
        f"{lock}: {name}=={version} pinned, {locked.get(name)} locked"
        for pins, locked, lock in (
            (_pins("requirements.txt"), runtime, "requirements.lock"),
            ({**_pins("requirements.txt"), **_pins("requirements-dev.txt")}, everything, "requirements-dev.lock"),
        )
        for name, version in pins.items()
        if locked.get(name) != version
    ]
    assert drift == [], "run `make lock`"
    assert {name: everything.get(name) for name in runtime} == runtime, "the two locks agree on the runtime set"
    assert len(runtime) > len(_pins("requirements.txt")), "the lock pins the dependencies' dependencies too"
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements-dev.lock" in makefile
