"""Reads of IRM reviews for the API, ordered and prefetched as its serializers need them;
visibility is irm_reviews.selectors' (the public sees published work, those who may also the
work in progress)."""

from django.db.models import QuerySet

from ..models import CommitmentAssessment, ReviewCycle
from ..selectors import assessment_list_visible, review_cycle_list_visible


def review_cycle_api_list(user) -> QuerySet[ReviewCycle]:
    """Every review cycle, with `public_narrative` as the user may read it."""
    return (
        review_cycle_list_visible(user)
        .select_related("plan__member")
        .order_by("plan__member__name", "plan__number", "opens_on", "id")
    )


def assessment_api_list(user) -> QuerySet[CommitmentAssessment]:
    return (
        assessment_list_visible(user)
        .select_related("cycle__plan__member", "commitment")
        .order_by("cycle_id", "commitment__position", "commitment_id", "id")
    )
