"""The minutes of a meeting as a document: who attended (and whether that was quorate),
declarations, each item's minute, resolution and vote, the actions, and whether the minutes
are a draft or approved (and where).

One template makes the PDF and the web page. Like the handbook, no request renders the PDF:
the file made for the minutes as they now read is kept, named by a hash of its HTML, and
served to the next reader; when there is none, a background job makes it. Members without
the restricted papers get minutes without the exempt items' content; the public get the same,
and only once the minutes are published, so there are three files per meeting at most.
Publishing and approving queue the public file, so that a visitor finds it made.
"""

from dataclasses import dataclass

from celery import shared_task
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from portal.jobs import job_task
from portal.models import Job

from . import pdfcache

MINUTES_CACHE = "minutes-pdf"


def previous_held_meeting(meeting):
    """The meeting whose minutes this one approves: the board's last meeting before it that
    was held. A cancelled meeting has no minutes to approve and is never "previous"."""
    from .models import Meeting

    return (
        Meeting.objects.filter(
            board_id=meeting.board_id, start__lt=meeting.start, status__in=Meeting.HELD_STATUSES
        )
        .select_related("minutes")
        .order_by("-start")
        .first()
    )


@dataclass(frozen=True)
class Quorum:
    present: int  # voting members present, in person or by a substitute
    quorum: int
    recorded: bool  # whether any attendance is recorded

    @property
    def quorate(self) -> bool:
        return self.present >= self.quorum

    def __str__(self) -> str:
        members = f"{self.present} voting member{'s' if self.present != 1 else ''} present"
        verdict = "Quorate" if self.quorate else "Not quorate"
        return f"{verdict}: {members}; the quorum is {self.quorum}"


def quorate(meeting, attendance=None) -> Quorum:
    """Whether the recorded attendance makes ``meeting`` quorate for its board: the voting
    members in office on the day who were present, and those a substitute attended for
    (each member once). ``attendance``: the meeting's rows, if already loaded with their
    memberships."""
    from .models import Attendance

    if attendance is None:
        attendance = list(meeting.attendance.select_related("membership", "substitute_for"))
    day = meeting.local_start.date()
    counted = set()
    for row in attendance:
        if row.status != Attendance.Status.PRESENT:
            continue
        member = row.substitute_for if row.substitute_for_id else row.membership
        if member is not None and member.voting and member.in_force_on(day):
            counted.add(member.pk)
    return Quorum(present=len(counted), quorum=meeting.board.quorum, recorded=bool(attendance))


def minutes_context(meeting, *, restricted: bool, public: bool = False) -> dict:
    """What the minutes show. ``restricted``: with exempt items' content (members who read
    the restricted papers); otherwise an exempt item is its number, neutral title and
    Schedule 12A paragraph. ``public``: the version on the public site."""
    from .models import Attendance, Declaration, Minutes, Vote

    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_at").first()
    items = list(meeting.items.all())
    votes = {}
    for vote in (
        Vote.objects.filter(item__meeting=meeting)
        .select_related("membership__user", "membership__contact")
        .order_by("item", "choice", "pk")
    ):
        votes.setdefault(vote.item_id, []).append(vote)
    for item in items:
        item.shown_votes = votes.get(item.pk, []) if restricted or not item.exempt else []
    attendance = list(
        meeting.attendance.select_related(
            "membership__user",
            "membership__contact",
            "membership__organisation",
            "substitute_for__user",
            "substitute_for__contact",
        )
    )
    open_items = {i.pk for i in items if restricted or not i.exempt}
    return {
        "meeting": meeting,
        "board": meeting.board,
        "minutes": minutes,
        "items": items,
        "present": [a for a in attendance if a.status == Attendance.Status.PRESENT],
        "apologies": [a for a in attendance if a.status == Attendance.Status.APOLOGIES],
        "absent": [a for a in attendance if a.status == Attendance.Status.ABSENT],
        "substitutes": [a for a in attendance if a.substitute_for_id],
        "quorum": quorate(meeting, attendance),
        "declarations": list(
            Declaration.objects.filter(item_id__in=open_items).select_related("item")
        ),
        "actions": list(meeting.actions.visible(restricted=restricted).select_related("item")),
        "restricted": restricted,
        "has_exempt": any(i.exempt for i in items),
        "public": public,
    }


def minutes_html(meeting, *, restricted: bool, public: bool = False) -> str:
    return render_to_string(
        "partnerships/pdf/minutes.html",
        minutes_context(meeting, restricted=restricted, public=public),
    )


def file_name(meeting) -> str:
    return f"minutes-{meeting.local_start:%Y-%m-%d}.pdf"


@job_task(soft_time_limit=300)
def minutes_pdf_build(job: Job) -> None:
    """Render the minutes as they read now, keep the file for the next reader and attach it
    to the job for the one who asked."""
    from .models import Meeting

    meeting = Meeting.objects.select_related("board__partnership").get(pk=job.params["meeting"])
    html = minutes_html(meeting, restricted=job.params["restricted"])
    pdf = pdfcache.rendered(MINUTES_CACHE, html)
    job.file.save(file_name(meeting), ContentFile(pdf), save=False)
    job.message = (
        f"The minutes of {meeting} are ready, made {timezone.localtime():%-d %B %Y %H:%M}."
    )


def public_minutes_html(meeting) -> str:
    return minutes_html(meeting, restricted=False, public=True)


@shared_task(soft_time_limit=300, time_limit=360, ignore_result=True)
def public_minutes_pdf_build(meeting_id: int) -> None:
    """Make the public minutes PDF as it now reads, so that a visitor is served the file.
    Safe to run twice: the second finds the file made."""
    from .public import published_minutes

    minutes = (
        published_minutes()
        .select_related("meeting__board__partnership")
        .filter(meeting_id=meeting_id)
        .first()
    )
    if minutes is not None:
        pdfcache.rendered(MINUTES_CACHE, public_minutes_html(minutes.meeting))
