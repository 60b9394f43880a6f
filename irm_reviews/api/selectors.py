"""Reads of IRM reviews for the API, ordered and prefetched as its serializers need them;
visibility is irm_reviews.selectors' (the public sees published work, those who may also the
work in progress)."""

from django.db.models import QuerySet

from ..models import AssessmentErratum, CommitmentAssessment, ReviewComment, ReviewCycle
from ..permissions import review_drafts_readable_by
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
        .prefetch_related("errata")
        .order_by("cycle_id", "commitment__position", "commitment_id", "id")
    )


def review_comment_api_list(user) -> QuerySet[ReviewComment]:
    """The comments of the reviews whose draft the user reads (the review page's rule,
    irm_reviews.permissions.review_drafts_readable_by)."""
    return (
        ReviewComment.objects.filter(
            cycle__in=ReviewCycle.objects.filter(review_drafts_readable_by(user))
        )
        .select_related("cycle__plan__member", "commitment", "author", "answered_by")
        .order_by("cycle_id", "created_at", "id")
    )


def erratum_api_list(user) -> QuerySet[AssessmentErratum]:
    """Errata correct published reports: public, as the assessments they correct are."""
    return (
        AssessmentErratum.objects.filter(assessment__in=assessment_list_visible(user))
        .select_related("assessment__cycle", "assessment__commitment", "author")
        .order_by("assessment_id", "created_at", "id")
    )
