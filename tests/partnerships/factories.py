import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from partnerships.models import (
    Board,
    Contact,
    Contribution,
    Membership,
    Organisation,
    Partnership,
    User,
    financial_year,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partner organisation {n:03d}")
    sector = Organisation.Sector.PUBLIC
    kind = Organisation.Kind.LOCAL_AUTHORITY
    active = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Faker("name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partnership {n:03d}")
    kind = Partnership.Kind.THEMATIC
    status = Partnership.Status.ACTIVE
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Board {n:03d}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    name = factory.Faker("name", locale="en_GB")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    board = factory.SubFactory(BoardFactory)
    contact = factory.SubFactory(ContactFactory)
    role = Membership.Role.MEMBER


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    financial_year = factory.LazyFunction(lambda: financial_year(timezone.localdate()))
    cash = Decimal("1000.00")
