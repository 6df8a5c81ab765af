"""The light palette of static/css/tokens.css, for what cannot read CSS variables: the colours an SVG chart
carries as attributes, which the portfolio PDF draws (on a page, static/css/site.css's chart classes put the
page's own colours, dark mode's too, over them). Read from the stylesheet, so a colour is written once."""

import re
from functools import cache
from pathlib import Path

TOKENS = Path(__file__).resolve().parents[1] / "static" / "css" / "tokens.css"


@cache
def light_palette():
    """Each colour token of the light palette (the first :root block), by name without its `--ep-`."""
    css = re.sub(r"/\*.*?\*/", "", TOKENS.read_text(encoding="utf-8"), flags=re.DOTALL)
    light = css[: css.index("@media (prefers-color-scheme: dark)")]
    return dict(re.findall(r"--ep-([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", light))


def colour(name):
    """The light colour of the token `name` (without its `--ep-`); a name that is not a token is an error."""
    return light_palette()[name]
