"""What the compact app's pages share: crumbs, and create/edit pages under a parent record."""

from django.urls import reverse

from portal.views import ParentMixin, PermissionMixin, RecordFormMixin

VIEW = "compact.view_compact"
CHANGE = "compact.change_compact"
COMPLIANCE = "compact.view_compliance"


def compacts_crumb():
    return ("Compact", reverse("compact:compact_list"))


def handbook_crumb():
    return ("Agreement and Protocols", reverse("compact:handbook"))


class ChildRecordMixin(RecordFormMixin):
    """Create or edit a record that belongs to a parent (a code under a Compact, say)."""

    noun = "record"
    parent_crumbs: list = []

    def get_page_title(self):
        if getattr(self, "object", None) and self.object.pk:
            return f"Edit {self.noun}"
        return f"Add {'an' if self.noun[0] in 'aeiou' else 'a'} {self.noun}"

    def get_cancel_url(self):
        return self.parent.get_absolute_url()

    def get_breadcrumbs(self):
        return [*self.crumbs_for(self.parent), (self.get_page_title(), None)]

    def crumbs_for(self, parent):
        return [compacts_crumb(), (str(parent), parent.get_absolute_url())]

    def get_success_url(self):
        return self.object.get_absolute_url()


class ChildCreateView(PermissionMixin, ParentMixin, ChildRecordMixin):
    parent_view_permission = VIEW
    parent_permission = CHANGE


class ChildUpdateView(PermissionMixin, ChildRecordMixin):
    view_permission = VIEW
    permission_required = CHANGE
    parent_field = ""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.parent = getattr(obj, self.parent_field)
        return obj
