"""Reads of commitments, milestones and progress for the API: who sees what, and the
commitment rows of the list built from `values()` (the hot path partners sync from)."""

from collections import defaultdict

from django.db.models import F, Prefetch, Q, QuerySet

from ..models import Commitment, Completion, Milestone, OgpValue, ProgressUpdate
from ..permissions import can_see_draft_commitments

# No member has the id 0: only roles that see every member's drafts pass this check.
NO_MEMBER = 0


def commitment_visibility(user, prefix: str = "") -> Q:
    """Published commitments for everyone; drafts for those who may see them
    (commitments.permissions.can_see_draft_commitments). `prefix` is the path to the
    commitment from the queried model, such as `commitment__`."""
    published = Q(**{f"{prefix}publication_state": Commitment.PublicationState.PUBLISHED})
    if can_see_draft_commitments(user, NO_MEMBER):
        return Q()
    member_id = getattr(user, "member_id", None)
    if member_id and can_see_draft_commitments(user, member_id):
        return published | Q(**{f"{prefix}plan__member_id": member_id})
    return published


def commitment_api_list(user) -> QuerySet[Commitment]:
    """The commitments the user may see, prefetched for CommitmentSerializer."""
    return (
        Commitment.objects.filter(commitment_visibility(user))
        .select_related("plan__member", "carried_forward_from")
        .prefetch_related(
            "policy_areas",
            Prefetch("milestones", queryset=Milestone.objects.order_by("number", "id")),
        )
        .order_by("plan__member__name", "plan__number", "position", "id")
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
    "title",
    "short_title",
    "theme",
    "problem",
    "status_quo",
    "description",
    "objective",
    "relevance",
    "additional_information",
    "lead_agency",
    "supporting_government",
    "supporting_civil_society",
    "contact",
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
    areas: dict[int, list[str]] = defaultdict(list)
    for commitment_id, name in (
        Commitment.policy_areas.through.objects.filter(commitment_id__in=ids)
        .order_by("policyarea__name")
        .values_list("commitment_id", "policyarea__name")
    ):
        areas[commitment_id].append(name)
    labels = {value: str(label) for value, label in Completion.choices}
    milestones: dict[int, list[dict]] = defaultdict(list)
    for milestone in (
        Milestone.objects.filter(commitment_id__in=ids)
        .order_by("number", "id")
        .values("commitment_id", *MILESTONE_COLUMNS)
    ):
        commitment_id = milestone.pop("commitment_id")
        milestone["completion_label"] = labels.get(milestone["completion"], "")
        milestones[commitment_id].append(milestone)
    for row in rows:
        row["ogp_values"] = [
            value for value, column in OGP_VALUE_COLUMNS.items() if row.pop(column)
        ]
        row["policy_areas"] = areas.get(row["id"], [])
        row["milestones"] = milestones.get(row["id"], [])
    return rows
