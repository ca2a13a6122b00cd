"""Writes on awards: approval against the fund's headroom, the award's states, edits, changes to
its funding and its payments."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.validators import shifted

from ..models import Award, AwardChange, Payment
from ..models.funds import ZERO, _money_sum
from .common import (
    FundOverCommitted,
    _lock_award_and_funds,
    money,
)
from .returns import return_periods, returns_schedule


@transaction.atomic
def award_approve(*, award: Award, by) -> Award:
    """Approve a proposed award, unless its amount would take the fund over its budget.

    The fund's row is locked first, so approvals of awards from one fund queue up here and each
    sees the committed total the one before it left. The fund is the one the award is in under
    the lock, not the one it was in on the page the approver opened."""
    award, funds = _lock_award_and_funds(award.pk)
    fund = funds[award.fund_id]
    if award.status != Award.Status.PROPOSED:
        raise ValidationError(
            f"Only a proposed award can be approved; this one is {award.get_status_display()}."
        )
    if award.amount is None or award.amount <= 0:
        raise ValidationError("The amount must be more than £0.")
    committed = fund.committed()
    if committed + award.amount > fund.budget:
        raise FundOverCommitted(fund=fund, requested=award.amount, committed=committed)
    award.status = Award.Status.APPROVED
    award.approved_on = timezone.localdate()
    award.approved_by = by
    award._history_user = by
    award.save(update_fields=["status", "approved_on", "approved_by", "updated_at"])
    returns_schedule(award=award)
    return award


# Moves other than approval: (from, to) → the verb the page shows.
TRANSITIONS = {
    "accept": ((Award.Status.APPROVED,), Award.Status.ACCEPTED),
    "monitor": ((Award.Status.ACCEPTED, Award.Status.PAID), Award.Status.MONITORING),
    "close": (
        (Award.Status.ACCEPTED, Award.Status.PAID, Award.Status.MONITORING),
        Award.Status.CLOSED,
    ),
    "withdraw": (
        (Award.Status.PROPOSED, Award.Status.APPROVED, Award.Status.ACCEPTED),
        Award.Status.WITHDRAWN,
    ),
}


TRANSITION_LABELS = {
    "approve": "Approve",
    "accept": "Record acceptance",
    "monitor": "Start monitoring",
    "close": "Close",
    "withdraw": "Withdraw",
}


def award_actions(award: Award) -> list[tuple[str, str]]:
    actions = [("approve", "Approve")] if award.status == Award.Status.PROPOSED else []
    for verb, (sources, _) in TRANSITIONS.items():
        if award.status in sources:
            actions.append((verb, TRANSITION_LABELS[verb]))
    return actions


@transaction.atomic
def award_transition(*, award: Award, action: str, by) -> Award:
    if action == "approve":
        return award_approve(award=award, by=by)
    if action not in TRANSITIONS:
        raise ValidationError("That is not something that can be done to an award.")
    award, _ = _lock_award_and_funds(award.pk)
    sources, target = TRANSITIONS[action]
    if award.status not in sources:
        raise ValidationError(
            f"An award that is {award.get_status_display().lower()} cannot be moved to "
            f"{Award.Status(target).label.lower()}."
        )
    if target == Award.Status.WITHDRAWN and award.payments.filter(paid_date__isnull=False):
        raise ValidationError(
            "Money has been paid on this award, so it cannot be withdrawn: record a funding "
            "change to end it instead."
        )
    award.status = target
    award._history_user = by
    award.save(update_fields=["status", "updated_at"])
    return award


def _check_award_edit(award: Award) -> Award:
    """Lock the award with the fund it is in and the one the edit puts it in, and check the
    edit against the award as it is under the lock; return that (the award before the edit)."""
    before, funds = _lock_award_and_funds(award.pk, fund_ids=[award.fund_id])
    opened_at = getattr(award, "_opened_at", None)
    if opened_at is not None and opened_at != (
        before.updated_at.isoformat() if before.updated_at else ""
    ):
        raise ValidationError(
            "Someone changed this award after you opened this page (for example a funding "
            "change or an approval). Open the award again to see it, then make your edit."
        )
    if not before.is_committed:
        return before  # a proposal moves and changes freely: approval checks its fund
    if before.fund_id != award.fund_id:
        raise ValidationError(
            {"fund": "An approved award cannot move to another fund; withdraw it instead."}
        )
    if award.amount < before.amount:
        raise ValidationError(
            {
                "amount": "To reduce an approved award, record a funding change, so "
                "that the notice given is kept."
            }
        )
    if award.amount > before.amount:
        fund = funds[before.fund_id]
        committed = fund.committed(excluding=award.pk)
        if committed + award.amount > fund.budget:
            headroom = fund.budget - committed - before.amount
            raise ValidationError(
                {
                    "amount": f"Raising the award to {money(award.amount)} would take "
                    f"committed to {money(committed + award.amount)}; the fund's headroom "
                    f"is {money(headroom)}."
                }
            )
    return before


def award_check_edit(*, award: Award) -> None:
    """The checks ``award_save`` makes, for a form that shows them as its errors (the admin's).
    ``award_save`` makes them again under its own locks, so this is only for the message."""
    with transaction.atomic():
        _check_award_edit(award)


@transaction.atomic
def award_save(*, award: Award, by, m2m: dict | None = None) -> Award:
    """Create or edit an award. A committed award's amount is changed only by a funding change
    (reduction) or, upwards, through the same headroom check as approval."""
    award.full_clean()
    if award.pk:
        before = _check_award_edit(award)
        # Status and approval move only through award_transition: the page the edit came from
        # may have been opened before the award was approved or withdrawn.
        award.status = before.status
        award.approved_on = before.approved_on
        award.approved_by_id = before.approved_by_id
    award._history_user = by
    try:
        with transaction.atomic():
            award.save()
            for field, values in (m2m or {}).items():
                getattr(award, field).set(values)
    except IntegrityError as exc:
        raise ValidationError("This award clashes with one saved a moment ago.") from exc
    if award.is_committed:
        # New dates or frequency: returns not yet received follow the new schedule.
        periods = set(return_periods(award))
        award.returns.filter(received_date__isnull=True).exclude(period_end__in=periods).delete()
        returns_schedule(award=award)
    return award


@transaction.atomic
def payment_save(*, payment: Payment, by) -> Payment:
    """Add or change an instalment; the award's instalments never add up to more than it."""
    award = Award.objects.select_for_update().get(pk=payment.award_id)
    if award.status in (Award.Status.PROPOSED, Award.Status.WITHDRAWN):
        raise ValidationError(
            f"Payments are scheduled once an award is approved; this one is "
            f"{award.get_status_display().lower()}."
        )
    payment.award = award  # the locked row: Payment.clean checks the instalments fit in it
    payment.full_clean()
    payment._history_user = by
    payment.save()
    _mark_paid_if_complete(award, by=by)
    return payment


@transaction.atomic
def payment_mark_paid(*, payment: Payment, paid_date: datetime.date, by) -> Payment:
    # The fund and award first, then the payment: the order funding changes (which change
    # unpaid instalments) take them in, so the two wait for each other instead of deadlocking.
    award_id = Payment.objects.filter(pk=payment.pk).values_list("award_id", flat=True).get()
    _lock_award_and_funds(award_id)
    payment = (
        Payment.objects.select_for_update(of=("self",)).select_related("award").get(pk=payment.pk)
    )
    if payment.award.status in (Award.Status.PROPOSED, Award.Status.WITHDRAWN):
        raise ValidationError(
            f"The award is {payment.award.get_status_display().lower()}, so nothing can be "
            "paid on it."
        )
    if payment.paid_date is not None:
        raise ValidationError("This payment is already recorded as paid.")
    if paid_date > timezone.localdate():
        raise ValidationError("A payment cannot be recorded as paid in the future.")
    payment.paid_date = paid_date
    payment._history_user = by
    payment.save(update_fields=["paid_date"])
    _mark_paid_if_complete(Award.objects.select_for_update().get(pk=payment.award_id), by=by)
    return payment


def _mark_paid_if_complete(award: Award, *, by) -> None:
    if award.status not in (Award.Status.APPROVED, Award.Status.ACCEPTED):
        return
    paid = award.payments.filter(paid_date__isnull=False).aggregate(total=_money_sum("amount"))
    if paid["total"] >= award.amount:
        award.status = Award.Status.PAID
        award._history_user = by
        award.save(update_fields=["status", "updated_at"])


def _instalment_due(award: Award, n: int, instalments: int) -> datetime.date:
    """The n-th of ``instalments`` due dates, evenly through the award's own dates: whole
    months apart where the award is long enough (1 April, 1 July …), else days apart."""
    span = relativedelta(shifted(award.end_date, datetime.timedelta(days=1)), award.start_date)
    months = (span.years * 12 + span.months) // instalments
    if months >= 1:
        return award.start_date + relativedelta(months=months * n)
    days = (award.end_date - award.start_date).days
    return award.start_date + datetime.timedelta(days=days * n // instalments)


def payments_schedule_evenly(*, award: Award, instalments: int, by) -> list[Payment]:
    """Split what is left to schedule into equal instalments (pennies on the last one), due
    at even intervals from the award's start."""
    if instalments < 1 or instalments > 24:
        raise ValidationError("Choose between 1 and 24 instalments.")
    with transaction.atomic():
        award = Award.objects.select_for_update().get(pk=award.pk)
        left = award.amount - award.scheduled_total()
        if left <= 0:
            raise ValidationError("The whole award is already scheduled.")
        share = (left / instalments).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        created = []
        for n in range(instalments):
            amount = share if n < instalments - 1 else left - share * (instalments - 1)
            if amount <= 0:
                continue
            payment = Payment(
                award=award, due_date=_instalment_due(award, n, instalments), amount=amount
            )
            created.append(payment_save(payment=payment, by=by))
        return created


@transaction.atomic
def award_change_record(
    *,
    award: Award,
    kind: str,
    notice_date: datetime.date,
    effective_date: datetime.date,
    reason: str,
    by,
    new_amount: Decimal | None = None,
) -> AwardChange:
    """Reduce or end an award, recording the notice given. Unpaid instalments that no longer
    fit are trimmed (latest first) or, for an ending, dropped from the effective date."""
    award, _ = _lock_award_and_funds(award.pk)
    if not award.is_committed or award.status == Award.Status.CLOSED:
        raise ValidationError(
            "Only an approved award that is still running can be reduced or ended; this one is "
            f"{award.get_status_display().lower()}."
        )
    change = AwardChange(
        award=award,
        kind=kind,
        notice_date=notice_date,
        effective_date=effective_date,
        new_amount=new_amount if kind == AwardChange.Kind.REDUCE else None,
        reason=reason,
        previous_amount=award.amount,
        recorded_by=by,
    )
    change.full_clean()
    paid = award.paid_amount()
    unpaid = list(award.payments.filter(paid_date__isnull=True).order_by("-due_date", "-pk"))
    if kind == AwardChange.Kind.REDUCE:
        if new_amount >= award.amount:
            raise ValidationError(
                {"new_amount": f"A reduction must be below the award's {money(award.amount)}."}
            )
        if new_amount < paid:
            raise ValidationError(
                {
                    "new_amount": f"{money(paid)} has already been paid; "
                    "the award cannot go below it."
                }
            )
        excess = award.scheduled_total() - new_amount
        for payment in unpaid:
            if excess <= 0:
                break
            cut = min(excess, payment.amount)
            excess -= cut
            if cut == payment.amount:
                payment.delete()
            else:
                payment.amount -= cut
                payment._history_user = by
                payment.save(update_fields=["amount"])
        award.amount = new_amount
    else:
        for payment in unpaid:
            if payment.due_date >= effective_date:
                payment.delete()
        remaining = award.scheduled_total()
        if remaining > ZERO:
            award.amount = remaining
        else:
            award.status = Award.Status.WITHDRAWN
        award.end_date = max(award.start_date, min(award.end_date, effective_date))
        award.returns.filter(received_date__isnull=True, period_end__gt=award.end_date).delete()
    award._history_user = by
    award.save()
    change._history_user = by
    change.save()
    _mark_paid_if_complete(award, by=by)
    return change
