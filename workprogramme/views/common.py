"""What the work programme pages share: the rules, the trail and the record-form plumbing."""

from django.urls import reverse
from django.views.generic import CreateView, UpdateView

from portal.views import HistoryView, ParentMixin, PermissionMixin, RecordFormMixin

VIEW = "workprogramme.view_programme"
CHANGE = "workprogramme.change_programme"
HISTORY = "workprogramme.view_history"


def programmes_crumb():
    return ("Work programmes", reverse("workprogramme:programme_list"))


def risk_logs_crumb():
    return ("Risk logs", reverse("workprogramme:risklog_list"))


def trail(obj) -> list[tuple[str, str]]:
    """The breadcrumbs down to ``obj`` (a programme, task, risk log, risk or action)."""
    from ..models import Risk, RiskAction, RiskLog, Task, TaskAssessment, WorkProgramme

    if isinstance(obj, WorkProgramme):
        return [programmes_crumb(), (obj.title, obj.get_absolute_url())]
    if isinstance(obj, Task):
        return [*trail(obj.programme), (f"Task {obj.number}", obj.get_absolute_url())]
    if isinstance(obj, TaskAssessment):
        return trail(obj.task)
    if isinstance(obj, RiskLog):
        return [risk_logs_crumb(), (obj.name, obj.get_absolute_url())]
    if isinstance(obj, Risk):
        return [*trail(obj.log), (obj.reference, obj.get_absolute_url())]
    if isinstance(obj, RiskAction):
        return trail(obj.risk)
    return []


class RecordMixin(RecordFormMixin):
    noun = "record"

    def get_page_title(self):
        if getattr(self, "object", None) is not None and self.object.pk:
            return f"Edit {self.noun}: {self.object}"
        parent = getattr(self, "parent", None)
        article = "an" if self.noun[:1].lower() in "aeiou" else "a"
        return f"Add {article} {self.noun} to {parent}" if parent else f"Add {article} {self.noun}"

    def get_cancel_url(self):
        parent = getattr(self, "parent", None)
        if getattr(self, "object", None) is not None and self.object.pk:
            return self.object.get_absolute_url()
        return parent.get_absolute_url() if parent else reverse("workprogramme:programme_list")

    def get_breadcrumbs(self):
        where = getattr(self, "object", None) or getattr(self, "parent", None)
        base = trail(where) if where is not None and where.pk else []
        return [*base, (self.get_page_title(), None)]


class ChildCreateView(PermissionMixin, ParentMixin, RecordMixin, CreateView):
    """Add a record under a parent whose partnership's rules apply."""

    parent_view_permission = VIEW
    parent_permission = CHANGE


class RecordUpdateView(PermissionMixin, RecordMixin, UpdateView):
    view_permission = VIEW
    permission_required = CHANGE

    def get_page_title(self):
        return f"Edit {self.noun}: {self.saved_label}"


class RecordHistoryView(HistoryView):
    view_permission = VIEW
    permission_required = HISTORY

    def get_breadcrumbs(self):
        from ..models import RiskAction, TaskAssessment

        # An assessment or an action has no page of its own: its trail ends at its task or
        # risk, which stays in the breadcrumbs.
        own_page = not isinstance(self.object, (TaskAssessment, RiskAction))
        base = trail(self.object)
        return [*(base[:-1] if own_page else base), *super().get_breadcrumbs()]
