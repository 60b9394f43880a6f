"""Writes of IRM review cycles and commitment assessments."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import CharField, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from action_plans.models import ActionPlan, PlanStatus
from action_plans.services import plans_end, plans_ending
from commitments.completion import commitment_completion_refresh as refresh_stored_completion
from commitments.models import Commitment, Completion
from core.events import event_record, event_record_many
from core.reminders import in_locked_batches
from core.versioning import StaleVersion

from .completeness import assessment_missing_indicators
from .models import (
    INDICATOR_FIELDS,
    LEGACY_KINDS,
    AssessmentCluster,
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
from .published_results import published_results_changed

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
# What the researcher records beside the levels: a justification per indicator, evidence links.
SUPPORT_FIELDS = ("justifications", "evidence_links")
WRITABLE_FIELDS = (*ASSESSMENT_FIELDS, *SUPPORT_FIELDS)
MAX_JUSTIFICATION_LENGTH = 20000
_validate_url = URLValidator(schemes=["http", "https"])


def _clean_evidence_links(links, errors: dict[str, str]) -> list[str]:
    if not isinstance(links, list | tuple):
        errors["evidence_links"] = _("Give a list of web addresses.")
        return []
    cleaned = []
    for link in links:
        link = (link if isinstance(link, str) else "").strip()
        if not link:
            continue
        try:
            _validate_url(link)
        except ValidationError:
            errors["evidence_links"] = _("%(link)s is not a web address (http or https).") % {
                "link": link
            }
            continue
        cleaned.append(link)
    return cleaned


def _clean_justifications(justifications, allowed: set[str], errors: dict[str, str]) -> dict:
    if not isinstance(justifications, dict):
        errors["justifications"] = _("Give one text per indicator.")
        return {}
    cleaned = {}
    for indicator, text in justifications.items():
        if indicator not in allowed or indicator == "cluster":
            errors["justifications"] = _("This report has no indicator %(indicator)s.") % {
                "indicator": indicator
            }
        elif not isinstance(text, str) or len(text) > MAX_JUSTIFICATION_LENGTH:
            errors["justifications"] = _(
                "Each justification is a text of at most %(max)d characters."
            ) % {"max": MAX_JUSTIFICATION_LENGTH}
        elif text.strip():
            cleaned[indicator] = text.strip()
    return cleaned


def assessment_validate(cycle: ReviewCycle, values: dict) -> dict:
    """Check levels against the report's methodology; return the cleaned values or raise
    ValidationError naming each bad field."""
    errors: dict[str, str] = {}
    allowed = INDICATORS_BY_KIND[ReviewKind(cycle.kind)] | {"narrative"}
    cleaned: dict = {}
    for field, value in values.items():
        if field == "evidence_links":
            cleaned[field] = _clean_evidence_links(value, errors)
        elif field == "justifications":
            cleaned[field] = _clean_justifications(value, allowed, errors)
        elif field not in ASSESSMENT_FIELDS:
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
    *,
    user,
    cycle: ReviewCycle,
    commitment: Commitment,
    values: dict,
    version: int | None = None,
) -> tuple[CommitmentAssessment, bool]:
    """Create or update the IRM's assessment of a commitment in a report. Guarantees: the user
    may assess (an assigned researcher or the Support Unit) and the report is not published
    (check_can_assess), then everything assessment_record guarantees. Returns (assessment,
    created)."""
    check_can_assess(user, cycle)
    return assessment_record(
        actor=user, cycle=cycle, commitment=commitment, values=values, version=version
    )


def clustered_message(cluster: AssessmentCluster) -> str:
    return _(
        "This commitment is assessed with the cluster %(name)s: change the cluster's assessment."
    ) % {"name": cluster.name}


@transaction.atomic
def assessment_record(
    *,
    actor,
    cycle: ReviewCycle,
    commitment: Commitment,
    values: dict,
    version: int | None = None,
    cluster: AssessmentCluster | None = None,
) -> tuple[CommitmentAssessment, bool]:
    """The write behind assessment_save, for the one writer authorised another way: the admin
    site, where Django's model permissions say who. Guarantees: the report is not published
    (PermissionDenied), the commitment is in its plan and the levels are valid (ValidationError);
    a commitment assessed in a cluster is written through its cluster only; with `version` (0
    for "no assessment yet"), StaleVersion when someone saved the assessment since, and nothing
    is stored. Every write bumps the version. Records the `assessment.saved` event by `actor`.
    Returns (assessment, created)."""
    check_report_not_final(cycle)
    cleaned = assessment_clean(cycle, commitment, values)
    assessment, created = CommitmentAssessment.objects.select_for_update().get_or_create(
        cycle=cycle, commitment=commitment, defaults=cleaned
    )
    if not created:
        if version is not None and assessment.version != version:
            raise StaleVersion(assessment.version)
        if assessment.assessed_cluster_id is not None and cluster is None:
            clustered = AssessmentCluster.objects.get(pk=assessment.assessed_cluster_id)
            raise ValidationError({"cluster": clustered_message(clustered)})
        for field, value in cleaned.items():
            setattr(assessment, field, value)
        _check_reviewable(assessment)
        assessment.version = F("version") + 1
        assessment.save()
        assessment.refresh_from_db(fields=["version"])
    elif version not in (None, 0):
        raise StaleVersion(None)
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


def review_cycles_open_due(today: datetime.date, member_ids: list[int] | None = None) -> int:
    """Open every scheduled review (of these members, or all) whose opening date has come,
    recording one event for each, in batches (core.reminders.in_locked_batches: the rows are
    locked, so a concurrent run opens nothing twice). Returns how many it opened."""

    def due() -> QuerySet[ReviewCycle]:
        cycles = ReviewCycle.objects.select_for_update(of=("self",)).filter(
            state=CycleState.SCHEDULED, opens_on__lte=today
        )
        if member_ids is not None:
            cycles = cycles.filter(plan__member_id__in=member_ids)
        return cycles.select_related("plan")

    def open_(cycles: list[ReviewCycle]) -> None:
        ReviewCycle.objects.filter(pk__in=[cycle.pk for cycle in cycles]).update(
            state=CycleState.OPEN
        )
        _states_changed(cycles, CycleState.SCHEDULED, CycleState.OPEN)

    return in_locked_batches(due, open_)


COMMENTED_STATES = [CycleState.PRE_PUBLICATION, CycleState.PUBLIC_COMMENT]


def comment_period_days(state: CycleState) -> int:
    """How many days after a report enters a comment period its last day for comments falls
    (settings IRM_PRE_PUBLICATION_DAYS, IRM_PUBLIC_COMMENT_DAYS)."""
    if state == CycleState.PRE_PUBLICATION:
        return settings.IRM_PRE_PUBLICATION_DAYS
    return settings.IRM_PUBLIC_COMMENT_DAYS


def review_cycle_comment_periods_close(today: datetime.date, member_ids: list[int]) -> int:
    """Close the comment period (pre-publication or public) of every report of these members
    whose closing day is over on `today`, once per period: `comment_period_closed_on` records
    the closing date and a `review_cycle.comment_period_closed` event is recorded in the same
    transaction, in batches (rows locked, so a concurrent run closes nothing twice). Returns
    how many."""

    def closing() -> QuerySet[ReviewCycle]:
        return (
            ReviewCycle.objects.select_for_update(of=("self",))
            .filter(
                plan__member_id__in=member_ids,
                state__in=COMMENTED_STATES,
                comment_period_closes_on__lt=today,
            )
            .exclude(comment_period_closed_on=F("comment_period_closes_on"))
            .select_related("plan")
        )

    def close(cycles: list[ReviewCycle]) -> None:
        ReviewCycle.objects.filter(pk__in=[cycle.pk for cycle in cycles]).update(
            comment_period_closed_on=F("comment_period_closes_on")
        )
        event_record_many(
            "review_cycle.comment_period_closed",
            subjects=[
                (
                    cycle,
                    cycle.plan.member_id,
                    {"state": cycle.state, "closed_on": str(cycle.comment_period_closes_on)},
                )
                for cycle in cycles
            ],
        )

    return in_locked_batches(closing, close)


def _months_after(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def _review_cycle_schedule(
    plan: ActionPlan, kind: ReviewKind, opens_on: datetime.date
) -> tuple[ReviewCycle, bool]:
    with transaction.atomic():
        cycle, created = ReviewCycle.objects.get_or_create(
            plan=plan,
            kind=kind,
            defaults={
                "opens_on": opens_on,
                "due_on": _months_after(opens_on, settings.IRM_REPORT_MONTHS),
                "state": CycleState.SCHEDULED,
            },
        )
        if created:
            event_record(
                "review_cycle.scheduled",
                subject=cycle,
                member_id=plan.member_id,
                data={"kind": kind, "opens_on": str(opens_on), "due_on": str(cycle.due_on)},
            )
    return cycle, created


def review_cycle_schedule_for_plan(
    plan: ActionPlan, today: datetime.date | None = None
) -> tuple[ReviewCycle, bool]:
    """Schedule the plan's Action Plan Review, which the IRM delivers within about four months
    of the plan's submission (DOMAIN.md): it opens on the submission date (`today` when the
    plan has none) and is due settings.IRM_REPORT_MONTHS later. Call it from plan submission.
    Idempotent: a plan has one review of each kind (the database's unique constraint), so a
    second call, or a concurrent one, returns the existing review. Returns (review, created)."""
    opens_on = plan.submitted_on or today or timezone.localdate()
    return _review_cycle_schedule(plan, ReviewKind.ACTION_PLAN_REVIEW, opens_on)


def review_cycle_schedule_results_report(plan: ActionPlan) -> tuple[ReviewCycle, bool]:
    """Schedule the plan's Results Report, about four months after the plan ends: it opens the
    day after the plan's period ends, due settings.IRM_REPORT_MONTHS later. Idempotent as
    review_cycle_schedule_for_plan. Returns (review, created)."""
    opens_on = plan.period_end + datetime.timedelta(days=1)
    return _review_cycle_schedule(plan, ReviewKind.RESULTS_REPORT, opens_on)


def _results_reports_schedule(plans: list[ActionPlan]) -> None:
    """review_cycle_schedule_results_report for plans locked by the caller, in three queries."""
    kind = ReviewKind.RESULTS_REPORT
    have = set(
        ReviewCycle.objects.filter(plan__in=plans, kind=kind).values_list("plan_id", flat=True)
    )
    new = []
    for plan in plans:
        if plan.pk not in have:
            opens_on = plan.period_end + datetime.timedelta(days=1)
            due_on = _months_after(opens_on, settings.IRM_REPORT_MONTHS)
            new.append(ReviewCycle(plan=plan, kind=kind, opens_on=opens_on, due_on=due_on))
    created = ReviewCycle.objects.bulk_create(new)
    event_record_many(
        "review_cycle.scheduled",
        subjects=[
            (
                cycle,
                cycle.plan.member_id,
                {"kind": kind, "opens_on": str(cycle.opens_on), "due_on": str(cycle.due_on)},
            )
            for cycle in created
        ],
    )


def plans_end_and_schedule_results_reports(today: datetime.date, member_ids: list[int]) -> int:
    """End every plan of these members in implementation whose period is over on `today`
    (action_plans.services.plans_end) and schedule its Results Report, in one transaction per
    batch of plans, which are locked: a concurrent run ends nothing twice. Returns how many."""

    def end(plans: list[ActionPlan]) -> None:
        plans_end(plans)
        _results_reports_schedule(plans)

    return in_locked_batches(lambda: plans_ending(member_ids, today), end)


def action_plan_reviews_schedule_for_submitted(member_ids: list[int]) -> int:
    """Schedule the Action Plan Review of every plan submitted on the portal (dual sign-off
    sets `submitted_on`) that has none yet: the calendar's half of "when a plan is submitted,
    its review is scheduled", since plan submission lives below this app. Returns how many."""
    plans = ActionPlan.objects.filter(
        member_id__in=member_ids,
        status=PlanStatus.SUBMITTED,
        submitted_on__isnull=False,
    ).exclude(review_cycles__kind=ReviewKind.ACTION_PLAN_REVIEW)
    return sum(review_cycle_schedule_for_plan(plan)[1] for plan in plans)


def review_cycles_advance_due(member_ids_by_date: dict[datetime.date, list[int]]) -> dict:
    """What the IRM's calendar moves on by itself, on each member's local date (the mapping
    from a date to the members for whom it is today): scheduled reviews open on their date,
    comment periods close after their last day, plans past their period end and get their
    Results Report scheduled. Safe to run twice and concurrently. Returns the counts."""
    counts = {"opened": 0, "comment_periods_closed": 0, "plans_ended": 0, "reviews_scheduled": 0}
    for today, member_ids in member_ids_by_date.items():
        counts["reviews_scheduled"] += action_plan_reviews_schedule_for_submitted(member_ids)
        counts["opened"] += review_cycles_open_due(today, member_ids)
        counts["comment_periods_closed"] += review_cycle_comment_periods_close(today, member_ids)
        counts["plans_ended"] += plans_end_and_schedule_results_reports(today, member_ids)
    return counts


def _states_changed(cycles: list[ReviewCycle], old: str, new: str) -> None:
    event_record_many(
        "review_cycle.state_changed",
        subjects=[(cycle, cycle.plan.member_id, {"from": old, "to": new}) for cycle in cycles],
    )


def _state_changed(cycle: ReviewCycle, old: str, new: str, *, actor) -> None:
    event_record(
        "review_cycle.state_changed",
        subject=cycle,
        actor=actor,
        member_id=cycle.plan.member_id,
        data={"from": old, "to": new},
    )


# The events that tell others (notifications) a review reached a state; keep these names.
STATE_EVENT_KINDS = {
    CycleState.PRE_PUBLICATION: "review.pre_publication",
    CycleState.PUBLIC_COMMENT: "review.public_comment",
    CycleState.PUBLISHED: "review.published",
}


class ReviewIncomplete(ValidationError):
    """The draft cannot go to pre-publication: `missing` lists (commitment, [indicator, ...])
    for each commitment that lacks a required indicator, in the plan's order."""

    def __init__(self, missing: list[tuple[Commitment, list[str]]]):
        super().__init__(
            ngettext(
                "%(count)d commitment lacks required indicators; the draft cannot go to "
                "pre-publication yet.",
                "%(count)d commitments lack required indicators; the draft cannot go to "
                "pre-publication yet.",
                len(missing),
            )
            % {"count": len(missing)},
            code="incomplete",
        )
        self.missing = missing


def review_missing_indicators(cycle: ReviewCycle) -> list[tuple[Commitment, list[str]]]:
    """(commitment, its missing required indicators) for each of the plan's commitments that
    lacks one (irm_reviews.completeness), in the plan's order; two queries."""
    assessments = {a.commitment_id: a for a in CommitmentAssessment.objects.filter(cycle=cycle)}
    missing = []
    for commitment in Commitment.objects.filter(plan_id=cycle.plan_id).order_by("position", "pk"):
        lacking = assessment_missing_indicators(cycle.kind, assessments.get(commitment.pk))
        if lacking:
            missing.append((commitment, lacking))
    return missing


@transaction.atomic
def review_cycle_advance(
    *, user, cycle: ReviewCycle, today: datetime.date, from_state: str | None = None
) -> ReviewCycle:
    """Move a report one step along scheduled -> research -> pre-publication -> public
    comment -> published. Guarantees: the user may edit the review (check_can_assess: an
    assigned researcher or the Support Unit, not once published); with `from_state`, the
    review is still in the state the person saw (StaleVersion otherwise: someone moved it);
    it goes to pre-publication only when every commitment has the indicators its report
    requires (ReviewIncomplete, listing them); entering a comment period sets its last day,
    `comment_period_closes_on`, comment_period_days(state) after `today` (the member's local
    date). Records `review_cycle.state_changed` and, for
    the states others are told of, `review.pre_publication`, `review.public_comment` or
    `review.published`."""
    seen = cycle
    cycle = ReviewCycle.objects.select_for_update().select_related("plan").get(pk=seen.pk)
    check_can_assess(user, cycle)
    if from_state is not None and cycle.state != from_state:
        raise StaleVersion(None)
    old = cycle.state
    new = CYCLE_TRANSITIONS[CycleState(cycle.state)]
    if new == CycleState.PRE_PUBLICATION:
        missing = review_missing_indicators(cycle)
        if missing:
            raise ReviewIncomplete(missing)
    cycle.state = new
    if cycle.state == CycleState.PUBLISHED:
        cycle.published_on = today
    if new in COMMENTED_STATES:
        cycle.comment_period_closes_on = today + datetime.timedelta(
            days=comment_period_days(CycleState(new))
        )
    cycle.save(update_fields=["state", "published_on", "comment_period_closes_on", "updated_at"])
    if cycle.state == CycleState.PUBLISHED:
        commitment_completion_refresh(Commitment.objects.filter(assessments__cycle=cycle))
    _state_changed(cycle, old, cycle.state, actor=user)
    if new in STATE_EVENT_KINDS:
        event_record(
            STATE_EVENT_KINDS[CycleState(new)],
            subject=cycle,
            actor=user,
            member_id=cycle.plan.member_id,
            data={"from": old, "to": new},
        )
    seen.state, seen.published_on = cycle.state, cycle.published_on
    return cycle


def commitment_completion_refresh(commitments: QuerySet[Commitment]) -> int:
    """Recompute the stored completion of these commitments (commitments.completion) with the
    IRM's word as it is now: the completion of its latest published report that gives one.
    Every write that changes assessments or publishes a report calls it; so do the importer,
    the demo and the backfill, which is why it also says that published results changed
    (irm_reviews.published_results). Returns how many commitments it updated."""
    published_results_changed()
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
