"""Work programmes: the list, a programme's tasks by priority, the level-1 shortlist, the heat
map, tasks with their assessments and links, and the forms behind them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, TemplateView
from django_filters.views import FilterView

from portal.exports import CsvExportView
from portal.views import BreadcrumbMixin, FilteredListMixin, PermissionMixin, RecordFormMixin

from ..exports import programme_list_rows
from ..filters import ProgrammeFilter, TaskFilter
from ..forms import AssessmentForm, OverrideForm, TaskForm, TaskLinkForm, WorkProgrammeForm
from ..models import Task, TaskAssessment, TaskLink, WorkProgramme
from ..selectors import task_heat_map
from ..services import (
    assessment_override,
    next_task_number,
    task_assess,
    task_link,
    task_unlink,
)
from .common import (
    CHANGE,
    VIEW,
    ChildCreateView,
    RecordHistoryView,
    RecordMixin,
    RecordUpdateView,
    programmes_crumb,
    trail,
)


class ProgrammeListView(PermissionMixin, FilteredListMixin, FilterView):
    permission_required = "workprogramme.list_programmes"
    filterset_class = ProgrammeFilter
    template_name = "workprogramme/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        # The same rows as the list's CSV export.
        return programme_list_rows(self.request.user)

    def get_breadcrumbs(self):
        return [(programmes_crumb()[0], None)]


class ProgrammeMixin(PermissionMixin):
    """Pages of one programme (``pk``): 404 for a user who may not see it."""

    model = WorkProgramme
    view_permission = VIEW
    accessed_as = "programme"

    def get_access_queryset(self):
        return WorkProgramme.objects.select_related("partnership", "matrix")

    def heat_map(self):
        base = self.programme.get_absolute_url()
        return task_heat_map(
            self.programme, url=lambda lk, im: f"{base}?likelihood={lk}&impact={im}"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programme"] = self.programme
        context["can_change"] = self.request.user.has_perm(CHANGE, self.programme)
        return context


class ProgrammeDetailView(ProgrammeMixin, FilteredListMixin, FilterView):
    """The programme's tasks by priority, with filters, CSV and the heat map."""

    filterset_class = TaskFilter
    template_name = "workprogramme/programme_detail.html"
    context_object_name = "tasks"

    def get_queryset(self):
        return Task.objects.filter(programme=self.programme).for_list()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        data["programme"] = str(self.programme.pk)
        kwargs["data"] = data
        return kwargs

    CELL_FILTERS = ("likelihood", "impact")

    def filtered_heat_map(self):
        """The heat map of the tasks the other filters (status, lead, …) select, each cell
        linking to this list with those filters and the cell's scores: its count is the
        length of that list."""
        query = self.request.GET.copy()
        for name in (*self.CELL_FILTERS, "page", "programme"):
            query.pop(name, None)
        data = query.copy()
        data["programme"] = str(self.programme.pk)
        others = TaskFilter(
            data, queryset=Task.objects.filter(programme=self.programme), request=self.request
        )
        tasks = others.qs if others.is_valid() else Task.objects.none()
        base = self.programme.get_absolute_url()

        def url(likelihood, impact):
            cell = query.copy()
            cell["likelihood"], cell["impact"] = str(likelihood), str(impact)
            return f"{base}?{cell.urlencode()}"

        filtered = any(value for value in query.values())
        return task_heat_map(self.programme, url=url, tasks=tasks), filtered

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        heat_map, heat_map_filtered = self.filtered_heat_map()
        counts = self.programme.tasks.aggregate(
            total=Count("pk"),
            p1=Count("pk", filter=Q(priority=1)),
            p2=Count("pk", filter=Q(priority=2)),
            p3=Count("pk", filter=Q(priority=3)),
            unassessed=Count("pk", filter=Q(priority__isnull=True)),
        )
        context.update(
            counts=counts,
            heat_map=heat_map,
            heat_map_filtered=heat_map_filtered,
            export_url=reverse("workprogramme:task_export"),
            can_see_history=self.request.user.has_perm("workprogramme.view_history"),
        )
        return context

    def get_breadcrumbs(self):
        return [programmes_crumb(), (self.programme.title, None)]


class ShortlistView(ProgrammeMixin, BreadcrumbMixin, TemplateView):
    """The level-1 shortlist: the tasks whose deferral carries the highest risk."""

    template_name = "workprogramme/shortlist.html"

    def get_context_data(self, **kwargs):
        """Tasks merged into another are not shortlisted on their own (document 003 folds 3
        into 2 and 10 into 11): each shows with the task that incorporates it, and all are
        named below the list. Tasks in hand elsewhere (document 003's 5 and 7, "already being
        addressed with the LAA") stay on the programme but off the shortlist; they too are
        named below it, with the reason."""
        context = super().get_context_data(**kwargs)
        level_one = list(
            self.programme.tasks.filter(priority=1)
            .select_related("lead_organisation", "current_assessment__level")
            .prefetch_related(
                Prefetch(
                    "links_out",
                    queryset=TaskLink.objects.filter(kind=TaskLink.Kind.INCORPORATES)
                    .select_related("to_task")
                    .order_by("to_task__number"),
                    to_attr="incorporates",
                )
            )
            .order_by("number")
        )
        on = [t for t in level_one if t.on_shortlist]
        context["tasks"] = [t for t in on if t.status != Task.Status.MERGED]
        context["merged"] = [t for t in on if t.status == Task.Status.MERGED]
        context["in_hand_elsewhere"] = [t for t in level_one if not t.on_shortlist]
        return context

    def get_breadcrumbs(self):
        return [*trail(self.programme), ("Level 1 shortlist", None)]


class ProgrammeHeatMapView(ProgrammeMixin, BreadcrumbMixin, TemplateView):
    template_name = "workprogramme/heat_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(heat_map=self.heat_map(), subject=self.programme)
        return context

    def get_breadcrumbs(self):
        return [*trail(self.programme), ("Heat map", None)]


class TaskExportView(CsvExportView):
    permission_required = "workprogramme.list_programmes"
    export_name = "workprogramme_tasks"
    list_url_name = "workprogramme:programme_list"


class ProgrammeCreateView(PermissionMixin, RecordMixin, CreateView):
    permission_required = "workprogramme.add_programme"
    model = WorkProgramme
    form_class = WorkProgrammeForm
    noun = "work programme"
    success_message = "The work programme {} was added."
    submit_label = "Add work programme"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_page_title(self):
        return "Add a work programme"

    def get_breadcrumbs(self):
        return [programmes_crumb(), ("Add a work programme", None)]


class ProgrammeUpdateView(RecordUpdateView):
    model = WorkProgramme
    form_class = WorkProgrammeForm
    noun = "work programme"
    success_message = "Your changes to {} were saved."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class ProgrammeHistoryView(RecordHistoryView):
    model = WorkProgramme


# --- tasks ----------------------------------------------------------------------------------


class TaskDetailView(PermissionMixin, BreadcrumbMixin, DetailView):
    model = Task
    view_permission = VIEW
    template_name = "workprogramme/task_detail.html"
    context_object_name = "task"

    def get_queryset(self):
        return Task.objects.select_related(
            "programme__partnership",
            "programme__matrix",
            "lead_organisation",
            "current_assessment__level",
            "current_assessment__overridden_by",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task = self.object
        assessments = list(
            task.assessments.select_related("level", "matrix", "overridden_by", "recorded_by")
        )
        current = task.current_assessment
        context.update(
            current=current,
            earlier=[a for a in assessments if current is None or a.pk != current.pk],
            links_out=list(task.links_out.select_related("to_task").order_by("to_task__number")),
            links_in=list(task.links_in.select_related("from_task").order_by("from_task__number")),
            can_change=self.request.user.has_perm(CHANGE, task),
            can_see_history=self.request.user.has_perm("workprogramme.view_history"),
        )
        return context

    def get_breadcrumbs(self):
        return [*trail(self.object)[:-1], (f"Task {self.object.number}", None)]


class TaskCreateView(ChildCreateView):
    model = Task
    form_class = TaskForm
    parent_model = WorkProgramme
    parent_field = "programme"
    noun = "task"
    success_message = "Task {} was added."
    submit_label = "Add task"

    def get_initial(self):
        return {**super().get_initial(), "number": next_task_number(self.parent)}


class TaskUpdateView(RecordUpdateView):
    model = Task
    form_class = TaskForm
    noun = "task"
    success_message = "Task {} was updated."

    def get_queryset(self):
        return Task.objects.select_related("programme__partnership")


class TaskHistoryView(RecordHistoryView):
    model = Task


class AssessmentCreateView(ChildCreateView):
    """Assess (or reassess) the risk of deferring a task; earlier assessments are kept."""

    model = TaskAssessment
    form_class = AssessmentForm
    parent_model = Task
    parent_field = "task"
    noun = "assessment"
    success_message = "The assessment was recorded: {}."
    submit_label = "Record assessment"
    template_name = "workprogramme/assessment_form.html"

    def get_parent_queryset(self):
        return Task.objects.select_related(
            "programme__partnership", "programme__matrix", "current_assessment__level"
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"].matrix = self.parent.programme.matrix
        return kwargs

    def get_initial(self):
        return {**super().get_initial(), "assessed_by": self.request.user.get_full_name()}

    def get_page_title(self):
        return f"Assess the risk of deferring task {self.parent.number}"

    def save(self, form):
        return task_assess(task=self.parent, by=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.parent.get_absolute_url()


class AssessmentHistoryView(RecordHistoryView):
    model = TaskAssessment


class OverrideView(PermissionMixin, RecordFormMixin, FormView):
    """Override the computed priority of an assessment, with a reason."""

    form_class = OverrideForm
    template_name = "workprogramme/override_form.html"
    success_message = "The priority was changed; the reason is in the history."
    submit_label = "Save override"
    model = TaskAssessment
    view_permission = VIEW
    permission_required = CHANGE
    accessed_as = "assessment"

    def get_access_queryset(self):
        return TaskAssessment.objects.select_related(
            "task__programme__partnership", "level", "matrix"
        )

    def get_initial(self):
        return {"override_priority": self.assessment.override_priority}

    def save(self, form):
        return assessment_override(
            assessment=self.assessment,
            priority=form.cleaned_data["override_priority"],
            reason=form.cleaned_data["override_reason"],
            by=self.request.user,
        )

    def get_success_url(self):
        return self.assessment.task.get_absolute_url()

    def get_page_title(self):
        return f"Override the priority of task {self.assessment.task.number}"

    def get_cancel_url(self):
        return self.assessment.task.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(assessment=self.assessment, **kwargs)

    def get_breadcrumbs(self):
        return [*trail(self.assessment.task), ("Override the priority", None)]


class TaskLinkCreateView(ChildCreateView):
    model = TaskLink
    form_class = TaskLinkForm
    parent_model = Task
    parent_field = "from_task"
    noun = "link"
    success_message = "The link was added."
    submit_label = "Add link"

    def get_parent_queryset(self):
        return Task.objects.select_related("programme__partnership")

    def get_page_title(self):
        return f"Link task {self.parent.number} to another task"

    def save(self, form):
        return task_link(from_task=self.parent, by=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.parent.get_absolute_url()


class TaskLinkDeleteView(PermissionMixin, View):
    """POST: remove a link, with the button on the task's page."""

    model = TaskLink
    view_permission = VIEW
    permission_required = CHANGE
    http_method_names = ["post"]

    def get_access_queryset(self):
        return TaskLink.objects.select_related("from_task__programme__partnership", "to_task")

    def post(self, request, **kwargs):
        task = self.object.from_task
        try:
            task_unlink(link_id=self.object.pk, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "The link was removed.")
        return redirect(task)
