"""Reads of commitments: who sees which, search and filters, a plan's and a member's
commitments, what the detail page shows of the commitment itself, progress updates and the change
history's records. The IRM's part (completion as assessed, ratings) is composed on top of these in
irm_reviews.selectors; display objects live in commitments.display."""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

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
    ProgressUpdate,
    PublicationState,
)
from .permissions import (
    access_commitment,
    can_restore_deleted_commitment,
    can_see_draft_commitments,
)
from .search import SEARCH_CONFIG

OGP_VALUE_FLAGS = {
    OgpValue.ACCESS_TO_INFORMATION: "is_access_to_information",
    OgpValue.CIVIC_PARTICIPATION: "is_civic_participation",
    OgpValue.PUBLIC_ACCOUNTABILITY: "is_public_accountability",
    OgpValue.TECHNOLOGY: "is_technology",
}


def commitment_list_visible(user) -> QuerySet[Commitment]:
    """Commitments a visitor may see in lists: only published ones (drafts live on their plan
    page for the people who co-create them)."""
    return Commitment.objects.published()


def commitment_list_for_search(user=None) -> QuerySet[Commitment]:
    """Visible commitments with what a result shows (member, plan, policy areas), newest plans
    first; a constant number of queries whatever the page size."""
    return (
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
    # Both sides of the OR read an index (the GIN index of the stored vector, the one on
    # UPPER(ogp_id)), so PostgreSQL combines two bitmap scans instead of scanning the table.
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.filter(Q(search_document=query) | by_ogp_id)
        .annotate(rank=SearchRank(F("search_document"), query))
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
        Prefetch(
            "progress_updates",
            queryset=ProgressUpdate.objects.select_related("milestone").order_by(
                "-reported_on", "-pk"
            ),
        ),
        "plan__cocreation_steps",
    )


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
