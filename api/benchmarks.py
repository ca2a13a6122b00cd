"""The JSON API's figures for ``manage.py benchmark``: the officers' lists of the benchmark's
register through the API (signed in by the session, as a browser would be), the first and the
last page, and the officers' meetings list. Query counts should be the same on any page."""

from django.urls import reverse


def run(bench, client, _officer, repeat):
    partnerships = reverse("api:partnership-list")
    pages = {
        "API: partnerships, page 1": (partnerships, {}),
        "API: partnerships, last page, 100 a page": (
            partnerships,
            {"page": "last", "page_size": 100},
        ),
        "API: boards, page 1": (reverse("api:board-list"), {}),
        "meetings list (every date)": (
            reverse("partnerships:meeting_list"),
            {"date_from": "", "date_to": ""},
        ),
    }
    bench.time_pages(client, pages, repeat)
