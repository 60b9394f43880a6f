"""A realistic data set of a few hundred rows for the query-count tests of list and detail
pages: several members and plans, each commitment with milestones, progress from every source
and an IRM assessment in a published report."""

import datetime

from commitments.models import Commitment, Completion, Milestone, ProgressSource, ProgressUpdate
from irm_reviews.models import CommitmentAssessment, ReviewCycle
from irm_reviews.services import commitment_completion_refresh
from tests.action_plans.factories import ActionPlanFactory, CoCreationStepFactory
from tests.commitments.factories import PolicyAreaFactory
from tests.irm_reviews.factories import ReviewCycleFactory
from tests.members.factories import MemberFactory

LEVELS = [Completion.COMPLETE, Completion.SUBSTANTIAL, Completion.LIMITED, Completion.NOT_STARTED]


def build_many_commitments(members: int = 5, plans_per_member: int = 2, per_plan: int = 30):
    """members × plans_per_member published plans of per_plan commitments each (300 by
    default), returned as the list of plans."""
    area = PolicyAreaFactory(name="Open Parliaments", slug="open-parliaments")
    plans = []
    serial = 0
    for m in range(members):
        member = MemberFactory(name=f"Bulk member {m}", slug=f"bulk-member-{m}")
        for p in range(plans_per_member):
            plan = ActionPlanFactory(
                member=member,
                number=p + 1,
                period_start=datetime.date(2020 + 2 * p, 1, 1),
                period_end=datetime.date(2021 + 2 * p, 12, 31),
            )
            CoCreationStepFactory(plan=plan)
            cycle = ReviewCycleFactory(
                plan=plan,
                kind=ReviewCycle.Kind.RESULTS_REPORT,
                state=ReviewCycle.State.PUBLISHED,
                published_on=datetime.date(2022 + 2 * p, 5, 1),
            )
            commitments = []
            for c in range(per_plan):
                serial += 1
                commitments.append(
                    Commitment(
                        plan=plan,
                        ogp_id=f"BK{serial:04d}",
                        number=str(c + 1),
                        position=c + 1,
                        title=f"Bulk commitment {serial} on open parliamentary data",
                        description="Publish every bill and amendment as open data.",
                        publication_state=Commitment.PublicationState.PUBLISHED,
                        is_access_to_information=True,
                    )
                )
            Commitment.objects.bulk_create(commitments)
            milestones, updates, assessments, tags = [], [], [], []
            for i, commitment in enumerate(commitments):
                tags.append(Commitment.policy_areas.through(commitment=commitment, policyarea=area))
                for n in (1, 2):
                    milestones.append(
                        Milestone(
                            commitment=commitment,
                            number=n,
                            description=f"Milestone {n}",
                            end_date=datetime.date(2021, 6, 30),
                            completion=LEVELS[(i + n) % 4],
                        )
                    )
                for source in ProgressSource:
                    updates.append(
                        ProgressUpdate(
                            commitment=commitment,
                            source=source,
                            reported_on=datetime.date(2021, 7, 1),
                            completion=LEVELS[i % 4],
                            text="Progress so far.",
                        )
                    )
                assessments.append(
                    CommitmentAssessment(
                        cycle=cycle,
                        commitment=commitment,
                        completion=LEVELS[(i + 1) % 4],
                        early_results="moderate",
                    )
                )
            Commitment.policy_areas.through.objects.bulk_create(tags)
            Milestone.objects.bulk_create(milestones)
            ProgressUpdate.objects.bulk_create(updates)
            CommitmentAssessment.objects.bulk_create(assessments)
            plans.append(plan)
    commitment_completion_refresh(Commitment.objects.filter(plan__in=plans))
    return plans
