"""Writes to the partnerships app: each runs in one transaction and validates what it saves."""

from django.db import connection, transaction

from portal.services import validated_save

from .models import Organisation, Partnership

ORGANISATION_FIELDS = (
    "name",
    "sector",
    "kind",
    "charity_number",
    "company_number",
    "address",
    "website",
    "active",
)


@transaction.atomic
def organisation_create(*, data: dict, by) -> Organisation:
    organisation = Organisation(**{k: v for k, v in data.items() if k in ORGANISATION_FIELDS})
    return validated_save(organisation, by=by)


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: dict, by) -> Organisation:
    for field in ORGANISATION_FIELDS:
        if field in data:
            setattr(organisation, field, data[field])
    return validated_save(organisation, by=by)


def _split_m2m(model, data: dict) -> tuple[dict, dict]:
    m2m_names = {f.name for f in model._meta.many_to_many}
    fields = {k: v for k, v in data.items() if k not in m2m_names}
    return fields, {k: v for k, v in data.items() if k in m2m_names}


@transaction.atomic
def partnership_create(*, data: dict, by) -> Partnership:
    """A new partnership; its creator leads it unless another lead officer is named."""
    fields, m2m = _split_m2m(Partnership, data)
    partnership = Partnership(**fields)
    if partnership.lead_officer_id is None:
        partnership.lead_officer = by
    return partnership_save(partnership=partnership, by=by, **m2m)


@transaction.atomic
def partnership_save(*, partnership: Partnership, by, supporting_officers=None) -> Partnership:
    """Save a partnership's changes. Changes to the lines of accountability are made one at a
    time, so that two edits at once cannot together make the loop each alone would not."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ACCOUNTABILITY_LOCK])
    m2m = {} if supporting_officers is None else {"supporting_officers": supporting_officers}
    return validated_save(partnership, by=by, m2m=m2m)


# An arbitrary key for PostgreSQL's advisory lock on changes to lines of accountability.
ACCOUNTABILITY_LOCK = 30_000_004
