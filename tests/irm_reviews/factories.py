import datetime

import factory
from factory.django import DjangoModelFactory

from commitments.models import Commitment
from irm_reviews.models import CommitmentAssessment, ReviewAssignment, ReviewCycle
from irm_reviews.services import commitment_completion_refresh
from members.models import Role
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import UserFactory


class ReviewCycleFactory(DjangoModelFactory):
    class Meta:
        model = ReviewCycle

    plan = factory.SubFactory(ActionPlanFactory)
    kind = ReviewCycle.Kind.ACTION_PLAN_REVIEW
    opens_on = datetime.date(2024, 1, 1)
    due_on = datetime.date(2024, 5, 1)
    state = ReviewCycle.State.OPEN

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            commitment_completion_refresh(Commitment.objects.filter(assessments__cycle=instance))


class CommitmentAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = CommitmentAssessment

    cycle = factory.SubFactory(ReviewCycleFactory)
    commitment = factory.SubFactory(CommitmentFactory, plan=factory.SelfAttribute("..cycle.plan"))
    verifiable = "yes"
    open_government_lens = True
    potential_for_results = "modest"

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # As irm_reviews.services does after each assessment write.
        if create:
            commitment_completion_refresh(Commitment.objects.filter(pk=instance.commitment_id))


class ScheduledReviewCycleFactory(ReviewCycleFactory):
    """An IRM review waiting for its opening date."""

    state = ReviewCycle.State.SCHEDULED


class ReviewAssignmentFactory(DjangoModelFactory):
    """An IRM researcher assigned to a review by the Support Unit."""

    class Meta:
        model = ReviewAssignment

    cycle = factory.SubFactory(ReviewCycleFactory)
    researcher = factory.SubFactory(UserFactory, role=Role.IRM_STAFF, member=None)


def assigned_researcher(cycle: ReviewCycle):
    """A new IRM researcher assigned to this review."""
    return ReviewAssignmentFactory(cycle=cycle).researcher
