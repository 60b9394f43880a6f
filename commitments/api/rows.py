"""The rows of the API's commitment list, read with one SQL statement per table.

CommitmentSerializer defines a commitment in the API (the detail, the schema, the list on
databases other than PostgreSQL). The list and its CSV, which partners sync from, read the same
rows here instead: through the serializer a page of 100 took about 2.6 times as long
(docs/performance.md). This is the only other reader of those rows; the view and `make bench`
both call commitment_rows, and tests/commitments/test_api_rows.py checks, field by field, that
it gives what the serializer gives in each language and in two time zones.
"""

import datetime
from collections import defaultdict
from functools import cache

from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone
from rest_framework.serializers import ListSerializer, Serializer

from action_plans.models import ActionPlan
from members.models import Member

from ..models import TEMPLATE_TEXT_FIELDS, Commitment, Completion, Milestone, OgpValue, PolicyArea

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
    "ogp_url",
    "withdrawn_at",
    "withdrawal_reason",
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


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # a column of the model's own table
    return field.column


def _select_list(model: type[Model], columns: tuple[str, ...], alias: str) -> str:
    return ", ".join(f'{alias}."{_column(model, name)}" AS "{name}"' for name in columns)


@cache
def _commitment_sql() -> str:
    commitment = Commitment._meta.db_table
    values = ", ".join(f'c."{column}"' for column in OGP_VALUE_COLUMNS.values())
    return (
        f"SELECT {_select_list(Commitment, COMMITMENT_COLUMNS, 'c')}, {values}, "
        f'p."ogp_id" AS "plan_ogp_id", p."member_id" AS "member", m."slug" AS "member_slug", '
        # A predecessor is named only once it is published (see CommitmentSerializer).
        f'CASE WHEN prev."publication_state" = %s THEN prev."id" END '
        f'AS "carried_forward_from", '
        f'CASE WHEN prev."publication_state" = %s THEN prev."ogp_id" END '
        f'AS "carried_forward_from_ogp_id" '
        f'FROM "{commitment}" c '
        f'JOIN "{ActionPlan._meta.db_table}" p ON p."id" = c."plan_id" '
        f'JOIN "{Member._meta.db_table}" m ON m."id" = p."member_id" '
        f'LEFT JOIN "{commitment}" prev ON prev."id" = c."carried_forward_from_id" '
        f'WHERE c."id" = ANY(%s)'
    )


@cache
def _milestone_sql() -> str:
    return (
        f'SELECT m."commitment_id", {_select_list(Milestone, MILESTONE_COLUMNS, "m")} '
        f'FROM "{Milestone._meta.db_table}" m WHERE m."commitment_id" = ANY(%s) '
        f'ORDER BY m."number", m."id"'
    )


@cache
def _policy_area_sql() -> str:
    through = Commitment.policy_areas.through
    return (
        f'SELECT t."commitment_id", a."name" FROM "{through._meta.db_table}" t '
        f'JOIN "{PolicyArea._meta.db_table}" a ON a."id" = t."policyarea_id" '
        f'WHERE t."commitment_id" = ANY(%s) ORDER BY a."name"'
    )


def commitment_rows(ids: list[int]) -> list[dict]:
    """CommitmentSerializer's rows of the commitments with these ids, in the order of `ids`,
    in three queries (PostgreSQL only). It does not check visibility: the ids must come from
    a queryset of what the user may see (commitments.api.selectors.commitment_api_list)."""
    if not ids:
        return []
    with connection.cursor() as cursor:
        published = Commitment.PublicationState.PUBLISHED.value
        cursor.execute(_commitment_sql(), [published, published, ids])
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
        cursor.execute(_policy_area_sql(), [ids])
        area_pairs = cursor.fetchall()
        cursor.execute(_milestone_sql(), [ids])
        milestone_rows = cursor.fetchall()
    by_id = {row["id"]: row for row in _assemble(rows, area_pairs, milestone_rows)}
    return [by_id[pk] for pk in ids if pk in by_id]


@cache
def _key_orders() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The serializer's field order, of a commitment and of a milestone: a row must be the
    same bytes as the serializer's (the detail's ETag is what writes compare If-Match with)."""
    from .serializers import CommitmentSerializer

    fields = CommitmentSerializer().fields
    milestones = fields["milestones"]
    assert isinstance(milestones, ListSerializer) and isinstance(milestones.child, Serializer)
    return tuple(fields), tuple(milestones.child.fields)


def _assemble(rows: list[dict], area_pairs, milestone_rows) -> list[dict]:
    """Nest policy areas (commitment id, name) and milestones (commitment id, *columns) into
    the commitment rows, turn the OGP value flags into a list, and render date-times and
    labels as the serializer does, in the current time zone and language."""
    areas: dict[int, list[str]] = defaultdict(list)
    for commitment_id, name in area_pairs:
        areas[commitment_id].append(name)
    labels = {value: str(label) for value, label in Completion.choices}
    zone = timezone.get_current_timezone()

    def render(moment: datetime.datetime) -> str:
        # As DRF's DateTimeField renders it (ISO 8601, "Z" for UTC), without its per-call
        # lookups of settings and time zone, a third of this function's time.
        text = moment.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    commitment_keys, milestone_keys = _key_orders()
    milestones: dict[int, list[dict]] = defaultdict(list)
    for commitment_id, *values in milestone_rows:
        milestone = dict(zip(MILESTONE_COLUMNS, values, strict=True))
        milestone["completion_label"] = labels.get(milestone["completion"], "")
        milestone["updated_at"] = render(milestone["updated_at"])
        milestones[commitment_id].append({key: milestone[key] for key in milestone_keys})
    assembled = []
    for row in rows:
        row["created_at"] = render(row["created_at"])
        row["updated_at"] = render(row["updated_at"])
        row["ogp_values"] = [
            value for value, column in OGP_VALUE_COLUMNS.items() if row.pop(column)
        ]
        row["policy_areas"] = areas.get(row["id"], [])
        row["milestones"] = milestones.get(row["id"], [])
        assembled.append({key: row[key] for key in commitment_keys})
    return assembled
