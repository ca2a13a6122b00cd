"""Writes every app shares: save one validated object, recording who changed it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def validated_save(instance, *, by, m2m: dict | None = None):
    """Validate ``instance`` (fields, ``clean()``, constraints), save it with ``by`` as the
    author of its history record, and set its many-to-many fields, all in one transaction.

    Raises ``ValidationError`` with readable messages; nothing is saved then.
    """
    instance.full_clean()
    instance._history_user = by
    try:
        with transaction.atomic():
            instance.save()
            for field, values in (m2m or {}).items():
                getattr(instance, field).set(values)
    except IntegrityError as exc:
        # Another request saved a clashing record between our check and our write.
        raise ValidationError(
            f"This {instance._meta.verbose_name} clashes with one saved a moment ago "
            "(the same name, number or role). Reload the page and check before trying again."
        ) from exc
    return instance


def record_update(model, pks, *, by=None, reason: str = "") -> None:
    """Write the history of rows changed by a queryset ``update()``, which sends no save
    signals: one record each, by ``by``, or, for a change no person made, with ``reason``
    naming the task that made it (e.g. "Scheduled publication")."""
    rows = list(model._base_manager.filter(pk__in=list(pks)))
    model.history.bulk_history_create(
        rows, update=True, default_user=by, default_change_reason=reason
    )


def attribute(instance, *, by=None, reason: str = ""):
    """Name who (or which task) makes the next ``save()`` of ``instance`` in its history."""
    if by is not None:
        instance._history_user = by
    if reason:
        instance._change_reason = reason
    return instance
