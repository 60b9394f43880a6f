"""A large generated data set for the benchmark: members, plans, published commitments with
milestones and policy areas, built with bulk_create (no signals, no history rows)."""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from action_plans.models import ActionPlan
from commitments.models import Commitment, Completion, Milestone, PolicyArea
from members.models import Member, Region

BATCH = 5000
TEXT = (
    "Publish every bill, amendment and committee vote as open data within 24 hours, with a "
    "public calendar of hearings and a channel for citizens to comment on drafts. "
)


@dataclass(frozen=True)
class Size:
    members: int
    plans_per_member: int
    commitments_per_plan: int
    milestones_per_commitment: int

    @property
    def commitments(self) -> int:
        return self.members * self.plans_per_member * self.commitments_per_plan


LARGE = Size(members=200, plans_per_member=3, commitments_per_plan=50, milestones_per_commitment=3)


def is_built(size: Size) -> bool:
    return (
        Member.objects.count() == size.members
        and Commitment.objects.count() == size.commitments
        and Milestone.objects.count() == size.commitments * size.milestones_per_commitment
    )


@transaction.atomic
def build(size: Size, seed: int = 2011) -> None:
    """Fill an empty database (or one built with another size, which is emptied first)."""
    rng = random.Random(seed)
    Milestone.objects.all().delete()
    Commitment.policy_areas.through.objects.all().delete()
    Commitment.objects.all().delete()
    ActionPlan.objects.all().delete()
    Member.objects.all().delete()
    areas = [
        PolicyArea.objects.get_or_create(slug=f"bench-area-{n}", defaults={"name": f"Area {n}"})[0]
        for n in range(10)
    ]
    regions = list(Region.values)
    members = Member.objects.bulk_create(
        Member(
            name=f"Bench member {m:03d}",
            slug=f"bench-member-{m:03d}",
            ogp_code=f"B{m:03d}",
            country_code=f"{chr(65 + m // 26 % 26)}{chr(65 + m % 26)}",
            region=regions[m % len(regions)],
            year_joined=2011 + m % 12,
        )
        for m in range(size.members)
    )
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(
            member=member,
            ogp_id=f"AP_B{m:03d}{p + 1:02d}",
            number=p + 1,
            title=f"Action plan {p + 1}",
            period_start=datetime.date(2016 + 2 * p, 1, 1),
            period_end=datetime.date(2017 + 2 * p, 12, 31),
            status=ActionPlan.Status.IMPLEMENTATION,
        )
        for m, member in enumerate(members)
        for p in range(size.plans_per_member)
    )
    commitments = []
    for plan_index, plan in enumerate(plans):
        for c in range(size.commitments_per_plan):
            n = plan_index * size.commitments_per_plan + c
            commitments.append(
                Commitment(
                    plan=plan,
                    ogp_id=f"BN{n:06d}",
                    number=str(c + 1),
                    position=c + 1,
                    title=f"Open parliamentary data, commitment {n}",
                    short_title="Open parliamentary data",
                    problem=TEXT,
                    description=TEXT * 2,
                    lead_agency="National Assembly",
                    is_access_to_information=True,
                    is_civic_participation=bool(n % 2),
                    start_date=plan.period_start,
                    end_date=plan.period_end,
                    publication_state=Commitment.PublicationState.PUBLISHED,
                )
            )
    commitments = Commitment.objects.bulk_create(commitments, batch_size=BATCH)
    completions = list(Completion.values)
    Milestone.objects.bulk_create(
        (
            Milestone(
                commitment=commitment,
                number=k + 1,
                description=f"Milestone {k + 1}: publish the legislative calendar online.",
                expected_output="A public calendar, updated weekly.",
                start_date=commitment.start_date,
                end_date=commitment.end_date,
                completion=rng.choice(completions[:5]),
            )
            for commitment in commitments
            for k in range(size.milestones_per_commitment)
        ),
        batch_size=BATCH,
    )
    Through = Commitment.policy_areas.through
    Through.objects.bulk_create(
        (
            Through(commitment_id=commitment.pk, policyarea_id=area.pk)
            for commitment in commitments
            for area in rng.sample(areas, 2)
        ),
        batch_size=BATCH,
    )
