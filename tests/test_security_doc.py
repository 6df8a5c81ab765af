"""docs/security.md stays honest: every safeguard and level-2 requirement is there, every row links a test that exists.

Rows are Markdown table lines whose first cell is a requirement id; "not applicable" and gap bullets
name their ids first. Linked tests are found by reading the test files' syntax trees (not by running
them: the suite runs them anyway).
"""

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "security.md"

HIPAA = [
    "164.312(a)(1)",
    "164.312(a)(2)(i)",
    "164.312(a)(2)(ii)",
    "164.312(a)(2)(iii)",
    "164.312(a)(2)(iv)",
    "164.312(b)",
    "164.312(c)(1)",
    "164.312(c)(2)",
    "164.312(d)",
    "164.312(e)(1)",
    "164.312(e)(2)(i)",
    "164.312(e)(2)(ii)",
]


def _ids(section, *counts):
    """`_ids(2, 3, 1)` → 2.1.1–2.1.3, 2.2.1: the numbered requirements of each subsection in turn."""
    return [f"{section}.{sub}.{n}" for sub, count in enumerate(counts, start=1) for n in range(1, count + 1)]


def _skip(ids, *gone):
    return [requirement for requirement in ids if requirement not in gone]


# OWASP ASVS 4.0.3, level 2 (deleted and level-3-only requirements left out).
LEVEL_2 = {
    "V2": _ids(2, 12, 3, 3, 5, 7, 3, 6, 7, 3, 4),
    "V3": _skip(_ids(3, 1, 4, 4, 5, 3, 2, 1), "3.6.1", "3.6.2"),
    "V4": _skip(_ids(4, 5, 2, 3), "4.1.4"),
    "V5": _ids(5, 5, 8, 10, 3, 4),
    "V7": _skip(_ids(7, 4, 2, 4, 3), "7.3.2"),
    "V8": _skip(_ids(8, 6, 3, 8), "8.1.5", "8.1.6"),
    "V12": _ids(12, 3, 1, 6, 2, 2, 1),
    "V14": _skip(_ids(14, 5, 6, 3, 7, 4), "14.1.5", "14.3.1"),
}
CHAPTER_TITLES = {
    "V2": "Authentication",
    "V3": "Session management",
    "V4": "Access control",
    "V5": "Validation, sanitization and encoding",
    "V7": "Error handling and logging",
    "V8": "Data protection",
    "V12": "Files and resources",
    "V14": "Configuration",
}
REQUIREMENT = r"(?:164\.312(?:\([a-z0-9]+\))+|\d+\.\d+\.\d+)"
ROW = re.compile(rf"^\|\s*({REQUIREMENT})\s*\|(.*)\|\s*$")
NOT_APPLICABLE = re.compile(r"^- ((?:\d+\.\d+\.\d+)(?:, \d+\.\d+\.\d+)*) — ")
GAP = re.compile(rf"^- \*\*(G\d+)\*\* \(({REQUIREMENT}(?:, {REQUIREMENT})*)\) ")
LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
NODE = re.compile(r"^tests/[\w/]+\.py::[\w:\[\]-]+$")


@cache
def lines():
    return DOC.read_text(encoding="utf-8").splitlines()


def rows():
    return [(match.group(1), match.group(2)) for line in lines() if (match := ROW.match(line))]


def not_applicable():
    return {
        requirement for line in lines() if (m := NOT_APPLICABLE.match(line)) for requirement in m.group(1).split(", ")
    }


def gaps():
    return {m.group(1): m.group(2).split(", ") for line in lines() if (m := GAP.match(line))}


def linked_tests(cells):
    return [(text, href) for text, href in LINK.findall(cells) if text.startswith("tests/")]


def test_every_hipaa_technical_safeguard_has_a_row():
    assert [requirement for requirement in HIPAA if requirement not in dict(rows())] == []


def test_every_asvs_chapter_has_its_section():
    headings = {line for line in lines() if line.startswith("### ")}
    assert [f"### {ch} {title}" for ch, title in CHAPTER_TITLES.items() if f"### {ch} {title}" not in headings] == []


def test_every_level_2_requirement_is_met_or_said_not_to_apply_or_named_as_a_gap():
    met = {requirement for requirement, _cells in rows()}
    gap_ids = {requirement for ids in gaps().values() for requirement in ids}
    accounted = met | not_applicable() | gap_ids
    missing = [requirement for ids in LEVEL_2.values() for requirement in ids if requirement not in accounted]
    assert missing == []


def test_no_requirement_is_both_met_and_not_applicable_and_no_id_is_unknown():
    known = set(HIPAA) | {requirement for ids in LEVEL_2.values() for requirement in ids}
    met = [requirement for requirement, _cells in rows()]
    gap_ids = {requirement for ids in gaps().values() for requirement in ids}
    assert sorted(set(met) & not_applicable()) == []
    assert len(met) == len(set(met)), "one row per requirement"
    assert sorted((set(met) | not_applicable() | gap_ids) - known) == []


def test_every_row_links_at_least_one_test_by_its_node_id_and_file():
    unlinked = [requirement for requirement, cells in rows() if not linked_tests(cells)]
    assert unlinked == []
    malformed = [
        (text, href)
        for _requirement, cells in rows()
        for text, href in linked_tests(cells)
        if not NODE.match(text) or href != "../" + text.split("::", 1)[0]
    ]
    assert malformed == []


def test_a_partly_met_row_names_a_gap_that_is_written_down():
    written = set(gaps())
    for requirement, cells in rows():
        if "**Partly**" in cells:
            cited = set(re.findall(r"\[(G\d+)\]\(#gaps\)", cells))
            assert cited, f"{requirement} says Partly but names no written gap"
            assert cited <= written, f"{requirement} says Partly but names no written gap"


@cache
def _definitions(relative_path):
    """The test functions of one file: `name` at top level and `Class::name` in classes."""
    tree = ast.parse((ROOT / relative_path).read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names |= {
                f"{node.name}::{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            }
    return names


def test_every_linked_test_exists():
    missing = set()
    for _requirement, cells in rows():
        for text, _href in linked_tests(cells):
            path, _, node = text.partition("::")
            node = node.split("[", 1)[0]
            if not (ROOT / path).is_file():
                missing.add(f"{text} (no such file)")
            elif not node.split("::")[-1].startswith("test") or node not in _definitions(path):
                missing.add(text)
    assert sorted(missing) == []


def test_the_sensitive_data_policy_is_written_down():
    text = DOC.read_text(encoding="utf-8")
    policy = text.split("## Sensitive data", 1)[1].split("\n## ", 1)[0]
    for category in ("Clinical content (ePHI)", "Identity", "Credentials", "Operational", "Retention"):
        assert category in policy
