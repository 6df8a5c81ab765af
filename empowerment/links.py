"""reverse() once per URL name, then each object's ids put in place: for links drawn many times a page.

Django's `reverse()` (and `{% url %}`) walks the URL patterns on every call, about 40–60 µs; the client
overview and the portal home draw two dozen links each. `link(name, *ids)` reverses the name once with
stand-in UUIDs (per URL configuration, script prefix and language, which can change what reverse gives)
and fills in the real ids, escaped as reverse would quote them. Arguments that are not UUIDs (a page
number, a slug) go to reverse() as before.
"""

import functools
import uuid

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Stand-ins no real id takes (version 0, all but the last digit zero), one per position.
_STAND_INS = [uuid.UUID(int=position + 1) for position in range(4)]


def link(name, *ids):
    """reverse(name, args=ids), for ids that are UUIDs (or their text)."""
    if len(ids) > len(_STAND_INS):
        return reverse(name, args=ids)
    texts = []
    for value in ids:
        if not isinstance(value, uuid.UUID):
            try:
                value = uuid.UUID(str(value))
            except ValueError:
                return reverse(name, args=ids)
        texts.append(str(value))
    pieces = _pieces(name, len(ids), get_urlconf(), get_script_prefix(), get_language())
    return "".join(texts[piece] if isinstance(piece, int) else piece for piece in pieces)


@functools.lru_cache(maxsize=512)
def _pieces(name, count, urlconf, prefix, language):
    """The reversed URL as text pieces and argument positions, in order: one pass fills it in."""
    pieces = [reverse(name, urlconf=urlconf, args=_STAND_INS[:count])]
    for position, stand_in in enumerate(_STAND_INS[:count]):
        split = []
        for piece in pieces:
            if isinstance(piece, int):
                split.append(piece)
                continue
            parts = piece.split(str(stand_in))
            for index, part in enumerate(parts):
                if index:
                    split.append(position)
                split.append(part)
        pieces = split
    return tuple(pieces)
