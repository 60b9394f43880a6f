import datetime

import factory
from factory.django import DjangoModelFactory

from commitments.completion import commitment_completion_refresh
from commitments.models import (
    Commitment,
    Completion,
    Milestone,
    PolicyArea,
    ProgressSource,
    ProgressUpdate,
)
from tests.action_plans.factories import ActionPlanFactory


class PolicyAreaFactory(DjangoModelFactory):
    class Meta:
        model = PolicyArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Policy area {n}")
    slug = factory.Sequence(lambda n: f"policy-area-{n}")


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    plan = factory.SubFactory(ActionPlanFactory)
    ogp_id = factory.Sequence(lambda n: f"ZZ{n:04d}")
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Open parliamentary data, commitment {n}")
    short_title = "Open parliamentary data"
    problem = "Citizens cannot follow how laws are drafted."
    description = "Publish every bill and amendment as open data."
    lead_agency = "National Assembly"
    is_access_to_information = True
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2025, 12, 31)
    publication_state = Commitment.PublicationState.PUBLISHED


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    number = factory.Sequence(lambda n: n + 1)
    description = "Publish the legislative calendar online."
    expected_output = "A public calendar, updated weekly."
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2024, 6, 30)


class ProgressUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    source = ProgressSource.GOVERNMENT
    reported_on = datetime.date(2024, 7, 1)
    completion = Completion.LIMITED
    text = "The first datasets are online."

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # As the services do after each progress write.
        if create:
            commitment_completion_refresh(Commitment.objects.filter(pk=instance.commitment_id))
