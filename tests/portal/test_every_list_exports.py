"""Every list page in the portal offers its rows as CSV through the export jobs.

A list page is a view over many rows: a ``FilteredListMixin`` page or a ``ListView``. It is
covered when an export view (``CsvExportView``) is routed for it: one that names the list
(``list_url_name``), or, for a list inside an object's page (a programme's tasks, a log's
risks), one whose export takes the same filters (the list's ``filterset_class``).
"""

import pytest
from django.urls import get_resolver
from django.views.generic.list import MultipleObjectMixin

from portal.access import is_outside_the_portal, walk
from portal.exports import EXPORTS, CsvExportView
from portal.views import FilteredListMixin

# Lists that are not the portal's records to take away, with the reason.
NOT_EXPORTED: dict[str, str] = {}


def _view_class(pattern):
    callback = pattern.callback
    return getattr(callback, "view_class", None) or getattr(
        getattr(callback, "__wrapped__", None), "view_class", None
    )


def _routed():
    for name, pattern in walk(get_resolver().url_patterns):
        if is_outside_the_portal(name, pattern):
            continue
        view = _view_class(pattern)
        if view is not None:
            yield name, view


def list_pages() -> dict[str, type]:
    return {
        name: view
        for name, view in _routed()
        if issubclass(view, FilteredListMixin | MultipleObjectMixin)
        # The public site's pages, search results and the JSON API are not lists of records
        # to take away as a spreadsheet.
        and not name.startswith(("public:", "search:", "api:"))
    }


def export_views() -> dict[str, type]:
    return {name: view for name, view in _routed() if issubclass(view, CsvExportView)}


def test_every_export_view_names_a_registered_export():
    for name, view in export_views().items():
        assert view.export_name in EXPORTS, f"{name} names no registered export"
        assert view.declared_rule(), f"{name} declares no rule"


@pytest.mark.parametrize("name", sorted(list_pages()))
def test_every_list_page_has_a_csv_export(name):
    if name in NOT_EXPORTED:
        pytest.skip(NOT_EXPORTED[name])
    view = list_pages()[name]
    exports = export_views().values()
    by_list = {v.list_url_name for v in exports}
    by_filters = {EXPORTS[v.export_name].filterset_class for v in exports}
    filterset = getattr(view, "filterset_class", None)
    assert name in by_list or (filterset is not None and filterset in by_filters), (
        f"The list {name} ({view.__name__}) has no CSV export: register a CsvExport and "
        "route a CsvExportView at it (portal.exports)."
    )


def test_the_walk_finds_the_lists():
    """The test above is not vacuous: it sees the lists the portal is known to have."""
    names = set(list_pages())
    assert {
        "partnerships:partnership_list",
        "partnerships:meeting_list",
        "partnerships:strategy_list",
        "compact:consultation_list",
        "grants:round_list",
        "workprogramme:programme_detail",
    } <= names
