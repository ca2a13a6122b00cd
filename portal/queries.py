"""Per-row figures that cost a page's rows, not the table's."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_of(rows, link: str):
    """For each outer row, how many of ``rows`` point at it through ``link`` (a foreign key
    name, e.g. ``"programme"``), as a subquery. Unlike ``Count`` over a join it needs no
    GROUP BY over the whole list, so the database counts for the rows it returns only."""
    counted = (
        rows.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
