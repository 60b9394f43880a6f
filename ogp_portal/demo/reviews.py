"""IRM reports in each state before publication, with draft assessments on those that have
reached the government and the public; the import brings the published ones."""

from __future__ import annotations

import datetime

from action_plans.models import ActionPlan
from commitments.models import Completion
from irm_reviews.models import (
    CommitmentAssessment,
    CycleState,
    ReviewAssignment,
    ReviewCycle,
    ReviewKind,
)
from irm_reviews.services import assessment_save
from members.models import User

from .seeder import DemoSeeder


def review_cycles_seed(seeder: DemoSeeder, submitted: ActionPlan, irm: User) -> None:
    """One IRM report in each state before publication; the import brings published ones.
    Each sits on a plan and report that the export does not cover."""
    plans = {
        plan.ogp_id: plan
        for plan in ActionPlan.objects.filter(ogp_id__in=["AP_UKR06", "AP_ALB06", "AP_IDN07"])
    }
    cycles = [
        (submitted, ReviewKind.ACTION_PLAN_REVIEW, CycleState.SCHEDULED, 14, 134),
        (plans.get("AP_UKR06"), ReviewKind.RESULTS_REPORT, CycleState.OPEN, -21, 100),
        (
            plans.get("AP_ALB06"),
            ReviewKind.RESULTS_REPORT,
            CycleState.PRE_PUBLICATION,
            -140,
            20,
        ),
        (plans.get("AP_IDN07"), ReviewKind.RESULTS_REPORT, CycleState.PUBLIC_COMMENT, -200, 7),
    ]
    for plan, kind, state, opens, due in cycles:
        if plan is None:
            continue
        cycle = ReviewCycle.objects.filter(plan=plan, kind=kind).first()
        if cycle is None:
            cycle = ReviewCycle.objects.create(
                plan=plan,
                kind=kind,
                state=state,
                opens_on=seeder.today + datetime.timedelta(days=opens),
                due_on=seeder.today + datetime.timedelta(days=due),
                narrative=_CYCLE_NARRATIVES[state],
            )
            seeder.created[ReviewCycle._meta.verbose_name_plural] += 1
        if state in (CycleState.PRE_PUBLICATION, CycleState.PUBLIC_COMMENT):
            ReviewAssignment.objects.get_or_create(cycle=cycle, researcher=irm)
            draft_assessments_seed(seeder, cycle, irm)


def draft_assessments_seed(seeder: DemoSeeder, cycle: ReviewCycle, irm: User) -> None:
    levels = [
        (Completion.SUBSTANTIAL, "moderate"),
        (Completion.LIMITED, "no_notable_results"),
        (Completion.COMPLETE, "significant"),
    ]
    assessed = set(
        CommitmentAssessment.objects.filter(cycle=cycle).values_list("commitment_id", flat=True)
    )
    for commitment, (completion, early_results) in zip(
        cycle.plan.commitments.order_by("position"), levels, strict=False
    ):
        if commitment.pk in assessed:
            continue
        assessment_save(
            user=irm,
            cycle=cycle,
            commitment=commitment,
            values={
                "completion": completion,
                "early_results": early_results,
                "narrative": "Draft finding, open for comment before publication.",
            },
        )
        seeder.created[CommitmentAssessment._meta.verbose_name_plural] += 1


_CYCLE_NARRATIVES = {
    CycleState.SCHEDULED: "The IRM will review the plan's design once research opens.",
    CycleState.OPEN: "IRM researchers are interviewing lead agencies and civil society.",
    CycleState.PRE_PUBLICATION: "The draft report is with the government and the forum.",
    CycleState.PUBLIC_COMMENT: "The draft report is open for public comment.",
}
