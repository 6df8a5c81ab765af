"""The visual identity (issue 23): every colour is a design token of static/css/tokens.css, and the tokens' text
colours meet WCAG 2.2 AA on every surface in both modes."""

import re
from pathlib import Path

import pytest

from core.design_tokens import TOKENS, palettes

from .test_layers import PRODUCT_PACKAGES

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "static"

# A colour as a template or the product's Python could write it: a hex colour in an attribute or a string.
HEX = re.compile(r"""(?<=["':= (])#(?:[0-9a-f]{6}|[0-9a-f]{3})\b""", re.IGNORECASE)

# The CSS named colours (CSS Color 4), less the keywords that name no colour of their own.
NAMED = [
    "aliceblue",
    "antiquewhite",
    "aqua",
    "aquamarine",
    "azure",
    "beige",
    "bisque",
    "black",
    "blanchedalmond",
    "blue",
    "blueviolet",
    "brown",
    "burlywood",
    "cadetblue",
    "chartreuse",
    "chocolate",
    "coral",
    "cornflowerblue",
    "cornsilk",
    "crimson",
    "cyan",
    "darkblue",
    "darkcyan",
    "darkgoldenrod",
    "darkgray",
    "darkgreen",
    "darkgrey",
    "darkkhaki",
    "darkmagenta",
    "darkolivegreen",
    "darkorange",
    "darkorchid",
    "darkred",
    "darksalmon",
    "darkseagreen",
    "darkslateblue",
    "darkslategray",
    "darkslategrey",
    "darkturquoise",
    "darkviolet",
    "deeppink",
    "deepskyblue",
    "dimgray",
    "dimgrey",
    "dodgerblue",
    "firebrick",
    "floralwhite",
    "forestgreen",
    "fuchsia",
    "gainsboro",
    "ghostwhite",
    "gold",
    "goldenrod",
    "gray",
    "green",
    "greenyellow",
    "grey",
    "honeydew",
    "hotpink",
    "indianred",
    "indigo",
    "ivory",
    "khaki",
    "lavender",
    "lavenderblush",
    "lawngreen",
    "lemonchiffon",
    "lightblue",
    "lightcoral",
    "lightcyan",
    "lightgoldenrodyellow",
    "lightgray",
    "lightgreen",
    "lightgrey",
    "lightpink",
    "lightsalmon",
    "lightseagreen",
    "lightskyblue",
    "lightslategray",
    "lightslategrey",
    "lightsteelblue",
    "lightyellow",
    "lime",
    "limegreen",
    "linen",
    "magenta",
    "maroon",
    "mediumaquamarine",
    "mediumblue",
    "mediumorchid",
    "mediumpurple",
    "mediumseagreen",
    "mediumslateblue",
    "mediumspringgreen",
    "mediumturquoise",
    "mediumvioletred",
    "midnightblue",
    "mintcream",
    "mistyrose",
    "moccasin",
    "navajowhite",
    "navy",
    "oldlace",
    "olive",
    "olivedrab",
    "orange",
    "orangered",
    "orchid",
    "palegoldenrod",
    "palegreen",
    "paleturquoise",
    "palevioletred",
    "papayawhip",
    "peachpuff",
    "peru",
    "pink",
    "plum",
    "powderblue",
    "purple",
    "rebeccapurple",
    "red",
    "rosybrown",
    "royalblue",
    "saddlebrown",
    "salmon",
    "sandybrown",
    "seagreen",
    "seashell",
    "sienna",
    "silver",
    "skyblue",
    "slateblue",
    "slategray",
    "slategrey",
    "snow",
    "springgreen",
    "steelblue",
    "tan",
    "teal",
    "thistle",
    "tomato",
    "turquoise",
    "violet",
    "wheat",
    "white",
    "whitesmoke",
    "yellow",
    "yellowgreen",
]
COLOUR = re.compile(
    r"#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|\b(?:" + "|".join(NAMED) + r")\b",
    re.IGNORECASE,
)


def colours_written(css):
    """Each colour written as a value in `css`, with the declaration it is in (comments left out)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    found = []
    for declaration in re.findall(r"[-\w]+\s*:[^;{}]*", css):
        _name, _, value = declaration.partition(":")
        found += [(declaration.strip(), match.group(0)) for match in COLOUR.finditer(value)]
    return found


def our_stylesheets():
    return sorted(path for path in STATIC.rglob("*.css") if path != TOKENS)


def test_no_stylesheet_but_the_tokens_writes_a_colour():
    assert our_stylesheets(), "no stylesheet found"
    written = {str(path.relative_to(STATIC)): colours_written(path.read_text()) for path in our_stylesheets()}
    assert {path: found for path, found in written.items() if found} == {}


def product_files():
    """The templates and Python of the product (not the tests, migrations, tools or installed packages)."""
    folders = [ROOT / "templates", *(ROOT / package for package in PRODUCT_PACKAGES)]
    files = {path for folder in folders for path in [*folder.rglob("*.html"), *folder.rglob("*.py")]}
    return sorted(path for path in files if "migrations" not in path.parts)


def test_no_template_or_python_of_the_product_writes_a_colour():
    """A chart's SVG takes its colours from the tokens too ({% token %}, core/design_tokens.py)."""
    files = product_files()
    assert any(path.name == "measure_chart.html" for path in files)
    written = {
        str(path.relative_to(ROOT)): HEX.findall(path.read_text(encoding="utf-8"))
        for path in files
        if HEX.search(path.read_text(encoding="utf-8"))
    }
    assert written == {}


def test_the_template_check_sees_a_hex_colour():
    assert HEX.findall('<circle fill="#0b3d91"/> {"colour": "#e8f3ec"} style="color:#fff"') == [
        "#0b3d91",
        "#e8f3ec",
        "#fff",
    ]
    assert HEX.findall('<a href="#main">skip</a> {# a comment #} issue #12') == []


@pytest.mark.parametrize(
    "css",
    [
        ".a { color: #0b3d91; }",
        ".a { background: rgb(0 0 0 / 50%); }",
        ".a { border: 1px solid white; }",
        ".a { --bs-btn-bg: hsl(210 50% 40%); }",
        "@media print { .a { outline-color: Navy } }",
    ],
)
def test_the_check_sees_a_colour_however_it_is_written(css):
    assert colours_written(css)


@pytest.mark.parametrize(
    "css",
    [
        ".a { white-space: pre-line; color: var(--ep-ink); }",
        "/* #fff in a comment */ .a { border-color: currentColor; background: transparent; }",
        ".tan-heading { margin: 0; }",
    ],
)
def test_the_check_leaves_what_is_not_a_colour(css):
    assert colours_written(css) == []


def luminance(red, green, blue):
    """WCAG's relative luminance of a colour given as 0-255 channels."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red / 255, green / 255, blue / 255)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    """WCAG's contrast ratio of two "#rrggbb" colours."""
    high, low = sorted((luminance(*(int(c[i : i + 2], 16) for i in (1, 3, 5))) for c in (first, second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


TEXT = ["ink", "ink-muted", "primary", "primary-strong", "success", "warning-ink", "danger"]
SURFACES = ["surface", "surface-raised", "surface-band", "surface-accent"]


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_text_colour_meets_aa_on_every_surface_and_controls_and_focus_three_to_one(mode):
    palette = palettes()[mode]
    assert set(TEXT + SURFACES + ["on-primary", "border", "focus"]) <= palette.keys(), mode
    low = {
        (text, surface): round(contrast(palette[text], palette[surface]), 2)
        for text in TEXT
        for surface in SURFACES
        if contrast(palette[text], palette[surface]) < 4.5
    }
    assert low == {}
    for on in ("primary", "primary-strong"):
        assert contrast(palette["on-primary"], palette[on]) >= 4.5, on
    for part in ("border", "focus"):
        for surface in SURFACES[:3]:
            assert contrast(palette[part], palette[surface]) >= 3, (part, surface)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_charts_line_and_markers_stand_out_from_every_band_and_the_page(mode):
    palette = palettes()[mode]
    bands = [palette[f"chart-band-{number}"] for number in range(1, 6)]
    for part in ("chart-line", "chart-marker"):
        assert min(contrast(palette[part], band) for band in bands) >= 3, part
    assert contrast(palette["chart-marker"], palette["surface"]) >= 4.5  # the markers' labels
    assert contrast(palette["ink-muted"], max(bands, key=lambda band: contrast(band, palette["ink-muted"]))) >= 3


def test_both_modes_name_the_same_colours():
    light, dark = palettes()["light"], palettes()["dark"]
    assert light.keys() == dark.keys()
    assert all(light[name] != dark[name] for name in light)
