"""Template filters for the IRM's findings."""

from django import template

from ..display import assessment_ratings
from ..models import CommitmentAssessment
from ..permissions import can_see_unpublished_reviews

register = template.Library()


@register.filter
def irm_ratings(assessment: CommitmentAssessment) -> list[tuple[str, str]]:
    """(label, value) of each rating the report gave."""
    return assessment_ratings(assessment)


@register.filter
def uses_irm_workspace(user) -> bool:
    """Whether the header links to the IRM workspace (irm_reviews.permissions)."""
    return can_see_unpublished_reviews(user)
