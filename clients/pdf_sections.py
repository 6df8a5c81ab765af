"""Sections of the resilience-portfolio PDF, registered by the apps that own their data.

The PDF is built in `portfolio`, which must not import the other feature apps; like the overview's
panels, each app registers the sections it can contribute (in its AppConfig.ready()). A section is a
template and a function that builds its context for one client, as seen by the person exporting.

A PDF is made for someone (docs/rules.md, "Who may see what"): one for the client (`for_client`) holds only what is
shared with them, whoever makes it; one for the care team holds what the care team sees. Each section's context
function narrows its rows with `shared_only`, and its heading may differ for the care team
(`staff_title`: "shared with you" reads wrong in the therapist's copy).
"""

from collections.abc import Callable
from dataclasses import dataclass

from core.registry import Registry


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    context: Callable  # context(client, user, private_journal, for_client) -> dict
    order: int = 100
    staff_title: str | None = None  # the heading in a PDF for the care team, when it must differ

    def title_for(self, *, for_client):
        return self.title if for_client or not self.staff_title else self.staff_title


def shared_only(queryset, for_client, field="shared_with_client"):
    """`queryset` narrowed to the rows shared with the client when the PDF is for the client."""
    return queryset.filter(**{field: True}) if for_client else queryset


SECTIONS = Registry("PDF sections")


def register(section):
    SECTIONS.register(section.key, section)


def available():
    """Every registered section, in the order the PDF shows them."""
    return sorted(SECTIONS.values(), key=lambda section: section.order)


def chosen(keys):
    return [section for section in available() if section.key in set(keys)]
