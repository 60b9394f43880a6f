import datetime

import factory
from factory.django import DjangoModelFactory

from action_plans.models import ActionPlan, CoCreationStep, RepositoryDocument
from tests.members.factories import MemberFactory


class ActionPlanFactory(DjangoModelFactory):
    class Meta:
        model = ActionPlan

    member = factory.SubFactory(MemberFactory)
    number = factory.Sequence(lambda n: n % 9 + 1)
    ogp_id = factory.Sequence(lambda n: f"AP_T{n:05d}")
    title = factory.LazyAttribute(lambda plan: f"Action plan {plan.number}")
    period_start = datetime.date(2024, 1, 1)
    period_end = datetime.date(2025, 12, 31)
    status = ActionPlan.Status.IMPLEMENTATION
    submitted_on = datetime.date(2023, 12, 15)


class CoCreationStepFactory(DjangoModelFactory):
    class Meta:
        model = CoCreationStep

    plan = factory.SubFactory(ActionPlanFactory)
    kind = CoCreationStep.Kind.CONSULTATION
    title = factory.Sequence(lambda n: f"Public consultation {n}")
    opens_on = datetime.date(2023, 9, 1)
    closes_on = datetime.date(2023, 9, 30)


class PlanInCoCreationFactory(ActionPlanFactory):
    """A plan still being co-created, with its submission deadline ahead."""

    status = ActionPlan.Status.CO_CREATION
    submitted_on = None
    submission_deadline = datetime.date(2025, 8, 31)


class RepositoryDocumentFactory(DjangoModelFactory):
    class Meta:
        model = RepositoryDocument

    member = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"Document {n}")
    url = factory.Sequence(lambda n: f"https://example.org/documents/{n}.pdf")
    published_on = factory.Faker("date_between", start_date="-2y", end_date="today")
