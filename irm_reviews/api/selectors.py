"""Reads of IRM reviews for the API, ordered and prefetched as its serializers need them;
visibility is irm_reviews.selectors' (the public sees published work, those who may also the
work in progress)."""

from django.db.models import Q, QuerySet

from members.models import ForumSeat
from members.permissions import GOVERNMENT_ROLES, is_active_user

from ..models import AssessmentErratum, CommitmentAssessment, CycleState, ReviewComment, ReviewCycle
from ..permissions import can_see_unpublished_reviews
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


def review_comment_visibility(user) -> Q:
    """The comments this user may read, as irm_reviews.permissions.can_see_review_draft says
    per report: published reports' for everyone; in public comment, for anyone signed in; in
    pre-publication, for the member's government side and forum seat holders; all for those
    who may see unpublished reviews."""
    visible = Q(cycle__state=CycleState.PUBLISHED)
    if can_see_unpublished_reviews(user):
        return Q()
    if not is_active_user(user):
        return visible
    visible |= Q(cycle__state=CycleState.PUBLIC_COMMENT)
    member_ids = set(
        ForumSeat.objects.current().filter(user=user).values_list("forum__member_id", flat=True)
    )
    if user.role in GOVERNMENT_ROLES and user.member_id is not None:
        member_ids.add(user.member_id)
    return visible | Q(
        cycle__state=CycleState.PRE_PUBLICATION, cycle__plan__member_id__in=member_ids
    )


def review_comment_api_list(user) -> QuerySet[ReviewComment]:
    return (
        ReviewComment.objects.filter(review_comment_visibility(user))
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
