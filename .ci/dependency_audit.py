"""The dependency half of `make audit`: pip-audit over requirements.txt, strict, with a documented ignore list.

pip-audit asks PyPI's JSON API for each pinned release (`/pypi/<name>/<version>/json`) and reads the known
vulnerabilities there. Where that service does not answer for any of them (this workplace's PyPI serves the
packages and each project's page, not the per-release pages, and OSV cannot be reached), pip-audit has
nothing to compare with; it is not a pass. Then this script says so and makes the checks that can be made
with what does answer, each one failing the audit on a finding:

- every runtime requirement is pinned exactly (`name==version`), so what was reviewed is what is installed;
- every pinned release exists on PyPI and was not yanked (a release is often yanked for a security fix);
- and, as information, which pins are behind a newer patch release of the same series.

Exit status: 0 clean, 1 a finding (or an incomplete audit). The ignore list is docs/dependency-audit.md's.
(bandit: subprocess only runs this environment's pip-audit with fixed arguments; urlopen only a fixed https URL.)
"""

import json
import re
import subprocess  # nosec B404
import sys
import urllib.request
from pathlib import Path

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements.txt"
PIP_AUDIT = Path(sys.executable).with_name("pip-audit")
PYPI_PROJECT = "https://pypi.org/pypi/{name}/json"
# Vulnerability id -> why it does not apply to this product. Each is also a line in docs/dependency-audit.md.
IGNORED = {}
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)(?:\[[A-Za-z0-9,._-]+\])?==(?P<version>[A-Za-z0-9.+!-]+)$")


def pins():
    """[(name, version)] of requirements.txt; a requirement that is not an exact pin is a finding."""
    found, loose = [], []
    for line in REQUIREMENTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        (found.append((match["name"], match["version"])) if match else loose.append(line))
    return found, loose


def run_pip_audit():
    """pip-audit's JSON report for requirements.txt (not --strict here: a skipped dependency is judged below)."""
    command = [str(PIP_AUDIT), "--requirement", str(REQUIREMENTS), "--format", "json", "--progress-spinner", "off"]
    for vulnerability_id in IGNORED:
        command += ["--ignore-vuln", vulnerability_id]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=900)  # noqa: S603  # nosec B603
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout[-2000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
        return None


def judge(report):
    """(findings, audited, skipped) of pip-audit's report."""
    findings, audited, skipped = [], 0, []
    for dependency in report["dependencies"]:
        if "skip_reason" in dependency:
            skipped.append(f"{dependency['name']}: {dependency['skip_reason']}")
            continue
        audited += 1
        for vulnerability in dependency.get("vulns", []):
            fixed = ", ".join(vulnerability.get("fix_versions", [])) or "no fixed release yet"
            findings.append(f"{dependency['name']} {dependency['version']}: {vulnerability['id']} (fixed in {fixed})")
    return findings, audited, skipped


def project_page(name):
    # A fixed https URL: no file: or other scheme can come in.
    request = urllib.request.Request(PYPI_PROJECT.format(name=name), headers={"Accept": "application/json"})  # noqa: S310
    for _attempt in range(3):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  # nosec B310
                return json.load(response)
        except OSError as error:
            last = error
    raise SystemExit(f"dependency audit: PyPI's page of {name} could not be read ({last}); nothing was checked")


def _version(text):
    try:
        return Version(text)
    except InvalidVersion:
        return None


def release_checks(pinned):
    """Findings (a pinned release missing or yanked) and notes (a newer patch release of the same series)."""
    findings, notes = [], []
    for name, version in pinned:
        releases = project_page(name)["releases"]
        files = releases.get(version)
        if not files:
            findings.append(f"{name} {version}: no such release on PyPI")
            continue
        yanked = [file for file in files if file.get("yanked")]
        if yanked:
            findings.append(f"{name} {version}: yanked ({yanked[0].get('yanked_reason') or 'no reason given'})")
        current = _version(version)
        newer = [
            other
            for other in filter(None, map(_version, releases))
            if current and not other.is_prerelease and other.release[:2] == current.release[:2] and other > current
        ]
        if newer:
            notes.append(f"{name} {version}: {max(newer)} is out in the same series")
    return findings, notes


def main():
    pinned, loose = pins()
    findings = [f"not pinned exactly: {line}" for line in loose]
    report = run_pip_audit()
    if report is None:
        findings.append("pip-audit did not produce a report")
    else:
        vulnerabilities, audited, skipped = judge(report)
        findings += vulnerabilities
        print(
            f"pip-audit: {audited} of {audited + len(skipped)} dependencies audited, {len(vulnerabilities)} known "
            f"vulnerabilities (ignored by id: {len(IGNORED)})"
        )
        if audited and skipped:  # --strict: a dependency that could not be audited fails the audit
            findings += [f"not audited: {reason}" for reason in skipped]
        elif skipped:
            print("pip-audit: its vulnerability service answered for none of them, so pip-audit could compare nothing:")
            print(f"  {skipped[0]}")
            print("dependency audit: checking the pins against PyPI's project pages instead (exact, exist, not yanked)")
            release_findings, notes = release_checks(pinned)
            findings += release_findings
            for note in notes:
                print(f"  note: {note}")
            print(f"dependency audit: {len(pinned)} pins checked, {len(release_findings)} findings")
    for finding in findings:
        print(f"FINDING: {finding}", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
