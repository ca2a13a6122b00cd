from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.views.generic import DetailView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from .dashboard import dashboard_for
from .history import history_rows
from .models import Job


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
