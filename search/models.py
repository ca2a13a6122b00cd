"""The search index: one row per record that can be found, whatever its app.

The rows hold what the record says (title and text), never who may read it: who may read a
record is asked of its app's rules at query time (``search.documents``), so a change of
membership or of an item's exemption takes effect at once.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=30)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True, help_text="The record's main text (weighted B).")
    extra = models.TextField(blank=True, help_text="Its lesser text (weighted C).")
    date = models.DateField(null=True, blank=True)
    url = models.CharField(max_length=500)
    # Kept by an UPDATE after each write on PostgreSQL (search.indexing); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "search entry"
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_search_entry_per_record"
            )
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="search_entry_vector_gin"),
            models.Index(fields=["kind", "object_id"], name="search_entry_kind_object"),
        ]

    def __str__(self):
        return self.title
