"""Keeping the index in step with the records: saves and deletes are noted as they happen and
written once the transaction commits (a record saved ten times in a transaction is indexed
once, and a rolled-back save is never indexed); ``rebuild`` writes it all afresh."""

import logging
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from .documents import BY_MODEL, DOCUMENTS, Document
from .models import SearchEntry

logger = logging.getLogger(__name__)

CHUNK = 500


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _vector():
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("body", weight="B", config="english")
        + SearchVector("extra", weight="C", config="english")
    )


def update_vectors(entries) -> None:
    """Work out the stored search vector of ``entries`` (PostgreSQL only)."""
    if is_postgres():
        entries.update(search_vector=_vector())


def entry_for(document: Document, obj, content_type: ContentType) -> SearchEntry:
    return SearchEntry(
        content_type=content_type,
        object_id=obj.pk,
        kind=document.kind,
        title=(document.title(obj) or "")[:500],
        body=document.body(obj) or "",
        extra=document.extra(obj) or "",
        date=document.date(obj),
        url=(document.url(obj) or "")[:500],
    )


def index_records(model, pks) -> None:
    """Write (or remove) the entries of ``model``'s rows ``pks`` as they are now."""
    document = BY_MODEL[model]
    pks = sorted(set(pks))
    content_type = ContentType.objects.get_for_model(model)
    with transaction.atomic():
        objects = list(document.queryset().filter(pk__in=pks))
        SearchEntry.objects.filter(content_type=content_type, object_id__in=pks).delete()
        SearchEntry.objects.bulk_create(entry_for(document, o, content_type) for o in objects)
        update_vectors(SearchEntry.objects.filter(content_type=content_type, object_id__in=pks))


def rebuild(*, stdout=None) -> int:
    """The whole index anew, kind by kind, in chunks; the number of entries written."""
    total = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for document in DOCUMENTS:
            content_type = ContentType.objects.get_for_model(document.model)
            written = 0
            last = 0
            while True:
                chunk = list(document.queryset().filter(pk__gt=last)[:CHUNK])
                if not chunk:
                    break
                SearchEntry.objects.bulk_create(entry_for(document, o, content_type) for o in chunk)
                last = chunk[-1].pk
                written += len(chunk)
            update_vectors(SearchEntry.objects.filter(content_type=content_type))
            if stdout is not None:
                stdout.write(f"{document.label}: {written}")
            total += written
    return total


# --- signals -----------------------------------------------------------------------------

_PENDING = "search_pending"


def _pending() -> dict:
    """The records to reindex when this connection's transaction commits: one set per
    transaction, dropped with it if it rolls back."""
    held = getattr(connection, _PENDING, None)
    if held is not None and any(func is held[1] for _, func, _ in connection.run_on_commit):
        return held[0]
    pending = defaultdict(set)

    def flush():
        setattr(connection, _PENDING, None)
        for model, pks in pending.items():
            index_records(model, pks)

    setattr(connection, _PENDING, (pending, flush))
    # Robust: the record is saved whatever happens to its index entry (the rebuild mends it).
    transaction.on_commit(flush, robust=True)
    return pending


def _note(model, pks) -> None:
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return
    if not connection.in_atomic_block:
        try:
            index_records(model, pks)
        except Exception:  # the record is saved; the rebuild mends its entry
            logger.exception("Could not index %s %s", model._meta.label, pks)
    else:
        _pending()[model].update(pks)


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures: the rebuild indexes them
        return
    if sender in BY_MODEL:
        _note(sender, [instance.pk])
    for document in DOCUMENTS:
        ours = document.depends_on.get(sender)
        if ours is not None:
            _note(document.model, ours(instance))


def _on_delete(sender, instance, **kwargs):
    if sender in BY_MODEL:
        _note(sender, [instance.pk])  # gone by the time it is indexed: its entry goes too
    for document in DOCUMENTS:
        ours = document.depends_on.get(sender)
        if ours is not None:
            _note(document.model, ours(instance))


def watched_models() -> set:
    models = set(BY_MODEL)
    for document in DOCUMENTS:
        models.update(document.depends_on)
    return models


def connect_signals() -> None:
    for model in watched_models():
        uid = f"search-{model._meta.label_lower}"
        post_save.connect(_on_save, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=uid + "-delete")
