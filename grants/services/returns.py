"""Monitoring returns: when they fall due, scheduling them for an award, and a recipient's
submission."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.validators import shifted

from ..models import Award, MonitoringReturn, ReturnEvidence
from .common import (
    money,
)

RETURN_GRACE = datetime.timedelta(days=28)


def return_periods(award: Award) -> list[datetime.date]:
    """The ends of the periods an award reports on: every ``monitoring_frequency`` months from
    its start, and its end date (the final return). A period that would run past the
    calendar's last day ends with the award, so no end date overflows."""
    if not award.monitoring_frequency:
        return []
    step = relativedelta(months=award.monitoring_frequency)
    ends = []
    n = 1
    while True:
        next_start = shifted(award.start_date, step * n)
        if next_start > award.end_date or next_start == datetime.date.max:
            break
        end = next_start - datetime.timedelta(days=1)
        ends.append(end)
        n += 1
    ends.append(award.end_date)
    return ends


def returns_schedule(*, award: Award) -> int:
    """Create the award's monitoring returns, each due four weeks after its period ends.
    Safe to run again: existing periods are kept."""
    existing = set(award.returns.values_list("period_end", flat=True))
    new = [
        MonitoringReturn(award=award, period_end=end, due_date=shifted(end, RETURN_GRACE))
        for end in return_periods(award)
        if end not in existing
    ]
    MonitoringReturn.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def return_submit(
    *,
    monitoring_return: MonitoringReturn,
    spend_to_date: Decimal,
    narrative: str,
    evidence: dict,
    by,
    received_date: datetime.date | None = None,
) -> MonitoringReturn:
    """Record a return as received, with spend to date and evidence against each outcome."""
    mr = (
        MonitoringReturn.objects.select_for_update()
        .select_related("award")
        .get(pk=monitoring_return.pk)
    )
    if mr.received_date is not None:
        raise ValidationError("This return has already been received.")
    if spend_to_date is None or spend_to_date < 0:
        raise ValidationError({"spend_to_date": "Enter the spend to date (£0 or more)."})
    if spend_to_date > mr.award.amount:
        raise ValidationError(
            {
                "spend_to_date": f"The spend to date is more than the award of "
                f"{money(mr.award.amount)}."
            }
        )
    if not any((text or "").strip() for text in evidence.values()) and not narrative.strip():
        raise ValidationError("Describe progress, or give evidence against at least one outcome.")
    mr.received_date = received_date or timezone.localdate()
    mr.spend_to_date = spend_to_date
    mr.narrative = narrative
    mr.submitted_by = by
    mr._history_user = by
    mr.save()
    for outcome, text in evidence.items():
        if (text or "").strip():
            ReturnEvidence.objects.update_or_create(
                monitoring_return=mr, outcome=outcome, defaults={"evidence": text.strip()}
            )
    return mr
