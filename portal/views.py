from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import DetailView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from .access import PUBLIC, SIGNED_IN, access, check
from .dashboard import dashboard_for
from .history import history_rows
from .models import Job
from .pagination import IdsFirstPaginator
from .services import validated_save

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class PermissionMixin(AccessMixin):
    """Every page's rule, declared on the view and checked in one place before the page runs
    (``portal.access``).

    - ``view_permission``: may the user see the object the URL names? If not, 404, so an id
      leaks nothing.
    - ``permission_required``: may they use this page? For a page about no object, the page
      rule (403); for an object page, checked against the object on every method (403).
    - ``post_permission``: on an object page, may they do what its POST does (403)?
    - ``parent_model`` with ``parent_view_permission`` / ``parent_permission``: a page that
      adds a record under a parent (``parent_pk``) follows the parent's rules.
    - ``access_rule = PUBLIC`` or ``SIGNED_IN``: a page open to everyone, or to anyone signed in.

    The object is resolved once, here, and kept as ``self.<accessed_as>`` (``object`` unless
    the view names another). A view that declares no rule is refused.
    """

    access_rule: str | None = None
    permission_required: str | None = None
    view_permission: str | None = None
    post_permission: str | None = None
    accessed_as = "object"
    object_kwarg = "pk"

    @classmethod
    def declared_rule(cls) -> str | None:
        if cls.access_rule:
            return cls.access_rule
        rules = (
            cls.view_permission,
            cls.permission_required,
            cls.post_permission,
            getattr(cls, "parent_view_permission", None),
            getattr(cls, "parent_permission", None),
        )
        return " / ".join(r for r in rules if r) or None

    def dispatch(self, request, *args, **kwargs):
        if self.declared_rule() is None:
            raise PermissionDenied("This page declares no access rule, so it is not served.")
        if self.access_rule != PUBLIC and not request.user.is_authenticated:
            return self.handle_no_permission()
        # A page open to everyone (or anyone signed in) may still name an object rule: the
        # results of a ballot are public once published.
        if self.access_rule is None or self.view_permission or self.permission_required:
            try:
                self.check_access(request, kwargs)
            except PermissionDenied as exc:
                response = self.access_refused(request, exc)
                if response is None:
                    raise
                return response
        return super().dispatch(request, *args, **kwargs)

    def access_refused(self, _request, _exc):
        """A page may answer a refused action with a message instead of 403 (a closed round,
        say); ``self.seen`` is the object the user may see but not act on."""
        return None

    def act_permissions(self, method: str) -> list[str]:
        acts = [self.permission_required]
        if method not in SAFE_METHODS:
            acts.append(self.post_permission)
        return [a for a in acts if a]

    def names_object(self, kwargs) -> bool:
        return self.object_kwarg in kwargs and (
            isinstance(self, SingleObjectMixin) or getattr(self, "model", None) is not None
        )

    def check_access(self, request, kwargs) -> None:
        user = request.user
        if getattr(self, "parent_model", None) is not None and "parent_pk" in kwargs:
            self.parent = access(
                user,
                self.get_parent_queryset(),
                view=self.parent_view_permission,
                act=self.parent_permission,
                pk=kwargs["parent_pk"],
            )
        elif self.names_object(kwargs):
            if isinstance(self, SingleObjectMixin):
                obj = self.get_object()
            else:
                self.seen = None
                obj = access(
                    user,
                    self.get_access_queryset(),
                    view=self.view_permission,
                    act=self.act_permissions(request.method),
                    pk=kwargs[self.object_kwarg],
                )
            setattr(self, self.accessed_as, obj)
        else:
            for rule in self.act_permissions(request.method):
                if not user.has_perm(rule):
                    raise PermissionDenied

    def get_access_queryset(self):
        return self.model._default_manager.all()

    def get_object(self, queryset=None):
        """The object, checked: resolved once per request (the page's own ``get`` asks again)."""
        cached = getattr(self, "_accessed", None)
        if queryset is None and cached is not None:
            return cached
        try:
            obj = super().get_object(queryset)
        except (ValueError, TypeError, ValidationError) as exc:
            raise Http404("No such page.") from exc
        self.seen = obj
        obj = check(
            self.request.user,
            obj,
            view=self.view_permission,
            act=self.act_permissions(self.request.method),
        )
        if queryset is None:
            self._accessed = obj
        return obj


def one_name_each(trail):
    """A trail without a name said twice in a row (a board named like its partnership): the
    later, nearer crumb is kept."""
    kept = []
    for label, url in trail:
        if kept and kept[-1][0] == label:
            kept.pop()
        kept.append((label, url))
    return kept


class BreadcrumbMixin:
    """Pages name their trail as (label, url) pairs; the last one is the page itself."""

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = one_name_each(self.get_breadcrumbs())
        return context


class FilteredListMixin(BreadcrumbMixin):
    """A filtered, paginated list: keeps the filters in the pagination links, and treats a page
    number it cannot use (``?page=abc``, a page past the end) as the nearest page it can show
    rather than answering 404."""

    paginate_by = settings.PORTAL_PAGE_SIZE
    paginator_class = IdsFirstPaginator

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
    rules decide (``PermissionMixin`` resolves ``self.parent``), 404 if its viewer may not see
    it, 403 if they may not change it."""

    parent_model = None
    parent_field: str = ""
    parent_view_permission: str = ""
    parent_permission: str = ""

    def get_parent_queryset(self):
        return self.parent_model._default_manager.all()

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


class DashboardView(PermissionMixin, TemplateView):
    access_rule = SIGNED_IN
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

    def get(self, _request, *args, **kwargs):
        job = self.get_object()
        if job.status != Job.Status.DONE or not job.file:
            raise Http404("This job has no file to download.")
        try:
            handle = job.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("The file is no longer kept; ask for it again.") from exc
        return FileResponse(handle, as_attachment=True, filename=job.file_name)
