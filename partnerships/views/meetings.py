"""Meetings, their agendas, officer reports and agenda packs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django.views.generic.edit import ModelFormMixin

from portal.access import PUBLIC, SIGNED_IN, access
from portal.jobs import job_start
from portal.models import Job
from portal.permissions import is_staff_role
from portal.services import validated_save
from portal.views import BreadcrumbMixin, PermissionMixin, one_name_each

from .. import minutes as minutes_pdf
from .. import pdfcache
from ..actions import meeting_actions, offered, who_is_told
from ..actions import publish_refusal as refusal_to_publish
from ..calendar import feed_owner, feed_token, ics, read_token
from ..clearance import SIGNOFFS, report_sign_off, signoff_states
from ..deadlines import agenda_item_save, report_state
from ..forms import (
    AgendaItemForm,
    AppendixForm,
    AttendanceForm,
    DeclarationForm,
    DocxImportForm,
    MeetingActionForm,
    MeetingForm,
    MinutesForm,
    ReportForm,
    SignOffForm,
    VotesForm,
)
from ..models import (
    AgendaItem,
    AgendaPack,
    Appendix,
    Board,
    Declaration,
    Meeting,
    MeetingAction,
    Membership,
    Minutes,
    Report,
    User,
)
from ..packs import PackError, packs_request
from ..services import (
    attendance_record,
    item_report_create,
    meeting_set_status,
    meeting_status_refusal,
    meeting_update,
    minutes_approve,
    minutes_publish,
    papers_not_included,
    report_save,
    report_transition,
    votes_record,
)
from ..tasks import agenda_packs_build, meeting_publish_now
from .boards import BoardChildCreateView, BoardChildUpdateView
from .partnerships import CHANGE, VIEW, ChildCreateView, ChildUpdateView, register_crumb

RESTRICTED = "partnerships.view_restricted_pack"
VIEW_REPORT = "partnerships.view_report"
CHANGE_REPORT = "partnerships.change_report"
SIGN_OFF_REPORT = "partnerships.sign_off_report"


def meeting_trail(meeting):
    partnership = meeting.board.partnership
    return one_name_each(
        [
            register_crumb(),
            (partnership.name, partnership.get_absolute_url()),
            (meeting.board.name, meeting.board.get_absolute_url()),
            (f"{meeting.local_start:%-d %B %Y}", meeting.get_absolute_url()),
        ]
    )


class MeetingCreateView(BoardChildCreateView):
    model = Meeting
    form_class = MeetingForm
    noun = "meeting"
    success_message = "The meeting was added. Add its agenda items next."


class MeetingUpdateView(BoardChildUpdateView):
    model = Meeting
    form_class = MeetingForm
    noun = "meeting"
    success_message = "The meeting was updated."

    def save(self, form):
        # A meeting moved to another date or venue is news for its members and subscribers.
        return meeting_update(meeting=form.instance, by=self.request.user)


class MeetingDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Meeting
    view_permission = VIEW
    template_name = "partnerships/meeting_detail.html"

    def get_queryset(self):
        return Meeting.objects.select_related("board__partnership").prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.select_related(
                    "report", "report_author"
                ).prefetch_related(
                    "report__appendices"  # to say which are not accessible
                ),
            ),
            Prefetch("packs", queryset=AgendaPack.objects.order_by("-version", "restricted")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        restricted = user.has_perm(RESTRICTED, self.object)
        can_change = user.has_perm(CHANGE, self.object)
        items = list(self.object.items.all())
        if not restricted:
            items = [i for i in items if not i.exempt]
        packs = [p for p in self.object.packs.all() if restricted or not p.restricted]
        if not can_change:
            packs = [p for p in packs if p.published_at and p.has_file]
        meeting = self.object
        previous = minutes_pdf.previous_held_meeting(meeting)
        context.update(
            items=items,
            packs=packs,
            can_change=can_change,
            publication_date=meeting.publication_date,
            attendance=(
                attendance := list(
                    meeting.attendance.select_related(
                        "membership__user", "membership__contact", "substitute_for"
                    )
                )
            ),
            quorum=minutes_pdf.quorate(meeting, attendance),
            declarations=list(Declaration.objects.filter(item__in=items).select_related("item")),
            minutes=Minutes.objects.filter(meeting=meeting).first(),
            actions=list(meeting.actions.visible(restricted=restricted).select_related("item")),
            matters_arising=list(
                MeetingAction.objects.matters_arising_for(meeting).visible(restricted=restricted)
            ),
            previous=previous,
            previous_minutes=getattr(previous, "minutes", None) if previous else None,
        )
        # Papers the last builds could not render: named here, with why, and confirmed
        # before the rest is published.
        context["not_included"] = papers_not_included(packs)
        context["not_included_ids"] = {f["item"] for f in context["not_included"]}
        # Officers see each report against the board's report deadline (partnerships.deadlines).
        context["shows_deadlines"] = shows = is_staff_role(user)
        if shows:
            today = timezone.localdate()
            context["report_deadline"] = (
                meeting.report_deadline if meeting.status == Meeting.Status.SCHEDULED else None
            )
            for item in items:
                item.deadline_state = report_state(item, today)
        context["offers"] = []
        if can_change:
            now = timezone.now()
            context["publishing"] = job = publishing_job(meeting, now)
            context["publishing_active"] = active = job is not None and not job.is_finished
            context["offers"] = offers = meeting_actions(
                meeting, user, now, publishing_active=active, not_included=context["not_included"]
            )
            context["offered"] = offered(offers)
            context["running_jobs"] = meeting_jobs_running(meeting, user, now)
        return context

    def get_breadcrumbs(self):
        return [*meeting_trail(self.object)[:-1], (f"{self.object.local_start:%-d %B %Y}", None)]


class AgendaItemCreateView(ChildCreateView):
    model = AgendaItem
    form_class = AgendaItemForm
    parent_model = Meeting
    parent_field = "meeting"
    noun = "agenda item"
    success_message = "Item {} was added to the agenda."

    def get_parent_queryset(self):
        return Meeting.objects.select_related("board__partnership")

    def get_initial(self):
        return {"number": self.parent.items.count() + 1}

    def get_breadcrumbs(self):
        return [*meeting_trail(self.parent), ("Add an agenda item", None)]

    def save(self, form):
        return agenda_item_save(item=form.instance, by=self.request.user)


class AgendaItemUpdateView(ChildUpdateView):
    model = AgendaItem
    form_class = AgendaItemForm
    parent_field = "meeting"
    noun = "agenda item"
    success_message = "Item {} was updated."

    def get_queryset(self):
        return AgendaItem.objects.select_related("meeting__board__partnership")

    def get_breadcrumbs(self):
        return [*meeting_trail(self.parent), (f"Edit item {self.object.number}", None)]

    def save(self, form):
        # A new report author is reminded afresh (partnerships.deadlines).
        return agenda_item_save(item=form.instance, by=self.request.user)


class ReportCreateView(ChildCreateView):
    """Write the report behind an agenda item."""

    model = Report
    form_class = ReportForm
    parent_model = AgendaItem
    parent_field = "agenda_item"
    noun = "report"
    success_message = "The report was saved as a draft."

    def get_parent_queryset(self):
        return AgendaItem.objects.select_related("meeting__board__partnership", "report")

    def get_form_kwargs(self):
        kwargs = ModelFormMixin.get_form_kwargs(self)
        kwargs["instance"] = Report(author=self.request.user.get_full_name())
        kwargs.setdefault("initial", {})["title"] = self.parent.title
        return kwargs

    def save(self, form):
        return item_report_create(
            item_id=self.parent.pk, report=form.instance, by=self.request.user
        )

    def get_page_title(self):
        return f"Write the report for item {self.parent.number}: {self.parent.title}"

    def get_cancel_url(self):
        return self.parent.meeting.get_absolute_url()

    def get_breadcrumbs(self):
        return [*meeting_trail(self.parent.meeting), ("Write a report", None)]


class ReportMixin:
    """Report pages: the partnership's editors see every report; readers see published reports
    of items they may read (exempt ones only with the restricted pack): ``view_report``."""

    model = Report
    view_permission = VIEW_REPORT

    def get_queryset(self):
        return Report.objects.select_related("agenda_item__meeting__board__partnership")

    get_access_queryset = get_queryset


class ReportDetailView(ReportMixin, PermissionMixin, BreadcrumbMixin, DetailView):
    template_name = "partnerships/report_detail.html"
    context_object_name = "report"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            can_change=self.request.user.has_perm(CHANGE_REPORT, self.object),
            signoffs=signoff_states(self.object, self.request.user),
            can_sign=self.request.user.has_perm(SIGN_OFF_REPORT, self.object),
            signoff_form=SignOffForm(),
            appendices=list(self.object.appendices.all()),
            item=self.object.agenda_item,
        )
        return context

    def get_breadcrumbs(self):
        return [*meeting_trail(self.object.agenda_item.meeting), (self.object.title, None)]


class ReportEditMixin(ReportMixin):
    """Pages that change a report: only the partnership's editors reach them."""

    permission_required = CHANGE_REPORT


class ReportUpdateView(ReportEditMixin, PermissionMixin, BreadcrumbMixin, FormView):
    form_class = ReportForm
    template_name = "portal/record_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def form_valid(self, form):
        try:
            report_save(report=form.instance, by=self.request.user, changed=set(form.changed_data))
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        if form.instance.status == Report.Status.SUBMITTED and form.changed_data:
            messages.info(self.request, "Saved. The report now needs clearing again.")
        else:
            messages.success(self.request, "The report was saved.")
        return redirect(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=f"Edit the report: {self.object.title}",
            cancel_url=self.object.get_absolute_url(),
            submit_label="Save report",
        )
        return context

    def get_breadcrumbs(self):
        return [*meeting_trail(self.object.agenda_item.meeting), ("Edit report", None)]


class ReportTransitionView(ReportEditMixin, PermissionMixin, View):
    """POST: submit a report for clearance, or return it to draft."""

    def post(self, request, to, **kwargs):
        if to not in Report.Status.values:
            raise Http404("No such status.")
        try:
            report = report_transition(report=self.object, to=to, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.object)
        messages.success(request, f"The report is now {report.get_status_display().lower()}.")
        return redirect(report)


class ReportSignOffView(ReportMixin, PermissionMixin, View):
    """POST: give the finance or the legal sign-off, as the person signed in."""

    permission_required = SIGN_OFF_REPORT

    def post(self, request, kind, **kwargs):
        if kind not in SIGNOFFS:
            raise Http404("No such sign-off.")
        form = SignOffForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(m for e in form.errors.values() for m in e))
            return redirect(self.object)
        try:
            report = report_sign_off(
                report_id=self.object.pk, kind=kind, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.object)
        label = SIGNOFFS[kind].label.lower()
        if report.status == Report.Status.CLEARED:
            messages.success(
                request, f"You gave the {label} sign-off. The report is cleared for the pack."
            )
        else:
            messages.success(request, f"You gave the {label} sign-off.")
        return redirect(report)


class AppendixCreateView(ChildCreateView):
    model = Appendix
    form_class = AppendixForm
    parent_model = Report
    parent_field = "report"
    parent_view_permission = VIEW_REPORT
    parent_permission = CHANGE_REPORT
    noun = "appendix"
    success_message = "The appendix was added."

    def get_parent_queryset(self):
        return Report.objects.filter(agenda_item__isnull=False).select_related(
            "agenda_item__meeting__board__partnership"
        )

    def get_initial(self):
        return {"order": self.parent.appendices.count() + 1}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["files"] = self.request.FILES or None
        return kwargs

    def save(self, form):
        appendix = validated_save(form.instance, by=self.request.user)
        # A new appendix is new content: a cleared report must be cleared again.
        report_save(report=self.parent, by=self.request.user)
        return appendix

    def get_breadcrumbs(self):
        return [*meeting_trail(self.parent.agenda_item.meeting), ("Add an appendix", None)]


class MeetingObjectMixin(PermissionMixin):
    """Pages that act on one meeting, for those who may change its partnership."""

    model = Meeting
    view_permission = VIEW
    permission_required = CHANGE
    accessed_as = "meeting"

    def get_access_queryset(self):
        return Meeting.objects.select_related("board__partnership")


class PackBuildView(MeetingObjectMixin, View):
    """POST: build the meeting's packs now, as a draft to check; back on the meeting page,
    its progress panel follows the job."""

    def post(self, request, **kwargs):
        meeting = self.meeting
        if "build" not in offered(meeting_actions(meeting, request.user, timezone.now())):
            messages.error(
                request,
                f"The meeting is {meeting.get_status_display().lower()}, so its pack is not "
                "rebuilt"
                + (
                    ": publish late papers as a supplement instead."
                    if meeting.status == Meeting.Status.PACK_PUBLISHED
                    else "."
                ),
            )
            return redirect(meeting)
        try:
            packs = packs_request(meeting=meeting)
        except PackError as exc:
            messages.error(request, str(exc))
            return redirect(meeting)
        job_start(
            task=agenda_packs_build,
            title=f"Draft agenda packs for {meeting}",
            created_by=request.user,
            params={
                "packs": [p.pk for p in packs],
                "meeting": meeting.pk,
                "return_url": meeting.get_absolute_url(),
            },
        )
        messages.info(
            request,
            "Building the draft pack has started: its progress shows below, and the pack is "
            "listed here when it is ready. Nothing is published or e-mailed.",
        )
        return redirect(f"{meeting.get_absolute_url()}#job-progress")


class PackDownloadView(PermissionMixin, View):
    model = AgendaPack
    view_permission = "partnerships.view_pack"

    def get_access_queryset(self):
        return AgendaPack.objects.select_related("meeting__board__partnership")

    def get(self, _request, **kwargs):
        pack = self.object
        if not pack.has_file:
            raise Http404("This pack has not been built yet.")
        return pack_file_response(pack)


def pack_file_response(pack) -> FileResponse:
    """A pack's PDF as a download named by board, date, version and kind; 404 if its file
    is missing. Members' and the public site's downloads both answer with it."""
    try:
        handle = pack.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The pack file is missing.") from exc
    stamp = timezone.localtime(pack.meeting.start).strftime("%Y-%m-%d")
    kind = "restricted" if pack.restricted else "public"
    name = f"{pack.meeting.board.name} {stamp} agenda pack v{pack.version} {kind}.pdf"
    return FileResponse(handle, filename=name, content_type="application/pdf")


class MyMeetingsView(PermissionMixin, BreadcrumbMixin, TemplateView):
    """A board member's meetings: upcoming ones with their published packs, and past ones."""

    access_rule = SIGNED_IN

    template_name = "partnerships/my_meetings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        boards = Board.objects.filter(
            memberships__in=Membership.objects.current().filter(user=user)
        ).exclude(partnership__status="proposed")
        meetings = list(
            Meeting.objects.filter(board__in=boards)
            .select_related("board__partnership")
            .prefetch_related(
                Prefetch(
                    "packs",
                    queryset=AgendaPack.objects.filter(published_at__isnull=False).order_by(
                        "-version", "restricted"
                    ),
                )
            )
            .order_by("start")
        )
        now = timezone.now()
        context.update(
            upcoming=[m for m in meetings if m.start >= now and m.status != "cancelled"],
            past=[m for m in reversed(meetings) if m.start < now][:20],
            calendar_url=self.request.build_absolute_uri(
                reverse("partnerships:calendar", args=[feed_token(user=user)])
            ),
        )
        return context

    def get_breadcrumbs(self):
        return [("My meetings", None)]


class CalendarView(PermissionMixin, View):
    """The iCalendar feed named by a signed token: a person's boards, or one board. Open to
    calendar programs, which do not sign in: the token names the person whose rules apply."""

    access_rule = PUBLIC

    def get(self, _request, token):
        data = read_token(token)
        if data is None:
            raise Http404("This calendar address is not valid.")
        user = feed_owner(data, User.objects)
        if user is None:
            raise Http404("This calendar address is not valid.")
        meetings = Meeting.objects.select_related("board__partnership").prefetch_related("items")
        if data.get("b"):
            boards = Board.objects.select_related("partnership")
            board = access(user, boards, view=VIEW, pk=data["b"])
            meetings, name = meetings.filter(board=board), board.name
        else:
            boards = Board.objects.filter(
                memberships__in=Membership.objects.current().filter(user=user)
            ).exclude(partnership__status="proposed")
            meetings, name = meetings.filter(board__in=boards), "My partnership meetings"
        body = ics(meetings.order_by("start"), name=name)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="meetings.ics"'
        return response


# --- after the meeting: attendance, declarations, minutes, actions ---------------------------


class MeetingFormView(MeetingObjectMixin, BreadcrumbMixin, FormView):
    """A form about one meeting, for those who may change its partnership."""

    template_name = "portal/record_form.html"
    page_title = ""
    submit_label = "Save"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.page_title,
            cancel_url=self.meeting.get_absolute_url(),
            submit_label=self.submit_label,
        )
        return context

    def get_breadcrumbs(self):
        return [*meeting_trail(self.meeting), (self.page_title, None)]

    def saved(self, message):
        messages.success(self.request, message)
        return redirect(self.meeting.get_absolute_url())


class AttendanceView(MeetingFormView):
    form_class = AttendanceForm
    page_title = "Record attendance"

    def get_form_kwargs(self):
        memberships = list(
            Membership.objects.current(self.meeting.local_start.date())
            .filter(board=self.meeting.board)
            .select_related("user", "contact")
        )
        current = dict(
            self.meeting.attendance.filter(membership__isnull=False).values_list(
                "membership_id", "status"
            )
        )
        return {**super().get_form_kwargs(), "memberships": memberships, "current": current}

    def form_valid(self, form):
        attendance_record(
            meeting=self.meeting,
            statuses=form.statuses(),
            substitute=form.substitute(),
            by=self.request.user,
        )
        return self.saved("Attendance was recorded.")


class DeclarationView(MeetingFormView):
    form_class = DeclarationForm
    page_title = "Record a declaration of interest"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting}

    def form_valid(self, form):
        validated_save(form.instance, by=self.request.user)
        return self.saved("The declaration was recorded.")


class MeetingActionView(MeetingFormView):
    form_class = MeetingActionForm
    page_title = "Add an action from the minutes"

    def get_form_kwargs(self):
        action = MeetingAction(meeting=self.meeting)
        if "action" in self.kwargs:
            action = access(
                self.request.user,
                MeetingAction.objects.filter(meeting=self.meeting),
                view=VIEW,
                act=CHANGE,
                pk=self.kwargs["action"],
            )
            self.page_title = "Update the action"
        return {**super().get_form_kwargs(), "instance": action}

    def form_valid(self, form):
        validated_save(form.instance, by=self.request.user)
        return self.saved("The action was saved.")


class MinutesView(MeetingFormView):
    """The minutes, written item by item: each item's minute, resolution and vote (edited on
    the item), with a note for anything else, and a preview of the document."""

    form_class = MinutesForm
    template_name = "partnerships/minutes_edit.html"
    page_title = "Minutes"
    submit_label = "Save the draft minutes"

    def get_form_kwargs(self):
        # Opening the page writes nothing: the draft is made when it is first saved.
        minutes = Minutes.objects.filter(meeting=self.meeting).first() or Minutes(
            meeting=self.meeting
        )
        if minutes.status == Minutes.Status.APPROVED:
            raise PermissionDenied("Approved minutes cannot be changed.")
        return {**super().get_form_kwargs(), "instance": minutes}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            meeting=self.meeting,
            items=list(self.meeting.items.all()),
            quorum=minutes_pdf.quorate(self.meeting),
        )
        return context

    def form_valid(self, form):
        validated_save(form.instance, by=self.request.user)
        return self.saved("The draft minutes were saved. Record each item's decision on the item.")


class MinutesPreviewView(MeetingObjectMixin, BreadcrumbMixin, TemplateView):
    """The minutes as the document reads now, on a web page: what the PDF will say."""

    template_name = "partnerships/minutes_preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        restricted = self.request.user.has_perm(RESTRICTED, self.meeting)
        context.update(minutes_pdf.minutes_context(self.meeting, restricted=restricted))
        return context

    def get_breadcrumbs(self):
        return [*meeting_trail(self.meeting), ("Minutes preview", None)]


class MinutesPublishView(MeetingFormView):
    """POST: put the meeting's minutes on the public site (a draft marked as one)."""

    http_method_names = ["post"]

    def post(self, request, **kwargs):
        minutes = Minutes.objects.filter(meeting=self.meeting).first()
        if minutes is None:
            messages.error(request, "The minutes of this meeting have not been written yet.")
            return redirect(self.meeting)
        try:
            minutes = minutes_publish(minutes=minutes, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.meeting)
        if not self.meeting.board.public:
            return self.saved(
                "The minutes are published to members. The board is not open to the public, "
                "so they are not on the public site."
            )
        kind = "approved" if minutes.status == Minutes.Status.APPROVED else "draft"
        return self.saved(
            f"The {kind} minutes are published on the public site"
            + (', marked "Draft, subject to approval".' if kind == "draft" else ".")
        )


class MinutesApproveView(MeetingFormView):
    """POST on a meeting: approve the minutes of the board's previous held meeting."""

    http_method_names = ["post"]

    def post(self, request, **kwargs):
        previous = minutes_pdf.previous_held_meeting(self.meeting)
        minutes = Minutes.objects.filter(meeting=previous).first() if previous else None
        if minutes is None:
            messages.error(request, "There are no draft minutes of a previous meeting to approve.")
            return redirect(self.meeting)
        try:
            minutes_approve(minutes=minutes, at_meeting=self.meeting, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.meeting)
        return self.saved(f"The minutes of {previous} were approved.")


class VotesView(PermissionMixin, BreadcrumbMixin, FormView):
    """The vote on a decision item: counts, or named votes of the board's voting members."""

    model = AgendaItem
    view_permission = VIEW
    permission_required = CHANGE
    accessed_as = "item"
    form_class = VotesForm
    template_name = "portal/record_form.html"

    def get_access_queryset(self):
        return AgendaItem.objects.select_related("meeting__board__partnership")

    def memberships(self):
        meeting = self.item.meeting
        return list(
            Membership.objects.current(meeting.local_start.date())
            .filter(board_id=meeting.board_id, voting=True)
            .select_related("user", "contact")
        )

    def get_form_kwargs(self):
        current = dict(self.item.named_votes.values_list("membership_id", "choice"))
        return {
            **super().get_form_kwargs(),
            "item": self.item,
            "memberships": self.memberships(),
            "current": current,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=f"Record the vote on item {self.item.number}: {self.item.title}",
            cancel_url=reverse("partnerships:minutes", args=[self.item.meeting_id]),
            submit_label="Record the vote",
        )
        return context

    def get_breadcrumbs(self):
        return [*meeting_trail(self.item.meeting), ("Record the vote", None)]

    def form_valid(self, form):
        try:
            votes_record(item=self.item, by=self.request.user, named=form.named(), **form.counts())
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"The vote on item {self.item.number} was recorded.")
        return redirect("partnerships:minutes", pk=self.item.meeting_id)


class MinutesPdfView(MeetingObjectMixin, View):
    """The minutes as a PDF, for whoever may read the meeting. GET serves the file made for
    the minutes as they now read, or offers to make it; POST makes it in the background (no
    request renders a PDF). Exempt items only for those who read the restricted papers."""

    permission_required = VIEW

    def restricted(self) -> bool:
        return self.request.user.has_perm(RESTRICTED, self.meeting)

    def get(self, request, **kwargs):
        meeting = self.meeting
        has_minutes = Minutes.objects.filter(meeting=meeting).exists()
        if has_minutes:
            html = minutes_pdf.minutes_html(meeting, restricted=self.restricted())
            response = pdfcache.cached_response(
                minutes_pdf.MINUTES_CACHE, html, filename=minutes_pdf.file_name(meeting)
            )
            if response is not None:
                return response
        return render(
            request,
            "partnerships/minutes_pdf.html",
            {
                "meeting": meeting,
                "has_minutes": has_minutes,
                "breadcrumbs": [*meeting_trail(meeting), ("Minutes as PDF", None)],
            },
        )

    def post(self, request, **kwargs):
        meeting = self.meeting
        if not Minutes.objects.filter(meeting=meeting).exists():
            messages.error(request, "The minutes of this meeting have not been written yet.")
            return redirect(meeting)
        restricted = self.restricted()
        html = minutes_pdf.minutes_html(meeting, restricted=restricted)
        if pdfcache.cached(minutes_pdf.MINUTES_CACHE, html):
            return redirect("partnerships:minutes_pdf", pk=meeting.pk)
        job = pdfcache.queue_once(
            task=minutes_pdf.minutes_pdf_build,
            title=f"Minutes of {meeting} as PDF",
            user=request.user,
            folder=minutes_pdf.MINUTES_CACHE,
            html=html,
            params={
                "meeting": meeting.pk,
                "restricted": restricted,
                "return_url": meeting.get_absolute_url(),
            },
        )
        return redirect(job)


class ReportImportView(ReportEditMixin, PermissionMixin, BreadcrumbMixin, FormView):
    """Start (or restart) a report's body from a Word file."""

    form_class = DocxImportForm
    template_name = "portal/record_form.html"

    def form_valid(self, form):
        report = self.object
        for field, value in form.sections.items():
            setattr(report, field, value)
        try:
            report_save(report=report, by=self.request.user, changed=set(form.sections))
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        labels = [str(Report._meta.get_field(f).verbose_name) for f in form.sections]
        messages.success(self.request, "Filled from the Word file: " + ", ".join(labels) + ".")
        return redirect(report)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=f"Start the report from a Word file: {self.object.title}",
            cancel_url=self.object.get_absolute_url(),
            submit_label="Read the Word file",
        )
        return context

    def get_breadcrumbs(self):
        return [*meeting_trail(self.object.agenda_item.meeting), ("Import from Word", None)]


class PublishView(MeetingObjectMixin, View):
    """POST: publish the pack now, or (``supplement``) the late papers, as confirmed on their
    confirmation page; back on the meeting page, its progress panel follows the job."""

    http_method_names = ["post"]
    supplement = False

    def post(self, request, **kwargs):
        meeting = self.meeting
        refusal = publish_refusal(meeting, supplement=self.supplement)
        if refusal:
            messages.error(request, refusal)
            return redirect(meeting)
        job_start(
            task=meeting_publish_now,
            title=("Supplementary pack for " if self.supplement else "Publishing the pack for ")
            + str(meeting),
            created_by=request.user,
            params={
                "meeting": meeting.pk,
                "supplement": self.supplement,
                "return_url": meeting.get_absolute_url(),
                # the papers that could not be included which the officer ticked to publish
                # without ("any" on the late papers form: whichever cannot be included)
                "confirmed": True
                if request.POST.get("without") == "any"
                else [int(i) for i in request.POST.getlist("without") if i.isdigit()],
                "lateness_reason": request.POST.get("lateness_reason", "")[:2000],
            },
        )
        what = "the late papers" if self.supplement else "the pack"
        messages.info(
            request,
            f"Publishing {what} has started. The meeting page says so until it is done, then "
            "lists the published packs; the members are e-mailed then.",
        )
        return redirect(f"{meeting.get_absolute_url()}#job-progress")


def publish_refusal(meeting, *, supplement: bool) -> str:
    """Why the pack (or the late papers) cannot be published now, in words; "" if it can.
    The job's service checks the meeting again under its lock."""
    job = publishing_job(meeting)
    return refusal_to_publish(
        meeting, supplement=supplement, publishing_active=job is not None and not job.is_finished
    )


class PublishConfirmView(MeetingObjectMixin, BreadcrumbMixin, TemplateView):
    """GET: what publishing the pack now (or the late papers) will do and who will be told,
    with the button that does it (a POST to ``PublishView``). Changes nothing."""

    template_name = "partnerships/confirm_action.html"
    http_method_names = ["get"]
    supplement = False

    def title(self):
        return "Publish the late papers" if self.supplement else "Publish the pack now"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        request = self.request
        told = who_is_told(meeting)
        packs = list(meeting.packs.all())
        not_included = papers_not_included(packs)
        without = {int(i) for i in request.GET.getlist("without") if i.isdigit()}
        hidden = [("without", str(i)) for i in sorted(without)]
        if self.supplement:
            reason = request.GET.get("lateness_reason", "")[:2000]
            any_without = request.GET.get("without") == "any"
            hidden = [("lateness_reason", reason)] + ([("without", "any")] if any_without else [])
            happens = [
                "Reports cleared since the pack was published are built into a supplementary "
                "pack and published with the meeting's papers.",
                f"Its front sheet says why they are late: “{reason}”."
                if reason
                else "No reason for lateness is given on its front sheet.",
                "If a late paper cannot be included, the others are published without it."
                if any_without
                else "If a late paper cannot be included, nothing is published and the "
                "meeting page says which paper and why.",
            ]
        else:
            skipped = [f for f in not_included if f["item"] in without]
            happens = [
                "The agenda pack is built again from the reports as they are now and "
                "published: members can read it, and "
                + (
                    "the public site shows the public pack."
                    if meeting.board.public
                    else "the board is not public, so nothing appears on the public site."
                ),
                "Cleared reports in it are marked published; they can no longer be edited.",
                "Reports not yet cleared are left out; they can follow as late papers.",
            ]
            happens += [
                f"Item {f['number']} ({f['title']}) goes out as a page saying it could not be "
                "included."
                for f in skipped
            ]
        happens.append("This cannot be undone: a published pack stays published.")
        context.update(
            meeting=meeting,
            page_title=f"{self.title()}: {meeting}",
            heading=self.title(),
            refusal=publish_refusal(meeting, supplement=self.supplement),
            happens=happens,
            told=f"{told} The e-mail links to the meeting's papers.",
            action_url=reverse(
                f"partnerships:meeting_{'supplement' if self.supplement else 'publish'}",
                args=[meeting.pk],
            ),
            hidden=hidden,
            button="Yes, publish the late papers" if self.supplement else "Yes, publish now",
            button_style="primary",
        )
        return context

    def get_breadcrumbs(self):
        return [*meeting_trail(self.meeting), (self.title(), None)]


def meeting_jobs_running(meeting, user, now=None) -> list:
    """The meeting's draft-pack and publishing jobs that are waiting or running, oldest first,
    each marked ``followable`` if ``user`` may open its page (and poll it)."""
    jobs = Job.objects.filter(
        task_name__in=[agenda_packs_build.name, meeting_publish_now.name],
        params__meeting=meeting.pk,
        status__in=[Job.Status.PENDING, Job.Status.RUNNING],
    ).order_by("created_at")
    running = []
    for job in jobs:
        job.read_lapse(now)  # a dead worker's job shows as failed, not running
        if not job.is_finished:
            job.followable = user.has_perm("portal.view_job", job)
            running.append(job)
    return running


def publishing_job(meeting, now=None):
    """The meeting's latest "publish now" job, if the meeting page should mention it: while it
    waits or runs, or when it failed and nothing has been published since."""
    job = (
        Job.objects.filter(task_name=meeting_publish_now.name, params__meeting=meeting.pk)
        .order_by("-created_at")
        .first()
    )
    if job is None:
        return None
    job.read_lapse(now)  # a dead worker's job shows as failed, not running
    if job.status in (Job.Status.PENDING, Job.Status.RUNNING):
        return job
    if job.status == Job.Status.FAILED:
        if job.params.get("supplement"):
            published_since = meeting.packs.filter(published_at__gte=job.created_at).exists()
        else:
            published_since = meeting.status != Meeting.Status.SCHEDULED
        return None if published_since else job
    return None


class MeetingStatusView(MeetingObjectMixin, BreadcrumbMixin, TemplateView):
    """GET: what cancelling the meeting, or recording it as held, will do and who will be
    told, with the button to confirm it; POST: do it. "Held" is refused before the meeting has
    started (``meeting_status_refusal``, which ``meeting_set_status`` asks again under a
    lock)."""

    template_name = "partnerships/confirm_action.html"
    WORDS = {
        Meeting.Status.CANCELLED: ("Cancel the meeting", "Yes, cancel the meeting", "danger"),
        Meeting.Status.HELD: ("Record the meeting as held", "Yes, record it as held", "primary"),
    }

    def words(self):
        return self.WORDS.get(self.kwargs["to"], ("Change the meeting's status", "", "primary"))

    def happens(self, meeting, to):
        published = meeting.packs.filter(published_at__isnull=False).exists()
        packs = (
            "No more papers can be published for it."
            if published
            else "Its agenda pack will not be published, and no more packs can be built for it."
        )
        if to == Meeting.Status.CANCELLED:
            return [
                "The meeting is marked as cancelled on its page and on the board's page.",
                "It leaves the upcoming meetings on members' “My meetings” page, and "
                "the calendars that subscribe to the board's meetings show it as cancelled.",
                "Its published pack stays available to read, but no more papers can be "
                "published for it."
                if published
                else packs,
                "This cannot be undone here.",
            ], f"{who_is_told(meeting)} The e-mail says the meeting is cancelled."
        return [
            "The meeting is recorded as held on its page and on the board's page.",
            packs,
            "Attendance, declarations, minutes and actions are recorded on the meeting page "
            "as before.",
            "This cannot be undone here.",
        ], "No one is e-mailed. Members are told when the minutes are published."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        to = self.kwargs["to"]
        title, button, style = self.words()
        refusal = meeting_status_refusal(meeting=meeting, to=to)
        happens, told = ([], "") if refusal else self.happens(meeting, to)
        context.update(
            meeting=meeting,
            page_title=f"{title}: {meeting}",
            heading=title,
            button=button,
            button_style=style,
            refusal=refusal,
            happens=happens,
            told=told,
            action_url=self.request.path,
        )
        return context

    def get_breadcrumbs(self):
        return [*meeting_trail(self.meeting), (self.words()[0], None)]

    def post(self, request, to, **kwargs):
        try:
            meeting_set_status(meeting=self.meeting, to=to, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.meeting)
        messages.success(
            request, f"The meeting is now {self.meeting.get_status_display().lower()}."
        )
        return redirect(self.meeting)
