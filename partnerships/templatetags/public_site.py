"""The public site's layout: the council's name, and the public agenda's exempt rows in the
pack's agenda."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def council_name() -> str:
    return settings.PORTAL_COUNCIL_NAME


@register.simple_tag
def with_exempt_rows(rows, exempt_rows):
    """The pack agenda's ``rows`` with the public agenda's exempt rows (the exclusion of the
    press and public, then each exempt item by number, neutral title and paragraph) in their
    places by number: before the first item numbered after them, else before a closing
    standing item (the date of the next meeting), else at the end."""
    if not exempt_rows:
        return rows
    rows = list(rows)
    pending = [{"exempt_row": r} for r in exempt_rows]
    out = []
    for row in rows:
        item = row.get("item")
        while pending and item is not None and _number(pending) < item.number:
            out.append(_take(pending))
        out.append(row)
    tail = []
    while out and out[-1].get("standing") and pending:
        tail.insert(0, out.pop())
    while pending:
        out.append(_take(pending))
    return out + tail


def _number(pending) -> int:
    """The number of the next exempt row's item (the exclusion row goes with the item after)."""
    for row in pending:
        if row["exempt_row"].item is not None:
            return row["exempt_row"].item.number
    return 0


def _take(pending):
    return pending.pop(0)
