"""Public pages: minutes and decisions. The minutes of a public board's meeting once they are
published (a draft marked "Draft, subject to approval" until a later held meeting approves
them), as a web page and a PDF; and the list of every resolution on public items. An exempt
item shows only its number, neutral title and Schedule 12A paragraph."""

from django import forms
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView

from portal.access import PUBLIC
from portal.forms import PortalForm
from portal.jobs import queue_on_commit
from portal.pagination import IdsFirstPaginator
from portal.views import PermissionMixin

from .. import minutes as minutes_doc
from .. import pdfcache
from ..models import AgendaItem
from . import public_boards, published_meetings, published_minutes

DECISIONS_PER_PAGE = 25


def published_minutes_of(pk):
    minutes = (
        published_minutes()
        .select_related("meeting__board__partnership", "approved_at")
        .filter(meeting_id=pk)
        .first()
    )
    if minutes is None:
        raise Http404("No such page.")
    return minutes


def public_decisions():
    """Resolutions of the items the public may read, on published minutes of public boards."""
    return (
        AgendaItem.objects.filter(exempt=False, meeting__minutes__in=published_minutes())
        .exclude(resolution="")
        .select_related("meeting__board", "meeting__minutes__approved_at")
        .order_by("-meeting__start", "number")
    )


class PublicMinutesView(PermissionMixin, TemplateView):
    access_rule = PUBLIC
    template_name = "public/minutes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            minutes = published_minutes_of(int(self.kwargs["pk"]))
        except (TypeError, ValueError, OverflowError) as exc:
            raise Http404("No such page.") from exc
        meeting = minutes.meeting
        context.update(minutes_doc.minutes_context(meeting, restricted=False, public=True))
        meeting_url = (
            reverse("public:meeting", args=[meeting.pk])
            if published_meetings().filter(pk=meeting.pk).exists()
            else None
        )
        context["breadcrumbs"] = [
            (meeting.board.name, reverse("public:board", args=[meeting.board_id])),
            (f"{meeting.local_start:%-d %B %Y}", meeting_url),
            ("Minutes", None),
        ]
        return context


class PublicMinutesPdfView(PermissionMixin, View):
    """The public minutes PDF: the file made when the minutes were published or approved.
    If the minutes changed since and the new file is not made yet, a page says so (and the
    file is asked for, once a few minutes however many ask)."""

    access_rule = PUBLIC

    def get(self, request, pk):
        minutes = published_minutes_of(pk)
        meeting = minutes.meeting
        html = minutes_doc.public_minutes_html(meeting)
        response = pdfcache.cached_response(
            minutes_doc.MINUTES_CACHE, html, filename=minutes_doc.file_name(meeting)
        )
        if response is not None:
            return response
        if cache.add(f"public-minutes-pdf:{pdfcache.cache_name('m', html)}", True, 300):
            queue_on_commit(minutes_doc.public_minutes_pdf_build, meeting_id=meeting.pk)
        return render(
            request,
            "public/minutes_pdf_pending.html",
            {"meeting": meeting},
        )


class DecisionFilterForm(PortalForm):
    q = forms.CharField(label="Search", max_length=200, required=False)
    board = forms.ModelChoiceField(
        label="Board", queryset=None, required=False, empty_label="All boards"
    )
    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = public_boards().order_by("name")
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name == "board" else "form-control"

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end date must not be before the start date.")
        return data

    def filter(self, rows):
        if not self.is_valid():
            return rows
        data = self.cleaned_data
        if data.get("q"):
            from django.db.models import Q

            rows = rows.filter(Q(title__icontains=data["q"]) | Q(resolution__icontains=data["q"]))
        if data.get("board"):
            rows = rows.filter(meeting__board=data["board"])
        if data.get("start"):
            rows = rows.filter(meeting__start__date__gte=data["start"])
        if data.get("end"):
            rows = rows.filter(meeting__start__date__lte=data["end"])
        return rows


class DecisionsView(PermissionMixin, TemplateView):
    access_rule = PUBLIC
    template_name = "public/decisions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = DecisionFilterForm(self.request.GET or None)
        rows = form.filter(public_decisions())
        paginator = IdsFirstPaginator(rows, DECISIONS_PER_PAGE)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except PageNotAnInteger:
            page = paginator.page(1)
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        query = {k: v for k, v in self.request.GET.items() if k != "page" and v}
        context.update(
            form=form,
            page_obj=page,
            decisions=page.object_list,
            querystring=urlencode(query),
            breadcrumbs=[("Decisions", None)],
        )
        return context


urlpatterns = [
    path("meetings/<int:pk>/minutes/", PublicMinutesView.as_view(), name="minutes"),
    path("meetings/<int:pk>/minutes.pdf", PublicMinutesPdfView.as_view(), name="minutes_pdf"),
    path("decisions/", DecisionsView.as_view(), name="decisions"),
]
