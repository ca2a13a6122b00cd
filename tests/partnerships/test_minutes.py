"""Minutes as a document (issue 14): quorum, votes, publishing, approval at a later held
meeting, "previous minutes" that skip cancelled meetings, and the demo's published minutes."""

import datetime
import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partnerships import minutes as minutes_doc
from partnerships import pdfcache
from partnerships.models import AgendaItem, Attendance, Meeting, Minutes, Vote
from partnerships.services import (
    meeting_set_status,
    minutes_approve,
    minutes_publish,
    votes_record,
)

from .factories import BoardFactory, MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def board(officer):
    partnership = PartnershipFactory(name="Health and Wellbeing", lead_officer=officer)
    return BoardFactory(partnership=partnership, name="Health and Wellbeing Board", quorum=3)


def meeting_on(board, days, status=Meeting.Status.HELD):
    return Meeting.objects.create(
        board=board, start=NOW + datetime.timedelta(days=days), venue="Westfields", status=status
    )


@pytest.fixture
def members(board):
    voting = [MembershipFactory(board=board) for _ in range(4)]
    adviser = MembershipFactory(board=board, voting=False)
    return voting, adviser


def attend(meeting, memberships, status="present"):
    for m in memberships:
        Attendance.objects.create(meeting=meeting, membership=m, status=status)


# --- quorum ---------------------------------------------------------------------------------


def test_quorum_counts_voting_members_present_and_substitutes(board, members):
    voting, adviser = members
    meeting = meeting_on(board, -7)
    assert not minutes_doc.quorate(meeting).recorded
    attend(meeting, voting[:2])
    attend(meeting, [adviser])  # not voting: not counted
    attend(meeting, voting[2:3], status="apologies")
    quorum = minutes_doc.quorate(meeting)
    assert not quorum.quorate
    assert str(quorum) == "Not quorate: 2 voting members present; the quorum is 3"
    Attendance.objects.create(meeting=meeting, name="A Deputy", substitute_for=voting[2])
    assert str(minutes_doc.quorate(meeting)) == (
        "Quorate: 3 voting members present; the quorum is 3"
    )


def test_a_member_who_has_left_is_not_counted(board, members):
    voting, _ = members
    meeting = meeting_on(board, -7)
    voting[0].end_date = meeting.local_start.date() - datetime.timedelta(days=1)
    voting[0].save()
    attend(meeting, voting[:3])
    assert minutes_doc.quorate(meeting).present == 2


def test_the_meeting_page_says_whether_it_is_quorate(client_for, officer, board, members):
    meeting = meeting_on(board, -7)
    page = client_for(officer).get(meeting.get_absolute_url()).content.decode()
    assert "quorate" not in page.lower()
    attend(meeting, members[0][:3])
    page = client_for(officer).get(meeting.get_absolute_url()).content.decode()
    assert "Quorate: 3 voting members present; the quorum is 3" in page


# --- meeting rules --------------------------------------------------------------------------


def test_a_future_meeting_cannot_be_held(board, officer):
    meeting = meeting_on(board, 3, status=Meeting.Status.SCHEDULED)
    with pytest.raises(ValidationError, match="has not started yet"):
        meeting_set_status(meeting=meeting, to=Meeting.Status.HELD, by=officer)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_cancelling_tells_the_board(board, officer, monkeypatch):
    told = []
    monkeypatch.setattr(
        "partnerships.services.board_news", lambda meeting, event, detail="": told.append(event)
    )
    meeting = meeting_on(board, 3, status=Meeting.Status.SCHEDULED)
    meeting_set_status(meeting=meeting, to=Meeting.Status.CANCELLED, by=officer)
    assert told == ["cancelled"]
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CANCELLED


def test_a_cancelled_meeting_is_never_previous(client_for, officer, board):
    held = meeting_on(board, -60)
    Minutes.objects.create(meeting=held)
    meeting_on(board, -30, status=Meeting.Status.CANCELLED)
    meeting_on(board, -20, status=Meeting.Status.SCHEDULED)  # never recorded as held
    now = meeting_on(board, -1)
    assert minutes_doc.previous_held_meeting(now) == held
    page = client_for(officer).get(now.get_absolute_url()).content.decode()
    assert (
        "Minutes of the previous meeting" in page and held.local_start.strftime("%-d %B %Y") in page
    )
    client_for(officer).post(reverse("partnerships:minutes_approve_previous", args=[now.pk]))
    held.refresh_from_db()
    assert held.minutes.status == "approved" and held.minutes.approved_at == now
    assert held.status == Meeting.Status.MINUTES_APPROVED


def test_approval_only_at_a_later_held_meeting(board, officer):
    first = meeting_on(board, -30)
    minutes = Minutes.objects.create(meeting=first)
    earlier = meeting_on(board, -40)
    future = meeting_on(board, 10, status=Meeting.Status.SCHEDULED)
    cancelled = meeting_on(board, -5, status=Meeting.Status.CANCELLED)
    other_board = meeting_on(BoardFactory(partnership=board.partnership), -1)
    for at, words in [
        (earlier, "later meeting of the same board"),
        (first, "later meeting of the same board"),
        (other_board, "later meeting of the same board"),
        (future, "meeting that was held"),
        (cancelled, "meeting that was held"),
    ]:
        with pytest.raises(ValidationError, match=words):
            minutes_approve(minutes=minutes, at_meeting=at, by=officer)
    assert Minutes.objects.get(pk=minutes.pk).status == "draft"
    later = meeting_on(board, -1)
    minutes_approve(minutes=minutes, at_meeting=later, by=officer)
    assert Minutes.objects.get(pk=minutes.pk).approved_at == later
    with pytest.raises(ValidationError, match="approved already"):
        minutes_approve(minutes=minutes, at_meeting=later, by=officer)


# --- publishing -----------------------------------------------------------------------------


def test_publishing_puts_the_draft_on_the_site_and_tells_the_board(
    board, officer, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    told = []
    monkeypatch.setattr(
        "partnerships.services.board_news", lambda meeting, event, detail="": told.append(event)
    )
    meeting = meeting_on(board, -7)
    AgendaItem.objects.create(meeting=meeting, number=1, title="Plan", resolution="Agreed.")
    Minutes.objects.create(meeting=meeting)
    client = client_for(officer)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Publish the minutes" in page and "Draft, subject to approval" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnerships:minutes_publish", args=[meeting.pk]), follow=True
        )
    assert "draft minutes are published on the public site" in response.content.decode()
    assert told == ["minutes"]
    assert Minutes.objects.get(meeting=meeting).published_at is not None
    # The public file was made when they were published.
    assert pdfcache.cached(minutes_doc.MINUTES_CACHE, minutes_doc.public_minutes_html(meeting))
    again = client.post(reverse("partnerships:minutes_publish", args=[meeting.pk]), follow=True)
    assert "published already" in again.content.decode()


def test_minutes_of_a_meeting_not_held_are_not_published(board, officer):
    meeting = meeting_on(board, -7, status=Meeting.Status.CANCELLED)
    minutes = Minutes.objects.create(meeting=meeting)
    with pytest.raises(ValidationError, match="was held"):
        minutes_publish(minutes=minutes, by=officer)


def test_only_an_officer_publishes(client_for, board_member, board, members):
    meeting = meeting_on(board, -7)
    MembershipFactory(board=board, user=board_member, contact=None)
    Minutes.objects.create(meeting=meeting)
    client = client_for(board_member)
    assert "Publish the minutes" not in client.get(meeting.get_absolute_url()).content.decode()
    url = reverse("partnerships:minutes_publish", args=[meeting.pk])
    assert client.post(url).status_code == 403
    assert Minutes.objects.get(meeting=meeting).published_at is None


# --- votes ----------------------------------------------------------------------------------


def test_named_votes_set_the_counts(client_for, officer, board, members):
    voting, _ = members
    meeting = meeting_on(board, -7)
    attend(meeting, voting)
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Plan", kind="decision")
    url = reverse("partnerships:item_votes", args=[item.pk])
    client = client_for(officer)
    assert client.get(url).status_code == 200
    data = {f"m{voting[0].pk}": "for", f"m{voting[1].pk}": "for", f"m{voting[2].pk}": "abstain"}
    response = client.post(url, data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.votes_for, item.votes_against, item.votes_abstained) == (2, 0, 1)
    assert Vote.objects.filter(item=item).count() == 3
    html = minutes_doc.minutes_html(meeting, restricted=True)
    assert "For 2, Against 0, Abstained 1" in html and "Named vote:" in html


def test_counts_cannot_exceed_the_members_present(client_for, officer, board, members):
    voting, _ = members
    meeting = meeting_on(board, -7)
    attend(meeting, voting[:2])
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Plan", kind="decision")
    response = client_for(officer).post(
        reverse("partnerships:item_votes", args=[item.pk]),
        {"votes_for": "2", "votes_against": "1", "votes_abstained": ""},
    )
    assert response.status_code == 200
    assert "3 votes are more than the 2 voting members recorded as present" in (
        response.content.decode()
    )
    item.refresh_from_db()
    assert not item.vote_recorded
    votes_record(item=item, by=officer, votes_for=2, votes_against=0)
    item.refresh_from_db()
    assert (item.votes_for, item.votes_against) == (2, 0)


def test_the_vote_page_is_for_officers(client_for, board_member, no_role_user, board):
    meeting = meeting_on(board, -7)
    MembershipFactory(board=board, user=board_member, contact=None)
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Plan", kind="decision")
    url = reverse("partnerships:item_votes", args=[item.pk])
    assert client_for(board_member).get(url).status_code == 403
    assert client_for(no_role_user).get(url).status_code == 404


# --- the minutes page and preview -----------------------------------------------------------


def test_the_minutes_page_lists_each_item_and_previews(client_for, officer, board):
    meeting = meeting_on(board, -7)
    item = AgendaItem.objects.create(
        meeting=meeting, number=1, title="Plan", kind="decision", minute="Discussed at length."
    )
    client = client_for(officer)
    page = client.get(reverse("partnerships:minutes", args=[meeting.pk])).content.decode()
    assert "Discussed at length." in page
    assert reverse("partnerships:agenda_item_edit", args=[item.pk]) in page
    assert reverse("partnerships:item_votes", args=[item.pk]) in page
    preview = client.get(reverse("partnerships:minutes_preview", args=[meeting.pk]))
    assert "Draft, subject to approval." in preview.content.decode()
    assert not Minutes.objects.exists()  # GET wrote nothing


def test_the_preview_costs_the_same_for_a_long_meeting(
    client_for, officer, board, members, django_assert_max_num_queries
):
    meeting = meeting_on(board, -7)
    attend(meeting, members[0])
    client = client_for(officer)
    url = reverse("partnerships:minutes_preview", args=[meeting.pk])
    client.get(url)
    for n in range(1, 30):
        AgendaItem.objects.create(meeting=meeting, number=n, title=f"Item {n}", resolution="Ok.")
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


# --- the demo -------------------------------------------------------------------------------


def test_the_demo_has_published_minutes_with_a_vote_and_the_pdf_carries_the_record(
    settings, tmp_path
):
    from django.core.management import call_command

    from partnerships.public import published_minutes

    settings.DEBUG = True
    call_command("seed_demo")
    published = published_minutes().select_related("meeting__board")
    assert published.filter(status="draft").exists() and published.filter(status="approved")
    meeting = published.get(status="draft").meeting
    assert meeting.board.public and meeting.status == Meeting.Status.HELD
    assert meeting.items.filter(votes_for__isnull=False).exists()
    assert Vote.objects.filter(item__meeting=meeting).exists()
    # The public file was made by the seed: served from the cache.
    html = minutes_doc.public_minutes_html(meeting)
    name = pdfcache.cached(minutes_doc.MINUTES_CACHE, html)
    assert name
    from django.core.files.storage import default_storage

    with default_storage.open(name, "rb") as handle:
        pdf = handle.read()
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Present" in text and "Director of Public Health (illustrative)" in text
    assert "Apologies" in text and "Police partnership lead (illustrative)" in text
    assert "Deputy police partnership lead (illustrative) for" in text
    assert "Quorate:" in text
    assert "Declarations of interest" in text and "took part in the discussion" in " ".join(
        text.split()
    )
    assert "Resolved:" in text and "consultation with the area" in text
    assert "For 6, Against 0, Abstained 1" in " ".join(text.split()) or "Abstained 1" in text
    assert "Send the draft strategic plan" in text and "Priya Shah" in text
    assert "Draft, subject to approval." in text
    # The exempt item is its number, neutral title and paragraph only.
    assert "4. Contract award" in text and "Schedule 12A paragraph 3" in text
    assert "highest scoring tender" not in text and "tender evaluation" not in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    approved = published.get(status="approved")
    approved_text = " ".join(
        p.extract_text()
        for p in PdfReader(
            default_storage.open(
                pdfcache.cached(
                    minutes_doc.MINUTES_CACHE, minutes_doc.public_minutes_html(approved.meeting)
                ),
                "rb",
            )
        ).pages
    )
    assert f"Approved at the meeting on {meeting.local_start:%-d %B %Y}" in approved_text
