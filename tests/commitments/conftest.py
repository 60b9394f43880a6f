"""Fixtures of the co-editing tests: a plan in co-creation, its forum members, a draft."""

import pytest

from commitments import drafting
from members.models import Role
from tests.members.factories import UserFactory

from .drafting_fixtures import forum_member, plan_in_co_creation


@pytest.fixture
def plan(db):
    return plan_in_co_creation()


@pytest.fixture
def official(plan):
    return UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=plan.member)


@pytest.fixture
def activist(plan):
    return forum_member(plan.member)


@pytest.fixture
def draft(plan, official):
    return drafting.commitment_create(
        user=official,
        plan=plan,
        values={"title": "Open budget data", "problem": "Budgets are PDFs.", "theme": "Budget"},
        milestones=[
            drafting.MilestoneDraft("Publish the 2027 budget as CSV"),
            drafting.MilestoneDraft("Hold two public hearings"),
        ],
    )
