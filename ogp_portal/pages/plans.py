from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from action_plans.selectors import plan_get_for_detail
from commitments.consultation_selectors import consultation_summary
from commitments.display import completion_breakdown
from commitments.permissions import can_create_commitment
from commitments.plan_workflow_views import plan_workflow_context
from commitments.selectors import deleted_drafts_for
from irm_reviews.display import review_results
from irm_reviews.selectors import (
    commitment_list_for_plan,
    review_cycle_list_for_plan,
    review_results_data_for_plan,
)
from irm_reviews.standards import plan_standards_check


def plan_detail(request: HttpRequest, member_slug: str, pk: int) -> HttpResponse:
    plan = plan_get_for_detail(member_slug, pk)
    commitments = list(commitment_list_for_plan(plan, request.user))
    levels: dict[str, int] = {}
    for commitment in commitments:
        levels[commitment.completion_level] = levels.get(commitment.completion_level, 0) + 1
    return render(
        request,
        "action_plans/plan_detail.html",
        {
            "plan": plan,
            "member": plan.member,
            "commitments": commitments,
            "review_cycles": review_cycle_list_for_plan(plan),
            "consultation_summary": consultation_summary(plan),
            "standards_check": plan_standards_check(plan, viewer=request.user),
            "irm_results": review_results(*review_results_data_for_plan(plan)),
            "completion": completion_breakdown(levels),
            "can_create_commitment": can_create_commitment(request.user, plan),
            "deleted_drafts": deleted_drafts_for(request.user, plan),
            "published_count": sum(
                1 for c in commitments if c.publication_state == c.PublicationState.PUBLISHED
            ),
            **plan_workflow_context(request.user, plan),
        },
    )
