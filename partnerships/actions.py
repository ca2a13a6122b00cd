"""What a meeting offers an officer in its current state: one function, which the meeting page
loops over (``grants.services.award_actions`` does the same for an award), so no template
compares status strings. The services still check every transition under a lock: this only
decides what is offered, and the words the confirmation pages use."""

from dataclasses import dataclass

from django.urls import reverse

from .alerts import recipients
from .models import Meeting
from .services import meeting_status_refusal

CHANGE = "partnerships.change_partnership"


@dataclass(frozen=True)
class Offer:
    """One action on the meeting page. ``method`` "post" is a button that does it at once
    (nothing lost if pressed twice); "get" opens the page that says what will happen and asks
    for confirmation."""

    verb: str
    label: str
    url: str
    method: str = "get"
    style: str = "outline-primary"


def meeting_actions(meeting, user, now, *, publishing_active=False, not_included=()):
    """The actions ``user`` is offered on ``meeting`` at ``now``, in the order shown.

    ``publishing_active``: a "publish now" job is waiting or running (not offered twice);
    ``not_included``: papers the last build could not render, which are published without only
    through the form that names them (so plain "Publish now" is not offered)."""
    if not user.has_perm(CHANGE, meeting):
        return []
    pk = meeting.pk
    offers = []
    if meeting.status == Meeting.Status.SCHEDULED:  # a draft can be built while publishing
        offers.append(
            Offer(
                "build",
                "Build draft pack",
                reverse("partnerships:pack_build", args=[pk]),
                method="post",
                style="primary",
            )
        )
        refused = publish_refusal(meeting, supplement=False, publishing_active=publishing_active)
        if not not_included and not refused:
            offers.append(
                Offer(
                    "publish",
                    "Publish now…",
                    reverse("partnerships:meeting_publish_confirm", args=[pk]),
                )
            )
    if not publish_refusal(meeting, supplement=True, publishing_active=False):
        offers.append(Offer("supplement", "Publish late papers…", "#late-papers"))
    for to, verb, label, style in (
        (Meeting.Status.HELD, "held", "Record as held…", "outline-secondary"),
        (Meeting.Status.CANCELLED, "cancel", "Cancel the meeting…", "outline-danger"),
    ):
        if not meeting_status_refusal(meeting=meeting, to=to, now=now):
            url = reverse("partnerships:meeting_status", args=[pk, to])
            offers.append(Offer(verb, label, url, style=style))
    return offers


def publish_refusal(meeting, *, supplement: bool, publishing_active: bool) -> str:
    """Why the pack (or, ``supplement``, the late papers) cannot be published now, in words;
    "" if it can. ``publishing_active``: a "publish now" job is waiting or running."""
    if supplement:
        if meeting.status != Meeting.Status.PACK_PUBLISHED:
            return "Late papers follow a published pack: publish the pack first."
    elif meeting.status != Meeting.Status.SCHEDULED:
        return (
            f"The meeting is {meeting.get_status_display().lower()}, so its pack cannot be "
            "published now."
        )
    if publishing_active:
        return "Publishing is already under way for this meeting: wait for it to finish."
    return ""


def offered(offers) -> dict:
    """The offers by verb, for a template's ``{% if offered.supplement %}``."""
    return {o.verb: o for o in offers}


def who_is_told(meeting) -> str:
    """Who ``partnerships.alerts.board_news`` e-mails about this meeting, in words: its board's
    current members and, for a public board, those who confirmed its e-mail alerts (one
    e-mail per address)."""
    members, subscribers = recipients(meeting.board)
    followers = set(subscribers) - members
    if not members and not followers:
        return "No one is e-mailed: the board has no members with an e-mail address."
    parts = []
    if members:
        parts.append(f"the board's {_count(len(members), 'member')}")
    if followers:
        parts.append(
            f"{_count(len(followers), 'other person', 'other people')} signed up for its "
            "e-mail alerts"
        )
    verb = "is" if len(members) + len(followers) == 1 else "are"
    sentence = " and ".join(parts)
    return f"{sentence[0].upper()}{sentence[1:]} {verb} e-mailed, one e-mail each."


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
