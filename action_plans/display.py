"""What pages show about action plans that is not a query."""

import dataclasses
from collections.abc import Iterable

from .models import ActionPlan, PlanStatus


@dataclasses.dataclass(frozen=True)
class SubmissionRecord:
    """A member's record against its plans' submission deadlines (DOMAIN.md, "The action plan
    cycle"): the plans that missed theirs, newest first, and whether two consecutive cycles
    did, which is acting contrary to process (two consecutive cycles of that lead to a
    procedural review)."""

    missed: list[ActionPlan]
    consecutive: tuple[ActionPlan, ActionPlan] | None

    @property
    def is_flagged(self) -> bool:
        return bool(self.missed)

    @property
    def is_acting_contrary_to_process(self) -> bool:
        return self.consecutive is not None


def submission_record(plans: Iterable[ActionPlan]) -> SubmissionRecord:
    """From the member's plans (as the member page lists them, no further query): the missed
    deadlines and the latest two consecutive cycles (by plan number) that both missed one."""
    cycles = sorted(
        (plan for plan in plans if plan.status != PlanStatus.WITHDRAWN),
        key=lambda plan: plan.number,
        reverse=True,
    )
    missed = [plan for plan in cycles if plan.missed_submission_deadline]
    consecutive = next(
        (
            (newer, older)
            for newer, older in zip(cycles, cycles[1:], strict=False)
            if newer.missed_submission_deadline and older.missed_submission_deadline
        ),
        None,
    )
    return SubmissionRecord(missed=missed, consecutive=consecutive)
