"""A plan in co-creation and the people of its forum, for the co-editing tests (the fixtures
are in conftest.py)."""

import datetime

from action_plans.models import PlanStatus
from members.models import Role, Sector
from tests.action_plans.factories import ActionPlanFactory
from tests.members.factories import (
    ForumSeatFactory,
    MemberFactory,
    MultiStakeholderForumFactory,
    UserFactory,
)


def plan_in_co_creation(member=None):
    return ActionPlanFactory(
        member=member or MemberFactory(),
        status=PlanStatus.CO_CREATION,
        submitted_on=None,
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2028, 12, 31),
    )


def forum_member(member, sector=Sector.CIVIL_SOCIETY, **seat):
    role = Role.CIVIL_SOCIETY if sector == Sector.CIVIL_SOCIETY else Role.GOVERNMENT_OFFICIAL
    user = UserFactory(role=role, member=member)
    forum = MultiStakeholderForumFactory._meta.model.objects.filter(member=member).first()
    ForumSeatFactory(
        forum=forum or MultiStakeholderForumFactory(member=member),
        user=user,
        sector=sector,
        joined_on=datetime.date(2020, 1, 1),
        **seat,
    )
    return user
