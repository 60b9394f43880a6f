import datetime

import factory
from factory.django import DjangoModelFactory

from irm_reviews.models import CommitmentAssessment, ReviewCycle
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory


class ReviewCycleFactory(DjangoModelFactory):
    class Meta:
        model = ReviewCycle

    plan = factory.SubFactory(ActionPlanFactory)
    kind = ReviewCycle.Kind.ACTION_PLAN_REVIEW
    opens_on = datetime.date(2024, 1, 1)
    due_on = datetime.date(2024, 5, 1)
    state = ReviewCycle.State.OPEN


class CommitmentAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = CommitmentAssessment

    cycle = factory.SubFactory(ReviewCycleFactory)
    commitment = factory.SubFactory(CommitmentFactory, plan=factory.SelfAttribute("..cycle.plan"))
    verifiable = "yes"
    open_government_lens = True
    potential_for_results = "modest"


class ScheduledReviewCycleFactory(ReviewCycleFactory):
    """An IRM review waiting for its opening date."""

    state = ReviewCycle.State.SCHEDULED
