"""The API's one permission class: each view names the page rule that opens its list
(``list_rule``: the list page's own ``permission_required``; None: open to everyone, the
queryset deciding what each sees); ``api.views.ReadView`` asks the rule for one object
(``object_rule``, the detail page's ``view_permission``). As on the pages: an object the
person may not see is 404, a list they may not open 403, and signed out 401. Only GET is
served: the views take no other method (405)."""

from rest_framework.permissions import BasePermission


class PageRule(BasePermission):
    def has_permission(self, request, view):
        rule = getattr(view, "list_rule", None)
        if rule is None:
            return True
        if not request.user.is_authenticated:
            return False  # DRF answers 401: no credentials were given
        if getattr(view, "names_one_record", False):
            return True  # its own rule decides, 404 as on its page (ReadDetail.get_object)
        return request.user.has_perm(rule)
