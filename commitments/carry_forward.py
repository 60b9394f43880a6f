"""Carrying a commitment forward: a new draft of a plan in co-creation starts from a commitment
of one of the member's earlier plans. Its text (OGP's template fields, OGP values, policy
areas) is copied and the link kept (Commitment.carried_forward_from), shown on both commitments'
pages. Dates and milestones are not copied: they belong to the new plan's period."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan
from members.models import User

from . import drafting
from .models import TEMPLATE_TEXT_FIELDS, Commitment
from .permissions import can_see_draft_commitments, check_can_create_commitment

COPIED_FLAGS = (
    "is_access_to_information",
    "is_civic_participation",
    "is_public_accountability",
    "is_technology",
)


def carry_forward_candidates(plan: ActionPlan, query: str = "") -> QuerySet[Commitment]:
    """Published commitments of the member's earlier plans, newest plan first, matching
    `query` (words in the identifier, title, short title, problem or description)."""
    candidates = (
        Commitment.objects.published()
        .filter(plan__member_id=plan.member_id, plan__number__lt=plan.number)
        .select_related("plan")
        .order_by("-plan__number", "position", "pk")
    )
    for word in query.split()[:10]:
        candidates = candidates.filter(
            Q(ogp_id__iexact=word)
            | Q(title__icontains=word)
            | Q(short_title__icontains=word)
            | Q(problem__icontains=word)
            | Q(description__icontains=word)
        )
    return candidates


def commitment_carry_forward(*, user: User, plan: ActionPlan, source_id: int) -> Commitment:
    """A new draft in `plan` carrying forward the commitment `source_id`, its text copied.
    Guarantees: the user may draft in the plan (PermissionDenied); the source is one of
    carry_forward_candidates (ValidationError on `source` otherwise); one transaction, the
    event commitment.created naming the source."""
    check_can_create_commitment(user, plan)
    source = carry_forward_candidates(plan).filter(pk=source_id).first()
    if source is None:
        raise ValidationError(
            {"source": _("Choose a commitment of one of this member's earlier action plans.")}
        )
    values = {name: getattr(source, name) for name in (*TEMPLATE_TEXT_FIELDS, *COPIED_FLAGS)}
    with transaction.atomic():
        commitment = drafting.commitment_create(
            user=user, plan=plan, values=values, carried_forward_from=source
        )
        commitment.policy_areas.set(source.policy_areas.all())
    return commitment


def carried_forward_drafts(commitment: Commitment, user) -> list[Commitment]:
    """Draft commitments carrying this one forward that the user may see (the published ones
    are on the page's own prefetch)."""
    drafts = Commitment.objects.filter(
        carried_forward_from=commitment, publication_state=Commitment.PublicationState.DRAFT
    ).select_related("plan__member")
    return [c for c in drafts if can_see_draft_commitments(user, c.plan.member_id)]
