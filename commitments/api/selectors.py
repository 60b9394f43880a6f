"""Reads of commitments, milestones and progress for the API: who sees what. The rows of the
commitment list are read in commitments.api.rows."""

from django.db.models import Prefetch, Q, QuerySet

from action_plans.models import ActionPlan
from members.permissions import sees_every_member

from ..models import Commitment, Milestone, ProgressUpdate
from ..permissions import can_see_draft_commitments


def commitment_visibility(user, prefix: str = "") -> Q:
    """Published commitments for everyone; drafts for those who may see them
    (commitments.permissions.can_see_draft_commitments). `prefix` is the path to the
    commitment from the queried model, such as `commitment__`."""
    published = Q(**{f"{prefix}publication_state": Commitment.PublicationState.PUBLISHED})
    # A deleted draft (and its milestones) is seen by no one, here or anywhere.
    not_deleted = Q(**{f"{prefix}deleted_at__isnull": True})
    if sees_every_member(user):
        return not_deleted
    member_id = getattr(user, "member_id", None)
    if member_id and can_see_draft_commitments(user, member_id):
        # The member's plans as a subquery, not a join: PostgreSQL then reads the page and
        # the count from the commitment_visible_order index alone, as for the public.
        own_plans = ActionPlan.objects.filter(member_id=member_id).values("pk")
        return not_deleted & (published | Q(**{f"{prefix}plan__in": own_plans}))
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
