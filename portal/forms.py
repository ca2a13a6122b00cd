"""The base of every form and filter in the portal: what people type is refused with a message
on its field, never a 500, when the database could not store it or a date is out of range.

Forms derive from ``PortalForm`` or ``PortalModelForm``, filters from ``PortalFilterSet``;
tests/portal/test_forms_fuzz.py checks that every one does.
"""

import json

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.utils import pretty_name
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from .validators import (
    EARLIEST_DATE,
    LATEST_DATE,
    UNSTORABLE_MESSAGE,
    has_unstorable,
    validate_date_range,
    validate_storable,
    without_unstorable,
)

# The largest number a 64-bit column holds: SQLite cannot compare a bigger one (a 500).
LARGEST_NUMBER = 2**63 - 1
_NUMBER_RANGE = [MinValueValidator(-LARGEST_NUMBER), MaxValueValidator(LARGEST_NUMBER)]


def _harden(field: forms.Field) -> None:
    """Give a field the shared checks (once): storable text; for dates, the range; for
    numbers (integers, decimals and floats), what a database column can hold."""
    if validate_storable not in field.validators:
        field.validators.append(validate_storable)
    if isinstance(field, forms.IntegerField) and _NUMBER_RANGE[0] not in field.validators:
        field.validators.extend(_NUMBER_RANGE)
    if isinstance(field, forms.DateField | forms.DateTimeField):
        if validate_date_range not in field.validators:
            field.validators.append(validate_date_range)
        kind = getattr(field.widget, "input_type", "")
        if kind == "date":
            field.widget.attrs.setdefault("min", EARLIEST_DATE.isoformat())
            field.widget.attrs.setdefault("max", LATEST_DATE.isoformat())
        elif kind == "datetime-local":
            field.widget.attrs.setdefault("min", f"{EARLIEST_DATE.isoformat()}T00:00")
            field.widget.attrs.setdefault("max", f"{LATEST_DATE.isoformat()}T23:59")


class PortalFormMixin:
    """Refuses, on the field and before the field or the model sees it, what would otherwise
    reach the database as a 500: characters it cannot store (a lookup with a NUL in it fails
    on PostgreSQL), in any field whatever its type, and record ids no column can hold (SQLite
    cannot compare a 30-digit number). The value shown back has them taken out. Dates must
    fall in 1900–2200."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _harden(field)

    def full_clean(self):
        refused = {}
        if self.is_bound:
            for field in self.fields.values():  # including fields added after __init__
                _harden(field)
            refused = self._set_aside_unusable()
        super().full_clean()
        for name, message in refused.items():
            if name in self.fields:
                self._errors.pop(name, None)
                self.add_error(name, forms.ValidationError(message, code="unusable"))

    def _set_aside_unusable(self) -> dict[str, str]:
        """Take what cannot be used out of the submitted data and uploads; return a message
        for each field it was in. By the submitted names, not the widgets' reading of them: a
        select reads a value it does not know as "nothing chosen", which would let it by."""
        data = {k: list(vs) for k, vs in _lists(self.data)}
        refused = {}
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            keys = [key, *(key + suffix for suffix in getattr(field.widget, "widgets_names", ()))]
            for k in keys:
                if any(has_unstorable(v) for v in data.get(k, ())):
                    refused[name] = UNSTORABLE_MESSAGE
                elif _integer_keyed(field) and not all(map(_holdable_id, data.get(k, ()))):
                    data[k] = [v for v in data[k] if _holdable_id(v)]
                    refused[name] = NO_SUCH_CHOICE
        if refused or any(has_unstorable(k) for k in data):
            self.data = _like(
                self.data,
                {
                    without_unstorable(k): [
                        without_unstorable(v) if isinstance(v, str) else v for v in vs
                    ]
                    for k, vs in data.items()
                },
            )
        files = dict(_lists(self.files or {}))
        if any(has_unstorable(f) for fs in files.values() for f in fs):
            for name in self.fields:
                if any(has_unstorable(f) for f in files.get(self.add_prefix(name), ())):
                    refused[name] = UNSTORABLE_MESSAGE
            self.files = MultiValueDict(
                {k: [f for f in fs if not has_unstorable(f)] for k, fs in files.items()}
            )
        return refused


NO_SUCH_CHOICE = "Select a valid choice: that is not one of the choices."


def _integer_keyed(field: forms.Field) -> bool:
    if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
        return False
    opts = field.queryset.model._meta
    key = opts.get_field(field.to_field_name) if field.to_field_name else opts.pk
    return isinstance(key, models.IntegerField)


def _holdable_id(value) -> bool:
    """Not a number too long for any integer column (64 bits hold 18 digits)."""
    text = str(value).strip().lstrip("+-")
    return not (text.isdigit() and len(text) > 18)


def _lists(data):
    """(key, [values]) for a QueryDict, MultiValueDict or plain dict of submitted data."""
    if hasattr(data, "lists"):
        return list(data.lists())
    return [(k, list(v) if isinstance(v, list | tuple) else [v]) for k, v in data.items()]


def _like(original, lists: dict):
    """Submitted data of the same kind as ``original`` (QueryDict, MultiValueDict or dict)."""
    if isinstance(original, QueryDict):
        query = QueryDict(mutable=True, encoding=original.encoding)
        for key, values in lists.items():
            query.setlist(key, values)
        query._mutable = False
        return query
    if isinstance(original, MultiValueDict):
        return MultiValueDict(lists)
    return {
        k: vs if isinstance(original.get(k), list | tuple) or len(vs) != 1 else vs[0]
        for k, vs in lists.items()
    }


# Guided forms: requirements that depend on another field, and long lists of choices.

FILLED = object()
"""In ``required_when``: the other field's condition is that it has any value at all."""


class RequiredWhenMixin:
    """A form says which fields become required once another field has a value::

        required_when = {
            "accountable_body_risks": ("accountable_body", council_pk),  # or a callable(form)
            "outcome": ("closed_on", FILLED),
            "status_reason": ("status", Task.Status.IN_HAND_ELSEWHERE, "Say where it is."),
        }

    The value may be one value, a list of them (any of them), ``FILLED``, or a callable taking
    the form and giving one of those; a condition that resolves to ``None`` does not apply.
    The field's help text says when it is required (so the page says it without JavaScript),
    its widget carries the condition for static/js/guided-forms.js (which marks the field
    required as the condition becomes true), and a submission meeting the condition with the
    field empty gets an error on the field, unless the field or the model said so already."""

    required_when: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conditions = {}
        for name, (other, value, *message) in self.required_when.items():
            if name not in self.fields or other not in self.fields:
                continue
            value = value(self) if callable(value) else value
            if value is None:
                continue
            values = value if isinstance(value, list | tuple | set | frozenset) else [value]
            # Records given as the value name themselves: no query for their labels.
            known = {_choice_key(v): str(v) for v in values if isinstance(v, models.Model)}
            values = [FILLED] if value is FILLED else [_choice_key(v) for v in values]
            self.conditions[name] = (other, values, message[0] if message else "", known)
            field = self.fields[name]
            field.required = False
            sentence = f"Required when {self._condition_text(other, values, known)}."
            field.help_text = f"{field.help_text} {sentence}" if field.help_text else sentence
            field.widget.attrs["data-required-when"] = self.add_prefix(other)
            field.widget.attrs["data-required-values"] = json.dumps(
                ["*"] if values == [FILLED] else values
            )

    def _condition_text(self, other: str, values: list, known: dict) -> str:
        field = self.fields[other]
        label = f"\u201c{field.label or pretty_name(other)}\u201d"
        if values == [FILLED]:
            return f"{label} is given"
        if isinstance(field, forms.BooleanField):
            return f"{label} is ticked" if "true" in values else f"{label} is not ticked"
        if set(values) <= set(known):
            chosen = known
        elif isinstance(field, forms.ModelChoiceField):
            chosen = {str(k): str(o) for k, o in _model_labels(field, values)}
        else:
            chosen = {str(k): str(text) for k, text in _flat_choices(field) if str(k) in values}
        names = [chosen.get(v, v) for v in values]
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        return f"{label} is {listed}"

    def _post_clean(self):
        super()._post_clean()
        for name, (other, values, message, known) in self.conditions.items():
            if name in self.errors or other in self.errors:
                continue
            if not self._condition_holds(other, values):
                continue
            if self.cleaned_data.get(name) in self.fields[name].empty_values or (
                isinstance(self.cleaned_data.get(name), str) and not self.cleaned_data[name].strip()
            ):
                text = message or (
                    f"This is required when {self._condition_text(other, values, known)}."
                )
                self.add_error(name, forms.ValidationError(text, code="required_when"))

    def _condition_holds(self, other: str, values: list) -> bool:
        """Whether ``other``'s value, as cleaned, is one of ``values``."""
        value = self.cleaned_data.get(other)
        if values == [FILLED]:
            return value not in self.fields[other].empty_values
        given = value if isinstance(value, list | tuple | models.QuerySet) else [value]
        return any(_choice_key(v) in values for v in given)


def _choice_key(value) -> str:
    """A value as the page submits it: a record by its id, a boolean as true/false, nothing
    chosen as ""."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _flat_choices(field):
    for key, text in getattr(field, "choices", ()):
        if isinstance(text, list | tuple):
            yield from text
        else:
            yield key, text


def _model_labels(field, values):
    ids = [v for v in values if v]
    found = [(obj.pk, field.label_from_instance(obj)) for obj in field.queryset.filter(pk__in=ids)]
    if "" in values:
        found.append(("", field.empty_label or "nothing"))
    return found


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """A list of checkboxes (a plain list without JavaScript) that static/js/guided-forms.js
    gives a box to narrow it as one types, once it is long."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-choice-filter": "", **(attrs or {})}, choices)


class PortalForm(PortalFormMixin, RequiredWhenMixin, forms.Form):
    pass


class PortalModelForm(PortalFormMixin, RequiredWhenMixin, forms.ModelForm):
    pass


class PortalFilterSet(django_filters.FilterSet):
    """A list's filters, with the same checks as every form: a filter value that could not be
    stored (an export keeps the filters in JSON) or looked up gets a message on its field."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        from .lookups import register  # a list with a lookup filter answers its picker

        register(cls)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A filter caches its form field; this instance's filters are copies of the class's,
        # so a field built on the class (by anything that read it) would carry its choices
        # into every instance, past the narrowing a subclass does for its user. Build anew.
        for filter_ in self.filters.values():
            filter_.__dict__.pop("_field", None)

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (PortalFormMixin, form_class), {})
