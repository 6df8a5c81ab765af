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
