"""iCalendar feeds of meetings (RFC 5545), with the Europe/London VTIMEZONE that Outlook and
Google Calendar expect. Calendar apps cannot sign in, so a feed's address carries a signed
token naming the person; their access is checked again on every fetch. The token also carries a
key drawn from a secret of the person's, replaced when their password changes or they reset
the address from their profile, so every address they had then stops working; and it lasts
PORTAL_CALENDAR_FEED_DAYS at most."""

import datetime

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "partnerships.calendar"

VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def _key(user) -> str:
    return salted_hmac(SALT, f"{user.pk}:{user.calendar_secret}").hexdigest()[:16]


def feed_token(*, user, board=None) -> str:
    return signing.dumps(
        {"u": user.pk, "b": board.pk if board else None, "k": _key(user)}, salt=SALT
    )


def read_token(token: str) -> dict | None:
    """The token's contents, if it is genuine and not past its age (SignatureExpired is a
    BadSignature)."""
    max_age = datetime.timedelta(days=settings.PORTAL_CALENDAR_FEED_DAYS)
    try:
        return signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None


def feed_owner(data: dict, users):
    """The active person a token's contents name, if the token is still theirs (their
    calendar secret is the one it was made with)."""
    user = users.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(str(data.get("k", "")), _key(user)):
        return None
    return user


def _escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets; continuation lines start with a space (RFC 5545 3.1)."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return [out[0], *(" " + rest for rest in out[1:])]


def _local(dt: datetime.datetime) -> str:
    return timezone.localtime(dt).strftime("%Y%m%dT%H%M%S")


def ics(meetings, *, name: str, link=None) -> str:
    """The feed of ``meetings``; ``link(meeting)`` is the path each event links to (the
    portal's meeting page unless given: the public feed links to the public site)."""
    link = link or (lambda meeting: meeting.get_absolute_url())
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    base = settings.PORTAL_BASE_URL.rstrip("/")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Partnership portal//Meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Europe/London",
        *VTIMEZONE,
    ]
    for meeting in meetings:
        minutes = sum(item.minutes or 0 for item in meeting.items.all()) or 120
        end = meeting.start + datetime.timedelta(minutes=max(minutes, 30))
        where = ", ".join(filter(None, [meeting.venue, meeting.online_link]))
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{settings.PORTAL_CALENDAR_DOMAIN}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID=Europe/London:{_local(meeting.start)}",
            f"DTEND;TZID=Europe/London:{_local(end)}",
            f"SUMMARY:{_escape(meeting.board.name)}",
            f"LOCATION:{_escape(where)}",
            f"URL:{base}{link(meeting)}",
            f"DESCRIPTION:{_escape('Agenda and papers: ' + base + link(meeting))}",
            f"STATUS:{'CANCELLED' if meeting.status == 'cancelled' else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
