"""Reads of commitments for the public portal: visibility, completion, search, the detail
page's side-by-side progress, timeline and change history."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, cast

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Field,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from irm_reviews.models import INDICATOR_FIELDS, CommitmentAssessment, CycleState

from . import progress_csv
from .models import (
    Commitment,
    Completion,
    Milestone,
    OgpValue,
    PolicyArea,
    ProgressSource,
    ProgressUpdate,
)
from .permissions import access_commitment

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

SEARCH_CONFIG = "english"
OGP_VALUE_FLAGS = {
    OgpValue.ACCESS_TO_INFORMATION: "is_access_to_information",
    OgpValue.CIVIC_PARTICIPATION: "is_civic_participation",
    OgpValue.PUBLIC_ACCOUNTABILITY: "is_public_accountability",
    OgpValue.TECHNOLOGY: "is_technology",
}
# Completion levels in the order a chart shows them, from done to not known.
COMPLETION_ORDER = [
    Completion.COMPLETE,
    Completion.SUBSTANTIAL,
    Completion.LIMITED,
    Completion.NOT_STARTED,
    Completion.NO_EVIDENCE,
    Completion.UNCLEAR,
    Completion.WITHDRAWN,
]


def commitment_search_vector() -> SearchVector:
    """The searched text. Must match the GIN index of migration 0004 for PostgreSQL to use it."""
    return SearchVector(
        "title", "short_title", "description", "problem", "lead_agency", config=SEARCH_CONFIG
    )


def _weighted_search_vector() -> CombinedExpression:
    return (
        SearchVector("title", "short_title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("description", "problem", weight="B", config=SEARCH_CONFIG)
        + SearchVector("lead_agency", weight="C", config=SEARCH_CONFIG)
    )


def published_assessments() -> QuerySet[CommitmentAssessment]:
    """The IRM's assessments that the public may see: those in published reports."""
    return CommitmentAssessment.objects.filter(cycle__state=CycleState.PUBLISHED)


def _latest_irm_completion() -> Subquery:
    return Subquery(
        published_assessments()
        .filter(commitment=OuterRef("pk"))
        .exclude(completion="")
        .order_by("-cycle__published_on", "-pk")
        .values("completion")[:1],
        output_field=CharField(),
    )


def _latest_reported_completion(source: str) -> Subquery:
    return Subquery(
        ProgressUpdate.objects.filter(
            commitment=OuterRef("pk"), source=source, milestone__isnull=True
        )
        .order_by("-reported_on", "-pk")
        .values("completion")[:1],
        output_field=CharField(),
    )


class CompletionAnnotations(TypedDict):
    irm_assessed_completion: str | None
    irm_reported_completion: str | None
    self_reported_completion: str | None
    completion_level: str
    completion_irm_level: str | None


def with_completion(
    queryset: QuerySet[Commitment],
) -> "QuerySet[WithAnnotations[Commitment, CompletionAnnotations]]":
    """Annotate `completion_level`: the IRM's latest published completion, else the latest IRM
    progress update, else the government's latest self-assessment ('' when none), and
    `completion_by_irm` saying whether the IRM's word is the one shown."""
    return queryset.annotate(
        irm_assessed_completion=_latest_irm_completion(),
        irm_reported_completion=_latest_reported_completion(ProgressSource.IRM),
        self_reported_completion=_latest_reported_completion(ProgressSource.GOVERNMENT),
    ).annotate(
        completion_level=Coalesce(
            F("irm_assessed_completion"),
            F("irm_reported_completion"),
            F("self_reported_completion"),
            Value(""),
            output_field=CharField(),
        ),
        completion_irm_level=Coalesce(
            F("irm_assessed_completion"), F("irm_reported_completion"), output_field=CharField()
        ),
    )


def commitment_list_visible(user) -> QuerySet[Commitment]:
    """Commitments a visitor may see in lists: only published ones (drafts live on their plan
    page for the people who co-create them)."""
    return Commitment.objects.published()


def commitment_list_for_search(user=None) -> QuerySet[Commitment]:
    """Published commitments with what a result shows: member, plan, completion, policy areas;
    a constant number of queries whatever the page size."""
    return with_completion(
        commitment_list_visible(user)
        .select_related("plan__member")
        .prefetch_related("policy_areas")
        .order_by("-plan__period_start", "plan__member__name", "position", "pk")
    )


def commitment_search(queryset: QuerySet[Commitment], text: str) -> QuerySet[Commitment]:
    """Commitments matching the words (web-search syntax: "quoted phrase", or, -not), best
    first; an OGP identifier such as AL0002 finds that commitment."""
    text = text.strip()
    if not text:
        return queryset
    by_ogp_id = Q(ogp_id__iexact=text)
    if not settings.IS_POSTGRES:
        words = Q()
        for field in ("title", "short_title", "description", "problem", "lead_agency"):
            words |= Q(**{f"{field}__icontains": text})
        return queryset.filter(words | by_ogp_id)
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.annotate(search=commitment_search_vector())
        .filter(Q(search=query) | by_ogp_id)
        .annotate(rank=SearchRank(_weighted_search_vector(), query))
        .order_by("-rank", "-plan__period_start", "pk")
    )


def commitment_filter_by_ogp_value(queryset: QuerySet[Commitment], value: str):
    return queryset.filter(**{OGP_VALUE_FLAGS[OgpValue(value)]: True})


def commitment_filter_by_policy_area(queryset: QuerySet[Commitment], area: PolicyArea):
    """Commitments tagged with the area or one of its sub-areas."""
    tagged = Commitment.policy_areas.through.objects.filter(commitment=OuterRef("pk")).filter(
        Q(policyarea=area) | Q(policyarea__parent=area)
    )
    return queryset.filter(Exists(tagged))


def commitment_filter_by_irm_rating(queryset: QuerySet[Commitment], field: str, value: str):
    """Commitments that a published IRM report rated `value` on `field`."""
    rated = published_assessments().filter(commitment=OuterRef("pk"), **{field: value})
    return queryset.filter(Exists(rated))


def commitment_filter_by_period(
    queryset: QuerySet[Commitment], year_from: int | None, year_to: int | None
) -> QuerySet[Commitment]:
    """Commitments whose plan runs during any part of the years given."""
    if year_from is not None:
        queryset = queryset.filter(plan__period_end__year__gte=year_from)
    if year_to is not None:
        queryset = queryset.filter(plan__period_start__year__lte=year_to)
    return queryset


def commitment_get_for_detail(ref: str, user) -> Commitment:
    """The commitment with OGP id `ref` (or primary key, when `ref` is a number) and everything
    its page shows, in a fixed number of queries. Http404 when unknown or when the visitor
    may not see a draft."""
    queryset = with_completion(
        Commitment.objects.select_related(
            "plan__member", "carried_forward_from__plan__member"
        ).prefetch_related(
            "policy_areas__parent",
            Prefetch("milestones", queryset=Milestone.objects.order_by("number")),
            Prefetch(
                "carried_forward_by",
                queryset=Commitment.objects.published().select_related("plan__member"),
                to_attr="carried_on_by",
            ),
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.select_related("milestone").order_by(
                    "-reported_on", "-pk"
                ),
            ),
            Prefetch(
                "assessments",
                queryset=published_assessments()
                .select_related("cycle")
                .order_by("cycle__published_on", "pk"),
                to_attr="published_assessments",
            ),
            "plan__cocreation_steps",
        )
    )
    return access_commitment(user, queryset, ref)


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
        else:
            shown = getattr(assessment, f"get_{name}_display")()
        ratings.append((str(field.verbose_name).capitalize(), str(shown)))
    return ratings


@dataclass
class TimelineEvent:
    date: datetime.date
    kind: str
    label: str
    detail: str = ""
    url: str = ""


def commitment_timeline(commitment: Commitment) -> list[TimelineEvent]:
    """Everything that happened to the commitment, oldest first, from prefetched data only."""
    plan = commitment.plan
    events = [
        TimelineEvent(commitment.created_at.date(), "created", _("Commitment drafted")),
    ]
    for step in plan.cocreation_steps.all():
        events.append(
            TimelineEvent(
                step.opens_on,
                "cocreation",
                _("%(kind)s opened for the action plan") % {"kind": step.get_kind_display()},
                step.title,
                step.url,
            )
        )
    if plan.submitted_on:
        events.append(TimelineEvent(plan.submitted_on, "submitted", _("Action plan submitted")))
    if commitment.start_date:
        events.append(TimelineEvent(commitment.start_date, "start", _("Implementation starts")))
    for milestone in commitment.milestones.all():
        if milestone.end_date:
            events.append(
                TimelineEvent(
                    milestone.end_date,
                    "milestone_due",
                    _("Milestone %(number)s due") % {"number": milestone.number},
                    milestone.description,
                )
            )
        if milestone.completed_on:
            events.append(
                TimelineEvent(
                    milestone.completed_on,
                    "milestone_done",
                    _("Milestone %(number)s completed") % {"number": milestone.number},
                    milestone.description,
                )
            )
    for update in commitment.progress_updates.all():
        what = _("Progress reported by %(source)s: %(completion)s") % {
            "source": update.get_source_display(),
            "completion": update.get_completion_display(),
        }
        if update.milestone is not None:
            what = _("Milestone %(number)s: %(what)s") % {
                "number": update.milestone.number,
                "what": what,
            }
        events.append(TimelineEvent(update.reported_on, "progress", what, update.text))
    for assessment in _published_assessments_of(commitment):
        events.append(
            TimelineEvent(
                _published_on(assessment),
                "irm",
                _("IRM %(report)s published") % {"report": assessment.cycle.get_kind_display()},
                assessment.narrative,
                assessment.cycle.report_url,
            )
        )
    if commitment.end_date:
        events.append(TimelineEvent(commitment.end_date, "end", _("Implementation ends")))
    return sorted(events, key=lambda event: event.date)


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    action: str
    changes: list[FieldChange]


_HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def _history_entries(records, model, subject) -> list[HistoryEntry]:
    entries = []
    previous_by_object: dict[int, Any] = {}
    for record in records:
        previous = previous_by_object.get(record.id)
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = model._meta.get_field(change.field)
                changes.append(
                    FieldChange(str(field.verbose_name), _display(change.old), _display(change.new))
                )
        previous_by_object[record.id] = record
        if previous is not None and record.history_type == "~" and not changes:
            continue
        if record.history_user is not None:
            who = record.history_user.get_full_name() or record.history_user.username
        else:
            who = _("an import or a script")
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=who,
                what=subject(record),
                action=_HISTORY_ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
    return entries


def _display(value: Any) -> Any:
    if value in (None, ""):
        return "—"
    if value in Completion.values:
        return Completion(value).label
    return value


def commitment_change_history(commitment: Commitment) -> list[HistoryEntry]:
    """Who changed the commitment and its milestones, when, and which fields, newest first.
    Two queries whatever the length of the history."""
    commitment_records = commitment.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    milestone_records = (
        Milestone.history.filter(commitment_id=commitment.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = _history_entries(commitment_records, Commitment, lambda record: _("Commitment"))
    entries += _history_entries(
        milestone_records,
        Milestone,
        lambda record: _("Milestone %(number)s") % {"number": record.number},
    )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


@dataclass
class CompletionSegment:
    level: str
    label: str
    count: int
    percent: float
    offset: float


def completion_breakdown(levels: dict[str, int]) -> list[CompletionSegment]:
    """Counts of commitments by completion level ('' = not yet reported) as chart segments,
    in a fixed order, each with its share and where it starts on a 0-100 axis."""
    total = sum(levels.values())
    segments = []
    offset = 0.0
    order = [*COMPLETION_ORDER, ""]
    for level in order:
        count = levels.get(level, 0)
        if not count:
            continue
        percent = 100 * count / total
        label = str(Completion(level).label) if level else _("Not yet reported")
        segments.append(CompletionSegment(level or "none", label, count, percent, offset))
        offset += percent
    return segments


def completion_label(level: str) -> str:
    """The label of a completion level, '' for none."""
    return str(Completion(level).label) if level else ""


def completion_counts(queryset: QuerySet[Commitment]) -> dict[str, int]:
    """{completion level: number of commitments} for the given commitments, in one query."""
    rows = (
        with_completion(queryset.order_by())
        .values("completion_level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["completion_level"]: row["n"] for row in rows}


def progress_update_public_list() -> QuerySet[ProgressUpdate]:
    """Progress updates anyone may read: those on published commitments."""
    return ProgressUpdate.objects.filter(
        commitment__publication_state=Commitment.PublicationState.PUBLISHED
    )


def progress_update_export_rows(updates: QuerySet[ProgressUpdate] | None = None) -> QuerySet:
    """The rows of the progress CSV (progress_csv.EXPORT_FIELDS) for these updates (by default
    every public one), in a stable order: by commitment, then milestone (the commitment itself
    first), then date."""
    if updates is None:
        updates = progress_update_public_list()
    return updates.order_by(
        "commitment__ogp_id",
        "commitment_id",
        F("milestone__number").asc(nulls_first=True),
        "reported_on",
        "id",
    ).values(*progress_csv.EXPORT_FIELDS)
