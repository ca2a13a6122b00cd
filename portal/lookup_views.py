"""The picker's matches for a lookup filter (see ``portal.lookups``)."""

from django.http import Http404, JsonResponse
from django.views import View

from .access import SIGNED_IN
from .lookups import FILTERSETS, LookupFilter
from .views import PermissionMixin


class LookupView(PermissionMixin, View):
    """The first matches for the picker, as JSON: ``{"results": [{"id": 3, "label": "…"}]}``.
    Signed-in users only; a filter offers the choices its list offers this user, no more."""

    access_rule = SIGNED_IN

    def get(self, request, filterset, field):
        filterset_class = FILTERSETS.get(filterset)
        if filterset_class is None:
            raise Http404("No such list.")
        filters = filterset_class(
            data={}, queryset=filterset_class._meta.model.objects.none(), request=request
        )
        lookup = filters.filters.get(field)
        if not isinstance(lookup, LookupFilter):
            raise Http404("No such filter.")
        text = request.GET.get("q", "").strip()[:100]
        rows = lookup.matches(text) if text else []
        return JsonResponse({"results": [{"id": row.pk, "label": str(row)} for row in rows]})
