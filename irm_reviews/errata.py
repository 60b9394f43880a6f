"""Errata: corrections of a published report's assessments. Publishing freezes an assessment;
a later correction is a dated erratum with a reason, for one indicator or the narrative, and
the assessment keeps its original value. The newest erratum of a field is the value in force,
which pages, charts, the comparison and the stored completion use."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from commitments.models import Commitment
from core.events import event_record

from .models import AssessmentErratum, CommitmentAssessment, ReviewKind, Verifiable
from .permissions import check_can_record_erratum
from .published_results import published_results_changed
from .services import (
    FLAG_FIELDS,
    INDICATORS_BY_KIND,
    assessment_validate,
    commitment_completion_refresh,
)

REASON_MAX_LENGTH = 2000
ERRATUM_EVENT = "review.erratum"


def value_as_text(field: str, value) -> str:
    """How an erratum stores a value: flags as "yes"/"no", no value as ""."""
    if field in FLAG_FIELDS:
        return "" if value is None else ("yes" if value else "no")
    return value or ""


def value_from_text(field: str, text: str):
    """The inverse of value_as_text: a flag's True/False/None, else the text."""
    if field in FLAG_FIELDS:
        return None if text == "" else text == "yes"
    return text


def values_corrected(errata: Iterable[AssessmentErratum]) -> dict[tuple[int, str], str]:
    """The value in force, as text, of each (assessment id, field) that errata corrected: the
    newest erratum's. The one place of that rule in Python; commitment_completion_refresh
    (irm_reviews.services) states it in SQL."""
    return {
        (erratum.assessment_id, erratum.field): erratum.corrected_value
        for erratum in sorted(errata, key=lambda e: (e.created_at, e.pk))
    }


def _current_text(assessment: CommitmentAssessment, field: str) -> str:
    corrected = values_corrected(assessment.errata.filter(field=field))
    if (assessment.pk, field) in corrected:
        return corrected[(assessment.pk, field)]
    return value_as_text(field, getattr(assessment, field))


@transaction.atomic
def assessment_erratum_record(
    *,
    user,
    assessment: CommitmentAssessment,
    field: str,
    value,
    reason: str,
    today: datetime.date,
) -> AssessmentErratum:
    """Correct one indicator (or the narrative) of a published assessment. Guarantees: the
    report is published and the user is the IRM or the Support Unit (check_can_record_erratum);
    the field is one the report assesses and the value one of its levels
    (assessment_validate); the value differs from the one in force; a reason is given. The
    assessment row is left as it was. Records `review.erratum` (also in the audit log)."""
    cycle = assessment.cycle
    check_can_record_erratum(user, cycle)
    CommitmentAssessment.objects.select_for_update().filter(pk=assessment.pk).first()
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if field not in INDICATORS_BY_KIND[ReviewKind(cycle.kind)] | {"narrative"}:
        errors["field"] = _("The %(report)s does not assess this indicator.") % {
            "report": cycle.get_kind_display()
        }
    if not reason:
        errors["reason"] = _("Say why the published value is corrected.")
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = _("At most %(limit)d characters.") % {"limit": REASON_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    try:
        cleaned = assessment_validate(cycle, {field: value})
    except ValidationError as error:
        raise ValidationError({"value": error.message_dict.get(field, error.messages)}) from None
    corrected = value_as_text(field, cleaned[field])
    original = _current_text(assessment, field)
    if corrected == original:
        raise ValidationError({"value": _("This is already the published value.")})
    other = "potential_for_results" if field == "verifiable" else "verifiable"
    if field in ("verifiable", "potential_for_results"):
        values = {field: corrected, other: _current_text(assessment, other)}
        if values["verifiable"] == Verifiable.NO and values["potential_for_results"]:
            raise ValidationError(
                {
                    "value": _(
                        "A commitment that is not verifiable is not reviewable: correct "
                        "potential for results to no value first."
                    )
                }
            )
    erratum = AssessmentErratum.objects.create(
        assessment=assessment,
        field=field,
        original_value=original,
        corrected_value=corrected,
        reason=reason,
        corrected_on=today,
        author=user,
    )
    published_results_changed()
    if field == "completion":
        commitment_completion_refresh(Commitment.objects.filter(pk=assessment.commitment_id))
    event_record(
        ERRATUM_EVENT,
        subject=erratum,
        actor=user,
        member_id=cycle.plan.member_id,
        data={
            "cycle_id": cycle.pk,
            "assessment_id": assessment.pk,
            "field": field,
            "from": original,
            "to": corrected,
        },
    )
    return erratum
