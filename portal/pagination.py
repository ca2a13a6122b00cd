"""Pages of long lists that cost the same on page 1 and page 400.

A list's rows carry figures worked out per row (a partnership's flags, an award's paid total).
With ``LIMIT 25 OFFSET 10000`` the database works them out for the 10,000 rows it skips as
well. ``IdsFirstPaginator`` asks for the page's ids alone first (the order and the offset over
bare rows), then for those 25 rows with their figures, and keeps the order.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet


class IdsFirstPaginator(Paginator):
    def page(self, number):
        rows = self.object_list
        if not isinstance(rows, QuerySet) or rows.query.distinct or rows.query.combinator:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        found = {row.pk: row for row in rows.filter(pk__in=ids).order_by()}
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)
