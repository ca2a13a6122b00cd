"""Where each agenda item's report stands against its meeting's report deadline.

A board's reports are due ``Board.report_deadline_days`` working days before the pack's
publication date (``Meeting.report_deadline``). An agenda item expects a report once it names a
report author or has a report; items such as apologies or the last minutes expect none. The
meeting page, the officers' home page and the reminder e-mails all read the state from here.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.roles import Role
from portal.services import validated_save

from .models import AgendaItem, Meeting, Report, User
from .schedule import working_days_until

# An author is reminded once the deadline is this many working days away or fewer.
REMIND_WITHIN_WORKING_DAYS = 3

# How each state looks (Bootstrap's badges, whose text passes contrast); the label always
# says it in words too.
STATE_CLASSES = {
    "not_started": "text-bg-secondary",
    "writing": "text-bg-info",
    "late": "text-bg-danger",
    "missing": "text-bg-danger",
    "submitted": "text-bg-primary",
    "cleared": "text-bg-success",
}


@dataclass(frozen=True)
class ReportState:
    """What an officer sees in the agenda's report column: a short ``label``, a ``code`` for
    styling (never the only cue: the label says it in words), whether the report is ``late`` and
    the ``due`` day."""

    code: str  # "not_started", "writing", "late", "missing", "submitted", "cleared"
    label: str
    due: datetime.date
    late: bool = False

    @property
    def done(self) -> bool:
        return self.code in ("submitted", "cleared")

    @property
    def css_class(self) -> str:
        return f"badge report-state report-state-{self.code} {STATE_CLASSES[self.code]}"


def _day(day: datetime.date) -> str:
    return f"{day:%-d %b}"


def expects_report(item: AgendaItem) -> bool:
    return item.report_id is not None or item.report_author_id is not None


def report_state(item: AgendaItem, today: datetime.date | None = None) -> ReportState | None:
    """The state of ``item``'s report against the deadline of its meeting, or None when the item
    expects no report or the meeting is past chasing (held, cancelled or its pack published)."""
    meeting = item.meeting
    if meeting.status != Meeting.Status.SCHEDULED or not expects_report(item):
        return None
    today = today or timezone.localdate()
    due = meeting.report_deadline
    passed = today > due
    report = item.report
    if report is None:
        if passed:
            return ReportState("missing", f"Missing: was due {_day(due)}", due, late=True)
        return ReportState("not_started", f"Not started: due {_day(due)}", due)
    if report.status == Report.Status.DRAFT:
        if passed:
            return ReportState("late", f"Late: was due {_day(due)}", due, late=True)
        return ReportState("writing", f"Being written: due {_day(due)}", due)
    if report.status == Report.Status.SUBMITTED:
        return ReportState("submitted", "Submitted: awaiting sign-off", due)
    return ReportState("cleared", "Cleared for the pack", due)


def late_items(items, today: datetime.date | None = None) -> list[tuple[AgendaItem, ReportState]]:
    """The items among ``items`` (with ``meeting__board`` and ``report`` loaded) whose report is
    late or missing, with their state."""
    found = []
    for item in items:
        state = report_state(item, today)
        if state is not None and state.late:
            found.append((item, state))
    return found


# --- who writes reports, and the reminders they are sent ------------------------------------


def report_authors(partnership=None):
    """The people who may be named to write an officer report: the officers (never councillors
    or partner contacts, whose roles write no reports); for ``partnership``, those who may write
    its reports in the portal: its lead and supporting officers, and administrators."""
    officers = User.objects.officers()
    if partnership is not None:
        keepers = Q(pk=partnership.lead_officer_id) | Q(
            pk__in=partnership.supporting_officers.values("pk")
        )
        administrators = User.objects.filter(groups__name=Role.ADMINISTRATOR).values("pk")
        officers = officers.filter(keepers | Q(is_superuser=True) | Q(pk__in=administrators))
    return officers.order_by("name", "username")


def author_choices(item: AgendaItem):
    """Who may be named as ``item``'s report author: its partnership's report authors, and
    whoever is named now (one who has since left keeps the item until it is changed)."""
    meeting = item.meeting if item.meeting_id else None
    authors = report_authors(meeting.board.partnership if meeting else None)
    if item.report_author_id:
        authors = authors | User.objects.filter(pk=item.report_author_id)
    return authors


def reminder_due(item: AgendaItem, today: datetime.date | None = None) -> str | None:
    """Which e-mail ``item``'s author is owed today: "reminder" (the deadline is at most
    REMIND_WITHIN_WORKING_DAYS working days away), "overdue" (it has passed and the report is
    not submitted), or None (nothing, or already sent). Only while the meeting is still to
    come and its pack unpublished, and only to an active author with an e-mail address."""
    author = item.report_author
    if author is None or not author.is_active or not author.email:
        return None
    if item.meeting.start <= timezone.now():
        return None
    today = today or timezone.localdate()
    state = report_state(item, today)
    if state is None or state.done:
        return None
    if state.late:
        return "overdue" if item.overdue_sent_at is None else None
    if item.reminder_sent_at is None and (
        working_days_until(today, state.due) <= REMIND_WITHIN_WORKING_DAYS
    ):
        return "reminder"
    return None


def keep_reminder_marks(item: AgendaItem) -> None:
    """Before ``item`` is saved from a form: its reminder marks are the reminder task's, so
    they are read back from the row (locked), and an edit loaded before a reminder went out
    never un-sends it; a new report author clears them, so the new author is reminded.
    Call inside the transaction that saves the item."""
    if item.pk is None:
        return
    saved = (
        AgendaItem.objects.select_for_update()
        .filter(pk=item.pk)
        .values("report_author_id", "reminder_sent_at", "overdue_sent_at")
        .first()
    )
    if saved is None:
        return
    if saved["report_author_id"] != item.report_author_id:
        item.reminder_sent_at = item.overdue_sent_at = None
    else:
        item.reminder_sent_at = saved["reminder_sent_at"]
        item.overdue_sent_at = saved["overdue_sent_at"]


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, by) -> AgendaItem:
    """Save an agenda item from its page (validated, with history), keeping or clearing its
    reminder marks as ``keep_reminder_marks`` says."""
    keep_reminder_marks(item)
    return validated_save(item, by=by)
