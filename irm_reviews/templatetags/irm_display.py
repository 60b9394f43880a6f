"""Template filters for the IRM's findings."""

from django import template

from ..display import assessment_ratings
from ..models import CommitmentAssessment

register = template.Library()


@register.filter
def irm_ratings(assessment: CommitmentAssessment) -> list[tuple[str, str]]:
    """(label, value) of each rating the report gave."""
    return assessment_ratings(assessment)
