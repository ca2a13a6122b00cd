"""Where each agenda item's report stands against its meeting's report deadline.

A board's reports are due ``Board.report_deadline_days`` working days before the pack's
publication date (``Meeting.report_deadline``). An agenda item expects a report once it names a
report author or has a report; items such as apologies or the last minutes expect none. The
meeting page, the officers' home page and the reminder e-mails all read the state from here.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import AgendaItem, Meeting, Report


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
