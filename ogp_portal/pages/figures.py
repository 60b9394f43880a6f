"""Reads for the home page: headline figures across members, plans, commitments and reports."""

from dataclasses import dataclass

from action_plans.models import ActionPlan, PlanStatus
from commitments.models import Commitment, Completion
from irm_reviews.selectors import completion_counts
from members.models import Member


@dataclass
class HeadlineFigures:
    members: int
    plans_in_implementation: int
    commitments: int
    completion_levels: dict[str, int]

    @property
    def commitments_with_completion(self) -> int:
        return sum(n for level, n in self.completion_levels.items() if level)

    @property
    def share_completed(self) -> float | None:
        """Complete commitments as a share of those whose completion is known."""
        known = self.commitments_with_completion
        if not known:
            return None
        return 100 * self.completion_levels.get(Completion.COMPLETE, 0) / known


def headline_figures() -> HeadlineFigures:
    """The portal's headline figures, counting published commitments only; four queries."""
    levels = completion_counts(Commitment.objects.published())
    return HeadlineFigures(
        members=Member.objects.count(),
        plans_in_implementation=ActionPlan.objects.filter(status=PlanStatus.IMPLEMENTATION).count(),
        commitments=sum(levels.values()),
        completion_levels=levels,
    )
