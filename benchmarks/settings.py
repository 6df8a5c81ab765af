"""Settings of the load benchmark: production settings (DEBUG off), plus one URL, the floor.

The load driver sends `X-Forwarded-Proto: https`, as the TLS proxy of a real deployment would, so the
secure cookies, the HTTPS redirect and HSTS stay exactly as in production.
"""

from empowerment.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
