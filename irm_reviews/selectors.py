"""Reads of IRM review cycles and assessments, and of commitments with what the IRM found:
completion as the IRM (or, before it, the sources) reports it, ratings as filters, published
assessments on the commitment's page."""

import datetime
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, NullIf, RowNumber
from django.shortcuts import get_object_or_404

from action_plans.models import ActionPlan
from commitments import selectors as commitment_selectors
from commitments.models import Commitment, ProgressSource, ProgressUpdate, PublicationState
from members.models import Role, User
from members.permissions import is_administrator, is_support_unit

from .completeness import complete_assessment_q
from .models import (
    INDICATOR_FIELDS,
    AssessmentCluster,
    AssessmentErratum,
    CommitmentAssessment,
    CycleState,
    ReviewAssignment,
    ReviewComment,
    ReviewCycle,
    ReviewKind,
)
from .permissions import can_see_unpublished_reviews

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

UNPUBLISHED_STATES = [
    CycleState.SCHEDULED,
    CycleState.OPEN,
    CycleState.PRE_PUBLICATION,
    CycleState.PUBLIC_COMMENT,
]


def review_cycles_due_between(start: datetime.date, end: datetime.date) -> QuerySet[ReviewCycle]:
    """Unpublished IRM reports whose due date falls between start and end."""
    return ReviewCycle.objects.filter(
        state__in=UNPUBLISHED_STATES, due_on__gte=start, due_on__lte=end
    ).select_related("plan__member")


def review_cycles_overdue(today: datetime.date) -> QuerySet[ReviewCycle]:
    """Unpublished IRM reports whose due date has passed."""
    return ReviewCycle.objects.filter(state__in=UNPUBLISHED_STATES, due_on__lt=today)


def irm_staff_recipients() -> QuerySet[User]:
    """IRM staff with an active account and an e-mail address."""
    return User.objects.filter(role=Role.IRM_STAFF, is_active=True).exclude(email="").order_by("pk")


def _once_published(field: str) -> Case:
    return Case(
        When(state=CycleState.PUBLISHED, then=F(field)), default=Value(""), output_field=CharField()
    )


def review_cycle_list_visible(user=None) -> QuerySet[ReviewCycle]:
    """Every review cycle (the IRM's schedule is public), with `public_report_url` and
    `public_narrative`: the report's address and summary once it is published, blank before,
    and always for those who may see unpublished reviews (irm_reviews.permissions)."""
    if user is not None and can_see_unpublished_reviews(user):
        return ReviewCycle.objects.annotate(
            public_report_url=F("report_url"), public_narrative=F("narrative")
        )
    return ReviewCycle.objects.annotate(
        public_report_url=_once_published("report_url"),
        public_narrative=_once_published("narrative"),
    )


def review_cycle_list_public() -> QuerySet[ReviewCycle]:
    """The review cycles as anyone may read them (review_cycle_list_visible for no one)."""
    return review_cycle_list_visible(None)


def assessment_list_visible(user) -> QuerySet[CommitmentAssessment]:
    """The assessments this user may read: every one for those who may see unpublished
    reviews, else the published ones."""
    if can_see_unpublished_reviews(user):
        return CommitmentAssessment.objects.all()
    return assessment_list_published()


def assessment_list_published() -> QuerySet[CommitmentAssessment]:
    """The assessments anyone may read: those in published reports, of published commitments."""
    return CommitmentAssessment.objects.filter(
        cycle__state=CycleState.PUBLISHED,
        commitment__publication_state=PublicationState.PUBLISHED,
    )


class CompletionAnnotations(TypedDict):
    irm_assessed_completion: str | None
    irm_reported_completion: str | None
    self_reported_completion: str | None
    completion_irm_level: str | None


def with_completion(
    queryset: QuerySet[Commitment],
) -> "QuerySet[WithAnnotations[Commitment, CompletionAnnotations]]":
    """Annotate what pages show of the stored completion (commitments.completion has the rule,
    kept current by the writes): `completion_level` (a column: the IRM's latest published
    completion, else the latest IRM progress update, else the government's latest
    self-assessment, '' when none), `completion_irm_level` when the IRM's word is the one shown,
    and the sources' own words (`irm_assessed_completion`, `irm_reported_completion`,
    `self_reported_completion`, None when none). No subquery: a page costs the same whatever
    its depth."""
    by_irm = Q(completion_by_irm=True)
    return queryset.annotate(
        irm_assessed_completion=NullIf(F("completion_irm_assessed"), Value("")),
        irm_reported_completion=Case(
            When(by_irm & Q(completion_irm_assessed=""), then=F("completion_level")),
            default=None,
            output_field=CharField(),
        ),
        self_reported_completion=NullIf(F("completion_self_reported"), Value("")),
        completion_irm_level=Case(
            When(by_irm, then=F("completion_level")), default=None, output_field=CharField()
        ),
    )


def commitment_filter_by_irm_rating(
    queryset: QuerySet[Commitment], field: str, value: str
) -> QuerySet[Commitment]:
    """Commitments that a published IRM report rated `value` on `field`: the assessments of
    assessment_list_published, whose rule on the commitment (published) is asked of the
    commitment's own row rather than by joining the commitments table again inside the
    subquery (half the time of the API's filtered list at ten times OGP's size)."""
    rated = CommitmentAssessment.objects.filter(
        cycle__state=CycleState.PUBLISHED, commitment=OuterRef("pk"), **{field: value}
    )
    return queryset.filter(Exists(rated), publication_state=PublicationState.PUBLISHED)


def completion_counts(queryset: QuerySet[Commitment]) -> dict[str, int]:
    """{completion level: number of commitments} for the given commitments, in one query (for
    published commitments, an index-only scan of commitment_completion_level)."""
    # COUNT(*), not COUNT(id): the index holds no id, so counting ids would read every row.
    rows = queryset.order_by().values("completion_level").annotate(n=Count("*")).order_by()
    return {row["completion_level"]: row["n"] for row in rows}


def commitment_list_for_search(
    user=None,
) -> "QuerySet[WithAnnotations[Commitment, CompletionAnnotations]]":
    """The commitments a visitor may search, with their completion; a constant number of
    queries whatever the page size."""
    return with_completion(commitment_selectors.commitment_list_for_search(user))


def commitment_list_for_plan(
    plan: ActionPlan, user
) -> "QuerySet[WithAnnotations[Commitment, CompletionAnnotations]]":
    """The plan's commitments as its page lists them, with their completion."""
    return with_completion(commitment_selectors.commitment_list_for_plan(plan, user))


def commitment_get_for_detail(ref: str, user) -> Commitment:
    """The commitment with OGP id (or number) `ref`, everything its page shows and its published
    assessments (`published_assessments`, oldest first), in a fixed number of queries. Http404
    when unknown or when the visitor may not see a draft."""
    queryset = with_completion(commitment_selectors.commitment_detail_queryset()).prefetch_related(
        Prefetch(
            "assessments",
            queryset=assessment_list_published()
            .select_related("cycle")
            .prefetch_related("errata")
            .order_by("cycle__published_on", "pk"),
            to_attr="published_assessments",
        )
    )
    return commitment_selectors.commitment_get_visible(queryset, ref, user)


def review_cycle_list_for_plan(plan: ActionPlan) -> QuerySet[ReviewCycle]:
    """The plan's IRM review cycles in the order they open (the IRM's schedule is public)."""
    return ReviewCycle.objects.filter(plan=plan).order_by("opens_on", "pk")


def review_cycle_list_latest_published(limit: int) -> QuerySet[ReviewCycle]:
    """The IRM's most recently published reports, newest first."""
    return (
        ReviewCycle.objects.filter(state=CycleState.PUBLISHED)
        .select_related("plan__member")
        .order_by("-published_on", "-pk")[:limit]
    )


# The workspace lists reviews in the order of the IRM's process, then by due date.
_STATE_ORDER = Case(
    *[When(state=state, then=Value(index)) for index, state in enumerate(CycleState.values)],
    output_field=IntegerField(),
)


def _complete_assessments_count() -> Case:
    """Per review, how many of its assessments give every indicator its report requires."""
    by_kind = []
    for kind in ReviewKind.values:
        complete = (
            CommitmentAssessment.objects.filter(cycle=OuterRef("pk"))
            .filter(complete_assessment_q(kind))
            .order_by()
            .values("cycle")
            .annotate(n=Count("*"))
            .values("n")
        )
        by_kind.append(When(kind=kind, then=Coalesce(Subquery(complete), 0)))
    return Case(*by_kind, default=Value(0), output_field=IntegerField())


def review_cycle_list_for_workspace(user) -> QuerySet[ReviewCycle]:
    """The reviews of the signed-in person's IRM workspace, by state and due date: the ones
    assigned to an IRM researcher, every unpublished one for the Support Unit and
    administrators. Annotated with `commitments_count` and `complete_count` (commitments whose
    assessment gives every required indicator); assignments and researchers prefetched: a
    constant number of queries."""
    reviews = ReviewCycle.objects.all()
    if is_support_unit(user) or is_administrator(user):
        reviews = reviews.exclude(state=CycleState.PUBLISHED)
    else:
        reviews = reviews.filter(assignments__researcher_id=user.pk)
    commitments_count = (
        Commitment.objects.filter(plan_id=OuterRef("plan_id"))
        .order_by()
        .values("plan_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        reviews.select_related("plan__member")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=ReviewAssignment.objects.select_related("researcher").order_by(
                    "assigned_at", "pk"
                ),
            )
        )
        .annotate(
            state_order=_STATE_ORDER,
            commitments_count=Coalesce(Subquery(commitments_count), 0),
            complete_count=_complete_assessments_count(),
        )
        .order_by("state_order", "due_on", "pk")
    )


def review_cycle_get_for_workspace(pk: int) -> ReviewCycle:
    """One review with its plan, member and assignments (researchers) loaded; Http404 when
    unknown. Who may see it is the view's question (irm_reviews.permissions)."""
    queryset = ReviewCycle.objects.select_related("plan__member").prefetch_related(
        Prefetch(
            "assignments",
            queryset=ReviewAssignment.objects.select_related("researcher", "assigned_by"),
        ),
        Prefetch("clusters", queryset=AssessmentCluster.objects.order_by("name")),
    )
    return get_object_or_404(queryset, pk=pk)


def review_commitments_with_assessments(
    cycle: ReviewCycle,
) -> list[tuple[Commitment, CommitmentAssessment | None]]:
    """The reviewed plan's commitments in the plan's order, each with its assessment in this
    review (None when not started); two queries."""
    assessments = {
        assessment.commitment_id: assessment
        for assessment in CommitmentAssessment.objects.filter(cycle=cycle).select_related(
            "assessed_cluster"
        )
    }
    commitments = Commitment.objects.filter(plan_id=cycle.plan_id).order_by("position", "pk")
    return [(commitment, assessments.get(commitment.pk)) for commitment in commitments]


def irm_researchers() -> QuerySet[User]:
    """Active IRM staff accounts, whom the Support Unit may assign to reviews."""
    return User.objects.filter(role=Role.IRM_STAFF, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def commitment_progress_for_review(commitment: Commitment) -> QuerySet[ProgressUpdate]:
    """What the government and civil society reported on the commitment (and its milestones),
    newest first, for the researcher's assessment page."""
    return (
        ProgressUpdate.objects.filter(
            commitment=commitment,
            source__in=[ProgressSource.GOVERNMENT, ProgressSource.CIVIL_SOCIETY],
        )
        .select_related("milestone")
        .order_by("-reported_on", "-pk")
    )


def review_assignment_list_visible(user) -> QuerySet[ReviewAssignment]:
    """The assignments this user may read: all for those who see unpublished reviews (IRM
    staff, the Support Unit, administrators), else those of published reviews."""
    assignments = ReviewAssignment.objects.select_related("cycle__plan__member", "researcher")
    if can_see_unpublished_reviews(user):
        return assignments
    return assignments.filter(cycle__state=CycleState.PUBLISHED)


# --- A review's page, its comments, errata and figures ------------------------------------


def review_get_for_page(member_slug: str, plan_pk: int, kind: str) -> ReviewCycle:
    """The review cycle of this kind on the plan, with plan and member; Http404 when none."""
    return get_object_or_404(
        ReviewCycle.objects.select_related("plan__member"),
        plan__member__slug=member_slug,
        plan_id=plan_pk,
        kind=kind,
    )


def review_assessments_for_page(cycle: ReviewCycle) -> QuerySet[CommitmentAssessment]:
    """The report's assessments (draft or published) of the plan's published commitments, in
    the plan's order, with their errata: three queries whatever their number."""
    return (
        CommitmentAssessment.objects.filter(
            cycle=cycle, commitment__publication_state=PublicationState.PUBLISHED
        )
        .select_related("commitment")
        .prefetch_related("errata")
        .order_by("commitment__position", "commitment_id")
    )


def review_comment_list(cycle: ReviewCycle) -> QuerySet[ReviewComment]:
    """The report's comments with their authors and answers, oldest first."""
    return (
        ReviewComment.objects.filter(cycle=cycle)
        .select_related("author", "answered_by", "commitment")
        .order_by("created_at", "pk")
    )


def _published_results_data(
    cycles: list[ReviewCycle],
) -> tuple[list[dict], list[AssessmentErratum]]:
    """The indicator values of the published assessments of these (published) reports and
    their errata, oldest first: two queries."""
    ids = [cycle.pk for cycle in cycles]
    if not ids:
        return [], []
    rows = list(
        assessment_list_published()
        .filter(cycle_id__in=ids)
        .values("pk", "cycle_id", *INDICATOR_FIELDS)
    )
    errata = list(
        AssessmentErratum.objects.filter(
            assessment__cycle_id__in=ids,
            assessment__commitment__publication_state=PublicationState.PUBLISHED,
        )
        .select_related("assessment__commitment", "assessment__cycle")
        .order_by("created_at", "pk")
    )
    return rows, errata


def review_results_data_for_plan(
    plan: ActionPlan,
) -> tuple[list[ReviewCycle], list[dict], list[AssessmentErratum]]:
    """The plan's published reports, their assessments' values and errata: three queries."""
    cycles = list(
        ReviewCycle.objects.filter(plan=plan, state=CycleState.PUBLISHED)
        .select_related("plan__member")
        .order_by("published_on", "pk")
    )
    return (cycles, *_published_results_data(cycles))


def review_results_data_latest_for_member(
    member_id: int,
) -> tuple[list[ReviewCycle], list[dict], list[AssessmentErratum]]:
    """The member's most recently published report (as a list of zero or one), its values and
    errata: three queries."""
    cycles = list(
        ReviewCycle.objects.filter(plan__member_id=member_id, state=CycleState.PUBLISHED)
        .select_related("plan__member")
        .order_by("-published_on", "-pk")[:1]
    )
    return (cycles, *_published_results_data(cycles))


def review_cycle_list_for_compare() -> QuerySet[ReviewCycle]:
    """Published reports with plan and member, for the comparison's FilterSet: only the
    columns its table and download print, as it reads one row per member."""
    return (
        ReviewCycle.objects.filter(state=CycleState.PUBLISHED)
        .select_related("plan__member")
        .only(
            "kind",
            "state",
            "published_on",
            "plan__ogp_id",
            "plan__member__name",
            "plan__member__slug",
            "plan__member__kind",
            "plan__member__region",
            "plan__member__country_code",
        )
    )


def review_cycles_latest_per_member(cycles: QuerySet[ReviewCycle]) -> QuerySet[ReviewCycle]:
    """Of these reports, each member's latest (by publication date): one query. The latest are
    picked by a window over the narrow rows; a subquery per report cost 0.4 s on 10,000."""
    latest = (
        cycles.order_by()
        .annotate(
            latest_rank=Window(
                RowNumber(),
                partition_by=F("plan__member_id"),
                order_by=[F("published_on").desc(), F("pk").desc()],
            )
        )
        .filter(latest_rank=1)
        .values("pk")
    )
    return cycles.filter(pk__in=latest)


def compare_sort_keys(
    cycles: QuerySet[ReviewCycle],
) -> list[tuple[int, str, datetime.date | None]]:
    """(id, member name, publication date) of these reports, what the comparison sorts by."""
    return list(cycles.order_by().values_list("pk", "plan__member__name", "published_on"))


def review_cycles_by_pk(cycles: QuerySet[ReviewCycle], ids: list[int]) -> dict[int, ReviewCycle]:
    """These of the reports, with plan and member, by id: one query."""
    return {cycle.pk: cycle for cycle in cycles.filter(pk__in=ids).order_by()}


def compare_values(
    cycles: QuerySet[ReviewCycle], field: str
) -> tuple[list[tuple[int, int, object]], list[AssessmentErratum]]:
    """One indicator's published values in these reports, as (assessment id, report id,
    value), and its errata oldest first: two queries, each with the reports as a subquery
    (2,000 ids as parameters cost a third more)."""
    ids = cycles.order_by().values("pk")
    rows = list(
        assessment_list_published()
        .filter(cycle_id__in=ids)
        .order_by()
        .values_list("pk", "cycle_id", field)
    )
    errata = list(
        AssessmentErratum.objects.filter(assessment__cycle_id__in=ids, field=field).order_by(
            "created_at", "pk"
        )
    )
    return rows, errata
