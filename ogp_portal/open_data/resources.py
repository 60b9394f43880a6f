"""What an open-data dump holds: every public resource, one row per record, keyed on OGP's
identifiers (member slug and OGP code, plan ogp_id, commitment ogp_id). Drafts and anything
the public cannot see (draft commitments, private forum meetings, unpublished IRM reports) are
left out: each resource reads through its app's selector for what the public may see."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Case, F, Func, JSONField, OuterRef, QuerySet, Subquery, When

from action_plans.models import ActionPlan
from commitments import progress_csv
from commitments import selectors as commitment_selectors
from commitments.models import TEMPLATE_TEXT_FIELDS, Commitment, PolicyArea
from irm_reviews import selectors as irm_selectors
from irm_reviews.models import INDICATOR_FIELDS
from members import selectors as member_selectors
from members.models import ForumSeat, Member, MultiStakeholderForum

CHUNK_SIZE = 500  # rows per fetch: commitments carry long texts


@dataclass(frozen=True)
class Resource:
    """One file pair of the dump: `columns` name the output; `fields` are the values() fields
    read for them, in the same order, unless `row` shapes a values() dict into the columns."""

    name: str
    columns: tuple[str, ...]
    queryset: Callable[[], QuerySet]
    fields: tuple[str, ...] = ()
    row: Callable[[dict], list] | None = None

    def rows(self) -> Iterator[list]:
        """The rows as lists of Python values, read in chunks so memory stays bounded."""
        if self.row is None:
            for values in self.queryset().values_list(*self.fields).iterator(CHUNK_SIZE):
                yield list(values)
        else:
            for values in self.queryset().iterator(CHUNK_SIZE):
                yield self.row(values)


def _same(columns: tuple[str, ...]) -> dict:
    return {"columns": columns, "fields": columns}


class _JsonGroupArray(Func):
    """SQLite's json_group_array: the embedded default's stand-in for ArraySubquery."""

    function = "json_group_array"
    output_field = JSONField()


def _policy_area_slugs():
    areas = PolicyArea.objects.filter(commitments=OuterRef("pk")).order_by("slug")
    if connection.vendor == "postgresql":
        return ArraySubquery(areas.values("slug"))
    grouped = areas.order_by().values("commitments").annotate(slugs=_JsonGroupArray("slug"))
    return Subquery(grouped.values("slugs"), output_field=JSONField())


def _commitment_queryset() -> QuerySet:
    return (
        Commitment.objects.published()
        .annotate(
            policy_area_slugs=_policy_area_slugs(),
            # A draft predecessor is not named: the dump is public.
            published_predecessor_ogp_id=Case(
                When(
                    carried_forward_from__publication_state=Commitment.PublicationState.PUBLISHED,
                    then=F("carried_forward_from__ogp_id"),
                )
            ),
        )
        .order_by("plan__ogp_id", "position", "id")
    )


_ASSESSMENT_RATINGS = (*INDICATOR_FIELDS, "narrative")

RESOURCES: tuple[Resource, ...] = (
    Resource(
        name="members",
        queryset=lambda: Member.objects.order_by("slug"),
        **_same(
            (
                "slug",
                "ogp_code",
                "name",
                "kind",
                "country_code",
                "region",
                "year_joined",
                "status",
                "website_url",
                "repository_url",
                "updated_at",
            )
        ),
    ),
    Resource(
        name="forums",
        queryset=lambda: MultiStakeholderForum.objects.order_by("member__slug"),
        columns=("member", "member_ogp_code", "name", "established_on", "rules_url", "description"),
        fields=(
            "member__slug",
            "member__ogp_code",
            "name",
            "established_on",
            "rules_url",
            "description",
        ),
    ),
    Resource(
        name="forum_seats",
        queryset=lambda: ForumSeat.objects.order_by("forum__member__slug", "id"),
        columns=(
            "member",
            "person_name",
            "organization",
            "sector",
            "is_co_chair",
            "joined_on",
            "left_on",
        ),
        fields=(
            "forum__member__slug",
            "person_name",
            "organization__name",
            "sector",
            "is_co_chair",
            "joined_on",
            "left_on",
        ),
    ),
    Resource(
        name="forum_meetings",
        queryset=lambda: member_selectors.forum_meeting_list_public().order_by(
            "forum__member__slug", "held_on", "id"
        ),
        columns=("member", "held_on", "title", "minutes"),
        fields=("forum__member__slug", "held_on", "title", "minutes"),
    ),
    Resource(
        name="action_plans",
        queryset=lambda: ActionPlan.objects.order_by("ogp_id"),
        columns=(
            "ogp_id",
            "member",
            "member_ogp_code",
            "number",
            "title",
            "period_start",
            "period_end",
            "status",
            "submission_deadline",
            "submitted_on",
            "repository_url",
            "ogp_url",
            "updated_at",
        ),
        fields=(
            "ogp_id",
            "member__slug",
            "member__ogp_code",
            "number",
            "title",
            "period_start",
            "period_end",
            "status",
            "submission_deadline",
            "submitted_on",
            "repository_url",
            "ogp_url",
            "updated_at",
        ),
    ),
    Resource(
        name="commitments",
        queryset=_commitment_queryset,
        columns=(
            "ogp_id",
            "plan",
            "member",
            "number",
            "position",
            *TEMPLATE_TEXT_FIELDS,
            "policy_areas",
            "is_access_to_information",
            "is_civic_participation",
            "is_public_accountability",
            "is_technology",
            "start_date",
            "end_date",
            "carries_forward",
            "ogp_url",
            "updated_at",
        ),
        fields=(
            "ogp_id",
            "plan__ogp_id",
            "plan__member__slug",
            "number",
            "position",
            *TEMPLATE_TEXT_FIELDS,
            "policy_area_slugs",
            "is_access_to_information",
            "is_civic_participation",
            "is_public_accountability",
            "is_technology",
            "start_date",
            "end_date",
            "published_predecessor_ogp_id",
            "ogp_url",
            "updated_at",
        ),
    ),
    Resource(
        name="milestones",
        queryset=lambda: commitment_selectors.milestone_list_public().order_by(
            "commitment__plan__ogp_id", "commitment__position", "commitment_id", "number"
        ),
        columns=(
            "commitment",
            "plan",
            "commitment_number",
            "number",
            "description",
            "expected_output",
            "start_date",
            "end_date",
            "completion",
            "completed_on",
        ),
        fields=(
            "commitment__ogp_id",
            "commitment__plan__ogp_id",
            "commitment__number",
            "number",
            "description",
            "expected_output",
            "start_date",
            "end_date",
            "completion",
            "completed_on",
        ),
    ),
    Resource(
        name="progress_updates",
        queryset=commitment_selectors.progress_update_export_rows,
        columns=progress_csv.COLUMNS,
        row=progress_csv.export_row,
    ),
    Resource(
        name="review_cycles",
        queryset=lambda: irm_selectors.review_cycle_list_public().order_by(
            "plan__ogp_id", "opens_on", "id"
        ),
        columns=(
            "plan",
            "member",
            "kind",
            "opens_on",
            "due_on",
            "state",
            "published_on",
            "report_url",
            "narrative",
        ),
        fields=(
            "plan__ogp_id",
            "plan__member__slug",
            "kind",
            "opens_on",
            "due_on",
            "state",
            "published_on",
            "public_report_url",
            "public_narrative",
        ),
    ),
    Resource(
        name="assessments",
        queryset=lambda: irm_selectors.assessment_list_published().order_by(
            "cycle__plan__ogp_id", "cycle__kind", "commitment__position", "commitment_id"
        ),
        columns=("plan", "report", "commitment", "commitment_number", *_ASSESSMENT_RATINGS),
        fields=(
            "cycle__plan__ogp_id",
            "cycle__kind",
            "commitment__ogp_id",
            "commitment__number",
            *_ASSESSMENT_RATINGS,
        ),
    ),
)
