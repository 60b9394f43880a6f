"""Writes of IRM review cycles and commitment assessments."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from commitments.completion import commitment_completion_refresh as refresh_stored_completion
from commitments.models import Commitment, Completion
from core.events import event_record

from .models import (
    INDICATOR_FIELDS,
    LEGACY_KINDS,
    AssessmentErratum,
    CommitmentAssessment,
    CycleState,
    DidItOpenGovernment,
    EarlyResults,
    PotentialForResults,
    PotentialImpact,
    ReviewCycle,
    ReviewKind,
    Specificity,
    Verifiable,
)
from .permissions import check_can_assess, check_report_not_final

LEVEL_CHOICES = {
    "verifiable": Verifiable,
    "potential_for_results": PotentialForResults,
    "completion": Completion,
    "early_results": EarlyResults,
    "specificity": Specificity,
    "potential_impact": PotentialImpact,
    "did_it_open_government": DidItOpenGovernment,
}
FLAG_FIELDS = (
    "open_government_lens",
    "is_promising",
    "is_relevant_access_to_information",
    "is_relevant_civic_participation",
    "is_relevant_public_accountability",
    "is_relevant_technology",
    "is_starred",
)
# Which indicators each report records, in the IRM's methodology.
INDICATORS_BY_KIND = {
    ReviewKind.ACTION_PLAN_REVIEW: {
        "verifiable",
        "open_government_lens",
        "potential_for_results",
        "is_promising",
        "cluster",
    },
    ReviewKind.RESULTS_REPORT: {"completion", "early_results", "cluster"},
    ReviewKind.PROGRESS_REPORT: {
        "specificity",
        "verifiable",
        "is_relevant_access_to_information",
        "is_relevant_civic_participation",
        "is_relevant_public_accountability",
        "is_relevant_technology",
        "potential_impact",
        "completion",
        "is_starred",
    },
    ReviewKind.END_OF_TERM_REPORT: {"completion", "did_it_open_government", "is_starred"},
}
ASSESSMENT_FIELDS = (*INDICATOR_FIELDS, "narrative")


def assessment_validate(cycle: ReviewCycle, values: dict) -> dict:
    """Check levels against the report's methodology; return the cleaned values or raise
    ValidationError naming each bad field."""
    errors: dict[str, str] = {}
    allowed = INDICATORS_BY_KIND[ReviewKind(cycle.kind)] | {"narrative"}
    cleaned: dict = {}
    for field, value in values.items():
        if field not in ASSESSMENT_FIELDS:
            errors[field] = _("Unknown indicator.")
        elif field not in allowed and value not in ("", None):
            errors[field] = _("The %(report)s does not assess this indicator.") % {
                "report": cycle.get_kind_display()
            }
        elif field in LEVEL_CHOICES and value not in ("", None, *LEVEL_CHOICES[field].values):
            errors[field] = _("Choose one of: %(values)s.") % {
                "values": ", ".join(LEVEL_CHOICES[field].values)
            }
        elif field in FLAG_FIELDS and value not in (True, False, None):
            errors[field] = _("Must be true, false or empty.")
        else:
            cleaned[field] = "" if value is None and field not in FLAG_FIELDS else value
    if cleaned.get("verifiable") == Verifiable.NO and cleaned.get("potential_for_results"):
        errors["potential_for_results"] = _(
            "A commitment that is not verifiable is not reviewable: leave potential for results empty."
        )
    if cycle.kind in LEGACY_KINDS and cleaned.get("completion") == Completion.NO_EVIDENCE:
        errors["completion"] = _("The legacy methodology has no 'No Evidence Available' level.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def assessment_clean(cycle: ReviewCycle, commitment: Commitment, values: dict) -> dict:
    """The rules an assessment keeps whoever writes it: the commitment is in the report's plan
    and every level is one the report's methodology uses (assessment_validate). Returns the
    cleaned values or raises ValidationError naming each bad field."""
    if commitment.plan_id != cycle.plan_id:
        raise ValidationError(
            {"commitment": _("This commitment is not in the reviewed action plan.")}
        )
    return assessment_validate(cycle, values)


def _check_reviewable(assessment: CommitmentAssessment) -> None:
    """The rule across fields, on the assessment as it would be stored (a partial update may
    set `verifiable` alone): not verifiable means not rated for potential for results."""
    if assessment.verifiable == Verifiable.NO and assessment.potential_for_results:
        raise ValidationError(
            {
                "verifiable": _(
                    "This assessment rates potential for results: a commitment that is not "
                    "verifiable is not reviewable. Clear potential for results first."
                )
            }
        )


@transaction.atomic
def assessment_save(
    *, user, cycle: ReviewCycle, commitment: Commitment, values: dict
) -> tuple[CommitmentAssessment, bool]:
    """Create or update the IRM's assessment of a commitment in a report. Guarantees: the user
    may assess (IRM staff) and the report is not published (check_can_assess), then everything
    assessment_record guarantees. Returns (assessment, created)."""
    check_can_assess(user, cycle)
    return assessment_record(actor=user, cycle=cycle, commitment=commitment, values=values)


@transaction.atomic
def assessment_record(
    *, actor, cycle: ReviewCycle, commitment: Commitment, values: dict
) -> tuple[CommitmentAssessment, bool]:
    """The write behind assessment_save, for the one writer authorised another way: the admin
    site, where Django's model permissions say who. Guarantees: the report is not published
    (PermissionDenied), the commitment is in its plan and the levels are valid (ValidationError).
    Records the `assessment.saved` event by `actor`. Returns (assessment, created)."""
    check_report_not_final(cycle)
    cleaned = assessment_clean(cycle, commitment, values)
    assessment, created = CommitmentAssessment.objects.select_for_update().get_or_create(
        cycle=cycle, commitment=commitment, defaults=cleaned
    )
    if not created:
        for field, value in cleaned.items():
            setattr(assessment, field, value)
        _check_reviewable(assessment)
        assessment.save()
    commitment_completion_refresh(Commitment.objects.filter(pk=commitment.pk))
    event_record(
        "assessment.saved",
        subject=assessment,
        actor=actor,
        member_id=cycle.plan.member_id,
        data={"cycle_id": cycle.pk, "commitment_id": commitment.pk, "created": created},
    )
    return assessment, created


CYCLE_TRANSITIONS = {
    CycleState.SCHEDULED: CycleState.OPEN,
    CycleState.OPEN: CycleState.PRE_PUBLICATION,
    CycleState.PRE_PUBLICATION: CycleState.PUBLIC_COMMENT,
    CycleState.PUBLIC_COMMENT: CycleState.PUBLISHED,
}


@transaction.atomic
def review_cycles_open_due(today: datetime.date) -> int:
    """Open every scheduled review whose opening date has come, recording one event for each.
    Safe to run twice, also concurrently (the rows are locked). Returns how many it opened."""
    due = list(
        ReviewCycle.objects.select_for_update(of=("self",))
        .filter(state=CycleState.SCHEDULED, opens_on__lte=today)
        .select_related("plan")
    )
    ReviewCycle.objects.filter(pk__in=[cycle.pk for cycle in due]).update(state=CycleState.OPEN)
    for cycle in due:
        _state_changed(cycle, CycleState.SCHEDULED, CycleState.OPEN, actor=None)
    return len(due)


def _state_changed(cycle: ReviewCycle, old: str, new: str, *, actor) -> None:
    event_record(
        "review_cycle.state_changed",
        subject=cycle,
        actor=actor,
        member_id=cycle.plan.member_id,
        data={"from": old, "to": new},
    )


@transaction.atomic
def review_cycle_advance(*, user, cycle: ReviewCycle, today: datetime.date) -> ReviewCycle:
    """Move a report one step along research -> pre-publication -> public comment -> published."""
    check_can_assess(user, cycle)
    old = cycle.state
    cycle.state = CYCLE_TRANSITIONS[CycleState(cycle.state)]
    if cycle.state == CycleState.PUBLISHED:
        cycle.published_on = today
    cycle.save(update_fields=["state", "published_on", "updated_at"])
    if cycle.state == CycleState.PUBLISHED:
        commitment_completion_refresh(Commitment.objects.filter(assessments__cycle=cycle))
    _state_changed(cycle, old, cycle.state, actor=user)
    return cycle


def commitment_completion_refresh(commitments: QuerySet[Commitment]) -> int:
    """Recompute the stored completion of these commitments (commitments.completion) with the
    IRM's word as it is now: the completion of its latest published report that gives one.
    Every write that changes assessments or publishes a report calls it; so do the importer,
    the demo and the backfill. Returns how many commitments it updated."""
    # An erratum of completion (irm_reviews.errata) is the value in force.
    corrected = AssessmentErratum.objects.filter(
        assessment=OuterRef("pk"), field="completion"
    ).order_by("-created_at", "-pk")
    latest_published = Subquery(
        CommitmentAssessment.objects.filter(
            commitment=OuterRef("pk"), cycle__state=CycleState.PUBLISHED
        )
        .annotate(
            in_force=Coalesce(
                Subquery(corrected.values("corrected_value")[:1]),
                F("completion"),
                output_field=CharField(),
            )
        )
        .exclude(in_force="")
        .order_by("-cycle__published_on", "-pk")
        .values("in_force")[:1],
        output_field=CharField(),
    )
    return refresh_stored_completion(commitments, irm_assessed=latest_published)
