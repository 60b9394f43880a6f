"""Reads of commitments, milestones and progress for the API: who sees what, and the
commitment rows of the list built from `values()` (the hot path partners sync from)."""

from collections import defaultdict

from django.db import connection
from django.db.models import F, Field, Model, Prefetch, Q, QuerySet

from action_plans.models import ActionPlan
from core.api.lookups import AnyOf
from members.models import Member
from members.permissions import sees_every_member

from ..models import (
    TEMPLATE_TEXT_FIELDS,
    Commitment,
    Completion,
    Milestone,
    OgpValue,
    PolicyArea,
    ProgressUpdate,
)
from ..permissions import can_see_draft_commitments


def commitment_visibility(user, prefix: str = "") -> Q:
    """Published commitments for everyone; drafts for those who may see them
    (commitments.permissions.can_see_draft_commitments). `prefix` is the path to the
    commitment from the queried model, such as `commitment__`."""
    published = Q(**{f"{prefix}publication_state": Commitment.PublicationState.PUBLISHED})
    if sees_every_member(user):
        return Q()
    member_id = getattr(user, "member_id", None)
    if member_id and can_see_draft_commitments(user, member_id):
        return published | Q(**{f"{prefix}plan__member_id": member_id})
    return published


def commitment_api_list(user) -> QuerySet[Commitment]:
    """The commitments the user may see, prefetched for CommitmentSerializer, in a stable
    order that an index holds (plan, then position within the plan; see the
    commitment_published_order index): deep pages read a slice of the index instead of
    sorting every commitment."""
    return (
        Commitment.objects.filter(commitment_visibility(user))
        .select_related("plan__member", "carried_forward_from")
        .prefetch_related(
            "policy_areas",
            Prefetch("milestones", queryset=Milestone.objects.order_by("number", "id")),
        )
        .order_by("plan_id", "position", "id")
    )


def commitment_get_visible(user, *, pk: int | None, ogp_id: str | None) -> Commitment | None:
    """The commitment with this id (or else this OGP identifier) that the user may see."""
    lookup = Q(pk=pk) if pk else Q(ogp_id__iexact=ogp_id)
    return (
        Commitment.objects.filter(commitment_visibility(user))
        .filter(lookup)
        .select_related("plan")
        .first()
    )


def milestone_api_list(user) -> QuerySet[Milestone]:
    return (
        Milestone.objects.filter(commitment_visibility(user, "commitment__"))
        .select_related("commitment__plan")
        .order_by("commitment_id", "number", "id")
    )


def progress_update_api_list(user) -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.filter(commitment_visibility(user, "commitment__"))
        .select_related("commitment", "milestone")
        .order_by("-reported_on", "-id")
    )


COMMITMENT_COLUMNS = (
    "id",
    "ogp_id",
    "plan",
    "number",
    "position",
    *TEMPLATE_TEXT_FIELDS,
    "start_date",
    "end_date",
    "publication_state",
    "carried_forward_from",
    "ogp_url",
    "created_at",
    "updated_at",
)
OGP_VALUE_COLUMNS = {
    OgpValue.ACCESS_TO_INFORMATION.value: "is_access_to_information",
    OgpValue.CIVIC_PARTICIPATION.value: "is_civic_participation",
    OgpValue.PUBLIC_ACCOUNTABILITY.value: "is_public_accountability",
    OgpValue.TECHNOLOGY.value: "is_technology",
}
MILESTONE_COLUMNS = (
    "id",
    "number",
    "description",
    "expected_output",
    "start_date",
    "end_date",
    "completion",
    "completed_on",
    "updated_at",
)


def commitment_rows(commitments: QuerySet[Commitment]) -> list[dict]:
    """The rows of CommitmentSerializer for these commitments, in three queries and without
    model instances: the API's commitment list is what partners sync, so it must stay close
    to raw SQL. tests/commitments/test_api.py checks that both give the same JSON."""
    rows = list(
        commitments.values(
            *COMMITMENT_COLUMNS,
            *OGP_VALUE_COLUMNS.values(),
            plan_ogp_id=F("plan__ogp_id"),
            member=F("plan__member_id"),
            member_slug=F("plan__member__slug"),
            carried_forward_from_ogp_id=F("carried_forward_from__ogp_id"),
        )
    )
    if not rows:
        return rows
    ids = [row["id"] for row in rows]
    area_pairs = (
        Commitment.policy_areas.through.objects.filter(AnyOf(F("commitment_id"), ids))
        .order_by("policyarea__name")
        .values_list("commitment_id", "policyarea__name")
    )
    milestone_rows = (
        Milestone.objects.filter(AnyOf(F("commitment_id"), ids))
        .order_by("number", "id")
        .values_list("commitment_id", *MILESTONE_COLUMNS)
    )
    return _assemble_rows(rows, area_pairs, milestone_rows)


def _assemble_rows(rows: list[dict], area_pairs, milestone_rows) -> list[dict]:
    """Nest policy areas (commitment id, name) and milestones (commitment id, *columns) into
    the commitment rows, and turn the OGP value flags into a list."""
    areas: dict[int, list[str]] = defaultdict(list)
    for commitment_id, name in area_pairs:
        areas[commitment_id].append(name)
    labels = {value: str(label) for value, label in Completion.choices}
    milestones: dict[int, list[dict]] = defaultdict(list)
    for commitment_id, *values in milestone_rows:
        milestone = dict(zip(MILESTONE_COLUMNS, values, strict=True))
        milestone["completion_label"] = labels.get(milestone["completion"], "")
        milestones[commitment_id].append(milestone)
    for row in rows:
        row["ogp_values"] = [
            value for value, column in OGP_VALUE_COLUMNS.items() if row.pop(column)
        ]
        row["policy_areas"] = areas.get(row["id"], [])
        row["milestones"] = milestones.get(row["id"], [])
    return rows


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # a column of the model's own table
    return field.column


def _select_list(model: type[Model], columns: tuple[str, ...], alias: str) -> str:
    return ", ".join(f'{alias}."{_column(model, name)}" AS "{name}"' for name in columns)


def _commitment_rows_sql() -> str:
    commitment = Commitment._meta.db_table
    values = ", ".join(f'c."{column}"' for column in OGP_VALUE_COLUMNS.values())
    return (
        f"SELECT {_select_list(Commitment, COMMITMENT_COLUMNS, 'c')}, {values}, "
        f'p."ogp_id" AS "plan_ogp_id", p."member_id" AS "member", m."slug" AS "member_slug", '
        f'prev."ogp_id" AS "carried_forward_from_ogp_id" '
        f'FROM "{commitment}" c '
        f'JOIN "{ActionPlan._meta.db_table}" p ON p."id" = c."plan_id" '
        f'JOIN "{Member._meta.db_table}" m ON m."id" = p."member_id" '
        f'LEFT JOIN "{commitment}" prev ON prev."id" = c."carried_forward_from_id" '
        f'WHERE c."id" = ANY(%s)'
    )


def _milestone_rows_sql() -> str:
    return (
        f'SELECT m."commitment_id", {_select_list(Milestone, MILESTONE_COLUMNS, "m")} '
        f'FROM "{Milestone._meta.db_table}" m WHERE m."commitment_id" = ANY(%s) '
        f'ORDER BY m."number", m."id"'
    )


def _policy_area_rows_sql() -> str:
    through = Commitment.policy_areas.through
    return (
        f'SELECT t."commitment_id", a."name" FROM "{through._meta.db_table}" t '
        f'JOIN "{PolicyArea._meta.db_table}" a ON a."id" = t."policyarea_id" '
        f'WHERE t."commitment_id" = ANY(%s) ORDER BY a."name"'
    )


def commitment_rows_by_ids(ids: list[int]) -> list[dict]:
    """The same rows as commitment_rows for these ids (any order), read with one SQL statement
    per table and no ORM compilation: the commitment list is the path partners sync, and the
    ORM's per-query cost was a measurable share of it (docs/performance.md). Other databases
    than PostgreSQL take commitment_rows."""
    if connection.vendor != "postgresql":
        return commitment_rows(Commitment.objects.filter(pk__in=ids))
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_commitment_rows_sql(), [ids])
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
        cursor.execute(_policy_area_rows_sql(), [ids])
        area_pairs = cursor.fetchall()
        cursor.execute(_milestone_rows_sql(), [ids])
        milestone_rows = cursor.fetchall()
    return _assemble_rows(rows, area_pairs, milestone_rows)
