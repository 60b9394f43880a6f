"""The IRM's own findings on the co-creation standards, recorded in the plan's Action Plan
Review beside the portal's computed check: which review they go in, recording one (with a
version check), and the findings a person may see."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan
from core.events import event_record
from core.versioning import StaleVersion
from members.models import User

from .models import ReviewCycle, ReviewKind, StandardsFinding
from .permissions import can_see_standards_findings, check_can_record_standards_findings

JUSTIFICATION_MAX_LENGTH = 10000


def standards_review_cycle(plan: ActionPlan) -> ReviewCycle | None:
    """The plan's latest Action Plan Review: the IRM checks co-creation there."""
    return (
        ReviewCycle.objects.filter(plan=plan, kind=ReviewKind.ACTION_PLAN_REVIEW)
        .order_by("-opens_on", "-pk")
        .first()
    )


def standards_findings_visible(user, cycle: ReviewCycle | None) -> dict[str, StandardsFinding]:
    """The cycle's findings by requirement code, if this person may see them."""
    if cycle is None or not can_see_standards_findings(user, cycle):
        return {}
    findings = StandardsFinding.objects.filter(cycle=cycle).select_related("recorded_by")
    return {finding.requirement: finding for finding in findings}


def standards_finding_record(
    *,
    user: User,
    cycle: ReviewCycle,
    requirement: str,
    requirements: set[str],
    verdict: str,
    justification: str,
    version: int | None = None,
) -> StandardsFinding:
    """Record (or revise) the IRM's finding on one requirement. `requirements` are the codes
    the plan's check has; `version` is the finding's version the person started from, None
    when they saw none. Guarantees: the user files assessments on this unpublished report
    (PermissionDenied); a known requirement, a verdict and a justification (ValidationError
    naming the field); a stale version stores nothing (StaleVersion); one event
    `irm.standards_finding_recorded`."""
    check_can_record_standards_findings(user, cycle)
    errors: dict[str, str] = {}
    if requirement not in requirements:
        errors["requirement"] = _("This plan's check has no requirement %(code)s.") % {
            "code": requirement
        }
    if verdict not in StandardsFinding.Verdict.values:
        errors["verdict"] = _("Say whether the requirement is met, not met or not assessable.")
    justification = (justification or "").strip()
    if not justification:
        errors["justification"] = _("Justify the finding from the evidence.")
    elif len(justification) > JUSTIFICATION_MAX_LENGTH:
        errors["justification"] = _("At most %(limit)d characters.") % {
            "limit": JUSTIFICATION_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        finding = StandardsFinding.objects.filter(cycle=cycle, requirement=requirement).first()
        if finding is None:
            if version:
                raise StaleVersion(None)
            try:
                with transaction.atomic():
                    finding = StandardsFinding.objects.create(
                        cycle=cycle,
                        requirement=requirement,
                        verdict=verdict,
                        justification=justification,
                        recorded_by=user,
                    )
            except IntegrityError:  # someone recorded it at the same moment
                raise StaleVersion(None) from None
        else:
            updated = StandardsFinding.objects.filter(pk=finding.pk, version=version or 0).update(
                verdict=verdict,
                justification=justification,
                recorded_by=user,
                recorded_at=timezone.now(),
                version=F("version") + 1,
            )
            if not updated:
                raise StaleVersion(finding.version)
            finding.refresh_from_db()
        event_record(
            "irm.standards_finding_recorded",
            subject=finding,
            actor=user,
            member_id=cycle.plan.member_id,
            data={"cycle_id": cycle.pk, "requirement": requirement, "verdict": verdict},
        )
    return finding
