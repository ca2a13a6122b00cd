import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from grants.models import Award, Fund, MonitoringReturn, Payment, PBProject, PBRound

from ..partnerships.factories import OrganisationFactory, PartnershipFactory


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    name = factory.Sequence(lambda n: f"Fund {n:03d}")
    financial_year = 2016
    budget = Decimal("72000")
    funder = factory.SubFactory(OrganisationFactory, name="Cheshire East Council")
    route = Fund.Route.DIRECT


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    fund = factory.SubFactory(FundFactory)
    recipient_organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Award {n:03d}")
    amount = Decimal("8000")
    start_date = datetime.date(2016, 4, 1)
    end_date = datetime.date(2017, 3, 31)
    monitoring_frequency = Award.Frequency.QUARTERLY


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    award = factory.SubFactory(AwardFactory)
    due_date = datetime.date(2016, 5, 1)
    amount = Decimal("1000")


class ReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringReturn

    award = factory.SubFactory(AwardFactory)
    period_end = factory.Sequence(lambda n: datetime.date(2016, 6, 30) + datetime.timedelta(n))
    due_date = factory.LazyAttribute(lambda r: r.period_end + datetime.timedelta(days=28))


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PBRound

    name = factory.Sequence(lambda n: f"Round {n:03d}")
    fund = factory.SubFactory(FundFactory, route=Fund.Route.PARTICIPATORY, budget=Decimal("400000"))
    area_board = factory.SubFactory(PartnershipFactory, kind="area_board")
    budget = Decimal("100")
    voting_opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    voting_closes = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    rule = PBRound.Rule.KNAPSACK


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PBProject

    round = factory.SubFactory(RoundFactory)
    title = factory.Sequence(lambda n: f"Project {n:03d}")
    cost = Decimal("10")
    ward = "Crewe Central"
    eligible = True
