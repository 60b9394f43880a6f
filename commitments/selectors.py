"""Reads of commitments: who sees which, search and filters, a plan's and a member's
commitments, what the detail page shows of the commitment itself, progress updates and the change
history's records. The IRM's part (completion as assessed, ratings) is composed on top of these in
irm_reviews.selectors; display objects live in commitments.display."""

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404

from action_plans.models import ActionPlan
from members.models import Member

from . import progress_csv
from .models import (
    Commitment,
    CommitmentComment,
    Completion,
    Milestone,
    OgpValue,
    PolicyArea,
    ProgressEvidenceFile,
    ProgressUpdate,
    PublicationState,
)
from .permissions import (
    access_commitment,
    can_restore_deleted_commitment,
    can_see_draft_commitments,
)
from .search import (
    FTS_DESCRIPTION_COLUMN,
    FTS_TABLE,
    FTS_WEIGHTS,
    MATCH_END,
    MATCH_START,
    SEARCH_CONFIG,
    fts5_query,
)

OGP_VALUE_FLAGS = {
    OgpValue.ACCESS_TO_INFORMATION: "is_access_to_information",
    OgpValue.CIVIC_PARTICIPATION: "is_civic_participation",
    OgpValue.PUBLIC_ACCOUNTABILITY: "is_public_accountability",
    OgpValue.TECHNOLOGY: "is_technology",
}


SEARCH_ORDER = ("-plan_period_start", "member_sort_name", "position", "pk")


def commitment_list_visible(user) -> QuerySet[Commitment]:
    """Commitments a visitor may see in lists: only published ones (drafts live on their plan
    page for the people who co-create them)."""
    return Commitment.objects.published()


def commitment_list_for_search(user=None) -> QuerySet[Commitment]:
    """Visible commitments with what a result shows (member, plan, policy areas), newest plans
    first, then by member name and position; a constant number of queries whatever the page
    size. The order reads the copies of plan start and member name in the commitment
    (commitments.sort_keys), so the index commitment_search_order answers any page."""
    return (
        commitment_list_visible(user)
        .select_related("plan__member")
        .prefetch_related("policy_areas")
        .order_by(*SEARCH_ORDER)
    )


def commitment_search(queryset: QuerySet[Commitment], text: str) -> QuerySet[Commitment]:
    """Commitments matching the words (web-search syntax: any word order, "quoted phrase", or,
    -not; English word stems), most relevant first and the newest plan first among equals; an
    OGP identifier such as AL0002 finds that commitment. The same on PostgreSQL and SQLite."""
    text = text.strip()
    if not text:
        return queryset
    by_ogp_id = Q(ogp_id__iexact=text)
    if not settings.IS_POSTGRES:
        return _commitment_search_sqlite(queryset, text, by_ogp_id)
    # Both sides of the OR read an index (the GIN index of the stored vector, the one on
    # UPPER(ogp_id)), so PostgreSQL combines two bitmap scans instead of scanning the table.
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    # Ranked by the short vector of the title and short title (commitments.search): reading the
    # whole document of every match to rank it cost more than the rest of the search.
    return (
        queryset.filter(Q(search_document=query) | by_ogp_id)
        .annotate(rank=SearchRank(F("rank_document"), query))
        .order_by("-rank", *SEARCH_ORDER)
    )


def commitment_named_by(results: QuerySet[Commitment], text: str) -> Commitment | None:
    """The one result whose OGP identifier the search text is (such as al0002), if any: a search
    for an identifier goes straight to that commitment. No query unless the text could be one."""
    text = text.strip()
    if not text or len(text) > 20 or " " in text or not any(c.isdigit() for c in text):
        return None
    return results.filter(ogp_id__iexact=text).order_by().first()


def _fts_rowids(match: str) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])


def _commitment_search_sqlite(
    queryset: QuerySet[Commitment], text: str, by_ogp_id: Q
) -> QuerySet[Commitment]:
    wanted, unwanted = fts5_query(text)
    if not wanted and not unwanted:
        return queryset.filter(by_ogp_id)
    words = Q(pk__in=_fts_rowids(wanted)) if wanted else Q()
    if unwanted:
        words &= ~Q(pk__in=_fts_rowids(unwanted))
    if not wanted:
        return queryset.filter(words | by_ogp_id).order_by(*SEARCH_ORDER)
    weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
    # bm25 is lower for a better match; an identifier match has none and comes first.
    rank = RawSQL(
        f"SELECT bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s AND rowid = commitments_commitment.id",
        [wanted],
    )
    return (
        queryset.filter(words | by_ogp_id)
        .annotate(rank=Coalesce(rank, Value(-1e9), output_field=FloatField()))
        .order_by("rank", *SEARCH_ORDER)
    )


def commitment_search_with_snippets(
    queryset: QuerySet[Commitment], text: str
) -> QuerySet[Commitment]:
    """The search's results with `search_snippet`: words of the description around the matched
    ones, each match between search.MATCH_START and MATCH_END (blank when the description does
    not match). For the rows of one page only: it costs a text scan per row."""
    text = text.strip()
    if not text:
        return queryset.annotate(search_snippet=Value(""))
    if settings.IS_POSTGRES:
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        headline = SearchHeadline(
            "description",
            query,
            config=SEARCH_CONFIG,
            start_sel=MATCH_START,
            stop_sel=MATCH_END,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        return queryset.annotate(search_snippet=headline)
    wanted, _unwanted = fts5_query(text)
    if not wanted:
        return queryset.annotate(search_snippet=Value(""))
    snippet = RawSQL(
        f"SELECT snippet({FTS_TABLE}, {FTS_DESCRIPTION_COLUMN}, char(2), char(3), ' … ', 30) "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid = commitments_commitment.id",
        [wanted],
    )
    return queryset.annotate(search_snippet=Coalesce(snippet, Value(""), output_field=CharField()))


def commitment_filter_by_ogp_value(queryset: QuerySet[Commitment], value: str):
    return queryset.filter(**{OGP_VALUE_FLAGS[OgpValue(value)]: True})


def commitment_filter_by_policy_area(queryset: QuerySet[Commitment], area: PolicyArea):
    """Commitments tagged with the area or one of its sub-areas."""
    tagged = Commitment.policy_areas.through.objects.filter(commitment=OuterRef("pk")).filter(
        Q(policyarea=area) | Q(policyarea__parent=area)
    )
    return queryset.filter(Exists(tagged))


def commitment_filter_by_period(
    queryset: QuerySet[Commitment], year_from: int | None, year_to: int | None
) -> QuerySet[Commitment]:
    """Commitments whose plan runs during any part of the years given."""
    if year_from is not None:
        queryset = queryset.filter(plan__period_end__year__gte=year_from)
    if year_to is not None:
        queryset = queryset.filter(plan__period_start__year__lte=year_to)
    return queryset


def commitment_list_for_plan(plan: ActionPlan, user) -> QuerySet[Commitment]:
    """The plan's commitments in plan order with their milestones and `milestones_total` /
    `milestones_done`; drafts only for those who co-create them (see commitments.permissions)."""
    queryset = plan.commitments.all()
    if not can_see_draft_commitments(user, plan.member_id):
        queryset = queryset.published()
    return (
        queryset.order_by("position", "pk")
        .annotate(
            milestones_total=Count("milestones", distinct=True),
            milestones_done=Count(
                "milestones",
                filter=Q(milestones__completion=Completion.COMPLETE),
                distinct=True,
            ),
        )
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("number")))
    )


def plan_list_for_member(member: Member) -> QuerySet[ActionPlan]:
    """The member's action plans, newest cycle first, with `published_commitments` counted."""
    return member.action_plans.order_by("-period_start", "-number").annotate(
        published_commitments=Count(
            "commitments",
            filter=Q(commitments__publication_state=PublicationState.PUBLISHED),
        )
    )


def commitment_detail_queryset() -> QuerySet[Commitment]:
    """Commitments with everything of their own that the detail page shows (plan, member, policy
    areas, milestones, progress, what carried them forward and on), in a fixed number of
    queries."""
    return Commitment.objects.select_related(
        "plan__member", "carried_forward_from__plan__member"
    ).prefetch_related(
        "policy_areas__parent",
        Prefetch("milestones", queryset=Milestone.objects.order_by("number")),
        Prefetch(
            "carried_forward_by",
            queryset=Commitment.objects.published().select_related("plan__member"),
            to_attr="carried_on_by",
        ),
        Prefetch("progress_updates", queryset=_progress_updates_shown()),
        "plan__cocreation_steps",
    )


def _progress_updates_shown() -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.select_related("milestone", "author")
        .prefetch_related("evidence_files")
        .order_by("-reported_on", "-pk")
    )


def commitment_get_for_progress(ref: str, user) -> Commitment:
    """The commitment with OGP id (or number) `ref` as the progress page shows it: its plan and
    member, milestones, and every progress update with its author and evidence files; five
    queries. Http404 when unknown or a draft the user may not see."""
    queryset = Commitment.objects.select_related("plan__member").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("number")),
        Prefetch("progress_updates", queryset=_progress_updates_shown()),
    )
    return access_commitment(user, queryset, ref)


def progress_update_get_for_edit(ref: str, pk: int, user) -> ProgressUpdate:
    """The progress update `pk` of the visible commitment `ref`, with its commitment, plan,
    milestone and files; Http404 when there is none."""
    commitment = access_commitment(user, Commitment.objects.all(), ref)
    update = (
        ProgressUpdate.objects.select_related("milestone", "author")
        .prefetch_related("evidence_files")
        .filter(commitment=commitment, pk=pk)
        .first()
    )
    if update is None:
        raise Http404
    update.commitment = commitment
    return update


def progress_evidence_get(ref: str, pk: int, user) -> ProgressEvidenceFile:
    """An evidence file of a progress update on the visible commitment `ref`; Http404 else."""
    commitment = access_commitment(user, Commitment.objects.all(), ref)
    evidence = ProgressEvidenceFile.objects.filter(update__commitment=commitment, pk=pk).first()
    if evidence is None:
        raise Http404
    return evidence


def commitment_get_visible(queryset: QuerySet[Commitment], ref: str, user) -> Commitment:
    """The commitment with OGP id `ref` (or primary key, when `ref` is a number) from the
    queryset. Http404 when unknown or when the visitor may not see a draft."""
    return access_commitment(user, queryset, ref)


def commitment_history_records(commitment: Commitment) -> tuple[QuerySet, QuerySet]:
    """The commitment's and its milestones' history records, oldest first; two queries."""
    commitment_records = commitment.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    milestone_records = (
        Milestone.history.filter(commitment_id=commitment.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    return commitment_records, milestone_records


def progress_update_public_list() -> QuerySet[ProgressUpdate]:
    """Progress updates anyone may read: those on published commitments."""
    return ProgressUpdate.objects.filter(
        commitment__publication_state=Commitment.PublicationState.PUBLISHED
    )


def milestone_list_public() -> QuerySet[Milestone]:
    """Milestones anyone may read: those of published commitments."""
    return Milestone.objects.filter(
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


def commitment_comment_threads(commitment: Commitment) -> QuerySet[CommitmentComment]:
    """The commitment's comments, oldest first, each with its replies and their authors; two
    queries. Who may read them is commitments.permissions.can_see_comments."""
    return (
        commitment.comments.filter(reply_to__isnull=True)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=CommitmentComment.objects.select_related("author").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .order_by("created_at", "pk")
    )


def deleted_drafts_for(user, plan: ActionPlan) -> list[Commitment]:
    """The plan's deleted drafts, newest deletion first, for those who may restore them (the
    forum's members, while the plan is in co-creation); nobody else sees them."""
    drafts = (
        Commitment.with_deleted.filter(plan=plan, deleted_at__isnull=False)
        .select_related("plan", "deleted_by")
        .order_by("-deleted_at", "-pk")
    )
    probe = drafts.first()
    if probe is None or not can_restore_deleted_commitment(user, probe):
        return []
    return list(drafts)
