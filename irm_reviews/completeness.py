"""Which indicators each kind of IRM report requires of every commitment before the draft goes
to pre-publication, in the IRM's methodology (DOMAIN.md). One rule, read two ways: in Python
on one assessment (`missing_indicators`, for the form and the refusal) and as SQL
(`complete_assessment_q`, for the workspace's counts in one query)."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Field, Q

from .models import CommitmentAssessment, ReviewKind, Verifiable

# (indicator, condition): the indicator is required when the condition (field, value) holds,
# or always when it is None. A commitment that is not verifiable is not reviewable, so the
# Action Plan Review asks its other indicators of verifiable commitments only.
_WHEN_VERIFIABLE = ("verifiable", Verifiable.YES.value)
REQUIRED_INDICATORS: dict[str, tuple[tuple[str, tuple[str, Any] | None], ...]] = {
    ReviewKind.ACTION_PLAN_REVIEW: (
        ("verifiable", None),
        ("open_government_lens", _WHEN_VERIFIABLE),
        ("potential_for_results", _WHEN_VERIFIABLE),
        ("is_promising", _WHEN_VERIFIABLE),
    ),
    ReviewKind.RESULTS_REPORT: (("completion", None), ("early_results", None)),
    ReviewKind.PROGRESS_REPORT: (
        ("specificity", None),
        ("is_relevant_access_to_information", None),
        ("is_relevant_civic_participation", None),
        ("is_relevant_public_accountability", None),
        ("is_relevant_technology", None),
        ("potential_impact", None),
        ("completion", None),
    ),
    ReviewKind.END_OF_TERM_REPORT: (("completion", None), ("did_it_open_government", None)),
}


def _is_flag(field: str) -> bool:
    model_field = CommitmentAssessment._meta.get_field(field)
    assert isinstance(model_field, Field)  # the indicators are the assessment's own columns
    return model_field.get_internal_type() == "BooleanField"


def missing_indicators(kind: str, values: Mapping[str, Any] | None) -> list[str]:
    """The required indicators that `values` (an assessment's, or None for no assessment yet)
    leaves empty, in the report's order."""
    values = values or {}
    missing = []
    for field, condition in REQUIRED_INDICATORS[ReviewKind(kind)]:
        if condition is not None and values.get(condition[0]) != condition[1]:
            continue
        if values.get(field) in ("", None):
            missing.append(field)
    return missing


def assessment_missing_indicators(kind: str, assessment: CommitmentAssessment | None) -> list[str]:
    if assessment is None:
        return missing_indicators(kind, None)
    fields = {
        name
        for field, condition in REQUIRED_INDICATORS[ReviewKind(kind)]
        for name in (field, *(condition[:1] if condition else ()))
    }
    return missing_indicators(kind, {name: getattr(assessment, name) for name in fields})


def complete_assessment_q(kind: str, prefix: str = "") -> Q:
    """The assessments (rows reached through `prefix`, such as "assessments__") that give
    every indicator `kind` requires."""
    complete = Q()
    for field, condition in REQUIRED_INDICATORS[ReviewKind(kind)]:
        present = (
            Q(**{f"{prefix}{field}__isnull": False})
            if _is_flag(field)
            else ~Q(**{f"{prefix}{field}": ""})
        )
        if condition is None:
            complete &= present
        else:
            complete &= ~Q(**{f"{prefix}{condition[0]}": condition[1]}) | present
    return complete
