"""Writes to the partnerships app: each runs in one transaction and validates what it saves."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .models import Organisation

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


def _save_organisation(organisation: Organisation, by) -> Organisation:
    organisation.full_clean()
    organisation._history_user = by
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as exc:
        # Another request saved the same name or number between our check and our write.
        raise ValidationError(
            "Another organisation was saved with the same name, charity number or company "
            "number a moment ago. Check the register and try again."
        ) from exc
    return organisation


@transaction.atomic
def organisation_create(*, data: dict, by) -> Organisation:
    organisation = Organisation(**{k: v for k, v in data.items() if k in ORGANISATION_FIELDS})
    return _save_organisation(organisation, by)


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: dict, by) -> Organisation:
    for field in ORGANISATION_FIELDS:
        if field in data:
            setattr(organisation, field, data[field])
    return _save_organisation(organisation, by)
