"""The public minutes and decisions (issue 14): only published minutes of public boards, an
exempt item as its number, neutral title and paragraph, the PDF served without a sign-in,
and a decisions list that filters and costs the same however long it is."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerships import minutes as minutes_doc
from partnerships import pdfcache
from partnerships.models import AgendaItem, Attendance, Meeting, Minutes
from partnerships.services import minutes_approve, minutes_publish

from ..partnerships.factories import BoardFactory, MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def held(board, days, **extra):
    return Meeting.objects.create(
        board=board,
        start=timezone.now() - datetime.timedelta(days=days),
        venue="Westfields",
        status=Meeting.Status.HELD,
        **extra,
    )


@pytest.fixture
def board():
    return BoardFactory(partnership=PartnershipFactory(name="HWB"), name="Health Board")


@pytest.fixture
def meeting(board):
    meeting = held(board, 14)
    member = MembershipFactory(board=board, contact__name="Dr A Patel")
    Attendance.objects.create(meeting=meeting, membership=member)
    AgendaItem.objects.create(
        meeting=meeting,
        number=1,
        title="Strategic plan",
        kind="decision",
        minute="Discussed.",
        resolution="That the plan be agreed.",
        votes_for=1,
        votes_against=0,
        votes_abstained=0,
    )
    AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        title="Community transport tenders",
        kind="decision",
        exempt=True,
        exempt_paragraph=3,
        public_title="Contract award",
        exemption_reason="Prices",
        minute="Secret minute.",
        resolution="That Acme Ltd be awarded the contract.",
    )
    Minutes.objects.create(meeting=meeting, published_at=timezone.now())
    return meeting


def test_published_minutes_are_public_without_exempt_content(meeting):
    page = Client().get(reverse("public:minutes", args=[meeting.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Dr A Patel" in text and "That the plan be agreed." in text
    assert "Draft, subject to approval." in text and "For 1, Against 0, Abstained 0" in text
    assert "2. Contract award" in text and "Schedule 12A paragraph 3" in text
    for secret in ("Community transport tenders", "Secret minute", "Acme", "Prices"):
        assert secret not in text


def test_unpublished_or_private_minutes_are_404(meeting, board):
    client = Client()
    Minutes.objects.filter(meeting=meeting).update(published_at=None)
    for name in ("public:minutes", "public:minutes_pdf"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404
    Minutes.objects.filter(meeting=meeting).update(published_at=timezone.now())
    board.public = False
    board.save()
    for name in ("public:minutes", "public:minutes_pdf"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404
    assert "Strategic plan" not in client.get(reverse("public:decisions")).content.decode()
    assert client.get(reverse("public:minutes", args=[999999])).status_code == 404


def test_the_public_pdf_is_the_file_made_on_publishing(
    board, officer, django_capture_on_commit_callbacks
):
    meeting = held(board, 14)
    AgendaItem.objects.create(meeting=meeting, number=1, title="Plan", resolution="Agreed.")
    minutes = Minutes.objects.create(meeting=meeting)
    url = reverse("public:minutes_pdf", args=[meeting.pk])
    assert Client().get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(minutes=minutes, by=officer)
    response = Client().get(url)
    assert response["Content-Type"] == "application/pdf"
    # Approved at a later held meeting: the approved file replaces the draft.
    later = held(board, 1)
    with django_capture_on_commit_callbacks(execute=True):
        minutes_approve(minutes=minutes, at_meeting=later, by=officer)
    html = minutes_doc.public_minutes_html(meeting)
    assert f"Approved at the meeting on {later.local_start:%-d %B %Y}" in html
    assert pdfcache.cached(minutes_doc.MINUTES_CACHE, html)
    page = Client().get(reverse("public:minutes", args=[meeting.pk])).content.decode()
    assert "Approved at the meeting on" in page and "Draft, subject" not in page


def test_a_pdf_not_yet_made_says_so(meeting):
    response = Client().get(reverse("public:minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert "being prepared" in response.content.decode()


def test_the_decisions_list_filters(meeting, board):
    other_board = BoardFactory(partnership=board.partnership, name="Leaders Board")
    old = held(other_board, 400)
    AgendaItem.objects.create(
        meeting=old, number=1, title="Town funding", resolution="That funding continue."
    )
    Minutes.objects.create(meeting=old, published_at=timezone.now())
    unpublished = held(board, 3)
    AgendaItem.objects.create(meeting=unpublished, number=1, title="Draft", resolution="Hidden.")
    Minutes.objects.create(meeting=unpublished)
    client = Client()
    url = reverse("public:decisions")
    text = client.get(url).content.decode()
    assert "That the plan be agreed." in text and "That funding continue." in text
    assert "Acme" not in text and "Hidden." not in text
    assert '<label class="form-label" for="id_q">Search</label>' in text
    by_board = client.get(url, {"board": other_board.pk}).content.decode()
    assert "That funding continue." in by_board and "plan be agreed" not in by_board
    since = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    recent = client.get(url, {"start": since}).content.decode()
    assert "plan be agreed" in recent and "funding continue" not in recent
    found = client.get(url, {"q": "FUNDING"}).content.decode()
    assert "funding continue" in found and "plan be agreed" not in found
    bad = client.get(url, {"start": "2020-05-01", "end": "2020-01-01", "board": "x"})
    assert bad.status_code == 200 and "must not be before" in bad.content.decode()


def test_the_decisions_list_costs_the_same_for_many_rows(meeting, board, django_assert_num_queries):
    client = Client()
    url = reverse("public:decisions")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3, 40):
        AgendaItem.objects.create(
            meeting=meeting, number=n, title=f"Item {n}", resolution=f"Decision {n}."
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"page": "2"})
    assert "Decision" in response.content.decode()
    assert len(many) == len(few)


def test_the_minutes_page_costs_the_same_for_a_long_meeting(meeting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    url = reverse("public:minutes", args=[meeting.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3, 30):
        AgendaItem.objects.create(meeting=meeting, number=n, title=f"Item {n}", resolution="Ok.")
        member = MembershipFactory(board=meeting.board)
        Attendance.objects.create(meeting=meeting, membership=member)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
