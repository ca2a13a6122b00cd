from django.conf import settings
from django.views.generic import TemplateView

from portal.access import SIGNED_IN
from portal.pagination import IdsFirstPaginator
from portal.views import BreadcrumbMixin, PermissionMixin

from .documents import DOCUMENTS
from .forms import SearchForm
from .query import label_of, search, snippet_of, with_snippets


class SearchView(PermissionMixin, BreadcrumbMixin, TemplateView):
    """One search box across the portal: what the user may open that matches, grouped by kind
    with a count for each, filtered by kind and date, a page at a time."""

    access_rule = SIGNED_IN  # each kind's rows are narrowed to the user's (search.documents)
    template_name = "search/results.html"
    paginate_by = settings.PORTAL_PAGE_SIZE

    def get_breadcrumbs(self):
        return [("Search", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        context["form"] = form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        if not form.is_bound or not form.is_valid() or not form.cleaned_data["q"]:
            context["searched"] = False
            return context
        data = form.cleaned_data
        text = data["q"]
        results = search(
            self.request.user,
            text,
            kind=data["kind"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        paginator = IdsFirstPaginator(with_snippets(results.entries, text), self.paginate_by)
        paginator.count = results.total  # known from the counts by kind: no second count
        page = paginator.get_page(self.request.GET.get("page"))
        rows = list(page.object_list)
        for row in rows:
            row.snippet = snippet_of(row, text)
        context.update(
            searched=True,
            text=text,
            kind=data["kind"],
            kind_label=label_of(data["kind"]) if data["kind"] else "",
            counts=[
                {"kind": k, "label": label, "count": n, "query": self._with_kind(k)}
                for k, label, n in results.counts
            ],
            everything_query=self._with_kind(""),
            total=results.total,
            all_total=sum(n for _, _, n in results.counts),
            page_obj=page,
            groups=self._grouped(rows),
        )
        return context

    def _with_kind(self, kind: str) -> str:
        query = self.request.GET.copy()
        query.pop("page", None)
        query["kind"] = kind
        if not kind:
            query.pop("kind")
        return query.urlencode()

    @staticmethod
    def _grouped(rows):
        """The page's results by kind, in the registry's order, best first within each."""
        order = {d.kind: i for i, d in enumerate(DOCUMENTS)}
        groups = {}
        for row in sorted(rows, key=lambda r: order.get(r.kind, len(order))):
            groups.setdefault(row.kind, []).append(row)
        return [{"kind": k, "label": label_of(k), "rows": v} for k, v in groups.items()]
