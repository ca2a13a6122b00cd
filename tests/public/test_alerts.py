"""The public alert pages (issue 14, point 3), signed out: sign up to a public board, confirm
from the e-mailed link, and unsubscribe from any alert's link, by its page's button or by the
one-click POST a mail program sends. Links only show a button; the sign-up page says the same
whoever signs up."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerships.models import AgendaItem, Meeting, Report, Subscription
from partnerships.services import meeting_publish, meeting_set_status

from ..partnerships.factories import BoardFactory, MembershipFactory, PartnershipFactory
from ..portal.test_get_never_writes import DatabaseRecorder

pytestmark = pytest.mark.django_db

NEUTRAL = "If that address is not already following the board, we've e-mailed a link"


@pytest.fixture
def board():
    board = BoardFactory(partnership=PartnershipFactory(name="HWB"), name="Health Board")
    MembershipFactory(board=board, contact__name="Dr A Patel", contact__email="patel@nhs.example")
    return board


def subscribe(client, board, email="fan@example.org"):
    return client.post(reverse("public:subscribe", args=[board.pk]), {"email": email})


def link_in(message, name):
    path = re.search(rf"http://\S+(/democracy/alerts/{name}/[\w-]+/)", message.body)
    assert path, message.body
    return path.group(1)


def test_the_sign_up_page_and_form(client, board):
    page = client.get(reverse("public:subscribe", args=[board.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<label class="form-label" for="subscribe-email-{board.pk}">' in html
    assert "Get e-mail alerts" in html and 'type="email"' in html
    assert f'action="{reverse("public:subscribe", args=[board.pk])}"' in html


def test_the_boards_public_page_has_the_sign_up_form(client, board):
    html = client.get(reverse("public:board", args=[board.pk])).content.decode()
    assert f'action="{reverse("public:subscribe", args=[board.pk])}"' in html
    assert "Get e-mail alerts" in html


def test_a_board_not_open_to_the_public_takes_no_sign_ups(client, board):
    board.public = False
    board.save()
    url = reverse("public:subscribe", args=[board.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "fan@example.org"}).status_code == 404
    assert client.get(reverse("public:subscribe", args=[99999])).status_code == 404
    assert not Subscription.objects.exists() and mail.outbox == []


def test_signing_up_sends_one_confirmation_and_says_the_same_every_time(
    client, board, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = subscribe(client, board)
        second = subscribe(client, board, "FAN@example.org")
    assert NEUTRAL in first.content.decode() and NEUTRAL in second.content.decode()
    assert len(mail.outbox) == 1 and Subscription.objects.count() == 1
    Subscription.objects.update(confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        third = subscribe(client, board)
    assert NEUTRAL in third.content.decode() and len(mail.outbox) == 1


def test_an_address_that_is_not_one_gets_a_field_error(client, board):
    response = subscribe(client, board, "not an address")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in html and 'aria-invalid="true"' in html
    assert not Subscription.objects.exists()


def test_too_many_sign_ups_from_one_connection_are_refused_with_a_message(
    client, board, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            subscribe(client, board, f"person{n}@example.org")
        response = subscribe(client, board, "one-more@example.org")
    assert response.status_code == 200 and "too many sign-ups" in response.content.decode()
    assert len(mail.outbox) == 10


def test_the_confirmation_link_shows_a_button_and_only_its_post_confirms(
    client, board, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, board)
    url = link_in(mail.outbox[0], "confirm")
    with DatabaseRecorder() as db:
        page = client.get(url)
    assert db.changes == [] and page.status_code == 200
    assert "Start e-mail alerts" in page.content.decode()
    assert "fan@example.org" not in page.content.decode()  # shown masked: f•••@example.org
    assert not Subscription.objects.get().active
    response = client.post(url)
    assert response.status_code == 302
    assert Subscription.objects.get().active
    assert "You are following the Health Board" in client.get(url).content.decode()


@pytest.mark.parametrize("name", ["public:subscription_confirm", "public:unsubscribe"])
def test_an_unknown_token_is_not_found(client, name):
    for token in ["nope", "x" * 65]:
        url = reverse(name, kwargs={"token": token})
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


def test_unsubscribing_needs_no_sign_in_and_a_mail_programs_one_click_works(board):
    fan = Subscription.objects.create(
        board=board, email="fan@example.org", confirmed_at=timezone.now()
    )
    other = Subscription.objects.create(
        board=board, email="other@example.org", confirmed_at=timezone.now()
    )
    client = Client(enforce_csrf_checks=True)
    url = reverse("public:unsubscribe", kwargs={"token": fan.token})
    with DatabaseRecorder() as db:
        page = client.get(url)
    assert db.changes == [] and '<button type="submit"' in page.content.decode()
    # RFC 8058: the mail program POSTs this body, with no cookie and no CSRF token.
    response = client.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200 and "You have unsubscribed" in response.content.decode()
    fan.refresh_from_db()
    other.refresh_from_db()
    assert not fan.active and other.active
    assert client.post(url).status_code == 200  # again: still unsubscribed, no error
    # A board made private since still lets its followers go.
    board.public = False
    board.save()
    assert (
        Client().post(reverse("public:unsubscribe", kwargs={"token": other.token})).status_code
        == 200
    )
    other.refresh_from_db()
    assert not other.active


def test_subscribe_confirm_publish_and_unsubscribe_end_to_end(
    board, django_capture_on_commit_callbacks
):
    """What issue 14 asks to be shown: subscribing sends one confirmation; after confirming,
    publishing a pack sends one e-mail with an unsubscribe link that works signed out."""
    meeting = Meeting.objects.create(
        board=board, start=timezone.now() + datetime.timedelta(days=8), venue="Westfields"
    )
    report = Report.objects.create(
        title="Plan",
        author="A",
        status="cleared",
        finance_signoff="F",
        legal_signoff="L",
        summary="<p>Plan.</p>",
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title="Plan", report=report)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, board)
        subscribe(client, board)
    assert len(mail.outbox) == 1
    client.post(link_in(mail.outbox[0], "confirm"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_publish(meeting_id=meeting.pk)
    to_fan = [m for m in mail.outbox if m.to == ["fan@example.org"]]
    assert len(to_fan) == 1 and to_fan[0].subject.startswith("Agenda pack published: Health Board")
    assert reverse("public:meeting", args=[meeting.pk]) in to_fan[0].body
    unsubscribe = link_in(to_fan[0], "unsubscribe")
    assert to_fan[0].extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert Client().get(unsubscribe).status_code == 200
    assert Client().post(unsubscribe).status_code == 200
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        meeting_set_status(meeting=meeting, to=Meeting.Status.CANCELLED, by=None)
    assert [m.to for m in mail.outbox] == [["patel@nhs.example"]]  # the member, not the fan


def test_the_pages_queries_do_not_grow_with_subscribers(
    client, board, django_assert_max_num_queries
):
    fan = Subscription.objects.create(board=board, email="fan@example.org")
    for n in range(20):
        Subscription.objects.create(board=board, email=f"f{n}@example.org")
    with django_assert_max_num_queries(3):
        client.get(reverse("public:subscribe", args=[board.pk]))
    with django_assert_max_num_queries(3):
        client.get(reverse("public:subscription_confirm", kwargs={"token": fan.token}))
    with django_assert_max_num_queries(3):
        client.get(reverse("public:unsubscribe", kwargs={"token": fan.token}))
