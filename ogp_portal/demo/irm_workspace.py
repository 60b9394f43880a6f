"""The IRM workspace's demo: an open Action Plan Review assigned by the Support Unit to the
demo IRM researcher, due soon, with some commitments assessed (two of them as a cluster) and
some still missing; and the researcher also assigned to the open Results Report."""

from __future__ import annotations

import datetime

from action_plans.models import ActionPlan
from irm_reviews.assignments import (
    cluster_assessment_save,
    cluster_create,
    review_assignment_create,
)
from irm_reviews.models import CycleState, ReviewAssignment, ReviewCycle, ReviewKind
from irm_reviews.services import assessment_save
from members.models import Member, User

from .forums import SELF_ASSESSMENT_TITLE
from .seeder import DemoSeeder, latest_imported_plan, member_document_links

# Members whose latest plan gets the open Action Plan Review, first that fits.
REVIEWED_MEMBERS = ("MKD", "GHA", "UKR")
MIN_COMMITMENTS = 4


def _plan_to_review(members: dict[str, Member]) -> ActionPlan | None:
    for code in REVIEWED_MEMBERS:
        plan = latest_imported_plan(members[code]) if code in members else None
        if plan is not None and plan.commitments.count() >= MIN_COMMITMENTS:
            return plan
    return None


def _assign(seeder: DemoSeeder, cycle: ReviewCycle, researcher: User, support: User) -> None:
    if not ReviewAssignment.objects.filter(cycle=cycle, researcher=researcher).exists():
        review_assignment_create(user=support, cycle=cycle, researcher=researcher)
        seeder.created[ReviewAssignment._meta.verbose_name_plural] += 1


def irm_workspace_seed(
    seeder: DemoSeeder, members: dict[str, Member], users: dict[str, User]
) -> None:
    researcher, support = users["irm.staff"], users["support.unit"]
    plan = _plan_to_review(members)
    if plan is not None:
        cycle = ReviewCycle.objects.filter(plan=plan, kind=ReviewKind.ACTION_PLAN_REVIEW).first()
        if cycle is None:
            cycle = ReviewCycle.objects.create(
                plan=plan,
                kind=ReviewKind.ACTION_PLAN_REVIEW,
                state=CycleState.OPEN,
                opens_on=seeder.today - datetime.timedelta(days=75),
                due_on=seeder.today + datetime.timedelta(days=12),
                narrative="The IRM is reviewing the design of the plan's commitments.",
            )
            seeder.created[ReviewCycle._meta.verbose_name_plural] += 1
            _assign(seeder, cycle, researcher, support)
            _assessments_seed(seeder, cycle, researcher)
        _assign(seeder, cycle, researcher, support)
    results = ReviewCycle.objects.filter(
        plan__ogp_id="AP_UKR06", kind=ReviewKind.RESULTS_REPORT, state=CycleState.OPEN
    ).first()
    if results is not None:
        _assign(seeder, results, researcher, support)


def _assessments_seed(seeder: DemoSeeder, cycle: ReviewCycle, researcher: User) -> None:
    """The first commitment fully assessed, the next two as a cluster, the fourth begun (only
    verifiable), the rest not started: the workspace then lists what is missing."""
    commitments = list(cycle.plan.commitments.order_by("position", "pk"))
    first, *rest = commitments
    assessment_save(
        user=researcher,
        cycle=cycle,
        commitment=first,
        values={
            "verifiable": "yes",
            "open_government_lens": True,
            "potential_for_results": "substantial",
            "is_promising": True,
            "justifications": {
                "potential_for_results": "Binding deadlines and a public register change "
                "how the institution works."
            },
            "evidence_links": member_document_links(cycle.plan.member, SELF_ASSESSMENT_TITLE),
            "narrative": "A verifiable commitment with a clear open-government lens.",
        },
    )
    cluster = cluster_create(
        user=researcher, cycle=cycle, name="Open parliament and legislation", commitments=rest[:2]
    )
    cluster_assessment_save(
        user=researcher,
        cluster=cluster,
        version=cluster.version,
        values={
            "verifiable": "yes",
            "open_government_lens": True,
            "potential_for_results": "modest",
            "is_promising": False,
            "narrative": "Assessed together: both open the legislative process to the public.",
        },
    )
    assessment_save(user=researcher, cycle=cycle, commitment=rest[2], values={"verifiable": "yes"})
    seeder.created["commitment assessments"] += 3
