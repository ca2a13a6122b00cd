"""Turn django-simple-history records into rows a person can read: who, when, what changed."""

from dataclasses import dataclass, field

from django.db import models
from django.utils import formats, timezone


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    when: object
    who: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def history_rows(obj) -> list[HistoryRow]:
    """Every change to ``obj``, newest first, in a fixed number of queries."""
    records = list(obj.history.select_related("history_user").order_by("history_date", "pk"))
    model = obj._meta.model
    tracked = (
        [
            f
            for f in model._meta.concrete_fields
            if f.name not in {"id", "created_at", "updated_at"} and hasattr(records[0], f.attname)
        ]
        if records
        else []
    )
    related = _related_labels(records, tracked)
    rows = []
    previous = None
    for record in records:
        changes = []
        for f in tracked:
            new = _display(record, f, related)
            old = _display(previous, f, related) if previous is not None else ""
            if previous is None:
                if new not in ("", "—") and record.history_type == "+":
                    changes.append(Change(str(f.verbose_name).capitalize(), "", new))
            elif getattr(previous, f.attname) != getattr(record, f.attname):
                changes.append(Change(str(f.verbose_name).capitalize(), old, new))
        who = record.history_user
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=(who.get_full_name() if who else "The system"),
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    rows.reverse()
    return rows


def _related_labels(records, tracked) -> dict:
    """One query per foreign key: {(field name, id): label}."""
    labels = {}
    for f in tracked:
        if not isinstance(f, models.ForeignKey):
            continue
        ids = {getattr(r, f.attname) for r in records} - {None}
        if ids:
            for target in f.related_model._base_manager.filter(pk__in=ids):
                labels[(f.name, target.pk)] = str(target)
    return labels


def _display(record, f, related) -> str:
    value = getattr(record, f.attname)
    if value is None or value == "":
        return "—"
    if isinstance(f, models.ForeignKey):
        return related.get((f.name, value), f"#{value} (deleted)")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(f, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(f, models.DateField):
        return formats.date_format(value, "j F Y")
    if isinstance(f, models.DecimalField) and f.decimal_places == 2:
        return f"{value:,.2f}"
    return str(value)
