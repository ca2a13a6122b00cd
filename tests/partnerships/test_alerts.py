"""Alerts (issue 14, point 3): a board's members and its confirmed subscribers are told when
papers, a supplement or minutes are published and when a meeting is cancelled or moved; one
message per address, each subscriber's with a one-click unsubscribe link and headers; nothing
to an address that has not confirmed or has unsubscribed; a private board tells members only.
Sign-ups send one confirmation a day at most."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerships.alerts import (
    board_news,
    subscription_confirm,
    subscription_end,
    subscription_request,
)
from partnerships.models import AgendaItem, Meeting, Minutes, Report, Subscription
from partnerships.services import (
    meeting_publish,
    meeting_publish_supplement,
    meeting_set_status,
    meeting_update,
    minutes_publish,
)
from portal.tasks import send_email

from .factories import BoardFactory, MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(board_member, officer):
    board = BoardFactory(
        partnership=PartnershipFactory(name="Health and Wellbeing", lead_officer=officer),
        name="Health and Wellbeing Board",
    )
    MembershipFactory(board=board, user=board_member, contact=None, role="chair")
    MembershipFactory(board=board, contact__name="Dr A Patel", contact__email="A.Patel@nhs.example")
    return board


@pytest.fixture
def meeting(board):
    start = datetime.datetime(2027, 1, 14, 14, 0, tzinfo=timezone.get_current_timezone())
    return Meeting.objects.create(board=board, start=start, venue="Westfields, Sandbach")


def follower(board, email="fan@example.org", *, confirmed=True, unsubscribed=False):
    now = timezone.now()
    return Subscription.objects.create(
        board=board,
        email=email,
        confirmed_at=now if confirmed else None,
        unsubscribed_at=now if unsubscribed else None,
    )


def by_address():
    return {m.to[0]: m for m in mail.outbox}


def test_members_and_confirmed_subscribers_each_get_one_message(
    board, meeting, board_member, django_capture_on_commit_callbacks
):
    fan = follower(board)
    follower(board, "waiting@example.org", confirmed=False)
    follower(board, "gone@example.org", unsubscribed=True)
    # A member who also follows the board gets one message, with the unsubscribe link.
    both = follower(board, board_member.email.upper())
    with django_capture_on_commit_callbacks(execute=True):
        board_news(meeting, event="cancelled")
    sent = by_address()
    assert sorted(sent) == sorted(["a.patel@nhs.example", board_member.email, "fan@example.org"]), (
        "one message per address, none before confirmation or after unsubscribing"
    )
    assert all(
        m.subject == "Meeting cancelled: Health and Wellbeing Board, 14 January 2027"
        for m in mail.outbox
    )
    fan_mail = sent["fan@example.org"]
    link = reverse("public:unsubscribe", kwargs={"token": fan.token})
    assert link in fan_mail.body and fan_mail.body.strip().endswith(link)
    assert fan_mail.extra_headers["List-Unsubscribe"].endswith(f"{link}>")
    assert fan_mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert meeting.get_absolute_url() not in fan_mail.body  # the signed-in link is members'
    assert "is cancelled" in fan_mail.body
    member_mail = sent[board_member.email]
    assert reverse("public:unsubscribe", kwargs={"token": both.token}) in member_mail.body
    assert meeting.get_absolute_url() in member_mail.body
    patel = sent["a.patel@nhs.example"]
    assert "List-Unsubscribe" not in patel.extra_headers and "/alerts/" not in patel.body
    assert "member of the Health and Wellbeing Board" in patel.body


def test_a_private_boards_news_goes_to_its_members_only(
    board, meeting, django_capture_on_commit_callbacks
):
    follower(board)
    board.public = False
    board.save()
    with django_capture_on_commit_callbacks(execute=True):
        board_news(meeting, event="moved", detail="somewhere to elsewhere")
    assert "fan@example.org" not in by_address() and len(mail.outbox) == 2
    assert all("/democracy/" not in m.body for m in mail.outbox)


def test_nothing_is_sent_if_the_change_is_rolled_back(board, meeting):
    follower(board)
    board_news(meeting, event="pack")  # the test's transaction never commits
    assert mail.outbox == []


def test_the_queries_do_not_grow_with_subscribers(board, meeting):
    def count():
        with CaptureQueriesContext(connection) as queries:
            board_news(meeting, event="cancelled")
        return len(queries)

    follower(board, "one@example.org")
    few = count()
    for n in range(10):
        follower(board, f"fan{n}@example.org")
    assert count() == few


def test_an_unknown_event_is_refused(meeting):
    with pytest.raises(ValueError):
        board_news(meeting, event="party")


def test_send_email_still_takes_no_headers_and_now_takes_some():
    send_email.apply(kwargs={"subject": "s", "body": "b", "to": ["a@example.org"]})
    send_email.apply(
        kwargs={"subject": "s", "body": "b", "to": ["a@example.org"], "headers": {"X-A": "1"}}
    )
    assert [m.extra_headers for m in mail.outbox] == [{}, {"X-A": "1"}]


# --- sign-ups --------------------------------------------------------------------------------


def test_a_sign_up_sends_one_confirmation_a_day(board, django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert subscription_request(board=board, email="Fan@Example.org", now=now)
        assert not subscription_request(board=board, email="fan@example.org", now=now)
        assert not subscription_request(
            board=board, email="FAN@example.org", now=now + datetime.timedelta(hours=23)
        )
    subscription = Subscription.objects.get()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["Fan@Example.org"]
    confirm = reverse("public:subscription_confirm", kwargs={"token": subscription.token})
    assert confirm in mail.outbox[0].body
    assert mail.outbox[0].subject == "Confirm your e-mail alerts: Health and Wellbeing Board"
    assert not subscription.active
    with django_capture_on_commit_callbacks(execute=True):
        assert subscription_request(
            board=board, email="fan@example.org", now=now + datetime.timedelta(hours=25)
        )
    assert len(mail.outbox) == 2
    subscription_confirm(subscription=subscription)
    with django_capture_on_commit_callbacks(execute=True):
        assert not subscription_request(
            board=board, email="fan@example.org", now=now + datetime.timedelta(days=3)
        )
    assert len(mail.outbox) == 2  # already following: nothing more
    assert Subscription.objects.get().active


def test_signing_up_again_after_unsubscribing_needs_a_new_confirmation(
    board, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscription_request(board=board, email="fan@example.org")
    subscription = subscription_confirm(subscription=Subscription.objects.get())
    old_token = subscription.token
    subscription_end(subscription=subscription)
    # The old confirmation link does not start them again.
    assert not subscription_confirm(subscription=subscription).active
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert subscription_request(board=board, email="fan@example.org")
        board_news(meeting, event="cancelled")
    subscription.refresh_from_db()
    assert subscription.token != old_token and not subscription.active
    # Only the confirmation: no alert before the new link is followed.
    assert [m.subject.split(":")[0] for m in mail.outbox if m.to == ["fan@example.org"]] == [
        "Confirm your e-mail alerts"
    ]
    assert subscription_confirm(subscription=subscription).active


def test_a_confirmation_the_queue_could_not_take_can_be_asked_for_again(
    board, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("refused")

    monkeypatch.setattr(send_email, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        subscription_request(board=board, email="fan@example.org")
    assert Subscription.objects.get().confirmation_sent_at is None
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert subscription_request(board=board, email="fan@example.org")
    assert len(mail.outbox) == 1


# --- the events, from the services that cause them -------------------------------------------


@pytest.fixture
def papers(meeting):
    public = Report.objects.create(
        title="Ambition for All refresh",
        author="Steph Cordon",
        status="cleared",
        finance_signoff="F",
        legal_signoff="L",
        summary="<p>Public summary.</p>",
    )
    secret = Report.objects.create(
        title="Contract award to Acme Ltd",
        author="Steph Cordon",
        status="cleared",
        finance_signoff="F",
        legal_signoff="L",
        summary="<p>Exempt summary.</p>",
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title="Ambition refresh", report=public)
    AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        title="Contract award to Acme Ltd",
        exempt=True,
        exempt_paragraph=3,
        public_title="Contract award",
        report=secret,
    )
    return meeting


def test_publishing_papers_tells_members_and_subscribers(
    board, papers, board_member, officer, django_capture_on_commit_callbacks
):
    fan = follower(board)
    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_publish(meeting_id=papers.pk)
    sent = by_address()
    assert sorted(sent) == sorted([board_member.email, "a.patel@nhs.example", "fan@example.org"])
    fan_mail = sent["fan@example.org"]
    assert fan_mail.subject == "Agenda pack published: Health and Wellbeing Board, 14 January 2027"
    public_page = reverse("public:meeting", args=[papers.pk])
    assert public_page in fan_mail.body
    assert reverse("public:unsubscribe", kwargs={"token": fan.token}) in fan_mail.body
    assert "Acme" not in fan_mail.body and "restricted" not in fan_mail.body
    member_mail = sent[board_member.email]
    assert papers.get_absolute_url() in member_mail.body and public_page in member_mail.body
    assert "restricted pack" in member_mail.body

    mail.outbox.clear()
    late = Report.objects.create(
        title="Winter pressures",
        author="A",
        status="cleared",
        finance_signoff="F",
        legal_signoff="L",
        summary="<p>Late.</p>",
    )
    AgendaItem.objects.create(meeting=papers, number=3, title="Winter pressures", report=late)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish_supplement(meeting_id=papers.pk, by=officer, lateness_reason="Late data")
    assert {m.subject for m in mail.outbox} == {
        "Supplementary pack 1 published: Health and Wellbeing Board, 14 January 2027"
    }
    assert len(mail.outbox) == 3


def test_cancelling_tells_members_and_subscribers(
    board, meeting, officer, django_capture_on_commit_callbacks
):
    follower(board)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_set_status(meeting=meeting, to=Meeting.Status.CANCELLED, by=officer)
    assert len(mail.outbox) == 3
    assert {m.subject.split(":")[0] for m in mail.outbox} == {"Meeting cancelled"}
    # Its papers were never published: the public link is the board's page.
    fan_mail = by_address()["fan@example.org"]
    assert reverse("public:board", args=[board.pk]) in fan_mail.body


def test_moving_a_meeting_tells_members_and_subscribers(
    board, meeting, officer, django_capture_on_commit_callbacks
):
    follower(board)
    meeting.start += datetime.timedelta(days=7)
    meeting.venue = "Municipal Buildings, Crewe"
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, by=officer)
    assert len(mail.outbox) == 3
    message = by_address()["fan@example.org"]
    assert message.subject == "Meeting moved: Health and Wellbeing Board, 21 January 2027"
    assert (
        "The Health and Wellbeing Board meeting has moved from Thursday 14 January 2027 at "
        "2:00pm, Westfields, Sandbach to Thursday "
        "21 January 2027 at 2:00pm, Municipal Buildings, Crewe." in message.body
    )


def test_an_edit_that_moves_nothing_or_a_held_meeting_tells_nobody(
    board, meeting, officer, django_capture_on_commit_callbacks
):
    follower(board)
    meeting.contact_officer = "Democratic Services"
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, by=officer)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    meeting.refresh_from_db()
    meeting.venue = "Corrected venue name"
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, by=officer)
    assert mail.outbox == []


def test_the_edit_page_moves_the_meeting_and_tells_them(
    board, meeting, officer, client_for, django_capture_on_commit_callbacks
):
    follower(board)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer).post(
            reverse("partnerships:meeting_edit", args=[meeting.pk]),
            {"start": "2027-01-15T10:00", "venue": "Westfields, Sandbach"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 3
    assert "to Friday 15 January 2027 at 10:00am" in by_address()["fan@example.org"].body


def test_publishing_minutes_tells_them_with_the_public_minutes_link(
    board, meeting, officer, django_capture_on_commit_callbacks
):
    follower(board)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    minutes = Minutes.objects.create(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(minutes=minutes, by=officer)
    message = by_address()["fan@example.org"]
    assert message.subject == "Minutes published: Health and Wellbeing Board, 14 January 2027"
    assert reverse("public:minutes", args=[meeting.pk]) in message.body


def test_the_admin_lists_and_searches_subscriptions(board, administrator, client_for):
    from django.contrib import admin

    url = reverse("admin:partnerships_subscription_changelist")
    client = client_for(administrator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url + "?q=example")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    follower(board, "one@example.org")
    few, _ = count()
    for n in range(10):
        follower(board, f"fan{n}@example.org")
    many, html = count()
    assert many == few and "fan9@example.org" in html
    assert admin.site._registry[Subscription].search_fields
