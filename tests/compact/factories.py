import datetime

import factory

from compact.models import (
    Assessment,
    AssessmentRound,
    Breach,
    Code,
    Commitment,
    Compact,
    Consultation,
    Endorsement,
    HandbookSection,
    Rating,
    SectionVersion,
)

from ..partnerships.factories import OrganisationFactory


class CompactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compact
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Compact {n:03d}")
    area = "Cheshire West and Chester"
    status = Compact.Status.ADOPTED
    adopted_date = datetime.date(2009, 7, 30)
    version = "2009"


class CodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Code

    compact = factory.SubFactory(CompactFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Code {n}")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    code = factory.SubFactory(CodeFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Commitment text {n}")
    whose = Commitment.Whose.SHARED


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endorsement

    compact = factory.SubFactory(CompactFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    version = factory.LazyAttribute(lambda e: e.compact.version)
    endorsed_on = datetime.date(2009, 7, 30)
    endorsed_by = "Cabinet"


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    compact = factory.SubFactory(CompactFactory)
    title = factory.Sequence(lambda n: f"Consultation {n:03d}")
    owner = "Priya Shah"
    start_date = datetime.date(2009, 9, 7)
    end_date = datetime.date(2009, 12, 7)  # 13 weeks


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentRound

    compact = factory.SubFactory(CompactFactory)
    title = factory.Sequence(lambda n: f"Self-assessment {n:03d}")
    period_start = datetime.date(2009, 8, 1)
    period_end = datetime.date(2010, 3, 31)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    round = factory.SubFactory(RoundFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    assessment = factory.SubFactory(AssessmentFactory)
    commitment = factory.SubFactory(CommitmentFactory)
    value = Rating.Value.MET
    evidence = "Shown in the annual report."


class BreachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Breach

    compact = factory.LazyAttribute(lambda b: b.commitment.code.compact)
    commitment = factory.SubFactory(CommitmentFactory)
    raised_by = factory.SubFactory(OrganisationFactory)
    against = factory.SubFactory(OrganisationFactory)
    what_happened = "Funding was cut with four weeks' notice."
    raised_on = datetime.date(2009, 10, 12)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandbookSection
        django_get_or_create = ("title",)

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Section {n:03d}")


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionVersion

    section = factory.SubFactory(SectionFactory)
    number = factory.Sequence(lambda n: n + 1)
    content = "<p>Partners share information lawfully.</p>"
