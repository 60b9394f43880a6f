"""A plan in co-creation that is ready for submission, and the people around it, for the plan
workflow tests."""

import datetime

import pytest

from commitments.models import PublicConsultation
from members.models import Role, Sector
from tests.members.factories import (
    ForumSeatFactory,
    MemberFactory,
    MultiStakeholderForumFactory,
    OrganizationFactory,
    UserFactory,
)

from .drafting_fixtures import plan_in_co_creation
from .factories import CommitmentFactory, MilestoneFactory

TODAY = datetime.date(2026, 12, 1)
ROLES = [
    "point_of_contact",
    "civil_society_co_chair",
    "government_co_chair",
    "forum_member",
    "other_members_official",
    "irm_staff",
    "support_unit",
    "anonymous",
]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC), tick=False)


def ready_plan(member=None):
    """A plan in co-creation (2027-2028) with one draft commitment that meets every submission
    precondition, after a public consultation that closed with no input left unanswered."""
    plan = plan_in_co_creation(member)
    PublicConsultation.objects.create(
        plan=plan,
        opens_on=datetime.date(2026, 10, 1),
        closes_on=datetime.date(2026, 11, 15),
        introduction="Tell us what the plan should promise.",
    )
    commitment = CommitmentFactory(
        plan=plan,
        ogp_id=None,
        number="1",
        publication_state="draft",
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2028, 6, 30),
    )
    MilestoneFactory(
        commitment=commitment,
        number=1,
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 6, 30),
    )
    return plan


def person(role: str, member):
    """A user of the given test role for the member's plan (None for anonymous)."""
    forum = MultiStakeholderForumFactory._meta.model.objects.filter(member=member).first()
    forum = forum or MultiStakeholderForumFactory(member=member, name=f"{member.name} OGP Forum")
    if role == "point_of_contact":
        return UserFactory(
            role=Role.POINT_OF_CONTACT,
            member=member,
            organization=OrganizationFactory(member=member),
        )
    if role in ("civil_society_co_chair", "government_co_chair", "forum_member"):
        government = role == "government_co_chair"
        user = UserFactory(
            role=Role.GOVERNMENT_OFFICIAL if government else Role.CIVIL_SOCIETY, member=member
        )
        ForumSeatFactory(
            forum=forum,
            user=user,
            person_name=user.get_full_name(),
            sector=Sector.GOVERNMENT if government else Sector.CIVIL_SOCIETY,
            is_co_chair=role != "forum_member",
            organization=OrganizationFactory(member=member, kind="civil_society")
            if not government
            else None,
            joined_on=datetime.date(2020, 1, 1),
        )
        return user
    if role == "other_members_official":
        return UserFactory(role=Role.POINT_OF_CONTACT, member=MemberFactory())
    if role == "irm_staff":
        return UserFactory(role=Role.IRM_STAFF, member=None)
    if role == "support_unit":
        return UserFactory(role=Role.SUPPORT_UNIT, member=None)
    assert role == "anonymous"
    return None
