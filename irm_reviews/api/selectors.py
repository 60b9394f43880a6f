"""Reads of IRM reviews for the API: the public sees published assessments; IRM staff also
see their work in progress."""

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When

from commitments.permissions import is_irm_staff

from ..models import CommitmentAssessment, CycleState, ReviewCycle


def sees_unpublished_reviews(user) -> bool:
    return is_irm_staff(user) or (user.is_authenticated and user.is_staff)


def review_cycle_api_list(user) -> QuerySet[ReviewCycle]:
    """Every review cycle (the IRM's schedule is public), with `public_narrative`: the report
    summary once published, and always for IRM staff."""
    narrative: F | Case
    if sees_unpublished_reviews(user):
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
    visible = Q() if sees_unpublished_reviews(user) else Q(cycle__state=CycleState.PUBLISHED)
    return (
        CommitmentAssessment.objects.filter(visible)
        .select_related("cycle__plan__member", "commitment")
        .order_by("cycle_id", "commitment__position", "commitment_id", "id")
    )
