"""Filters over large tables (organisations, partnerships, funds): a box to type in, not a
drop-down of 20,000 names.

``LookupFilter`` is a filter whose field is a plain search box. Without JavaScript the visitor
types part of a name and the list shows the rows whose organisation (say) has it in its name;
``static/js/lookup.js`` turns the box into a search-as-you-type picker (Tom Select) that asks
``/lookups/<filterset>/<filter>/?q=`` for the first few matches and submits the chosen one's id.
The endpoint builds the same filter set for the same user, so it offers exactly what the
filter's own choices are for them, never more.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse

LIMIT = 20

# Every filter set with a lookup filter, by "app_label.ClassName" (filled by PortalFilterSet).
FILTERSETS: dict[str, type] = {}


class LookupWidget(forms.TextInput):
    input_type = "search"

    def __init__(self, url_name: str = "", attrs=None):
        super().__init__(attrs)
        self.url_name = url_name

    def format_value(self, value):
        """A chosen record shows its name; typed text shows as typed."""
        if hasattr(value, "pk"):
            return str(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]["attrs"]
        widget["data-lookup-url"] = self.url_name
        widget["autocomplete"] = "off"
        if hasattr(value, "pk"):
            widget["data-lookup-id"] = str(value.pk)
        return context


class LookupField(forms.CharField):
    """An id (the picker's choice) becomes the record, if it is one of ``queryset``; anything
    else is text to look for in the records' names."""

    def __init__(self, *, queryset, search_fields, **kwargs):
        self.queryset = queryset
        self.search_fields = search_fields
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    @staticmethod
    def _id(value) -> int | None:
        text = str(value).strip()
        return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None

    def prepare_value(self, value):
        """The box shows a chosen record by its name (one query, for the one record)."""
        if isinstance(value, str) and (pk := self._id(value)) is not None:
            return self.queryset.filter(pk=pk).first() or value
        return value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if (pk := self._id(value)) is not None:
            record = self.queryset.filter(pk=pk).first()
            if record is None:
                raise ValidationError(
                    "That is not one of the choices: type part of its name instead.",
                    code="invalid_choice",
                )
            return record
        return value


class LookupFilter(django_filters.Filter):
    """``LookupFilter(queryset=Organisation.objects.filter(...), search_fields=["name"])``: the
    list filtered to one record chosen in the picker, or to the rows whose record's name has
    the typed text in it."""

    field_class = LookupField

    def __init__(self, *, queryset, search_fields=("name",), **kwargs):
        self.queryset = queryset
        self.search_fields = tuple(search_fields)
        kwargs.setdefault("help_text", "Type part of the name")
        super().__init__(**kwargs)

    def get_queryset(self, _request):
        return self.queryset

    @property
    def field(self):
        if not hasattr(self, "_field"):
            parent = getattr(self, "parent", None)  # None on the class's own filter
            url = ""
            if parent is not None and self.field_name:
                url = reverse("lookup", args=[lookup_key(type(parent)), self.field_name])
            self._field = LookupField(
                queryset=self.get_queryset(getattr(parent, "request", None)),
                search_fields=self.search_fields,
                label=self.label,
                required=False,
                help_text=self.extra.get("help_text", ""),
                widget=LookupWidget(url),
            )
        return self._field

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        if hasattr(value, "pk"):
            return qs.filter(**{self.field_name: value})
        return qs.filter(self.name_matches(value)).distinct()

    def name_matches(self, text: str) -> Q:
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{self.field_name}__{field}__icontains": text.strip()})
        return condition

    def matches(self, text: str):
        """The first few of this filter's choices with ``text`` in their names."""
        rows = self.field.queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": text})
        return rows.filter(condition).order_by(*self.search_fields, "pk")[:LIMIT]


def lookup_key(filterset_class) -> str:
    return f"{filterset_class.__module__.split('.')[0]}.{filterset_class.__name__}"


def register(filterset_class) -> None:
    """Called as each filter set class is made (before django-filter gathers its filters, so
    this reads the ones it declares)."""
    declared = getattr(filterset_class, "declared_filters", {})
    if any(isinstance(f, LookupFilter) for f in declared.values()):
        FILTERSETS[lookup_key(filterset_class)] = filterset_class
