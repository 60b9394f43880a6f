"""Template filters for the IRM's findings."""

from django import template

from ..display import (
    Correction,
    Rating,
    assessment_ratings,
    assessment_ratings_corrected,
    indicator_label,
    narrative_corrections,
    value_label,
)
from ..indicator_guide import METHOD_URL, indicator_meaning, scale_labels
from ..models import AssessmentErratum, CommitmentAssessment
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


@register.filter
def irm_ratings_corrected(assessment: CommitmentAssessment) -> list[Rating]:
    """Each rating with its errata beside it (assessment.errata prefetched)."""
    return assessment_ratings_corrected(assessment)


@register.filter
def irm_narrative_corrections(assessment: CommitmentAssessment) -> list[Correction]:
    return narrative_corrections(assessment)


@register.filter
def irm_indicator_label(field: str) -> str:
    return indicator_label(field)


@register.filter
def irm_erratum_original(erratum: AssessmentErratum) -> str:
    return value_label(erratum.field, erratum.original_value)


@register.filter
def irm_erratum_corrected(erratum: AssessmentErratum) -> str:
    return value_label(erratum.field, erratum.corrected_value)


@register.simple_tag
def irm_method_url() -> str:
    """The IRM's page on its method (irm_reviews.indicator_guide)."""
    return METHOD_URL


@register.filter
def irm_indicator_meaning(field: str) -> str:
    return indicator_meaning(field)


@register.filter
def irm_indicator_scale(field: str) -> str:
    """The indicator's ranked levels, lowest first, joined for a sentence."""
    return " · ".join(scale_labels(field))
