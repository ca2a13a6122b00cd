"""The search index in the admin: read-only, for checking what a record was indexed as. Rows
are written by the index itself (``search.indexing``) and rebuilt by ``search_rebuild``."""

from django.contrib import admin

from .models import SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "date", "indexed_at")
    list_filter = ("kind", "date")
    search_fields = ("title", "body", "extra")
    list_select_related = ("content_type",)
    readonly_fields = (
        "content_type",
        "object_id",
        "kind",
        "title",
        "body",
        "extra",
        "date",
        "url",
        "indexed_at",
    )
    exclude = ("search_vector",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The change page opens to read the row; nothing on it can be saved.
        return request.method in ("GET", "HEAD")
