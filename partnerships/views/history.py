"""Who changed what, and when, across a meeting's records, a report's and a meeting's minutes.

Each page reads the historical records of a model in one query (portal.history), whatever the
number of rows; a record the reader could not see on the meeting page (an exempt item and what
hangs off it, a restricted pack) is left out of its history too.
"""

from django.utils.text import Truncator
from django.views.generic import DetailView

from portal.history import labels_by, merge_rows, records_rows
from portal.views import BreadcrumbMixin, PermissionMixin

from ..models import (
    AgendaItem,
    AgendaPack,
    Appendix,
    Attendance,
    Declaration,
    KeyDecision,
    Meeting,
    MeetingAction,
    Membership,
    Minutes,
    Report,
    Vote,
)
from .meetings import RESTRICTED, VIEW_REPORT, meeting_trail
from .partnerships import VIEW

HISTORY = "partnerships.view_partnership_history"
PUBLISHED = {"published_at": "Published"}
# The fields of an item that the minutes say: its minute, resolution and vote.
MINUTED = ("minute", "resolution", "votes_for", "votes_against", "votes_abstained")


def _person_names(ids):
    memberships = Membership._base_manager.select_related("user", "contact")
    return {m.pk: m.person_name for m in memberships.filter(pk__in=ids)}


def _meetings(ids):
    return labels_by(Meeting._base_manager.select_related("board"))(ids)


def _item_label(record, _show) -> str:
    return f"Item {record.number}: {record.title}"


def _ever(model, **lookup):
    """The ids of the objects of ``model`` that matched ``lookup`` in any recorded version:
    an item moved to another meeting, or deleted, keeps its history on this one."""
    return model.history.filter(**lookup).values("id")


class MeetingRecords:
    """The historical records of one meeting's records, as the reader may see them."""

    def __init__(self, meeting, *, restricted: bool):
        self.meeting = meeting
        self.restricted = restricted
        self.items = _ever(AgendaItem, meeting_id=meeting.pk)
        # Exempt items are for those who read the restricted pack: an item exempt in any
        # version is left out, with its declarations, votes and actions.
        self.hidden_items = _ever(AgendaItem, meeting_id=meeting.pk, exempt=True)

    def visible_items(self):
        ids = AgendaItem.history.filter(id__in=self.items)
        return ids if self.restricted else ids.exclude(id__in=self.hidden_items)

    def on_items(self, model):
        """Every record of the ``model`` objects (declarations, votes) on the meeting's items,
        leaving out, for a reader of the public papers, any that was ever on an exempt one."""
        records = model.history.filter(id__in=_ever(model, item_id__in=self.items))
        if self.restricted:
            return records
        return records.exclude(id__in=_ever(model, item_id__in=self.hidden_items))

    def item_labels(self, ids):
        return {r.id: _item_label(r, None) for r in self._latest_items(ids)}

    def _latest_items(self, ids):
        records = AgendaItem.history.filter(id__in=ids).order_by("id", "-history_date", "-pk")
        seen = set()
        for record in records:
            if record.id not in seen:
                seen.add(record.id)
                yield record

    def meeting_rows(self):
        return records_rows(
            Meeting.history.filter(id=self.meeting.pk), label="Meeting", exclude=["board"]
        )

    def item_rows(self, only=None):
        return records_rows(
            self.visible_items(),
            label=_item_label,
            exclude=["meeting"],
            only=only,
            related={"report": labels_by(Report._base_manager.all(), "title")},
        )

    def attendance_rows(self):
        def label(record, show):
            return f"Attendance: {show('membership') if record.membership_id else record.name}"

        return records_rows(
            Attendance.history.filter(id__in=_ever(Attendance, meeting_id=self.meeting.pk)),
            label=label,
            exclude=["meeting"],
            related={"membership": _person_names, "substitute_for": _person_names},
        )

    def declaration_rows(self):
        def label(record, show):
            return f"Declaration: {record.member} on {show('item')}"

        return records_rows(
            self.on_items(Declaration),
            label=label,
            related={"item": self.item_labels, "membership": _person_names},
        )

    def vote_rows(self):
        def label(_record, show):
            return f"Vote of {show('membership')} on {show('item')}"

        return records_rows(
            self.on_items(Vote),
            label=label,
            related={"item": self.item_labels, "membership": _person_names},
        )

    def pack_rows(self):
        def label(record, _show):
            base = (
                "Agenda pack" if record.version == 1 else f"Supplementary pack {record.version - 1}"
            )
            return f"{base} ({'restricted' if record.restricted else 'public'})"

        records = AgendaPack.history.filter(meeting_id=self.meeting.pk)
        if not self.restricted:
            records = records.filter(restricted=False)
        return records_rows(
            AgendaPack.history.filter(id__in=records.values("id")),
            label=label,
            exclude=["meeting"],
            labels=PUBLISHED,
        )

    def action_rows(self):
        def label(record, _show):
            return f"Action: {Truncator(record.description).chars(60)}"

        ids = _ever(MeetingAction, meeting_id=self.meeting.pk)
        records = MeetingAction.history.filter(id__in=ids)
        if not self.restricted:
            records = records.exclude(id__in=_ever(MeetingAction, item_id__in=self.hidden_items))
        return records_rows(
            records, label=label, exclude=["meeting"], related={"item": self.item_labels}
        )

    def key_decision_rows(self):
        def label(record, _show):
            return f"Forward plan: {record.title}"

        return records_rows(
            KeyDecision.history.filter(id__in=_ever(KeyDecision, meeting_id=self.meeting.pk)),
            label=label,
            exclude=["board"],
            related={"meeting": _meetings},
        )

    def minutes_rows(self):
        return records_rows(
            Minutes.history.filter(meeting_id=self.meeting.pk),
            label="Minutes",
            exclude=["meeting"],
            related={"approved_at": _meetings},
            labels={**PUBLISHED, "approved_at": "Approved at"},
        )


class RecordHistoryView(PermissionMixin, BreadcrumbMixin, DetailView):
    """A history page over several records: officers only (the registers' history rule), of
    a meeting or report the reader may see."""

    permission_required = HISTORY
    template_name = "portal/history.html"
    context_object_name = "object"
    page_title = ""
    intro = ""

    def get_rows(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            rows=self.get_rows(),
            page_title=self.page_title.format(self.object),
            intro=self.intro,
            history_of=self.object,
        )
        return context


class MeetingHistoryMixin:
    model = Meeting
    view_permission = VIEW

    def get_queryset(self):
        return Meeting.objects.select_related("board__partnership")

    def records(self):
        return MeetingRecords(
            self.object, restricted=self.request.user.has_perm(RESTRICTED, self.object)
        )


class MeetingHistoryView(MeetingHistoryMixin, RecordHistoryView):
    page_title = "History of the meeting: {}"
    intro = (
        "Every change to the meeting, its agenda, attendance, declarations, votes, agenda "
        "packs, actions and forward plan entries, newest first."
    )

    def get_rows(self):
        records = self.records()
        return merge_rows(
            records.meeting_rows(),
            records.item_rows(),
            records.attendance_rows(),
            records.declaration_rows(),
            records.vote_rows(),
            records.pack_rows(),
            records.action_rows(),
            records.key_decision_rows(),
            records.minutes_rows(),
        )

    def get_breadcrumbs(self):
        return [*meeting_trail(self.object), ("History", None)]


class MinutesHistoryView(MeetingHistoryMixin, RecordHistoryView):
    page_title = "History of the minutes: {}"
    intro = (
        "The minutes' drafting, approval and publication, with each item's minute, "
        "resolution and vote, newest first."
    )

    def get_rows(self):
        records = self.records()
        return merge_rows(
            records.minutes_rows(), records.item_rows(only=MINUTED), records.vote_rows()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_of"] = f"the minutes of {self.object}"
        return context

    def get_breadcrumbs(self):
        return [*meeting_trail(self.object), ("History of the minutes", None)]


class ReportHistoryView(RecordHistoryView):
    """A report's history, with its appendices': for whoever may read the report and see
    the registers' history."""

    model = Report
    view_permission = VIEW_REPORT
    page_title = "History of the report: {}"
    intro = (
        "Every change to the report (its status, clearance and publication) and its "
        "appendices, newest first."
    )

    def get_queryset(self):
        return Report.objects.select_related("agenda_item__meeting__board__partnership")

    def get_rows(self):
        report = self.object

        def appendix(record, _show):
            letter = (
                chr(ord("A") + max(record.order, 1) - 1) if record.order <= 26 else record.order
            )
            return f"Appendix {letter}: {record.title}"

        return merge_rows(
            records_rows(Report.history.filter(id=report.pk), label="Report", text_limit=300),
            records_rows(
                Appendix.history.filter(id__in=_ever(Appendix, report_id=report.pk)),
                label=appendix,
                exclude=["report"],
            ),
        )

    def get_breadcrumbs(self):
        return [
            *meeting_trail(self.object.agenda_item.meeting),
            (self.object.title, self.object.get_absolute_url()),
            ("History", None),
        ]
