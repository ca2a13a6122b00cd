import datetime

import factory
from django.utils import timezone

from workprogramme.models import Risk, RiskAction, RiskLog, Task, WorkProgramme
from workprogramme.seed import default_matrix

from ..partnerships.factories import PartnershipFactory


class WorkProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkProgramme

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Work Programme {n:03d}")
    period_start = datetime.date(2007, 4, 1)
    period_end = datetime.date(2008, 3, 31)
    status = WorkProgramme.Status.AGREED
    matrix = factory.LazyFunction(default_matrix)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    programme = factory.SubFactory(WorkProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Key task {n + 1}")


class RiskLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskLog

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Project {n:03d}")
    matrix = factory.LazyFunction(default_matrix)
    appetite = 8


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    log = factory.SubFactory(RiskLogFactory)
    reference = factory.Sequence(lambda n: f"R{n + 1}")
    title = factory.Sequence(lambda n: f"Risk {n + 1}")
    cause = "A cause"
    effect = "An effect"
    category = Risk.Category.DELIVERY
    owner = "Head of Communities"
    inherent_likelihood = 4
    inherent_impact = 4
    residual_likelihood = 2
    residual_impact = 3
    target_likelihood = 1
    target_impact = 3
    treatment = Risk.Treatment.TREAT
    review_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class RiskActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskAction

    risk = factory.SubFactory(RiskFactory)
    description = "Do something about it"
    owner = "Someone"
