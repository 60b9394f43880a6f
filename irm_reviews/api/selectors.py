"""Reads of IRM reviews for the API: the public sees published assessments; those who may
(irm_reviews.permissions.can_see_unpublished_reviews) also see the work in progress."""

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When

from ..models import CommitmentAssessment, CycleState, ReviewCycle
from ..permissions import can_see_unpublished_reviews


def review_cycle_api_list(user) -> QuerySet[ReviewCycle]:
    """Every review cycle (the IRM's schedule is public), with `public_narrative`: the report
    summary once published, and always for those who see unpublished reviews."""
    narrative: F | Case
    if can_see_unpublished_reviews(user):
        narrative = F("narrative")
    else:
        narrative = Case(
            When(state=CycleState.PUBLISHED, then=F("narrative")),
            default=Value(""),
            output_field=CharField(),
        )
    return (
        ReviewCycle.objects.select_related("plan__member")
        .annotate(public_narrative=narrative)
        .order_by("plan__member__name", "plan__number", "opens_on", "id")
    )


def assessment_api_list(user) -> QuerySet[CommitmentAssessment]:
    visible = Q() if can_see_unpublished_reviews(user) else Q(cycle__state=CycleState.PUBLISHED)
    return (
        CommitmentAssessment.objects.filter(visible)
        .select_related("cycle__plan__member", "commitment")
        .order_by("cycle_id", "commitment__position", "commitment_id", "id")
    )
