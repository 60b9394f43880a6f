"""Rules that data must never break are kept by PostgreSQL itself, not only by forms."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from action_plans.models import ActionPlan
from commitments.models import Commitment
from members.models import Member, MultiStakeholderForum
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.irm_reviews.factories import CommitmentAssessmentFactory, ReviewCycleFactory
from tests.members.factories import MemberFactory, MultiStakeholderForumFactory

pytestmark = pytest.mark.django_db


def assert_refused(update):
    with pytest.raises(IntegrityError), transaction.atomic():
        update()


def test_database_refuses_plan_ending_before_it_starts():
    plan = ActionPlanFactory()
    assert_refused(
        lambda: ActionPlan.objects.filter(pk=plan.pk).update(
            period_end=plan.period_start - datetime.timedelta(days=1)
        )
    )


def test_database_refuses_second_forum_for_a_member():
    forum = MultiStakeholderForumFactory()
    assert_refused(lambda: MultiStakeholderForum.objects.create(member=forum.member, name="Again"))


def test_database_refuses_duplicate_commitment_number_in_a_plan():
    commitment = CommitmentFactory(number="3")
    assert_refused(lambda: CommitmentFactory(plan=commitment.plan, number="3"))


def test_same_commitment_number_is_fine_in_another_plan():
    commitment = CommitmentFactory(number="3")
    assert CommitmentFactory(number="3").plan != commitment.plan


def test_database_refuses_unknown_member_status():
    member = MemberFactory()
    assert_refused(lambda: Member.objects.filter(pk=member.pk).update(status="suspended"))


def test_database_refuses_unknown_plan_status():
    plan = ActionPlanFactory()
    assert_refused(lambda: ActionPlan.objects.filter(pk=plan.pk).update(status="approved"))


def test_database_refuses_commitment_ending_before_it_starts():
    commitment = CommitmentFactory()
    assert_refused(
        lambda: Commitment.objects.filter(pk=commitment.pk).update(
            end_date=datetime.date(2020, 1, 1)
        )
    )


def test_database_refuses_milestone_ending_before_it_starts():
    assert_refused(
        lambda: MilestoneFactory(
            start_date=datetime.date(2024, 6, 1), end_date=datetime.date(2024, 1, 1)
        )
    )


def test_database_refuses_duplicate_ogp_commitment_identifier():
    CommitmentFactory(ogp_id="AL0002")
    assert_refused(lambda: CommitmentFactory(ogp_id="AL0002"))


def test_database_refuses_irm_level_outside_the_methodology():
    assert_refused(lambda: CommitmentAssessmentFactory(potential_for_results="huge"))


def test_database_refuses_potential_for_results_on_unverifiable_commitment():
    assert_refused(
        lambda: CommitmentAssessmentFactory(verifiable="no", potential_for_results="modest")
    )


def test_database_refuses_second_review_of_the_same_kind_for_a_plan():
    cycle = ReviewCycleFactory()
    assert_refused(lambda: ReviewCycleFactory(plan=cycle.plan, kind=cycle.kind))


def test_database_refuses_published_review_without_date():
    assert_refused(lambda: ReviewCycleFactory(state="published", published_on=None))
