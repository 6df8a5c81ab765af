"""The palettes of static/css/tokens.css, for what cannot read CSS variables: the colours an SVG chart carries as
attributes, which the portfolio PDF draws (on a page, static/css/site.css's chart classes put the page's own
colours, dark mode's too, over them); and the tests of the tokens' contrast. Read from the stylesheet, so a
colour is written once."""

import re
from functools import cache
from pathlib import Path

TOKENS = Path(__file__).resolve().parents[1] / "static" / "css" / "tokens.css"
DARK = "@media (prefers-color-scheme: dark)"


@cache
def palettes():
    """{"light": {...}, "dark": {...}}: each colour token by name without its `--ep-`, the light palette from the
    first :root block, the dark one from the prefers-color-scheme block."""
    css = re.sub(r"/\*.*?\*/", "", TOKENS.read_text(encoding="utf-8"), flags=re.DOTALL)
    split = css.index(DARK)

    def colours(block):
        return dict(re.findall(r"--ep-([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block))

    return {"light": colours(css[:split]), "dark": colours(css[split:])}


def colour(name):
    """The light colour of the token `name` (without its `--ep-`); a name that is not a token is an error."""
    return palettes()["light"][name]
