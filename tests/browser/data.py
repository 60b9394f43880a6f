"""A small, realistic portal for the browser tests: one member with its forum, a plan, and
commitments seen from all three sources."""

import datetime

from commitments.models import Completion, PolicyArea, ProgressSource
from irm_reviews.models import ReviewCycle
from members.models import Region, Sector
from tests.action_plans.factories import (
    ActionPlanFactory,
    CoCreationStepFactory,
    RepositoryDocumentFactory,
)
from tests.commitments.factories import (
    CommitmentFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
)
from tests.irm_reviews.factories import CommitmentAssessmentFactory, ReviewCycleFactory
from tests.members.factories import (
    ForumMeetingFactory,
    ForumSeatFactory,
    MemberFactory,
    MultiStakeholderForumFactory,
    OrganizationFactory,
)


def build_portal() -> dict:
    albania = MemberFactory(
        name="Albania", slug="albania", country_code="AL", ogp_code="ALB", region=Region.EUROPE
    )
    ghana = MemberFactory(
        name="Ghana",
        slug="ghana",
        country_code="GH",
        ogp_code="GHA",
        region=Region.AFRICA_MIDDLE_EAST,
    )
    forum = MultiStakeholderForumFactory(member=albania, name="Albania OGP Forum")
    ForumSeatFactory(
        forum=forum,
        person_name="Arta Hoxha",
        sector=Sector.GOVERNMENT,
        is_co_chair=True,
        organization=OrganizationFactory(member=albania, name="Ministry of State"),
    )
    ForumSeatFactory(
        forum=forum,
        person_name="Besnik Leka",
        sector=Sector.CIVIL_SOCIETY,
        is_co_chair=True,
        organization=OrganizationFactory(
            member=albania, name="Open Society Albania", kind="civil_society"
        ),
    )
    ForumMeetingFactory(forum=forum, held_on=datetime.date(2024, 3, 12), title="Spring meeting")
    RepositoryDocumentFactory(member=albania, title="Action plan 2024–2025")
    plan = ActionPlanFactory(member=albania, number=5, ogp_id="AP_ALB05", title="Fifth action plan")
    CoCreationStepFactory(plan=plan, title="Online consultation on the draft plan")
    parliament = PolicyArea.objects.create(name="Open Parliaments", slug="open-parliaments")
    commitment = CommitmentFactory(
        plan=plan,
        ogp_id="AL0042",
        number="1",
        title="Open parliament data portal",
        description="Publish bills, votes and amendments of the parliament as open data.",
    )
    commitment.policy_areas.add(parliament)
    CommitmentFactory(
        plan=plan,
        ogp_id="AL0043",
        number="2",
        title="Public beneficial ownership register",
        short_title="Beneficial ownership",
        description="Publish who owns the companies that win public contracts.",
    )
    MilestoneFactory(commitment=commitment, number=1, completion=Completion.COMPLETE)
    MilestoneFactory(commitment=commitment, number=2, description="Publish votes as open data.")
    for source, completion in [
        (ProgressSource.GOVERNMENT, Completion.SUBSTANTIAL),
        (ProgressSource.CIVIL_SOCIETY, Completion.LIMITED),
        (ProgressSource.IRM, Completion.SUBSTANTIAL),
    ]:
        ProgressUpdateFactory(commitment=commitment, source=source, completion=completion)
    cycle = ReviewCycleFactory(
        plan=plan,
        kind=ReviewCycle.Kind.ACTION_PLAN_REVIEW,
        state=ReviewCycle.State.PUBLISHED,
        published_on=datetime.date(2024, 6, 1),
    )
    CommitmentAssessmentFactory(cycle=cycle, commitment=commitment, is_promising=True)
    ghana_plan = ActionPlanFactory(member=ghana, number=3, ogp_id="AP_GHA03", title="Third plan")
    CommitmentFactory(
        plan=ghana_plan,
        ogp_id="GH0031",
        number="1",
        title="Parliament budget office",
        description="Open the parliament's budget hearings to the public.",
    )
    return {"member": albania, "plan": plan, "commitment": commitment}
