"""Telling people about a board's meetings: its members, and the public who follow it by
e-mail (partnerships.models.Subscription).

Following a board is double opt-in: signing up e-mails a confirmation link (no more than one
a day per address and board), and nothing else is sent until it is followed. Every alert to a
follower carries a one-click unsubscribe link (RFC 8058) that needs no sign-in. An alert says
what happened to the meeting and links to it; it names no agenda item, so nothing exempt or
restricted can reach a follower.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal.jobs import queue_on_commit
from portal.tasks import send_email

from .models import Membership, Subscription
from .models.alerts import new_token

EVENTS = ("pack", "supplement", "minutes", "cancelled", "moved")

# Repeated sign-ups for one address and board send no more than one confirmation in this time.
CONFIRMATION_INTERVAL = datetime.timedelta(days=1)


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def member_emails(board) -> list[str]:
    """The addresses of the board's current members (their login's, or their contact's)."""
    emails = set()
    for m in Membership.objects.current().filter(board=board).select_related("user", "contact"):
        email = (m.user.email if m.user else m.contact.email) if (m.user or m.contact) else ""
        if email:
            emails.add(email.lower())
    return sorted(emails)


def recipients(board) -> tuple[set[str], dict]:
    """Whom news of ``board`` goes to: its current members' addresses, and (for a public board)
    its confirmed subscribers by address, each address once."""
    members = set(member_emails(board))
    followers = {}
    if board.public:
        for subscription in Subscription.objects.confirmed().filter(board=board):
            followers.setdefault(subscription.email.lower(), subscription)
    return members, followers


def unsubscribe_url(subscription) -> str:
    return _absolute(reverse("public:unsubscribe", kwargs={"token": subscription.token}))


def confirm_url(subscription) -> str:
    return _absolute(reverse("public:subscription_confirm", kwargs={"token": subscription.token}))


def when_and_where(meeting) -> str:
    """When and where it meets: Thursday 14 January 2027 at 2:00pm, Westfields, Sandbach."""
    start = meeting.local_start
    time = f"{start:%-I:%M%p}".lower()
    return f"{start:%A %-d %B %Y} at {time}, {meeting.venue or 'online'}"


def _public_link(meeting, event: str) -> str:
    """Where the public reads about it: the minutes, the meeting page once its papers are
    published, or else the board's page. Empty for a board that is not public."""
    from .public import published_meetings, published_minutes

    board = meeting.board
    if not board.public:
        return ""
    if event == "minutes" and published_minutes().filter(meeting=meeting).exists():
        return _absolute(reverse("public:minutes", args=[meeting.pk]))
    if published_meetings().filter(pk=meeting.pk).exists():
        return _absolute(reverse("public:meeting", args=[meeting.pk]))
    return _absolute(reverse("public:board", args=[board.pk]))


def _subject(meeting, event: str, supplement: int) -> str:
    what = {
        "pack": "Agenda pack published",
        "supplement": f"Supplementary pack {supplement} published",
        "minutes": "Minutes published",
        "cancelled": "Meeting cancelled",
        "moved": "Meeting moved",
    }[event]
    return f"{what}: {meeting.board.name}, {meeting.local_start:%-d %B %Y}"


def board_news(meeting, *, event: str, detail: str = "") -> None:
    """Tell the board's current members and its confirmed subscribers about ``event`` on
    ``meeting``: one of EVENTS. Queued on commit, one message per address: a member who also
    follows the board gets one, with the member's link and the unsubscribe link.

    ``detail``: a line said as it is, such as a move's "<old> to <new>". A board that is not
    public tells its members only."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}: one of {', '.join(EVENTS)}.")
    board = meeting.board
    members, followers = recipients(board)
    if not members and not followers:
        return
    supplement = 0
    if event == "supplement":
        supplement = (meeting.packs.aggregate(v=models.Max("version"))["v"] or 2) - 1
    context = {
        "meeting": meeting,
        "board": board,
        "event": event,
        "detail": detail,
        "supplement": supplement,
        "when": when_and_where(meeting),
        "public_link": _public_link(meeting, event),
        "member_link": _absolute(meeting.get_absolute_url()),
    }
    subject = _subject(meeting, event, supplement)
    for email in sorted(members | set(followers)):
        subscription = followers.get(email)
        url = unsubscribe_url(subscription) if subscription else ""
        headers = None
        if url:
            headers = {
                "List-Unsubscribe": f"<{url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        body = render_to_string(
            "partnerships/email/board_news.txt",
            {**context, "member": email in members, "unsubscribe_url": url},
        )
        queue_on_commit(send_email, subject=subject, body=body, to=[email], headers=headers)


class SubscriptionError(Exception):
    """A sign-up that cannot be taken (the board does not take them)."""


@transaction.atomic
def subscription_request(*, board, email: str, now=None) -> bool:
    """Someone asks for ``board``'s alerts at ``email``: make (or reuse) the subscription and
    e-mail the confirmation link. Returns whether a confirmation was sent: not to an address
    that already follows the board, nor again within CONFIRMATION_INTERVAL of the last one.
    The page says the same whatever this returns, so it tells nobody who follows what.

    One who unsubscribed and signs up again confirms again, with a new link."""
    if not board.public:
        raise SubscriptionError("This board does not send e-mail alerts.")
    now = now or timezone.now()
    email = email.strip()
    subscription = _locked(board, email)
    if subscription is None:
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(board=board, email=email)
        except IntegrityError:  # another sign-up for the address made it a moment ago
            subscription = _locked(board, email)
    if subscription.active:
        return False
    if subscription.unsubscribed_at is not None:
        subscription.token = new_token()
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
        subscription.confirmation_sent_at = None
    sent = subscription.confirmation_sent_at
    if sent is not None and now - sent < CONFIRMATION_INTERVAL:
        return False
    subscription.confirmation_sent_at = now
    subscription.save()
    body = render_to_string(
        "partnerships/email/subscription_confirm.txt",
        {"board": board, "confirm_url": confirm_url(subscription)},
    )

    def not_sent():
        # The queue was down: let the next sign-up send it rather than wait a day.
        Subscription.objects.filter(pk=subscription.pk, confirmation_sent_at=now).update(
            confirmation_sent_at=None
        )

    queue_on_commit(
        send_email,
        if_not_queued=not_sent,
        subject=f"Confirm your e-mail alerts: {board.name}",
        body=body,
        to=[subscription.email],
    )
    return True


def _locked(board, email):
    return (
        Subscription.objects.select_for_update()
        .filter(board=board, email__iexact=email)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def subscription_confirm(*, subscription, now=None) -> Subscription:
    """Follow the link in the confirmation: alerts start. A link of an address that has since
    unsubscribed starts nothing (signing up again sends a new one)."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.confirmed_at is None and subscription.unsubscribed_at is None:
        subscription.confirmed_at = now or timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def subscription_end(*, subscription, now=None) -> Subscription:
    """Unsubscribe: nothing more is sent to the address about the board. Safe to repeat."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = now or timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription
