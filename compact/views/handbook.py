"""The Agreement and Protocols handbook: sections, their versions, the differences between
versions, and the current handbook as one page and as a PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    TemplateView,
    UpdateView,
    View,
)

from partnerships import pdfcache
from portal.views import (
    BreadcrumbMixin,
    HistoryView,
    PermissionMixin,
    RecordFormMixin,
    query_id,
)

from ..diff import compare
from ..forms import EndorseForm, SectionForm, VersionForm
from ..models import HandbookSection, SectionVersion
from ..services import version_create, version_endorse, version_to_consultation, version_update
from ..tasks import (
    HANDBOOK_CACHE,
    HANDBOOK_FILENAME,
    handbook_html,
    handbook_pdf_build,
)
from .base import CHANGE, ChildCreateView, ChildUpdateView, handbook_crumb

HANDBOOK = "compact.view_handbook"
V = SectionVersion.Status


def visible_versions(user):
    versions = SectionVersion.objects.select_related("section", "endorsed_at__board")
    if user.has_perm("compact.view_drafts"):
        return versions
    return versions.filter(status=V.ENDORSED)


def handbook_sections(user):
    """Every section with its endorsed version and, for those who may see them, the versions
    in draft or out to consultation; in three queries."""
    endorsed = SectionVersion.objects.filter(status=V.ENDORSED).select_related(
        "endorsed_at", "endorsed_at__board"
    )
    prefetches = [Prefetch("versions", queryset=endorsed, to_attr="endorsed")]
    if user.has_perm("compact.view_drafts"):
        pending = SectionVersion.objects.filter(status__in=[V.DRAFT, V.CONSULTATION]).order_by(
            "-number"
        )
        prefetches.append(Prefetch("versions", queryset=pending, to_attr="pending"))
    sections = list(HandbookSection.objects.prefetch_related(*prefetches).order_by("number"))
    for section in sections:
        section.current = section.endorsed[0] if section.endorsed else None
    return sections


class HandbookView(PermissionMixin, BreadcrumbMixin, TemplateView):
    permission_required = HANDBOOK
    template_name = "compact/handbook.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = handbook_sections(self.request.user)
        return context

    def get_breadcrumbs(self):
        return [(handbook_crumb()[0], None)]


class HandbookPdfView(PermissionMixin, View):
    """The endorsed handbook as a PDF. Rendering it takes a while, so no request does: the
    file rendered for the handbook's current text is served from the cache, and when there
    is none a background job renders it and its page offers the download."""

    permission_required = HANDBOOK

    def get(self, request, *args, **kwargs):
        """The file, when the current text has been rendered; otherwise a page that offers to
        prepare it (a GET writes nothing, so it does not start the job itself)."""
        response = pdfcache.cached_response(
            HANDBOOK_CACHE, handbook_html(), filename=HANDBOOK_FILENAME
        )
        if response is not None:
            return response
        return render(
            request,
            "compact/handbook_pdf.html",
            {"breadcrumbs": [handbook_crumb(), ("PDF", None)]},
        )

    def post(self, request, *args, **kwargs):
        html = handbook_html()
        if pdfcache.cached(HANDBOOK_CACHE, html):
            return redirect("compact:handbook_pdf")
        job = pdfcache.queue_once(
            task=handbook_pdf_build,
            title="The Agreement and Protocols handbook as PDF",
            user=request.user,
            folder=HANDBOOK_CACHE,
            html=html,
            params={"return_url": reverse("compact:handbook")},
        )
        return redirect(job)


class SectionDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = HandbookSection
    view_permission = HANDBOOK
    template_name = "compact/section_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(
            visible_versions(self.request.user).filter(section=self.object).order_by("-number")
        )
        context["versions"] = versions
        context["current"] = next((v for v in versions if v.status == V.ENDORSED), None)
        return context

    def get_breadcrumbs(self):
        return [handbook_crumb(), (self.object.title, None)]


class SectionCreateView(PermissionMixin, RecordFormMixin, CreateView):
    model = HandbookSection
    form_class = SectionForm
    permission_required = CHANGE
    success_message = "{} was added to the handbook."
    submit_label = "Add the section"

    def get_initial(self):
        last = HandbookSection.objects.order_by("-number").first()
        return {"number": (last.number + 1) if last else 1}

    def get_page_title(self):
        return "Add a handbook section"

    def get_cancel_url(self):
        return reverse("compact:handbook")

    def get_breadcrumbs(self):
        return [handbook_crumb(), (self.get_page_title(), None)]


class SectionUpdateView(PermissionMixin, RecordFormMixin, UpdateView):
    model = HandbookSection
    form_class = SectionForm
    view_permission = HANDBOOK
    permission_required = CHANGE
    success_message = "{} was saved."

    def get_page_title(self):
        return f"Edit {self.saved_label}"

    def get_cancel_url(self):
        return self.object.get_absolute_url()

    def get_breadcrumbs(self):
        return [handbook_crumb(), (self.get_page_title(), None)]


class SectionHistoryView(HistoryView):
    model = HandbookSection
    view_permission = HANDBOOK
    permission_required = "compact.view_compact_history"

    def get_breadcrumbs(self):
        return [handbook_crumb(), *super().get_breadcrumbs()]


class VersionCreateView(ChildCreateView, CreateView):
    """A new draft, starting from the section's latest text."""

    model = SectionVersion
    form_class = VersionForm
    parent_model = HandbookSection
    parent_field = "section"
    parent_view_permission = HANDBOOK
    noun = "version"
    success_message = "{} was started as a draft."

    def get_initial(self):
        latest = self.parent.versions.order_by("-number").first()
        return {"content": latest.content} if latest else {}

    def get_page_title(self):
        return f"New version of {self.parent.title}"

    def crumbs_for(self, parent):
        return [handbook_crumb(), (parent.title, parent.get_absolute_url())]

    def save(self, form):
        return version_create(
            section=self.parent,
            content=form.cleaned_data["content"],
            change_note=form.cleaned_data["change_note"],
            by=self.request.user,
        )


class VersionDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = SectionVersion
    view_permission = "compact.view_version"
    template_name = "compact/version_detail.html"

    def get_queryset(self):
        return SectionVersion.objects.select_related("section", "endorsed_at__board")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["endorse_form"] = EndorseForm()
        context["previous"] = (
            visible_versions(self.request.user)
            .filter(section_id=self.object.section_id, number__lt=self.object.number)
            .order_by("-number")
            .first()
        )
        return context

    def get_breadcrumbs(self):
        section = self.object.section
        return [
            handbook_crumb(),
            (section.title, section.get_absolute_url()),
            (f"Version {self.object.number}", None),
        ]


class VersionUpdateView(ChildUpdateView, UpdateView):
    model = SectionVersion
    form_class = VersionForm
    view_permission = "compact.view_version"
    parent_field = "section"
    noun = "version"
    success_message = "{} was saved."

    def get_queryset(self):
        return SectionVersion.objects.select_related("section")

    def get_page_title(self):
        return f"Edit version {self.object.number} of {self.object.section.title}"

    def crumbs_for(self, parent):
        return [handbook_crumb(), (parent.title, parent.get_absolute_url())]

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.is_editable:
            messages.error(request, "An endorsed or superseded version keeps its text.")
            return redirect(self.object)
        return super().get(request, *args, **kwargs)

    def save(self, form):
        return version_update(
            version=self.object,
            content=form.cleaned_data["content"],
            change_note=form.cleaned_data["change_note"],
            by=self.request.user,
        )


class VersionActionMixin(PermissionMixin):
    """A button on a version's page (POST only): a step the service refuses comes back as a
    message on that page."""

    http_method_names = ["post"]
    model = SectionVersion
    view_permission = "compact.view_version"
    permission_required = CHANGE
    accessed_as = "version"

    def get_access_queryset(self):
        return SectionVersion.objects.select_related("section")

    def fail(self, exc: ValidationError):
        messages.error(self.request, " ".join(exc.messages))
        return redirect(self.version)


class VersionConsultView(VersionActionMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            version_to_consultation(version=self.version, by=request.user)
        except ValidationError as exc:
            return self.fail(exc)
        messages.success(request, f"Version {self.version.number} is out to consultation.")
        return redirect(self.version)


class VersionEndorseView(VersionActionMixin, FormView):
    form_class = EndorseForm

    def form_valid(self, form):
        try:
            version_endorse(
                version=self.version,
                endorsed_on=form.cleaned_data["endorsed_on"],
                meeting=form.cleaned_data["meeting"],
                by=self.request.user,
            )
        except ValidationError as exc:
            return self.fail(exc)
        messages.success(
            self.request,
            f"Version {self.version.number} of {self.version.section.title} is endorsed; "
            "the version endorsed before it is superseded.",
        )
        return redirect(self.version)

    def form_invalid(self, form):
        return self.fail(ValidationError([e for errs in form.errors.values() for e in errs]))


class VersionHistoryView(HistoryView):
    model = SectionVersion
    view_permission = "compact.view_version"
    permission_required = "compact.view_compact_history"

    def get_breadcrumbs(self):
        return [handbook_crumb(), *super().get_breadcrumbs()]


class VersionDiffView(PermissionMixin, BreadcrumbMixin, DetailView):
    """``?from=<version number>&to=<version number>``: by default the latest version the user
    may see against the one before it."""

    model = HandbookSection
    view_permission = HANDBOOK
    template_name = "compact/version_diff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(
            visible_versions(self.request.user).filter(section=self.object).order_by("-number")
        )
        by_number = {v.number: v for v in versions}

        def chosen(name, default):
            if not self.request.GET.get(name, ""):
                return default
            number = query_id(self.request, name)
            if number not in by_number:
                raise Http404("No such version.")
            return by_number[number]

        new = chosen("to", versions[0] if versions else None)
        older = [v for v in versions if new and v.number < new.number]
        old = chosen("from", older[0] if older else None)
        context.update(versions=versions, old=old, new=new)
        if old and new:
            context["lines"] = compare(old.content, new.content)
        return context

    def get_breadcrumbs(self):
        return [
            handbook_crumb(),
            (self.object.title, self.object.get_absolute_url()),
            ("Compare versions", None),
        ]
