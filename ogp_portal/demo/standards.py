"""The IRM's own findings on the co-creation standards in the demo: on Morocco's submitted plan,
whose Action Plan Review is scheduled, `irm.staff` has recorded two findings and can record
the others (or revise these) from the plan page."""

from __future__ import annotations

from action_plans.models import ActionPlan
from irm_reviews.models import ReviewAssignment, StandardsFinding
from irm_reviews.standards import plan_standards_check
from irm_reviews.standards_findings import standards_finding_record, standards_review_cycle
from members.models import User

from .seeder import DemoSeeder

_FINDINGS = (
    (
        "1.1",
        "met",
        "The forum met four times in the year before submission; its minutes and rules are "
        "on the repository (the portal records only its latest meetings).",
    ),
    (
        "3.3",
        "not_met",
        "No public consultation or other way to collect input is documented for this plan.",
    ),
)


def standards_findings_seed(seeder: DemoSeeder, plan: ActionPlan, irm: User | None) -> None:
    """Once: two of the IRM's findings on the plan's Action Plan Review."""
    cycle = standards_review_cycle(plan)
    if irm is None or cycle is None or StandardsFinding.objects.filter(cycle=cycle).exists():
        return
    # The IRM records findings in a review it is assigned to (irm_reviews.permissions).
    ReviewAssignment.objects.get_or_create(cycle=cycle, researcher=irm)
    codes = plan_standards_check(plan).codes
    for requirement, verdict, justification in _FINDINGS:
        standards_finding_record(
            user=irm,
            cycle=cycle,
            requirement=requirement,
            requirements=codes,
            verdict=verdict,
            justification=justification,
        )
        seeder.created[StandardsFinding._meta.verbose_name_plural] += 1
