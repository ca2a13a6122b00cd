"""Turn django-simple-history records into rows a person can read: who, when, what changed.

``history_rows(obj)`` reads one object's history. ``records_rows(records, ...)`` reads the
historical records of many objects of one model at once (a meeting's agenda items, say), each
compared with its own previous record and named in a "record" column; ``merge_rows`` puts the
rows of several such reads in one list, newest first. Each read costs one query, plus one per
foreign key whose labels it shows.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, groupby

from django.db import models
from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator


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
    # Which record changed, on a page that shows the changes of several ("" on one record's).
    record: str = ""


ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
UNTRACKED = {"id", "created_at", "updated_at"}

# How the labels of a foreign key's targets are found: {id: label} for the given ids.
Labeller = Callable[[set], Mapping]


def history_rows(obj) -> list[HistoryRow]:
    """Every change to ``obj``, newest first, in a fixed number of queries."""
    records = list(obj.history.select_related("history_user").order_by("history_date", "pk"))
    tracked = _tracked(obj._meta.model, records[0]) if records else []
    related = _related_labels(records, tracked)
    rows = _rows(records, tracked, related)
    rows.reverse()
    return rows


def records_rows(
    records,
    *,
    label: Callable | str = "",
    exclude: Iterable[str] = (),
    only: Iterable[str] | None = None,
    related: Mapping[str, Labeller] | None = None,
    labels: Mapping[str, str] | None = None,
    text_limit: int | None = None,
) -> list[HistoryRow]:
    """The changes recorded in ``records`` (a queryset of one model's historical records,
    of any number of its objects), newest first, each row naming its object in ``record``.

    - ``label``: the record column, a string or ``label(latest, show)`` given the object's
      latest historical record and ``show(field_name)``, that record's value as displayed;
    - ``exclude``: fields not shown (the meeting an item belongs to, on the meeting's page);
      ``only``: the only fields shown, and then a change to none of them is no row;
    - ``related``: for a foreign key, how its targets' labels are read instead of ``str()``
      on each (``labels_by(queryset, attribute)``), so that no label costs a query per row;
    - ``labels``: a field's label, where its verbose name says less (``published_at``);
    - ``text_limit``: long text (a report's HTML) shown as plain text, shortened.
    """
    records = list(records.select_related("history_user").order_by("id", "history_date", "pk"))
    if not records:
        return []
    model = records[0].instance_type
    excluded = set(exclude)
    tracked = [
        f
        for f in _tracked(model, records[0])
        if f.name not in excluded and (only is None or f.name in only)
    ]
    related_labels = _related_labels(records, tracked, related or {})
    rows = []
    for _, group in groupby(records, key=lambda r: r.id):
        group = list(group)
        latest = group[-1]
        name = label(latest, partial(_show, latest, related_labels)) if callable(label) else label
        for row in _rows(group, tracked, related_labels, labels or {}, text_limit):
            if only is not None and not row.changes:
                continue
            row.record = name
            rows.append(row)
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows


def merge_rows(*row_lists: list[HistoryRow]) -> list[HistoryRow]:
    """Several reads' rows in one list, newest first."""
    return sorted(chain.from_iterable(row_lists), key=lambda r: r.when, reverse=True)


def labels_by(queryset, attribute: str | Callable = str) -> Labeller:
    """A ``related`` labeller: the targets of ``queryset`` with the ids asked for, each
    labelled by ``attribute`` (an attribute name, or a function of the target)."""

    def read(ids):
        get = attribute if callable(attribute) else (lambda obj: getattr(obj, attribute))
        return {obj.pk: str(get(obj)) for obj in queryset.filter(pk__in=ids)}

    return read


def _show(record, related, name) -> str:
    return _display(record, record.instance_type._meta.get_field(name), related)


def _tracked(model, record) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in UNTRACKED and hasattr(record, f.attname)
    ]


def _rows(records, tracked, related, labels=None, text_limit=None) -> list[HistoryRow]:
    """One object's records, oldest first, as rows, oldest first."""
    labels = labels or {}
    rows = []
    previous = None
    for record in records:
        changes = []
        for f in tracked:
            new = _display(record, f, related, text_limit)
            old = _display(previous, f, related, text_limit) if previous is not None else ""
            label = labels.get(f.name) or str(f.verbose_name).capitalize()
            if previous is None:
                if new not in ("", "—") and record.history_type == "+":
                    changes.append(Change(label, "", new))
            elif getattr(previous, f.attname) != getattr(record, f.attname):
                changes.append(Change(label, old, new))
        who, reason = record.history_user, record.history_change_reason or ""
        rows.append(
            HistoryRow(
                when=record.history_date,
                # A change with no person behind it names the task that made it (e.g.
                # "Scheduled publication"), or the system.
                who=(who.get_full_name() if who else reason or "The system"),
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=reason if who else "",
                changes=changes,
            )
        )
        previous = record
    return rows


def _related_labels(records, tracked, related=None) -> dict:
    """One query per foreign key: {(field name, id): label}."""
    labels = {}
    for f in tracked:
        if not isinstance(f, models.ForeignKey):
            continue
        ids = {getattr(r, f.attname) for r in records} - {None}
        if not ids:
            continue
        if related and f.name in related:
            found = related[f.name](ids)
        else:
            found = {t.pk: str(t) for t in f.related_model._base_manager.filter(pk__in=ids)}
        for pk, label in found.items():
            labels[(f.name, pk)] = label
    return labels


def _display(record, f, related, text_limit=None) -> str:
    value = getattr(record, f.attname)
    if value is None or value == "" or value == [] or value == {}:
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
    if text_limit and isinstance(f, models.TextField):
        return Truncator(" ".join(strip_tags(value).split())).chars(text_limit) or "—"
    return str(value)
