"""Sections of the resilience-portfolio PDF, registered by the apps that own their data.

The PDF is built in `portfolio`, which must not import the other feature apps; like the overview's
panels, each app registers the sections it can contribute (in its AppConfig.ready()). A section is a
template and a function that builds its context for one client, as seen by the person exporting.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    context: Callable  # context(client, user, private_journal) -> dict
    order: int = 100


_sections = {}


def register(section):
    _sections[section.key] = section


def available():
    """Every registered section, in the order the PDF shows them."""
    return sorted(_sections.values(), key=lambda section: section.order)


def chosen(keys):
    return [section for section in available() if section.key in set(keys)]
