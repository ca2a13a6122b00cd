from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import DetailView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from .dashboard import dashboard_for
from .history import history_rows
from .models import Job
from .services import validated_save


class PermissionMixin(LoginRequiredMixin):
    """The one place a page checks its rules.

    ``view_permission``: may the user see this object at all? If not, 404, so an id leaks
    nothing. ``permission_required``: may they do what this page does (with the object, for
    object pages)? If not, 403.
    """

    permission_required: str | None = None
    view_permission: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if (
            self.permission_required
            and not self.is_object_page(kwargs)
            and not request.user.has_perm(self.permission_required)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def is_object_page(self, kwargs) -> bool:
        """Pages about one object check their rules against it, in ``get_object``."""
        return isinstance(self, SingleObjectMixin) and (
            self.pk_url_kwarg in kwargs or self.slug_url_kwarg in kwargs
        )

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        user = self.request.user
        if self.view_permission and not user.has_perm(self.view_permission, obj):
            raise Http404("No such page.")
        if self.permission_required and not user.has_perm(self.permission_required, obj):
            raise PermissionDenied
        return obj


class BreadcrumbMixin:
    """Pages name their trail as (label, url) pairs; the last one is the page itself."""

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs()
        return context


class FilteredListMixin(BreadcrumbMixin):
    """A filtered, paginated list: keeps the filters in the pagination links, and treats a page
    number it cannot use (``?page=abc``, a page past the end) as the nearest page it can show
    rather than answering 404."""

    paginate_by = settings.PORTAL_PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        number = self.request.GET.get(self.page_kwarg)
        page = paginator.get_page(paginator.num_pages if number == "last" else number)
        return (paginator, page, page.object_list, page.has_other_pages())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        context["querystring"] = query.urlencode()
        return context


def query_id(request, name: str) -> int | None:
    """An id from the query string (``?fund=12``), or None for anything else: ``str.isdigit``
    also accepts "²", which ``int`` refuses."""
    raw = request.GET.get(name, "")
    if raw.isascii() and raw.isdigit() and len(raw) <= 18:
        return int(raw)
    return None


def safe_next(request, default: str) -> str:
    """The page to go back to, from ``?next=``, if it is on this site; otherwise ``default``."""
    candidate = request.GET.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


class RecordFormMixin(BreadcrumbMixin):
    """Create and edit pages: the form validates, a service saves (with history), and a rule
    broken at save time comes back as a message on the form, never a 500."""

    template_name = "portal/record_form.html"
    success_message = "Your changes were saved."
    submit_label = "Save"

    def save(self, form):
        m2m = {
            f.name: form.cleaned_data[f.name]
            for f in form.instance._meta.many_to_many
            if f.name in form.cleaned_data
        }
        return validated_save(form.instance, by=self.request.user, m2m=m2m)

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(self.object))
        return redirect(self.get_success_url())

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        # The form writes the submitted values onto the object; an edit page that fails
        # validation keeps the saved name in its title and breadcrumbs.
        self.saved_label = str(obj)
        return obj

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_page_title(self) -> str:
        return getattr(self, "saved_label", None) or "New record"

    def get_cancel_url(self) -> str:
        return safe_next(self.request, "/")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.get_page_title(),
            cancel_url=self.get_cancel_url(),
            submit_label=self.submit_label,
        )
        return context


class ParentMixin:
    """Pages that add a record under a parent (a board under a partnership, say): the parent's
    rules decide, 404 if its viewer may not see it, 403 if they may not change it."""

    parent_model = None
    parent_field: str = ""
    parent_view_permission: str = ""
    parent_permission: str = ""

    def get_parent_queryset(self):
        return self.parent_model._default_manager.all()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.parent = get_object_or_404(self.get_parent_queryset(), pk=kwargs["parent_pk"])
        if not request.user.has_perm(self.parent_view_permission, self.parent):
            raise Http404("No such page.")
        if not request.user.has_perm(self.parent_permission, self.parent):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.model(**{self.parent_field: self.parent})
        return kwargs

    def get_cancel_url(self):
        return self.parent.get_absolute_url()


class HistoryView(PermissionMixin, BreadcrumbMixin, DetailView):
    """Who changed what, and when, for any model that keeps ``history``."""

    template_name = "portal/history.html"
    context_object_name = "object"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = history_rows(self.object)
        return context

    def get_breadcrumbs(self):
        return [(str(self.object), self.object.get_absolute_url()), ("History", None)]


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(dashboard_for(self.request.user))
        return context


class JobDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Job
    view_permission = "portal.view_job"
    template_name = "portal/job_detail.html"

    def get_object(self, queryset=None):
        return super().get_object(queryset).read_lapse()

    def get_breadcrumbs(self):
        return [("Background jobs", None), (self.object.title, None)]

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("format") == "json":
            job = self.object
            return JsonResponse(
                {
                    "status": job.status,
                    "status_display": job.get_status_display(),
                    "message": job.message,
                    "finished": job.is_finished,
                    "file_name": job.file_name,
                    "download_url": (
                        job.get_absolute_url() + "download/"
                        if job.status == Job.Status.DONE and job.file
                        else ""
                    ),
                }
            )
        return super().render_to_response(context, **kwargs)


class JobDownloadView(PermissionMixin, SingleObjectMixin, TemplateView):
    model = Job
    view_permission = "portal.view_job"

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        if job.status != Job.Status.DONE or not job.file:
            raise Http404("This job has no file to download.")
        try:
            handle = job.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("The file is no longer kept; ask for it again.") from exc
        return FileResponse(handle, as_attachment=True, filename=job.file_name)
