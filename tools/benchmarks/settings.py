"""Settings of the load benchmark: production settings (DEBUG off), plus one URL, the floor.

The load driver sends `X-Forwarded-Proto: https`, as the TLS proxy of a real deployment would, so the
secure cookies, the HTTPS redirect and HSTS stay exactly as in production.
"""

from importlib.util import find_spec
from pathlib import Path

from empowerment.settings import *  # noqa: F403
from empowerment.settings import INSTALLED_APPS

# seed_scale fills the benchmark's database; production settings install the demo app only with DEBUG on. (Before
# the demo app, seed_scale lived in `portal`: this file, copied over an older commit, measures it as it was.)
if find_spec("demo") and "demo" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

ROOT_URLCONF = "tools.benchmarks.urls"

# The floor page's template is the benchmark's own (tools/benchmarks/templates/), not the product's.
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]}]  # noqa: F405
