"""The search box's figures for ``manage.py benchmark``: the index rebuilt over the benchmark's
register (made in bulk, so the saves indexed nothing), then the results page as an officer —
a common word that matches nearly every record, a rarer phrase, and one kind. The query count
should not depend on how many records match."""

import time

from django.urls import reverse

from .indexing import rebuild


def run(bench, client, _officer, repeat):
    started = time.perf_counter()
    total = rebuild()
    bench.report(f"search: rebuild the index ({total:,} records)", [time.perf_counter() - started])
    url = reverse("search:results")
    pages = {
        "search: 'benchmark' (matches nearly all)": (url, {"q": "benchmark"}),
        "search: '\"high street\" crewe', page 3": (url, {"q": '"high street" crewe', "page": 3}),
        "search: 'organisation', organisations only": (
            url,
            {"q": "organisation", "kind": "organisation"},
        ),
    }
    bench.time_pages(client, pages, repeat)
