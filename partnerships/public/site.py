"""Public pages: the site itself. The home page, the calendar of public boards' meetings,
each public board (purpose, members, meetings, forward plan, an iCal feed), a published
meeting's public agenda and papers, and a published public report as a web page. Every page
reads through the querysets in ``partnerships.public``, so nothing unpublished, restricted or
exempt can be reached."""

import calendar as monthcal
import datetime

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from portal.access import PUBLIC
from portal.views import PermissionMixin

from .. import calendar as ical
from ..agenda import public_agenda
from ..models import AgendaItem, Appendix, KeyDecision, Meeting
from ..packs import ROLE_ORDER
from ..views.meetings import pack_file_response
from . import (
    public_boards,
    public_packs,
    public_reports,
    published_meetings,
    published_minutes,
)

UPCOMING_DAYS = 30
RECENT_PAPERS = 10


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such page.") from exc


def public_meetings():
    """Every meeting of a public board (its date is public), with whether its papers are."""
    return Meeting.objects.filter(board__public=True).select_related("board__partnership")


def _published_ids(meetings) -> set[int]:
    return set(
        published_meetings().filter(pk__in=[m.pk for m in meetings]).values_list("pk", flat=True)
    )


def meeting_path(meeting) -> str:
    return reverse("public:meeting", args=[meeting.pk])


class HomeView(PermissionMixin, TemplateView):
    access_rule = PUBLIC
    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        upcoming = list(
            public_meetings()
            .filter(start__gte=now, start__lte=now + datetime.timedelta(days=UPCOMING_DAYS))
            .order_by("start")
        )
        published = _published_ids(upcoming)
        for m in upcoming:
            m.published = m.pk in published
        packs = list(
            public_packs()
            .select_related("meeting__board")
            .order_by("-published_at")[:RECENT_PAPERS]
        )
        context.update(upcoming=upcoming, packs=packs, days=UPCOMING_DAYS)
        return context


class CalendarView(PermissionMixin, TemplateView):
    access_rule = PUBLIC
    template_name = "public/calendar.html"

    def month(self) -> datetime.date:
        raw = self.request.GET.get("month", "")
        try:
            year, month = (int(x) for x in raw.split("-"))
            return datetime.date(year, month, 1)
        except (ValueError, TypeError):
            return timezone.localdate().replace(day=1)

    def board(self):
        raw = self.request.GET.get("board", "")
        if not raw:
            return None
        try:
            return public_boards().filter(pk=int(raw)).first()
        except ValueError:
            return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        view = "list" if self.request.GET.get("view") == "list" else "month"
        board = self.board()
        meetings = public_meetings()
        if board is not None:
            meetings = meetings.filter(board=board)
        first = self.month()
        if view == "month":
            last = (first + datetime.timedelta(days=32)).replace(day=1)
            tz = timezone.get_current_timezone()
            start = datetime.datetime.combine(first, datetime.time(), tzinfo=tz)
            end = datetime.datetime.combine(last, datetime.time(), tzinfo=tz)
            meetings = list(meetings.filter(start__gte=start, start__lt=end).order_by("start"))
        else:
            meetings = list(meetings.order_by("-start")[:200])
        published = _published_ids(meetings)
        by_day = {}
        for m in meetings:
            m.published = m.pk in published
            by_day.setdefault(m.local_start.date(), []).append(m)
        weeks = [
            [(day, by_day.get(day, [])) if day.month == first.month else (None, []) for day in week]
            for week in monthcal.Calendar().monthdatescalendar(first.year, first.month)
        ]
        prev_month = (first - datetime.timedelta(days=1)).replace(day=1)
        next_month = (first + datetime.timedelta(days=32)).replace(day=1)
        today = timezone.now()
        context.update(
            view=view,
            board=board,
            boards=list(public_boards().order_by("name")),
            first=first,
            weeks=weeks,
            day_names=list(monthcal.day_name),
            prev_month=f"{prev_month:%Y-%m}",
            next_month=f"{next_month:%Y-%m}",
            upcoming=[m for m in meetings if m.start >= today][::-1],
            past=[m for m in meetings if m.start < today],
            meetings=meetings,
            breadcrumbs=[("Calendar of meetings", None)],
        )
        return context


class BoardListView(PermissionMixin, TemplateView):
    access_rule = PUBLIC
    template_name = "public/boards.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["boards"] = list(
            public_boards().select_related("partnership").order_by("partnership__name", "name")
        )
        context["breadcrumbs"] = [("Boards", None)]
        return context


class BoardView(PermissionMixin, TemplateView):
    access_rule = PUBLIC
    template_name = "public/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = _get(public_boards().select_related("partnership"), self.kwargs["pk"])
        members = sorted(
            board.memberships.current().select_related("user", "contact", "organisation"),
            key=lambda m: (ROLE_ORDER.index(m.role), m.person_name),
        )
        meetings = list(board.meetings.order_by("-start")[:40])
        published = _published_ids(meetings)
        for m in meetings:
            m.published = m.pk in published
        today = timezone.localdate()
        context.update(
            board=board,
            partnership=board.partnership,
            members=members,
            upcoming=[m for m in meetings if m.start >= timezone.now()][::-1],
            past=[m for m in meetings if m.start < timezone.now()],
            key_decisions=list(
                KeyDecision.objects.filter(board=board, decision_date__gte=today)
                .select_related("meeting")
                .order_by("decision_date")
            ),
            breadcrumbs=[("Boards", reverse("public:boards")), (board.name, None)],
        )
        return context


class BoardCalendarView(PermissionMixin, View):
    """The board's meetings as an iCalendar feed: anyone may subscribe, no token needed."""

    access_rule = PUBLIC

    def get(self, _request, pk):
        board = _get(public_boards(), pk)
        meetings = list(
            board.meetings.select_related("board").prefetch_related("items").order_by("start")
        )
        published = _published_ids(meetings)
        board_path = reverse("public:board", args=[board.pk])

        def link(meeting):
            return meeting_path(meeting) if meeting.pk in published else board_path

        body = ical.ics(meetings, name=board.name, link=link)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="board-{board.pk}.ics"'
        return response


class MeetingView(PermissionMixin, TemplateView):
    access_rule = PUBLIC
    template_name = "public/meeting.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = _get(published_meetings().select_related("board__partnership"), self.kwargs["pk"])
        items = list(
            AgendaItem.objects.filter(meeting=meeting).select_related("report").order_by("number")
        )
        reports = set(
            public_reports().filter(agenda_item__meeting=meeting).values_list("pk", flat=True)
        )
        for item in items:
            report = getattr(item, "report", None) if not item.exempt else None
            item.public_report = report if report is not None and report.pk in reports else None
        packs = list(public_packs().filter(meeting=meeting).order_by("version"))
        minutes_url = None
        if published_minutes().filter(meeting=meeting).exists():
            minutes_url = reverse("public:minutes", args=[meeting.pk])
        context.update(
            meeting=meeting,
            board=meeting.board,
            rows=public_agenda(meeting, items),
            packs=packs,
            minutes_url=minutes_url,
            breadcrumbs=[
                (meeting.board.name, reverse("public:board", args=[meeting.board_id])),
                (f"{meeting.local_start:%-d %B %Y}", None),
            ],
        )
        return context


class PackView(PermissionMixin, View):
    """A public pack's PDF (the agenda pack or a supplement); a restricted one is 404."""

    access_rule = PUBLIC

    def get(self, _request, pk):
        return pack_file_response(_get(public_packs().select_related("meeting__board"), pk))


class ReportView(PermissionMixin, TemplateView):
    access_rule = PUBLIC
    template_name = "public/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = _get(
            public_reports()
            .select_related("agenda_item__meeting__board__partnership")
            .prefetch_related(Prefetch("appendices", queryset=Appendix.objects.order_by("order"))),
            self.kwargs["pk"],
        )
        item = report.agenda_item
        meeting = item.meeting
        context.update(
            report=report,
            item=item,
            meeting=meeting,
            board=meeting.board,
            breadcrumbs=[
                (meeting.board.name, reverse("public:board", args=[meeting.board_id])),
                (f"{meeting.local_start:%-d %B %Y}", meeting_path(meeting)),
                (report.title, None),
            ],
        )
        return context


class AppendixView(PermissionMixin, View):
    """An appendix of a public report, as its PDF."""

    access_rule = PUBLIC

    def get(self, _request, pk):
        appendix = _get(Appendix.objects.filter(report__in=public_reports()), pk)
        try:
            handle = appendix.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404("No such page.") from exc
        return FileResponse(
            handle, filename=f"{appendix.title}.pdf", content_type="application/pdf"
        )


urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("calendar/", CalendarView.as_view(), name="calendar"),
    path("boards/", BoardListView.as_view(), name="boards"),
    path("boards/<int:pk>/", BoardView.as_view(), name="board"),
    path("boards/<int:pk>/meetings.ics", BoardCalendarView.as_view(), name="board_calendar"),
    path("meetings/<int:pk>/", MeetingView.as_view(), name="meeting"),
    path("packs/<int:pk>/", PackView.as_view(), name="pack"),
    path("reports/<int:pk>/", ReportView.as_view(), name="report"),
    path("appendices/<int:pk>/", AppendixView.as_view(), name="appendix"),
]
