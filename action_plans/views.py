from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commitments.models import Completion
from commitments.selectors import completion_breakdown, completion_label

from . import selectors


def plan_detail(request: HttpRequest, member_slug: str, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_detail(member_slug, pk)
    commitments = list(selectors.plan_commitments(plan, request.user))
    levels: dict[str, int] = {}
    for commitment in commitments:
        levels[commitment.completion_level] = levels.get(commitment.completion_level, 0) + 1
        commitment.completion_label = completion_label(commitment.completion_level)
        milestones = commitment.milestones.all()
        commitment.milestones_total = len(milestones)
        commitment.milestones_done = sum(
            1 for m in milestones if m.completion == Completion.COMPLETE
        )
    return render(
        request,
        "action_plans/plan_detail.html",
        {
            "plan": plan,
            "member": plan.member,
            "commitments": commitments,
            "completion": completion_breakdown(levels),
            "published_count": sum(
                1 for c in commitments if c.publication_state == c.PublicationState.PUBLISHED
            ),
        },
    )
