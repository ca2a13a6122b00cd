"""Approval never over-commits a fund; amounts, payments, returns and funding changes."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from grants.models import Award, AwardChange, Fund, MonitoringReturn, Payment
from grants.services import (
    award_approve,
    award_change_record,
    award_save,
    award_transition,
    fund_roll_forward,
    payment_mark_paid,
    payment_save,
    return_periods,
    return_submit,
)
from grants.tasks import returns_remind

from ..partnerships.factories import OrganisationFactory
from .factories import AwardFactory, FundFactory, PaymentFactory

pytestmark = pytest.mark.django_db
D = Decimal
d = datetime.date


def approved(award, by=None):
    return award_approve(award=award, by=by)


def test_approval_refuses_what_would_take_committed_over_budget(officer):
    fund = FundFactory(budget=D("20000"))
    first = approved(AwardFactory(fund=fund, amount=D("8000")))
    second = approved(AwardFactory(fund=fund, amount=D("8000")))
    third = AwardFactory(fund=fund, amount=D("8000"))
    with pytest.raises(ValidationError) as exc:
        award_approve(award=third, by=officer)
    assert exc.value.messages == [
        "Approving £8,000.00 would take committed to £24,000.00; the fund's headroom is "
        "£4,000.00 (budget £20,000.00, committed £16,000.00)."
    ]
    third.refresh_from_db()
    assert third.status == Award.Status.PROPOSED
    assert fund.committed() == D("16000") and fund.headroom() == D("4000")
    # Exactly the headroom fits; a withdrawn award frees its money.
    assert approved(AwardFactory(fund=fund, amount=D("4000"))).status == "approved"
    award_transition(award=second, action="withdraw", by=officer)
    assert fund.committed() == D("12000")
    assert approved(third).status == "approved"
    assert first.status == "approved"
    assert fund.committed() == D("20000")


def test_approval_page_shows_the_headroom_message(client_for, officer):
    fund = FundFactory(budget=D("5000"))
    award = AwardFactory(fund=fund, amount=D("8000"))
    client = client_for(officer)
    response = client.post(
        reverse("grants:award_action", args=[award.pk]), {"action": "approve"}, follow=True
    )
    assert "the fund&#x27;s headroom is £5,000.00" in response.content.decode()
    award.refresh_from_db()
    assert award.status == "proposed"


def test_only_a_proposed_award_is_approved_and_transitions_check_their_start():
    award = approved(AwardFactory())
    with pytest.raises(ValidationError, match="Only a proposed award"):
        award_approve(award=award, by=None)
    with pytest.raises(ValidationError, match="cannot be moved to closed"):
        award_transition(award=AwardFactory(), action="close", by=None)
    assert award_transition(award=award, action="accept", by=None).status == "accepted"


@pytest.mark.parametrize("amount", ["0", "-5", "0.00"])
def test_zero_or_negative_amounts_are_refused_on_the_form(client_for, officer, amount):
    fund = FundFactory()
    org = OrganisationFactory()
    response = client_for(officer).post(
        reverse("grants:award_add"),
        {
            "fund": fund.pk,
            "recipient_organisation": org.pk,
            "title": "Bad",
            "amount": amount,
            "route": "direct",
            "start_date": "2016-04-01",
            "end_date": "2017-03-31",
            "monitoring_frequency": 3,
        },
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0.01" in response.content.decode()
    assert not Award.objects.filter(title="Bad").exists()


def test_award_needs_exactly_one_recipient(client_for, officer):
    fund = FundFactory()
    data = {
        "fund": fund.pk,
        "title": "Two recipients",
        "amount": "100",
        "route": "direct",
        "start_date": "2016-04-01",
        "end_date": "2017-03-31",
        "monitoring_frequency": 3,
        "recipient_organisation": OrganisationFactory().pk,
        "recipient_partnership": __import__(
            "tests.partnerships.factories", fromlist=["PartnershipFactory"]
        )
        .PartnershipFactory()
        .pk,
    }
    response = client_for(officer).post(reverse("grants:award_add"), data)
    assert "not both" in response.content.decode()
    data.pop("recipient_partnership")
    response = client_for(officer).post(reverse("grants:award_add"), data)
    award = Award.objects.get(title="Two recipients")
    assert response.url == award.get_absolute_url()
    assert award.status == "proposed"


def test_payments_never_exceed_the_award(client_for, officer):
    award = approved(AwardFactory(amount=D("8000")))
    payment_save(payment=Payment(award=award, due_date=d(2016, 5, 1), amount=D("5000")), by=None)
    with pytest.raises(ValidationError) as exc:
        payment_save(
            payment=Payment(award=award, due_date=d(2016, 9, 1), amount=D("3000.01")), by=None
        )
    assert "more than the award of £8,000.00; at most £3,000.00 is left" in str(exc.value)
    response = client_for(officer).post(
        reverse("grants:payment_add", args=[award.pk]),
        {"due_date": "2016-09-01", "amount": "3500"},
    )
    assert response.status_code == 200
    assert "at most £3,000.00 is left to schedule" in response.content.decode()
    assert award.payments.count() == 1
    # Editing an instalment upwards is checked the same way.
    first = award.payments.get()
    first.amount = D("8000.01")
    with pytest.raises(ValidationError):
        payment_save(payment=first, by=None)


def test_paying_the_whole_award_marks_it_paid():
    award = approved(AwardFactory(amount=D("8000")))
    p1 = payment_save(
        payment=Payment(award=award, due_date=d(2016, 5, 1), amount=D("4000")), by=None
    )
    p2 = payment_save(
        payment=Payment(award=award, due_date=d(2016, 9, 1), amount=D("4000")), by=None
    )
    payment_mark_paid(payment=p1, paid_date=d(2016, 5, 2), by=None)
    award.refresh_from_db()
    assert award.status == "approved"
    payment_mark_paid(payment=p2, paid_date=d(2016, 9, 2), by=None)
    award.refresh_from_db()
    assert award.status == "paid"
    assert award.fund.paid() == D("8000")


def test_payments_wait_for_approval():
    award = AwardFactory()
    with pytest.raises(ValidationError, match="once an award is approved"):
        payment_save(payment=Payment(award=award, due_date=d(2016, 5, 1), amount=D("1")), by=None)


def test_quarterly_returns_fall_due_from_the_award_start():
    award = approved(AwardFactory(start_date=d(2016, 4, 1), end_date=d(2017, 3, 31)))
    returns = list(award.returns.order_by("period_end"))
    assert [r.period_end for r in returns] == [
        d(2016, 6, 30),
        d(2016, 9, 30),
        d(2016, 12, 31),
        d(2017, 3, 31),
    ]
    assert [r.due_date for r in returns][0] == d(2016, 7, 28)
    assert all(r.is_overdue for r in returns)  # long past, none received
    half = AwardFactory(start_date=d(2017, 1, 15), end_date=d(2017, 12, 31), monitoring_frequency=6)
    assert return_periods(half) == [d(2017, 7, 14), d(2017, 12, 31)]


def test_partner_submits_a_return_with_evidence(client_for, partner_contact, officer):
    from partnerships.models import Outcome, Strategy

    strategy = Strategy.objects.create(
        name="Ambition", period_start=d(2016, 4, 1), period_end=d(2020, 3, 31)
    )
    outcome = Outcome.objects.create(strategy=strategy, number=2, title="Healthy lives")
    award = AwardFactory(recipient_organisation=partner_contact.organisation)
    award.outcomes.set([outcome])
    award = approved(award)
    mr = award.returns.order_by("period_end").first()
    url = reverse("grants:return_detail", args=[mr.pk])
    client = client_for(partner_contact)
    response = client.post(url, {"spend_to_date": "9000", "narrative": "x"})
    assert "more than the award of £8,000.00" in response.content.decode()
    response = client.post(
        url,
        {"spend_to_date": "1500", "narrative": "", f"outcome_{outcome.pk}": "40 walkers weekly"},
    )
    assert response.status_code == 302
    mr.refresh_from_db()
    assert mr.received_date is not None and mr.spend_to_date == D("1500")
    page = client.get(url).content.decode()
    assert "40 walkers weekly" in page and "£1,500.00" in page
    # Once received it cannot be submitted again.
    assert client.post(url, {"spend_to_date": "1"}).status_code == 403
    with pytest.raises(ValidationError, match="already been received"):
        return_submit(
            monitoring_return=mr, spend_to_date=D("1"), narrative="x", evidence={}, by=officer
        )


def test_other_organisations_cannot_see_or_submit_a_return(client_for, make_user):
    from portal.roles import Role

    other = make_user(Role.PARTNER_CONTACT, organisation=OrganisationFactory(name="Other"))
    award = approved(AwardFactory())
    mr = award.returns.first()
    client = client_for(other)
    assert client.get(reverse("grants:return_detail", args=[mr.pk])).status_code == 404
    assert client.post(reverse("grants:return_detail", args=[mr.pk])).status_code == 404
    assert client.get(award.get_absolute_url()).status_code == 404


def test_reminders_are_sent_once_per_return(
    settings, make_user, django_capture_on_commit_callbacks
):
    from portal.roles import Role

    org = OrganisationFactory(name="Crewe Food Network")
    make_user(Role.PARTNER_CONTACT, organisation=org, email="food@example.org")
    award = approved(AwardFactory(recipient_organisation=org))
    received = award.returns.order_by("period_end").first()
    return_submit(
        monitoring_return=received, spend_to_date=D("10"), narrative="ok", evidence={}, by=None
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = returns_remind()
    assert sent == 3
    assert len(mail.outbox) == 3
    assert mail.outbox[0].to == ["food@example.org"]
    assert "was due" in mail.outbox[0].subject
    assert MonitoringReturn.objects.filter(reminder_sent_on__isnull=False).count() == 3
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert returns_remind() == 0
    assert mail.outbox == []


def test_a_closed_award_s_missing_returns_are_no_longer_chased(
    make_user, client_for, officer, django_capture_on_commit_callbacks
):
    from portal.roles import Role

    org = OrganisationFactory(name="Crewe Food Network")
    make_user(Role.PARTNER_CONTACT, organisation=org, email="food@example.org")
    award = approved(AwardFactory(recipient_organisation=org, title="Food bank grant"))
    assert MonitoringReturn.objects.overdue().filter(award=award).exists()
    Award.objects.filter(pk=award.pk).update(status=Award.Status.CLOSED)

    assert not MonitoringReturn.objects.overdue().filter(award=award).exists()
    assert "Food bank grant" not in client_for(officer).get(reverse("dashboard")).content.decode()
    assert (
        "Overdue</span>" not in client_for(officer).get(award.get_absolute_url()).content.decode()
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert returns_remind() == 0
    assert mail.outbox == []


def test_reminder_task_is_scheduled_by_the_migration():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="grants.tasks.returns_remind")
    assert task.crontab.hour == "7"


def test_short_notice_flag_follows_calendar_months():
    award = AwardFactory()
    change = AwardChange(
        award=award,
        kind="reduce",
        notice_date=d(2024, 1, 31),
        effective_date=d(2024, 4, 29),
        new_amount=D("1"),
    )
    assert change.short_notice  # three months from 31 January is 30 April (2024 is leap)
    change.effective_date = d(2024, 4, 30)
    assert not change.short_notice
    change.notice_date, change.effective_date = d(2018, 1, 15), d(2018, 4, 14)
    assert change.short_notice
    change.effective_date = d(2018, 4, 15)
    assert not change.short_notice


def test_reducing_an_award_trims_unpaid_instalments_and_frees_headroom(client_for, officer):
    fund = FundFactory(budget=D("12000"))
    award = approved(AwardFactory(fund=fund, amount=D("12000")))
    for n, due in enumerate([d(2016, 4, 1), d(2016, 7, 1), d(2016, 10, 1), d(2017, 1, 1)]):
        payment_save(
            payment=Payment(
                award=award,
                due_date=due,
                amount=D("3000"),
                paid_date=due if n < 2 else None,
            ),
            by=None,
        )
    response = client_for(officer).post(
        reverse("grants:award_change", args=[award.pk]),
        {
            "kind": "reduce",
            "notice_date": "2016-11-15",
            "effective_date": "2017-01-01",
            "new_amount": "7500",
            "reason": "Savings",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "flagged as short notice" in page
    assert "Short notice" in page
    award.refresh_from_db()
    assert award.amount == D("7500")
    assert sorted(p.amount for p in award.payments.all()) == [D("1500"), D("3000"), D("3000")]
    assert fund.headroom() == D("4500")
    change = award.changes.get()
    assert change.short_notice and change.previous_amount == D("12000")
    assert change.get_absolute_url() == award.get_absolute_url() + f"#change-{change.pk}"
    with pytest.raises(ValidationError, match="already been paid"):
        award_change_record(
            award=award,
            kind="reduce",
            notice_date=d(2016, 12, 1),
            effective_date=d(2017, 3, 1),
            new_amount=D("5000"),
            reason="More",
            by=None,
        )


def test_ending_an_award_drops_later_instalments():
    award = approved(AwardFactory(amount=D("8000")))
    payment_save(
        payment=Payment(
            award=award, due_date=d(2016, 4, 1), amount=D("4000"), paid_date=d(2016, 4, 1)
        ),
        by=None,
    )
    payment_save(payment=Payment(award=award, due_date=d(2016, 10, 1), amount=D("4000")), by=None)
    change = award_change_record(
        award=award,
        kind="end",
        notice_date=d(2016, 6, 1),
        effective_date=d(2016, 9, 30),
        reason="Project stopped",
        by=None,
    )
    award.refresh_from_db()
    assert award.amount == D("4000") and award.end_date == d(2016, 9, 30)
    assert award.status == "paid"
    assert change.new_amount is None and not change.short_notice
    assert not award.returns.filter(period_end__gt=d(2016, 9, 30)).exists()


def test_a_committed_award_is_not_raised_past_the_headroom(client_for, officer):
    fund = FundFactory(budget=D("10000"))
    award = approved(AwardFactory(fund=fund, amount=D("8000")))
    data = {
        "recipient_organisation": award.recipient_organisation_id,
        "title": award.title,
        "amount": "10500",
        "route": "direct",
        "start_date": "2016-04-01",
        "end_date": "2017-03-31",
        "monitoring_frequency": 3,
    }
    response = client_for(officer).post(reverse("grants:award_edit", args=[award.pk]), data)
    assert "the fund&#x27;s headroom is £2,000.00" in response.content.decode()
    data["amount"] = "7000"
    response = client_for(officer).post(reverse("grants:award_edit", args=[award.pk]), data)
    assert "record a funding change" in response.content.decode()
    award.refresh_from_db()
    assert award.amount == D("8000")


def test_roll_forward_copies_recurring_awards_as_proposals(client_for, officer):
    fund = FundFactory(name="Third sector investment", financial_year=2008, budget=D("100000"))
    keep = approved(
        AwardFactory(
            fund=fund,
            amount=D("45000"),
            recurring=True,
            title="Core",
            start_date=d(2008, 4, 1),
            end_date=d(2009, 3, 31),
        )
    )
    approved(AwardFactory(fund=fund, amount=D("10000"), recurring=False, title="One-off"))
    response = client_for(officer).post(
        reverse("grants:fund_roll_forward", args=[fund.pk]), {"uplift_percent": "0"}
    )
    new = Fund.objects.get(name="Third sector investment", financial_year=2009)
    assert response.url == new.get_absolute_url()
    assert new.budget == D("100000") and new.year_label == "2009/10"
    copies = list(new.awards.all())
    assert [(a.title, a.amount, a.status) for a in copies] == [("Core", D("45000"), "proposed")]
    assert copies[0].start_date == d(2009, 4, 1) and copies[0].rolled_forward_from == keep
    response = client_for(officer).post(
        reverse("grants:fund_roll_forward", args=[fund.pk]), {"uplift_percent": "0"}
    )
    assert "cannot be rolled forward twice" in response.content.decode()
    assert Fund.objects.filter(name="Third sector investment").count() == 2


def test_roll_forward_with_uplift():
    fund = FundFactory(budget=D("1000"), standard_amount=D("100"))
    AwardFactory(fund=fund, amount=D("100"), recurring=True)
    new = fund_roll_forward(fund=fund, uplift_percent=D("2.5"), by=None)
    assert new.budget == D("1025.00") and new.standard_amount == D("102.50")
    assert new.awards.get().amount == D("102.50")


def test_paid_total_ignores_unpaid_instalments():
    award = approved(AwardFactory(amount=D("8000")))
    PaymentFactory(award=award, amount=D("1000"), paid_date=d(2016, 5, 1))
    PaymentFactory(award=award, amount=D("2000"))
    fund = Fund.objects.with_totals().get(pk=award.fund_id)
    assert fund.totals() == {
        "budget": D("72000"),
        "committed": D("8000"),
        "paid": D("1000"),
        "headroom": D("64000"),
    }


def test_a_fund_budget_cannot_drop_below_committed(client_for, officer):
    fund = FundFactory(budget=D("20000"))
    approved(AwardFactory(fund=fund, amount=D("8000")))
    data = {
        "name": fund.name,
        "financial_year": 2016,
        "budget": "7999.99",
        "funder": fund.funder_id,
        "route": "direct",
        "status": "open",
    }
    response = client_for(officer).post(reverse("grants:fund_edit", args=[fund.pk]), data)
    assert "The fund has committed £8,000.00" in response.content.decode()
    data["budget"] = "8000"
    response = client_for(officer).post(reverse("grants:fund_edit", args=[fund.pk]), data)
    assert response.status_code == 302
    fund.refresh_from_db()
    assert fund.budget == D("8000")


def test_payment_model_validation_keeps_the_total(client_for, administrator):
    award = approved(AwardFactory(amount=D("100")))
    PaymentFactory(award=award, amount=D("60"))
    with pytest.raises(ValidationError, match="more than the award"):
        Payment(award=award, due_date=d(2016, 6, 1), amount=D("41")).full_clean()


def test_changing_an_approved_awards_dates_reschedules_open_returns(client_for, officer):
    award = approved(AwardFactory(start_date=d(2016, 4, 1), end_date=d(2017, 3, 31)))
    first = award.returns.order_by("period_end").first()
    return_submit(
        monitoring_return=first, spend_to_date=D("1"), narrative="ok", evidence={}, by=None
    )
    response = client_for(officer).post(
        reverse("grants:award_edit", args=[award.pk]),
        {
            "recipient_organisation": award.recipient_organisation_id,
            "title": award.title,
            "amount": "8000",
            "route": "direct",
            "start_date": "2016-04-01",
            "end_date": "2016-12-31",
            "monitoring_frequency": 6,
        },
    )
    assert response.status_code == 302
    assert [r.period_end for r in award.returns.order_by("period_end")] == [
        d(2016, 6, 30),  # received: kept
        d(2016, 9, 30),
        d(2016, 12, 31),
    ]


def test_officer_moves_an_award_through_its_statuses(client_for, officer):
    award = AwardFactory()
    client = client_for(officer)
    url = reverse("grants:award_action", args=[award.pk])
    for action, status in [
        ("approve", "approved"),
        ("accept", "accepted"),
        ("monitor", "monitoring"),
        ("close", "closed"),
    ]:
        response = client.post(url, {"action": action}, follow=True)
        assert f"The award is now {status}." in response.content.decode()
    response = client.post(url, {"action": "withdraw"}, follow=True)
    assert "cannot be moved to withdrawn" in response.content.decode()
    response = client.post(url, {"action": "explode"}, follow=True)
    assert "not something that can be done" in response.content.decode()
    award.refresh_from_db()
    assert award.status == "closed"


def test_an_award_in_a_closed_fund_can_still_be_edited(client_for, officer):
    award = approved(AwardFactory(title="Old title"))
    Fund.objects.filter(pk=award.fund_id).update(status=Fund.Status.CLOSED)
    response = client_for(officer).post(
        reverse("grants:award_edit", args=[award.pk]),
        {
            "recipient_organisation": award.recipient_organisation_id,
            "title": "New title",
            "amount": "8000",
            "route": "direct",
            "start_date": "2016-04-01",
            "end_date": "2017-03-31",
            "monitoring_frequency": 3,
        },
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.title == "New title"
    # … while a closed fund still takes no new awards.
    form = client_for(officer).get(reverse("grants:award_add")).context["form"]
    assert award.fund not in form.fields["fund"].queryset


def test_nothing_is_paid_on_a_withdrawn_award(client_for, officer):
    award = approved(AwardFactory())
    payment = payment_save(
        payment=Payment(award=award, due_date=d(2016, 5, 1), amount=D("100")), by=None
    )
    award_transition(award=award, action="withdraw", by=None)
    client = client_for(officer)
    assert "Mark paid" not in client.get(award.get_absolute_url()).content.decode()
    response = client.post(
        reverse("grants:payment_paid", args=[award.pk, payment.pk]),
        {"paid_date": "2016-05-01"},
        follow=True,
    )
    assert "The award is withdrawn, so nothing can be paid on it." in response.content.decode()
    payment.refresh_from_db()
    assert payment.paid_date is None


def test_instalments_are_scheduled_evenly_within_the_award(client_for, officer):
    award = approved(
        AwardFactory(amount=D("1000"), start_date=d(2016, 4, 1), end_date=d(2017, 3, 31))
    )
    client = client_for(officer)
    url = reverse("grants:payment_schedule", args=[award.pk])
    response = client.post(url, {"instalments": "3"}, follow=True)
    assert "3 instalments were scheduled." in response.content.decode()
    assert [(p.due_date, p.amount) for p in award.payments.order_by("due_date")] == [
        (d(2016, 4, 1), D("333.33")),
        (d(2016, 8, 1), D("333.33")),
        (d(2016, 12, 1), D("333.34")),
    ]
    response = client.post(url, {"instalments": "2"}, follow=True)
    assert "The whole award is already scheduled." in response.content.decode()

    # A six-month award in four instalments: monthly, not quarterly past its end.
    short = approved(
        AwardFactory(amount=D("400"), start_date=d(2016, 4, 1), end_date=d(2016, 9, 30))
    )
    client.post(reverse("grants:payment_schedule", args=[short.pk]), {"instalments": "4"})
    assert [p.due_date for p in short.payments.order_by("due_date")] == [
        d(2016, 4, 1),
        d(2016, 5, 1),
        d(2016, 6, 1),
        d(2016, 7, 1),
    ]
    # More instalments than months: days apart, all before the award ends.
    many = approved(AwardFactory(amount=D("2400")))
    client.post(reverse("grants:payment_schedule", args=[many.pk]), {"instalments": "24"})
    dues = [p.due_date for p in many.payments.order_by("due_date")]
    assert len(dues) == 24 and dues[0] == many.start_date and dues[-1] <= many.end_date
    assert len(set(dues)) == 24


# --- an approval, a raise or a revert checks the fund the award is in under the lock -------


def edited(award, **changes):
    """Save the award as the edit page does, read afresh with ``changes`` made on the form."""
    page = Award.objects.get(pk=award.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    return award_save(award=page, by=None)


def test_approving_from_a_page_opened_before_the_award_moved_checks_its_new_fund(officer):
    roomy = FundFactory(budget=D("100000"))
    full = FundFactory(budget=D("10000"))
    approved(AwardFactory(fund=full, amount=D("4000")))
    award = AwardFactory(fund=roomy, amount=D("8000"))
    page = Award.objects.get(pk=award.pk)  # the approver's page, opened first
    edited(award, fund=full)  # meanwhile a colleague moves the proposal: still allowed
    with pytest.raises(ValidationError) as exc:
        award_approve(award=page, by=officer)
    assert exc.value.messages == [
        "Approving £8,000.00 would take committed to £12,000.00; the fund's headroom is "
        "£6,000.00 (budget £10,000.00, committed £4,000.00)."
    ]
    award.refresh_from_db()
    assert award.fund == full and award.status == "proposed"
    assert full.committed() == D("4000") and roomy.committed() == D("0")


def test_a_stale_approval_that_fits_the_new_fund_is_committed_there():
    first = FundFactory(budget=D("100000"))
    second = FundFactory(budget=D("10000"))
    award = AwardFactory(fund=first, amount=D("8000"))
    page = Award.objects.get(pk=award.pk)
    edited(award, fund=second)
    assert award_approve(award=page, by=None).fund_id == second.pk
    assert second.committed() == D("8000") and first.committed() == D("0")


def test_an_edit_from_a_page_opened_before_approval_keeps_the_approval():
    award = AwardFactory(amount=D("8000"))
    page = Award.objects.get(pk=award.pk)  # opened while the award was proposed
    approver = approved(award)
    page.title = "Renamed"
    award_save(award=page, by=None)
    award.refresh_from_db()
    assert award.title == "Renamed" and award.status == "approved"
    assert award.approved_on == approver.approved_on is not None


def admin_form(award, **changes):
    data = {
        "fund": award.fund_id,
        "recipient_organisation": award.recipient_organisation_id,
        "recipient_partnership": "",
        "title": award.title,
        "purpose": award.purpose,
        "amount": str(award.amount),
        "route": award.route,
        "start_date": award.start_date.isoformat(),
        "end_date": award.end_date.isoformat(),
        "monitoring_frequency": award.monitoring_frequency,
    }
    data.update(changes)
    return data


def revert_url(award, version):
    return reverse("admin:grants_award_simple_history", args=[award.pk, version.history_id])


def test_reverting_a_withdrawn_award_in_the_admin_does_not_reinstate_it(client_for, administrator):
    fund = FundFactory(budget=D("10000"))
    award = approved(AwardFactory(fund=fund, amount=D("8000")))
    version = award.history.first()  # approved, £8,000
    award_transition(award=award, action="withdraw", by=None)
    approved(AwardFactory(fund=fund, amount=D("8000")))  # the freed money is used again
    response = client_for(administrator).post(
        revert_url(award, version), admin_form(version.instance, title="Reverted"), follow=True
    )
    assert "The status stays withdrawn" in response.content.decode()
    award.refresh_from_db()
    assert award.title == "Reverted" and award.status == "withdrawn"
    assert fund.committed() == D("8000")


def test_reverting_a_reduced_award_in_the_admin_checks_the_headroom(client_for, administrator):
    fund = FundFactory(budget=D("10000"))
    award = approved(AwardFactory(fund=fund, amount=D("8000")))
    version = award.history.first()  # approved, £8,000
    award_change_record(
        award=award,
        kind="reduce",
        notice_date=d(2016, 6, 1),
        effective_date=d(2016, 10, 1),
        new_amount=D("6000"),
        reason="Savings",
        by=None,
    )
    approved(AwardFactory(fund=fund, amount=D("4000")))  # the £2,000 freed, and more
    response = client_for(administrator).post(revert_url(award, version), admin_form(award))
    assert response.status_code == 200
    assert (
        "Raising the award to £8,000.00 would take committed to £12,000.00; the fund&#x27;s "
        "headroom is £0.00." in response.content.decode()
    )
    award.refresh_from_db()
    assert award.amount == D("6000")
    assert fund.committed() == D("10000")


def test_an_edit_from_a_page_opened_before_a_funding_reduction_is_refused(client_for, officer):
    """The officer opened the edit page; meanwhile the award was reduced by a funding change.
    Saving the page (which still says the old amount) must not undo the reduction."""
    import re

    from grants.services import award_change_record

    fund = FundFactory(budget=D("20000"))
    award = AwardFactory(fund=fund, amount=D("10000"), status=Award.Status.APPROVED)
    client = client_for(officer)
    url = reverse("grants:award_edit", args=[award.pk])
    page = client.get(url).content.decode()
    opened_at = re.search(r"name=\"opened_at\"[^>]*value=\"([^\"]+)\"", page).group(1)
    award_change_record(
        award=award,
        kind="reduce",
        effective_date=award.start_date,
        notice_date=award.start_date,
        reason="Less needed",
        new_amount=D("8000"),
        by=officer,
    )
    data = {
        "fund": fund.pk,
        "recipient_organisation": award.recipient_organisation_id or "",
        "title": "A better title",
        "purpose": award.purpose,
        "amount": "10000",
        "route": award.route,
        "start_date": award.start_date.isoformat(),
        "end_date": award.end_date.isoformat(),
        "monitoring_frequency": award.monitoring_frequency,
        "opened_at": opened_at,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Someone changed this award after you opened this page" in response.content.decode()
    award.refresh_from_db()
    assert award.amount == D("8000") and award.title != "A better title"
