"""No naive datetime comes back (issue 20, item 2): ruff's DTZ rules are on, and the tree passes them."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).with_name("ruff")


def test_ruffs_dtz_rules_are_switched_on():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "DTZ" in config["tool"]["ruff"]["lint"]["select"]


def test_the_tree_has_no_naive_datetime():
    result = subprocess.run(  # the project's own ruff, on the project's own files
        [str(RUFF), "check", "--select", "DTZ", "--output-format", "concise", "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
