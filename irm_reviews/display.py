"""What the commitment page shows of the IRM's work: the three sources' views of progress side
by side, the ratings a report gave, and the reports on the timeline. Uses prefetched data only
(irm_reviews.selectors.commitment_get_for_detail)."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, cast

from django.db.models import Field
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.display import COMPLETION_ORDER, TimelineEvent, commitment_timeline
from commitments.models import Commitment, ProgressEvidenceFile, ProgressSource

from .completeness import assessment_missing_indicators
from .errata import values_corrected
from .indicator_guide import indicator_meaning, level_in_scale
from .models import INDICATOR_FIELDS, AssessmentErratum, CommitmentAssessment, ReviewKind
from .services import FLAG_FIELDS, INDICATORS_BY_KIND, LEVEL_CHOICES


@dataclass
class ProgressView:
    source: str
    label: str
    completion: str = ""
    completion_label: str = ""
    reported_on: datetime.date | None = None
    text: str = ""
    evidence_links: list[str] | None = None
    evidence_files: list[ProgressEvidenceFile] | None = None
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
            view.evidence_files = list(latest.evidence_files.all())
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
                view.evidence_files = []
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


def indicator_label(name: str) -> str:
    """The IRM's name of an indicator, as forms and lists show it."""
    field = CommitmentAssessment._meta.get_field(name)
    assert isinstance(field, Field)  # the indicators are the assessment's own columns
    return str(capfirst(field.verbose_name))


@dataclass
class ReviewCommitmentRow:
    """One commitment on a review's page: its assessment in the review, what it still lacks."""

    commitment: Commitment
    assessment: CommitmentAssessment | None
    missing: list[str]  # the IRM's names of the required indicators it lacks

    @property
    def cluster(self):
        return self.assessment.assessed_cluster if self.assessment is not None else None


def review_commitment_rows(
    kind: str, pairs: list[tuple[Commitment, CommitmentAssessment | None]]
) -> list[ReviewCommitmentRow]:
    return [
        ReviewCommitmentRow(
            commitment,
            assessment,
            [indicator_label(name) for name in assessment_missing_indicators(kind, assessment)],
        )
        for commitment, assessment in pairs
    ]


def missing_summary(missing: int, total: int) -> str:
    """What the workspace says a review still lacks, in the IRM's words."""
    if total == 0:
        return _("The plan has no commitments.")
    if missing == 0:
        return _("Every commitment has its required indicators.")
    return ngettext(
        "%(missing)d of %(total)d commitment lacks required indicators.",
        "%(missing)d of %(total)d commitments lack required indicators.",
        total,
    ) % {"missing": missing, "total": total}


# --- Errata beside the published values --------------------------------------------------


def value_label(field: str, value) -> str:
    """The label of an indicator's value, stored (a level, a flag) or as an erratum keeps it
    (text, "yes"/"no" for a flag); "" for no value."""
    if value is None or value == "":
        return ""
    if field in FLAG_FIELDS:
        return str(_("Yes") if value in (True, "yes") else _("No"))
    if field in LEVEL_CHOICES:
        return str(LEVEL_CHOICES[field](value).label)
    return str(value)


@dataclass
class Correction:
    value: str
    reason: str
    corrected_on: datetime.date


@dataclass
class Rating:
    """One rating of a published assessment: the value published and its errata, oldest
    first; the last one is the value in force."""

    field: str
    label: str
    value: str
    corrections: list[Correction]
    scale: str = ""  # where the value in force sits in the indicator's scale
    meaning: str = ""  # the indicator's one-line meaning (irm_reviews.indicator_guide)

    @property
    def in_force(self) -> str:
        return self.corrections[-1].value if self.corrections else self.value


def _corrections(assessment: CommitmentAssessment) -> dict[str, list[Correction]]:
    by_field: dict[str, list[Correction]] = {}
    errata: list[AssessmentErratum] = list(assessment.errata.all())  # prefetched
    for erratum in sorted(errata, key=lambda e: (e.created_at, e.pk)):
        by_field.setdefault(erratum.field, []).append(
            Correction(
                value_label(erratum.field, erratum.corrected_value),
                erratum.reason,
                erratum.corrected_on,
            )
        )
    return by_field


def assessment_ratings_corrected(assessment: CommitmentAssessment) -> list[Rating]:
    """The ratings a report gave, each with its errata (assessment.errata prefetched); a blank
    rating is left out unless an erratum gave it a value."""
    corrections = _corrections(assessment)
    in_force = values_corrected(assessment.errata.all())
    ratings = []
    for name in INDICATOR_FIELDS:
        stored = getattr(assessment, name)
        shown = value_label(name, stored)
        if not shown and name not in corrections:
            continue
        ratings.append(
            Rating(
                name,
                indicator_label(name),
                shown,
                corrections.get(name, []),
                level_in_scale(name, in_force.get((assessment.pk, name), stored)),
                indicator_meaning(name),
            )
        )
    return ratings


def erratum_choices(kind: str) -> list:
    """The corrections an erratum form offers for a report of this kind: each indicator it
    assesses with its levels (optgroups of "<indicator>=<level>"), then the narrative."""
    groups: list = []
    for field in INDICATOR_FIELDS:
        if field not in INDICATORS_BY_KIND[ReviewKind(kind)] or field not in SCALES:
            continue
        options = [(f"{field}={level}", value_label(field, level)) for level in SCALES[field]]
        options.append((f"{field}=", _("No value (ND, NR or NA)")))
        groups.append((indicator_label(field), options))
    groups.append(("narrative", _("The assessment's text")))
    return groups


def narrative_corrections(assessment: CommitmentAssessment) -> list[Correction]:
    return _corrections(assessment).get("narrative", [])


# --- Results: a review's figures as charts with their data table --------------------------

# The indicators a report's figures show, and each one's levels from best to worst.
CHARTS_BY_KIND = {
    ReviewKind.ACTION_PLAN_REVIEW: (
        "verifiable",
        "open_government_lens",
        "potential_for_results",
        "is_promising",
    ),
    ReviewKind.RESULTS_REPORT: ("completion", "early_results"),
    ReviewKind.PROGRESS_REPORT: ("specificity", "potential_impact", "completion", "is_starred"),
    ReviewKind.END_OF_TERM_REPORT: ("completion", "did_it_open_government", "is_starred"),
}
SCALES: dict[str, tuple[str, ...]] = {
    "verifiable": ("yes", "no"),
    "potential_for_results": ("substantial", "modest", "unclear"),
    "completion": tuple(COMPLETION_ORDER),
    "early_results": ("outstanding", "significant", "moderate", "no_notable_results"),
    "specificity": ("high", "medium", "low", "none"),
    "potential_impact": ("transformative", "moderate", "minor", "none"),
    "did_it_open_government": (
        "outstanding",
        "major",
        "marginal",
        "did_not_change",
        "worsened",
        "no_early_results",
    ),
    **{flag: ("yes", "no") for flag in FLAG_FIELDS},
}
COMPARABLE_INDICATORS = tuple(SCALES)


def chart_title(field: str) -> str:
    if field == "is_promising":
        return _("Promising commitments")
    if field == "is_starred":
        return _("Starred commitments")
    return indicator_label(field)


@dataclass
class ChartSegment:
    level: str
    label: str
    count: int
    percent: float
    offset: float
    shade: str  # CSS class: irm-s0 (best) to irm-s6, irm-none for no value


@dataclass
class IndicatorChart:
    chart_id: str
    field: str
    title: str
    segments: list[ChartSegment]
    total: int

    @property
    def description(self) -> str:
        parts = "; ".join(
            f"{segment.label}: {segment.count} ({segment.percent:.0f} %)"
            for segment in self.segments
        )
        return _("%(total)d commitments. %(parts)s") % {"total": self.total, "parts": parts}


def level_of(value) -> str:
    """A stored or corrected value as its level's text, "" for no value."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value or ""


def level_counts(field: str, values: list) -> dict[str, int]:
    """{level as text: count} of the values (stored or corrected), "" for no value."""
    counts: dict[str, int] = {}
    for value in values:
        key = level_of(value)
        counts[key] = counts.get(key, 0) + 1
    return counts


def indicator_chart(chart_id: str, field: str, counts: dict[str, int]) -> IndicatorChart:
    """The chart of one indicator from {level: count}: its segments in the scale's order from
    best to worst, then no value, each with its share of all the commitments."""
    total = sum(counts.values())
    segments = []
    offset = 0.0
    for position, level in enumerate([*SCALES[field], ""]):
        count = counts.get(level, 0)
        if not count:
            continue
        percent = 100 * count / total
        label = value_label(field, level) or _("No value (ND, NR or NA)")
        shade = f"irm-s{position}" if level else "irm-none"
        segments.append(ChartSegment(level or "none", label, count, percent, offset, shade))
        offset += percent
    return IndicatorChart(chart_id, field, chart_title(field), segments, total)


@dataclass
class ReviewResults:
    cycle: object  # the ReviewCycle, with plan and member
    charts: list[IndicatorChart]
    errata: list[AssessmentErratum]


def values_in_force(rows: list[dict], errata: list[AssessmentErratum]) -> list[dict]:
    """The assessments' values (rows of values()) with their errata applied."""
    by_pk = {row["pk"]: dict(row) for row in rows}
    for (pk, field), value in values_corrected(errata).items():
        row = by_pk.get(pk)
        if row is not None and field != "narrative":
            row[field] = value
    return list(by_pk.values())


def review_results(cycles: list, rows: list[dict], errata: list[AssessmentErratum]) -> list:
    """Each review's charts, from its assessments' values and errata (a selector fetched
    them); the values in force count."""
    current = values_in_force(rows, errata)
    results = []
    for cycle in cycles:
        mine = [row for row in current if row["cycle_id"] == cycle.pk]
        charts = [
            indicator_chart(
                f"irm-{cycle.pk}-{field}",
                field,
                level_counts(field, [row[field] for row in mine]),
            )
            for field in CHARTS_BY_KIND[ReviewKind(cycle.kind)]
        ]
        cycle_errata = [e for e in errata if e.assessment.cycle_id == cycle.pk]
        results.append(ReviewResults(cycle, charts if mine else [], cycle_errata))
    return results


# --- /compare/: one indicator across members' latest reviews -----------------------------

COMPARE_ORDERINGS = ("member", "-member", "-published_on", "published_on", "-best", "best")


@dataclass
class CompareRow:
    cycle_id: int
    member_name: str
    published_on: datetime.date  # a published report always has one (a check constraint)
    field: str
    counts: dict[str, int]  # {level: count} of the values in force, "" for no value
    # The ReviewCycle with plan and member, read only for the rows shown (pages/compare.py).
    cycle: object = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def best_share(self) -> float:
        """The share of the scale's best level (complete, substantial, transformative...)."""
        return self.share_of(SCALES[self.field][0])

    def share_of(self, level: str) -> float:
        total = self.total
        return 100 * self.counts.get(level, 0) / total if total else 0.0

    def count_of(self, level: str) -> int:
        return self.counts.get(level, 0)

    @property
    def shares_rounded(self) -> list[str]:
        """The whole percentages of the scale's levels, best first, then of no value, as text:
        what a row of the page shows, rounded as the floatformat filter rounds (half up). Made
        here because a filter per cell, and localising each number, cost a fifth of the
        page's time (100 rows of 5-7 cells)."""
        return [
            str(Decimal(repr(self.share_of(level))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            for level in (*SCALES[self.field], "")
        ]


def compare_rows(
    field: str,
    keys: list[tuple[int, str, datetime.date | None]],
    values: list[tuple[int, int, object]],
    errata: list[AssessmentErratum],
    ordering: str,
) -> list[CompareRow]:
    """One row per report (its id, member name and publication date in `keys`): the counts of
    `field`'s values in force, from (assessment id, report id, value) and the field's errata,
    sorted. Counts and sort keys only, no chart, model or dict per assessment:
    at ten times OGP's size (2,000 reports, 8,000 values) those cost 0.3 s and, through the
    garbage collector, a p95 half as long again as the median."""
    corrected = {pk: value for (pk, _field), value in values_corrected(errata).items()}
    by_cycle: dict[int, dict[str, int]] = {}
    for pk, cycle_id, value in values:
        level = level_of(corrected[pk] if pk in corrected else value)
        counts = by_cycle.setdefault(cycle_id, {})
        counts[level] = counts.get(level, 0) + 1
    result = [
        CompareRow(pk, name, cast(datetime.date, on), field, by_cycle[pk])
        for pk, name, on in keys
        if pk in by_cycle
    ]
    key = ordering.lstrip("-") or "member"
    sorters = {
        "member": lambda r: (r.member_name.lower(), r.cycle_id),
        "published_on": lambda r: (r.published_on, r.member_name.lower()),
        "best": lambda r: (r.best_share, r.member_name.lower()),
    }
    result.sort(key=sorters.get(key, sorters["member"]), reverse=ordering.startswith("-"))
    return result
