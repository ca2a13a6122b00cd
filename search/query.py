"""Reading the index: what a user may open that matches what they typed, in one query, with
a count per kind in one more.

On PostgreSQL the words go through ``websearch_to_tsquery`` (English): "quoted phrases",
``or`` and ``-word`` work as they do in a web search engine; results are ranked, and the
snippet is ts_headline's. On SQLite every word must appear in the title or the text; the
snippet is the text round the first match.
"""

import re
from dataclasses import dataclass

from django.db.models import Count, F, Q, Subquery
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .documents import BY_KIND, DOCUMENTS, START_SEL, STOP_SEL, visible_querysets
from .indexing import is_postgres
from .models import SearchEntry

MAX_QUERY = 200
WORDS = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12
SNIPPET = 240


@dataclass
class Results:
    entries: object  # the queryset of matching entries, best first
    counts: list  # (kind, label, count) in the registry's order, kinds with matches only
    total: int


def words_of(text: str) -> list[str]:
    return WORDS.findall(text or "")


def visible_entries(user):
    """The entries of every record ``user`` may open: one OR over kinds, each kind's rows by
    its app's rules as a subquery."""
    visible = Q()
    found = visible_querysets(user)
    for kind, rows in found.items():
        visible |= Q(kind=kind, object_id__in=Subquery(rows.order_by().values("pk")))
    if not found:
        return SearchEntry.objects.none()
    return SearchEntry.objects.filter(visible)


def matching(entries, text: str):
    if is_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(text, search_type="websearch", config="english")
        return (
            entries.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-date", "pk")
        )
    for word in words_of(text)[:MAX_WORDS]:
        entries = entries.filter(
            Q(title__icontains=word) | Q(body__icontains=word) | Q(extra__icontains=word)
        )
    return entries.order_by(F("date").desc(nulls_last=True), "title", "pk")


def with_snippets(entries, text: str):
    """Annotate the highlighted snippet (PostgreSQL); used on the page's rows only."""
    if not is_postgres():
        return entries
    from django.contrib.postgres.search import SearchHeadline, SearchQuery
    from django.db.models import TextField, Value
    from django.db.models.functions import Concat

    query = SearchQuery(text, search_type="websearch", config="english")
    return entries.annotate(
        headline=SearchHeadline(
            Concat("body", Value(" "), "extra", output_field=TextField()),
            query,
            config="english",
            start_sel=START_SEL,
            stop_sel=STOP_SEL,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def search(user, text: str, *, kind: str = "", date_from=None, date_to=None) -> Results:
    entries = matching(visible_entries(user), text)
    if date_from:
        entries = entries.filter(date__gte=date_from)
    if date_to:
        entries = entries.filter(date__lte=date_to)
    by_kind = dict(
        entries.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    counts = [(d.kind, d.label, by_kind[d.kind]) for d in DOCUMENTS if by_kind.get(d.kind)]
    if kind:
        entries = entries.filter(kind=kind)
        total = by_kind.get(kind, 0)
    else:
        total = sum(by_kind.values())
    return Results(entries=entries, counts=counts, total=total)


# --- snippets ----------------------------------------------------------------------------


def highlighted(headline: str) -> str:
    """ts_headline's text made safe: everything escaped, then its markers made <mark>."""
    text = escape(headline or "")
    return mark_safe(text.replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>"))


def plain_snippet(entry, text: str) -> str:
    """The text round the first word found, the words marked (SQLite)."""
    source = " ".join(t for t in (entry.body, entry.extra) if t)
    words = sorted({w.lower() for w in words_of(text)[:MAX_WORDS]}, key=len, reverse=True)
    lowered = source.lower()
    hits = [lowered.find(w) for w in words if w in lowered]
    start = max(min(hits) - SNIPPET // 3, 0) if hits else 0
    piece = source[start : start + SNIPPET]
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET < len(source) else ""
    if words:
        pattern = re.compile("(" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)
        parts = pattern.split(piece)
        out = "".join(
            f"<mark>{escape(p)}</mark>" if i % 2 else escape(p) for i, p in enumerate(parts)
        )
    else:
        out = escape(piece)
    return mark_safe(f"{prefix}{out}{suffix}")


def snippet_of(entry, text: str) -> str:
    headline = getattr(entry, "headline", None)
    if headline is not None:
        return highlighted(headline)
    return plain_snippet(entry, text)


def label_of(kind: str) -> str:
    document = BY_KIND.get(kind)
    return document.label if document else kind
