"""The confidence trend of a plan's rehearsals, drawn as SVG on the server (no script needed)."""

WIDTH, HEIGHT, PAD = 360, 160, 24


def confidence_trend(rehearsals):
    """Point lists for the before and after lines, and the y positions of the 0, 5 and 10 grid lines."""
    if not rehearsals:
        return None
    step = (WIDTH - 2 * PAD) / max(len(rehearsals) - 1, 1)

    def y(value):
        return round(HEIGHT - PAD - value * (HEIGHT - 2 * PAD) / 10, 1)

    def points(attribute):
        return [(round(PAD + index * step, 1), y(getattr(r, attribute))) for index, r in enumerate(rehearsals)]

    return {
        "width": WIDTH,
        "height": HEIGHT,
        "before": points("confidence_before"),
        "after": points("confidence_after"),
        "grid": [(value, y(value)) for value in (0, 5, 10)],
        "left": PAD,
        "right": WIDTH - PAD,
    }
