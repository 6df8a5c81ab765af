"""The apps depend downward only (issue 22): a module imports from its own app and the layers below it, nothing else.

`LAYERS` is the one place the order is written, bottom first. Apps in one layer are siblings: none imports another.
`empowerment` is the configuration, on top: its root URLs import every app's views, and no app imports it (an app
that needs the Celery app takes `celery.current_app`). `tools` (the benchmarks) are above it all. Imports inside functions
count as much as those at the top of a file, and so does reaching up through the app registry with a literal
(`apps.get_model("clients", ...)`), which hides an upward import without removing it.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LAYERS = [
    ("core",),
    ("audit",),
    ("accounts",),
    ("clients",),
    ("clinics",),
    ("reminders",),
    ("disclosure", "advocacy", "peers", "portfolio"),
    ("grievances",),
    ("portal",),
    ("demo",),
    ("empowerment",),
    ("tools",),
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}
# The product's own packages, for the tests that read all of its code (the benchmarks are tools, not the product).
PRODUCT_PACKAGES = [app for apps in LAYERS for app in apps if app != "tools"]


def _modules():
    for app in LEVEL:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def _imported_apps(tree):
    """(line, app) for every import of one of the project's apps, and every `apps.get_model("<app>", ...)`."""
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value.split(".")[0]]
        for name in names:
            top = name.split(".")[0]
            if top in LEVEL:
                yield node.lineno, top


def _violations():
    found = []
    for app, path in _modules():
        relative = path.relative_to(ROOT).as_posix()
        for line, imported in _imported_apps(ast.parse(path.read_text(), filename=relative)):
            if imported != app and LEVEL[imported] >= LEVEL[app]:
                found.append((relative, line, imported))
    return found


def test_every_app_of_the_project_has_a_layer():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"empowerment", "tools"}
    assert apps == set(LEVEL), "add the new app to LAYERS (or remove the old one)"


def test_no_module_imports_an_app_above_or_beside_its_own():
    unexpected = [
        f"{path}:{line} imports {imported} (layer {LEVEL[imported]}) from layer {LEVEL[path.split('/')[0]]}"
        for path, line, imported in _violations()
    ]
    assert not unexpected, "\n".join(unexpected)


def test_lower_apps_learn_of_higher_ones_only_through_the_registry():
    """One mechanism (core.registry): no Django Signal is defined, sent or received for the product's own events."""
    found = []
    for _app, path in _modules():
        source = path.read_text()
        found.extend(
            f"{path.relative_to(ROOT)}: {needle}"
            for needle in ("Signal(", ".send(sender=", "@receiver(", "django.dispatch")
            if needle in source
        )
    assert found == []
