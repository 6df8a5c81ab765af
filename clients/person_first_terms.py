"""Gentle, never-blocking suggestions for stigmatizing words: the one list every free-text field uses.

Each entry is a term as people write it, and a person-first alternative in the same language. The
browser shows the suggestion next to the field as the person types (static/js/site.js reads this list
from the page); `suggestions_for()` does the same check on the server.
"""

import re

from django.utils.translation import gettext_lazy as _

# (term, suggestion); English, then Spanish. Matching ignores case and needs whole words.
TERMS_EN = [
    ("schizophrenic", "person living with schizophrenia"),
    ("a bipolar", "person living with bipolar disorder"),
    ("bipolar person", "person living with bipolar disorder"),
    ("the mentally ill", "people living with mental illness"),
    ("mentally ill person", "person living with a mental illness"),
    ("mental patient", "person receiving mental health care"),
    ("psycho", "describe what the person experienced or did"),
    ("crazy", "describe what the person experienced or did"),
    ("insane", "describe what the person experienced or did"),
    ("lunatic", "describe what the person experienced or did"),
    ("nuts", "describe what the person experienced or did"),
    ("committed suicide", "died by suicide"),
    ("successful suicide", "died by suicide"),
    ("failed suicide attempt", "survived a suicide attempt"),
    ("addict", "person with a substance use disorder"),
    ("junkie", "person who uses drugs"),
    ("alcoholic", "person with an alcohol use disorder"),
    ("suffers from", "lives with"),
    ("suffering from", "living with"),
    ("anorexic", "person living with anorexia"),
    ("non-compliant", "chose a different path / not following the plan (and why)"),
    ("retarded", "person with an intellectual disability"),
]
TERMS_ES = [
    ("esquizofrénico", "persona que vive con esquizofrenia"),
    ("esquizofrénica", "persona que vive con esquizofrenia"),
    ("enfermo mental", "persona que vive con un problema de salud mental"),
    ("enferma mental", "persona que vive con un problema de salud mental"),
    ("loco", "describe lo que la persona vivió o hizo"),
    ("loca", "describe lo que la persona vivió o hizo"),
    ("demente", "describe lo que la persona vivió o hizo"),
    ("se suicidó", "murió por suicidio"),
    ("cometió suicidio", "murió por suicidio"),
    ("adicto", "persona con un trastorno por consumo de sustancias"),
    ("adicta", "persona con un trastorno por consumo de sustancias"),
    ("alcohólico", "persona con un trastorno por consumo de alcohol"),
    ("alcohólica", "persona con un trastorno por consumo de alcohol"),
    ("sufre de", "vive con"),
]
TERMS = TERMS_EN + TERMS_ES

HINT_PREFIX = _("A gentle suggestion: instead of “%(term)s”, consider “%(suggestion)s”.")

_PATTERNS = [(re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE), term, hint) for term, hint in TERMS]


def suggestions_for(text):
    """[(term, suggestion)] for each listed term found in `text`, in list order."""
    if not text:
        return []
    return [(term, hint) for pattern, term, hint in _PATTERNS if pattern.search(text)]


def terms_for_browser():
    """The list and the sentence around it, for the page's data island (json_script)."""
    return {"prefix": str(HINT_PREFIX), "terms": TERMS}
