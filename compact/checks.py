"""Commitments that carry a number, checked against the portal's own records.

Each check kind reads its records and returns findings: a consultation shorter than the
commitment's weeks with no reason recorded; a grant reduced or ended with less notice than its
months (grants' ``AwardChange``); a grant payment made (or still unpaid) more than its days after
it fell due (grants' ``Payment``). The grants app is optional here: its models are imported only
when a check needs them.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db.models import DurationField, ExpressionWrapper, F
from django.utils import timezone

from .models import Commitment, Compact, Consultation


@dataclass(frozen=True)
class Finding:
    commitment: Commitment
    record: str  # what the record is called
    url: str  # where it is
    detail: str  # what falls short, in words
    organisation: str = ""  # whose record it is, where known
    when: datetime.date | None = None


def _length():
    return ExpressionWrapper(F("end_date") - F("start_date"), output_field=DurationField())


def _consultation_rows(commitment: Commitment):
    return (
        Consultation.objects.filter(compact_id=commitment.code.compact_id, shorter_reason="")
        .annotate(length=_length())
        .filter(length__lt=datetime.timedelta(weeks=commitment.check_number))
    )


def short_consultations(commitment: Commitment) -> list[Finding]:
    weeks = commitment.check_number
    rows = (
        _consultation_rows(commitment).select_related("organisation").order_by("-start_date", "pk")
    )
    findings = []
    for c in rows:
        days = (c.end_date - c.start_date).days
        ran = f"{days // 7} weeks" + (f" {days % 7} days" if days % 7 else "")
        findings.append(
            Finding(
                commitment=commitment,
                record=f"Consultation: {c.title}",
                url=c.get_absolute_url(),
                detail=f"Ran {ran} ({c.start_date:%-d %b %Y} to {c.end_date:%-d %b %Y}), "
                f"less than {weeks} weeks, with no reason recorded.",
                organisation=c.organisation.name if c.organisation else "",
                when=c.start_date,
            )
        )
    return findings


def count_short_consultations(commitment: Commitment) -> int:
    return _consultation_rows(commitment).count()


# The Compact is between the public sector and the voluntary, community and faith sector: a
# grant to a public body or a business is not the sector's funding. (A partnership may be either,
# so its grants are kept.)
NOT_THE_SECTOR = ["public", "private"]


def _grants_model(name):
    try:
        return apps.get_model("grants", name)
    except LookupError:
        return None


def _notice_rows(commitment: Commitment):
    """Reductions and endings told less than ``months`` × 31 days ahead: a superset of the
    short ones, since months differ in length (``_too_short`` decides)."""
    AwardChange = _grants_model("AwardChange")
    return (
        AwardChange.objects.filter(kind__in=["reduce", "end"])
        .exclude(award__recipient_organisation__sector__in=NOT_THE_SECTOR)
        .annotate(
            notice=ExpressionWrapper(
                F("effective_date") - F("notice_date"), output_field=DurationField()
            )
        )
        .filter(notice__lt=datetime.timedelta(days=31 * commitment.check_number + 1))
    )


def _too_short(notice_date, effective_date, months: int) -> bool:
    return notice_date + relativedelta(months=months) > effective_date


def short_funding_notice(commitment: Commitment) -> list[Finding]:
    """Reductions and endings of grants with less notice than the commitment's months."""
    if _grants_model("AwardChange") is None:
        return []
    months = commitment.check_number
    rows = (
        _notice_rows(commitment)
        .select_related(
            "award", "award__fund", "award__recipient_organisation", "award__recipient_partnership"
        )
        .order_by("-effective_date", "pk")
    )
    findings = []
    for change in rows:
        if not _too_short(change.notice_date, change.effective_date, months):
            continue
        days = (change.effective_date - change.notice_date).days
        what = "ended" if change.kind == "end" else "reduced"
        award = change.award
        findings.append(
            Finding(
                commitment=commitment,
                record=f"Grant {what}: {award}",
                url=change.get_absolute_url(),
                detail=f"Told on {change.notice_date:%-d %b %Y}, {what} from "
                f"{change.effective_date:%-d %b %Y}: {days} days' notice, less than {months} "
                f"months.",
                organisation=award.recipient_name,
                when=change.effective_date,
            )
        )
    return findings


def count_short_funding_notice(commitment: Commitment) -> int:
    if _grants_model("AwardChange") is None:
        return 0
    months = commitment.check_number
    return sum(
        _too_short(notice, effective, months)
        for notice, effective in _notice_rows(commitment).values_list(
            "notice_date", "effective_date"
        )
    )


def _payment_rows(commitment: Commitment, today: datetime.date):
    """The payments paid late, and those still unpaid too long after they fell due."""
    Payment = _grants_model("Payment")
    allowed = datetime.timedelta(days=commitment.check_number)
    late_paid = ExpressionWrapper(F("paid_date") - F("due_date"), output_field=DurationField())
    base = Payment.objects.exclude(award__recipient_organisation__sector__in=NOT_THE_SECTOR)
    paid = base.annotate(late=late_paid).filter(paid_date__isnull=False, late__gt=allowed)
    # A withdrawn award's outstanding payments are not owed.
    unpaid = base.filter(paid_date__isnull=True, due_date__lt=today - allowed).exclude(
        award__status="withdrawn"
    )
    return paid, unpaid


def late_payments(commitment: Commitment, today: datetime.date | None = None) -> list[Finding]:
    """Grant payments made more than the commitment's days after they fell due, and payments
    still unpaid that long after."""
    if _grants_model("Payment") is None:
        return []
    today = today or timezone.localdate()
    days = commitment.check_number
    related = (
        "award",
        "award__fund",
        "award__recipient_organisation",
        "award__recipient_partnership",
    )
    paid, unpaid = (
        rows.select_related(*related).order_by("-due_date", "pk")
        for rows in _payment_rows(commitment, today)
    )
    findings = []
    for payment in [*paid, *unpaid]:
        award = payment.award
        if payment.paid_date:
            lateness = (payment.paid_date - payment.due_date).days
            detail = (
                f"Due {payment.due_date:%-d %b %Y}, paid {payment.paid_date:%-d %b %Y}: "
                f"{lateness} days after it fell due, more than {days}."
            )
        else:
            lateness = (today - payment.due_date).days
            detail = (
                f"Due {payment.due_date:%-d %b %Y} and still unpaid {lateness} days later, "
                f"more than {days}."
            )
        findings.append(
            Finding(
                commitment=commitment,
                record=f"Grant payment of £{payment.amount:,.2f}: {award}",
                url=award.get_absolute_url(),
                detail=detail,
                organisation=award.recipient_name,
                when=payment.due_date,
            )
        )
    return findings


def count_late_payments(commitment: Commitment, today: datetime.date | None = None) -> int:
    if _grants_model("Payment") is None:
        return 0
    paid, unpaid = _payment_rows(commitment, today or timezone.localdate())
    return paid.count() + unpaid.count()


CHECKS = {
    Commitment.Check.CONSULTATION_LENGTH: short_consultations,
    Commitment.Check.FUNDING_NOTICE: short_funding_notice,
    Commitment.Check.PAYMENT_DAYS: late_payments,
}

# The same checks, counted in the database: the home page and the Compact's page show how many
# findings there are without building them (20,000 late payments are one COUNT).
COUNTS = {
    Commitment.Check.CONSULTATION_LENGTH: count_short_consultations,
    Commitment.Check.FUNDING_NOTICE: count_short_funding_notice,
    Commitment.Check.PAYMENT_DAYS: count_late_payments,
}


def checked_commitments(compact: Compact):
    return (
        Commitment.objects.filter(code__compact=compact)
        .exclude(check_kind="")
        .select_related("code", "code__compact")
        .order_by("code__number", "number")
    )


def findings_for(compact: Compact) -> list[Finding]:
    """Every finding for the Compact's checked commitments, in code and commitment order."""
    results = []
    for commitment in checked_commitments(compact):
        results += CHECKS[commitment.check_kind](commitment)
    return results


def finding_count(compact: Compact) -> int:
    """How many findings ``findings_for`` would list, counted in the database."""
    return sum(
        COUNTS[commitment.check_kind](commitment) for commitment in checked_commitments(compact)
    )
