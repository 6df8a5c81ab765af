"""Query pieces every app may use: plain Django, nothing compiled or cached."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_per_row(rows: QuerySet, link: str) -> Coalesce:
    """An annotation for a queryset of parents: how many of `rows` point at each (through their field `link`), 0 for
    none. One correlated COUNT subquery, a column of the parents' own query, not a query per parent."""
    counted = rows.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
