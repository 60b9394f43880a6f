"""A plan in co-creation with drafts, its people and an open public consultation, for the
consultation tests. Time is frozen on TODAY by the tests that use them."""

import datetime

from commitments import consultation, drafting
from members.models import Role, Sector
from tests.commitments.drafting_fixtures import forum_member, plan_in_co_creation
from tests.members.factories import MemberFactory, UserFactory

TODAY = datetime.date(2026, 12, 1)
NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


def consultation_world() -> dict:
    """The plan, its drafts, the point of contact, a government official, a civil-society
    forum member, a signed-in person of no member and an official of another member."""
    plan = plan_in_co_creation()
    member = plan.member
    people = {
        "point_of_contact": UserFactory(role=Role.POINT_OF_CONTACT, member=member),
        "official": UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=member),
        "forum_member": forum_member(member, Sector.CIVIL_SOCIETY),
        "other_signed_in": UserFactory(role="", member=None),
        "other_members_official": UserFactory(
            role=Role.GOVERNMENT_OFFICIAL, member=MemberFactory()
        ),
    }
    first = drafting.commitment_create(
        user=people["official"],
        plan=plan,
        values={
            "title": "Open budget data",
            "problem": "Budgets are published as scanned PDFs.",
            "description": "Publish the budget as open data every month.",
        },
        milestones=[drafting.MilestoneDraft("Publish the 2027 budget as CSV")],
    )
    second = drafting.commitment_create(
        user=people["official"], plan=plan, values={"title": "A lobbying register"}
    )
    return {"plan": plan, "drafts": [first, second], **people}


def opened(world: dict, opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=30)):
    return consultation.consultation_open(
        user=world["point_of_contact"],
        plan=world["plan"],
        opens_on=opens_on,
        closes_on=closes_on,
        introduction="Tell us what you think of the draft commitments.",
    )
