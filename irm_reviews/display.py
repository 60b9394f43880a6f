"""What the commitment page shows of the IRM's work: the three sources' views of progress side
by side, the ratings a report gave, and the reports on the timeline. Uses prefetched data only
(irm_reviews.selectors.commitment_get_for_detail)."""

import datetime
from dataclasses import dataclass
from typing import Protocol, cast

from django.db.models import Field
from django.utils.translation import gettext as _

from commitments.display import TimelineEvent, commitment_timeline
from commitments.models import Commitment, ProgressSource

from .models import INDICATOR_FIELDS, CommitmentAssessment


@dataclass
class ProgressView:
    source: str
    label: str
    completion: str = ""
    completion_label: str = ""
    reported_on: datetime.date | None = None
    text: str = ""
    evidence_links: list[str] | None = None
    origin: str = ""


@dataclass
class ProgressComparison:
    views: list[ProgressView]
    verdict: str  # "agree", "differ" or "too_few"
    verdict_label: str


class _WithPublishedAssessments(Protocol):
    published_assessments: list[CommitmentAssessment]


def _published_assessments_of(commitment: Commitment) -> list[CommitmentAssessment]:
    """The commitment's published assessments, oldest first, prefetched by
    commitment_get_for_detail."""
    return cast(_WithPublishedAssessments, commitment).published_assessments


def _published_on(assessment: CommitmentAssessment) -> datetime.date:
    """The date a published assessment's report came out: a published cycle has one (constraint
    reviewcycle_published_has_date)."""
    published_on = assessment.cycle.published_on
    assert published_on is not None
    return published_on


def commitment_progress_side_by_side(commitment: Commitment) -> ProgressComparison:
    """The latest commitment-level view of progress from each of the three sources, and whether
    they agree on completion. The IRM's view is its newest: a published report's completion or
    an IRM progress update, whichever is more recent. Uses only prefetched data."""
    views = []
    updates = [u for u in commitment.progress_updates.all() if u.milestone_id is None]
    for source in ProgressSource:
        view = ProgressView(source=source.value, label=str(source.label))
        latest = next((u for u in updates if u.source == source), None)
        if latest is not None:
            view.completion = latest.completion
            view.completion_label = latest.get_completion_display()
            view.reported_on = latest.reported_on
            view.text = latest.text
            view.evidence_links = latest.evidence_links
            view.origin = _("Progress update")
        if source == ProgressSource.IRM:
            assessed = [a for a in _published_assessments_of(commitment) if a.completion]
            published_on = _published_on(assessed[-1]) if assessed else None
            if published_on is not None and (
                view.reported_on is None or published_on >= view.reported_on
            ):
                assessment = assessed[-1]
                view.completion = assessment.completion
                view.completion_label = assessment.get_completion_display()
                view.reported_on = published_on
                view.text = assessment.narrative
                view.evidence_links = (
                    [assessment.cycle.report_url] if assessment.cycle.report_url else []
                )
                view.origin = assessment.cycle.get_kind_display()
        views.append(view)
    levels = {view.completion for view in views if view.completion}
    reported = sum(1 for view in views if view.completion)
    if reported < 2:
        verdict, label = "too_few", _("Fewer than two sources have reported: nothing to compare.")
    elif len(levels) == 1:
        verdict, label = "agree", _("They agree on completion.")
    else:
        verdict, label = "differ", _("They differ on completion.")
    return ProgressComparison(views=views, verdict=verdict, verdict_label=label)


def assessment_ratings(assessment: CommitmentAssessment) -> list[tuple[str, str]]:
    """(IRM's label, value) for each rating the report gave; blank ratings (ND, NR, NA) and
    those of the other methodology are left out."""
    ratings = []
    for name in INDICATOR_FIELDS:
        field = CommitmentAssessment._meta.get_field(name)
        assert isinstance(field, Field)  # the ratings are the assessment's own columns
        value = getattr(assessment, name)
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif field.choices:
            shown = getattr(assessment, f"get_{name}_display")()
        else:  # free text, such as the cluster's commitment ids
            shown = value
        ratings.append((str(field.verbose_name).capitalize(), str(shown)))
    return ratings


def commitment_timeline_with_reviews(commitment: Commitment) -> list[TimelineEvent]:
    """The commitment's timeline with each published IRM report on it."""
    reports = [
        TimelineEvent(
            _published_on(assessment),
            "irm",
            _("IRM %(report)s published") % {"report": assessment.cycle.get_kind_display()},
            assessment.narrative,
            assessment.cycle.report_url,
        )
        for assessment in _published_assessments_of(commitment)
    ]
    return commitment_timeline(commitment, reports)
