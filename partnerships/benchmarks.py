"""The public site's figures for ``manage.py benchmark``: a public board with 20 published
meetings, then 200 (ten items each, every item decided, minutes published), read by an
anonymous visitor: the home page, the calendar's list, the board, a meeting and the decisions
list. The query counts should be the same at both sizes."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from .models import AgendaItem, AgendaPack, Board, Meeting, Minutes, Partnership


def _meetings(board, first: int, count: int) -> None:
    now = timezone.now()
    start = now - datetime.timedelta(days=400)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            board=board,
            start=start + datetime.timedelta(days=n),
            venue="Benchmark Hall",
            status=Meeting.Status.HELD,
        )
        for n in range(first, first + count)
    )
    AgendaPack.objects.bulk_create(
        AgendaPack(
            meeting=m,
            state=AgendaPack.State.READY,
            file=f"packs/benchmark-{m.pk}.pdf",
            generated_at=now,
            published_at=now,
            page_count=10,
            size=1000,
        )
        for m in meetings
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=m,
            number=i + 1,
            title=f"Benchmark item {i + 1}",
            kind=AgendaItem.Kind.DECISION,
            resolution=f"Resolved: benchmark decision {i + 1}.",
            exempt=i == 9,
            exempt_paragraph=3 if i == 9 else None,
        )
        for m in meetings
        for i in range(10)
    )
    Minutes.objects.bulk_create(Minutes(meeting=m, published_at=now) for m in meetings)


def run(bench, _client, _officer, repeat):
    partnership = Partnership.objects.create(name="Benchmark public partnership")
    board = Board.objects.create(partnership=partnership, name="Benchmark public board")
    visitor = Client()
    for first, count in ((0, 20), (20, 180)):
        _meetings(board, first, count)
        total = first + count
        meeting = board.meetings.order_by("-start").first()
        pages = {
            f"public: home ({total} meetings)": (reverse("public:home"), {}),
            f"public: calendar list ({total} meetings)": (
                reverse("public:calendar"),
                {"view": "list", "board": board.pk},
            ),
            f"public: board page ({total} meetings)": (
                reverse("public:board", args=[board.pk]),
                {},
            ),
            f"public: meeting page ({total} meetings)": (
                reverse("public:meeting", args=[meeting.pk]),
                {},
            ),
            f"public: decisions ({total * 9} decisions)": (reverse("public:decisions"), {}),
        }
        bench.time_pages(visitor, pages, repeat)
