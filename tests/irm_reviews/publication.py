"""A review with its people, for the tests of comments, answers, errata and results: the
member's point of contact, a civil-society forum member (a current seat), another signed-in
person, the IRM researcher assigned to the review, one who is not, and the Support Unit."""

import datetime
from dataclasses import dataclass

from irm_reviews.models import CommitmentAssessment, ReviewAssignment, ReviewCycle
from members.models import Role, User
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory
from tests.members.factories import ForumSeatFactory, MemberFactory, UserFactory

from .factories import CommitmentAssessmentFactory, ReviewCycleFactory


@dataclass
class ReviewPeople:
    cycle: ReviewCycle
    assessments: list[CommitmentAssessment]
    point_of_contact: User
    forum_member: User
    other: User
    irm: User
    support_unit: User
    unassigned_irm: User

    def by_name(self, name: str):
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser() if name == "anonymous" else getattr(self, name)


def review_with_people(
    state: str = ReviewCycle.State.PRE_PUBLICATION,
    kind: str = ReviewCycle.Kind.ACTION_PLAN_REVIEW,
    levels: tuple[dict, ...] = ({"potential_for_results": "substantial", "is_promising": True},),
) -> ReviewPeople:
    member = MemberFactory()
    plan = ActionPlanFactory(member=member)
    published_on = datetime.date(2026, 10, 1) if state == ReviewCycle.State.PUBLISHED else None
    cycle = ReviewCycleFactory(plan=plan, kind=kind, state=state, published_on=published_on)
    assessments = []
    for values in levels:
        commitment = CommitmentFactory(plan=plan)
        if kind != ReviewCycle.Kind.ACTION_PLAN_REVIEW:
            values = {
                "verifiable": "",
                "open_government_lens": None,
                "potential_for_results": "",
                **values,
            }
        assessments.append(
            CommitmentAssessmentFactory(cycle=cycle, commitment=commitment, **values)
        )
    poc = UserFactory(role=Role.POINT_OF_CONTACT, member=member)
    other_member = MemberFactory()
    forum_member = UserFactory(role=Role.CIVIL_SOCIETY, member=other_member)
    ForumSeatFactory(forum__member=member, user=forum_member)
    irm = UserFactory(role=Role.IRM_STAFF, member=None)
    # The researcher who answers is the one assigned to the review (irm_reviews.permissions).
    ReviewAssignment.objects.create(cycle=cycle, researcher=irm)
    return ReviewPeople(
        cycle=cycle,
        assessments=assessments,
        point_of_contact=poc,
        forum_member=forum_member,
        other=UserFactory(role=Role.CIVIL_SOCIETY, member=other_member),
        irm=irm,
        support_unit=UserFactory(role=Role.SUPPORT_UNIT, member=None),
        unassigned_irm=UserFactory(role=Role.IRM_STAFF, member=None),
    )
