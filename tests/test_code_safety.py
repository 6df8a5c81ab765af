"""What the product's own code never does (ASVS V5.2-V5.5, V7.3, V14.5): read by its syntax tree.

bandit (`make audit`) looks for the same families of calls; these tests keep the rules the project
adds on top (no template from a string, logger formats constant, the Origin header never consulted).
"""

import ast
import re
from pathlib import Path

import pytest

from .test_layers import PRODUCT_PACKAGES

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = PRODUCT_PACKAGES
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "subprocess", "yaml", "dill"}
FORBIDDEN_ATTRIBUTES = {("os", "system"), ("os", "popen"), ("os", "execv"), ("os", "spawnv")}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}


def product_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def trees():
    return [(path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))) for path in product_files()]


@pytest.fixture(scope="module")
def parsed():
    return trees()


def dotted(node):
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else node.attr
    return node.id if isinstance(node, ast.Name) else ""


def test_no_dynamic_code_deserialisation_or_shell(parsed):
    found = []
    for path, tree in parsed:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and dotted(node.func) in FORBIDDEN_CALLS:
                found.append(f"{path}:{node.lineno} {dotted(node.func)}()")
            if isinstance(node, ast.Call) and tuple(dotted(node.func).split(".")[-2:]) in FORBIDDEN_ATTRIBUTES:
                found.append(f"{path}:{node.lineno} {dotted(node.func)}()")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                found += [f"{path}:{node.lineno} import {n}" for n in names if n.split(".")[0] in FORBIDDEN_MODULES]
    assert found == []


def test_no_template_is_compiled_from_a_string(parsed):
    found = []
    for path, tree in parsed:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = dotted(node.func)
            if name.endswith("from_string") or name in {"Template", "template.Template", "Engine.from_string"}:
                found.append(f"{path}:{node.lineno} {name}()")
    assert found == []


def test_log_messages_are_constant_formats_with_arguments(parsed):
    found = []
    for path, tree in parsed:
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in LOG_METHODS or not dotted(node.func.value).endswith("logger"):
                continue
            first = node.args[0] if node.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                found.append(f"{path}:{node.lineno}")
    assert found == [], "log with logger.info('... %s', id), never an f-string or a built message"


def test_the_origin_header_is_never_used_to_decide_anything():
    pattern = re.compile(r"HTTP_ORIGIN|headers\[[\"']Origin[\"']\]|headers\.get\([\"']Origin[\"']")
    found = [str(path) for path in product_files() if pattern.search(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_sites_script_evaluates_no_strings_and_stores_nothing_in_the_browser():
    scripts = sorted((ROOT / "static" / "js").glob("*.js"))
    assert scripts
    pattern = re.compile(r"\beval\(|new Function\(|localStorage|sessionStorage|indexedDB|document\.cookie|innerHTML")
    found = [f"{path.name}: {match.group(0)}" for path in scripts for match in pattern.finditer(path.read_text())]
    assert found == []


def test_no_home_made_query_layer_is_left():
    """Issue 21: querysets compiled once and run with substituted ids, SQL prepared per connection, URLs reversed
    once and filled in, and hand-copied form markup are gone; reads are plain querysets, links `{% url %}`, fields
    Django's own `{{ form }}` / `{{ field.as_field_group }}` (test below). The words are put together here so that
    this file does not name them itself."""
    words = ["PREP" + "ARE", "bak" + "ed", "quick" + "_field", "{% " + "link"]
    pattern = re.compile("|".join(re.escape(word) for word in words))
    files = [path for path in ROOT.rglob("*") if path.suffix in (".py", ".html")]
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        if not {".venv", "node_modules", "staticfiles", "var"} & set(path.relative_to(ROOT).parts)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []


def test_one_way_to_draw_a_form_field():
    """Issue 21: every form and field is drawn by Django's own form rendering with the project's templates
    (accounts/form_rendering.py, templates/forms/), not by a third-party template pack: no template loads one,
    no code imports one, and it is not a requirement. (The markup it drew is kept: tests/test_form_rendering.py.)"""
    pack = "cris" + "py"
    pattern = re.compile(rf"{pack}_forms|{pack}_bootstrap|\|{pack}\b|as_{pack}_field|^[\w-]*{pack}[\w-]*==")
    files = [path for path in ROOT.rglob("*") if path.suffix in (".py", ".html", ".txt")]
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        if not {".venv", "node_modules", "staticfiles", "var"} & set(path.relative_to(ROOT).parts)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
