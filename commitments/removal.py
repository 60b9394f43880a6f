"""Nothing is lost by removing a commitment. A draft is deleted softly: hidden from every page,
the API, search and the dumps (Commitment.objects leaves it out), and the forum can restore it
while the plan is in co-creation. A published commitment is never deleted: the OGP Support
Unit or the member's point of contact withdraws it, with a reason the public page shows.

Each is one event, read by the API's feed of removals: `commitment.deleted`,
`commitment.restored`, `commitment.withdrawn` (DELETED, RESTORED, WITHDRAWN)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.events import event_record
from core.versioning import StaleVersion
from members.models import User

from .models import Commitment
from .permissions import (
    check_can_delete_commitment,
    check_can_restore_deleted_commitment,
    check_can_withdraw_commitment,
)

DELETED = "commitment.deleted"
RESTORED = "commitment.restored"
WITHDRAWN = "commitment.withdrawn"
WITHDRAWAL_REASON_MAX_LENGTH = 2000


def _event_data(commitment: Commitment, **extra) -> dict:
    return {
        "plan_id": commitment.plan_id,
        "ogp_id": commitment.ogp_id or "",
        "number": commitment.number,
        "title": commitment.title,
        "version": commitment.version,
        **extra,
    }


def _claim(commitment: Commitment, version: int, **values) -> Commitment:
    """Write `values` if the commitment is still at `version` (StaleVersion otherwise), as a
    new version; returns it as stored."""
    claimed = Commitment.with_deleted.filter(pk=commitment.pk, version=version).update(
        version=version + 1, updated_at=timezone.now(), **values
    )
    if not claimed:
        raise StaleVersion(
            Commitment.with_deleted.values_list("version", flat=True).get(pk=commitment.pk)
        )
    return Commitment.with_deleted.select_related("plan").get(pk=commitment.pk)


def commitment_delete_draft(*, user: User, commitment: Commitment, version: int) -> Commitment:
    """Delete a draft commitment softly, as seen at `version`. Guarantees: the user may edit
    the draft (PermissionDenied; a published commitment is never deleted); someone's save since
    `version` stops it (StaleVersion) so that nobody deletes what they have not seen; the draft
    and its milestones are kept, and the forum can restore them."""
    check_can_delete_commitment(user, commitment)
    with transaction.atomic():
        deleted = _claim(commitment, version, deleted_at=timezone.now(), deleted_by=user)
        # "removed" as the tombstones feed reads it: the draft's milestones go with it.
        milestone_ids = list(deleted.milestones.values_list("pk", flat=True))
        event_record(
            DELETED,
            subject=deleted,
            actor=user,
            member_id=deleted.plan.member_id,
            data=_event_data(deleted, removed={"milestone": milestone_ids}),
        )
    return deleted


def commitment_restore_deleted(*, user: User, commitment: Commitment) -> Commitment:
    """Bring a deleted draft back, with its milestones and its number (kept while it was
    deleted). Guarantees: the user is a forum member and the plan is still in co-creation
    (PermissionDenied)."""
    check_can_restore_deleted_commitment(user, commitment)
    with transaction.atomic():
        locked = Commitment.with_deleted.select_for_update().get(pk=commitment.pk)
        if locked.deleted_at is None:
            raise StaleVersion(locked.version)
        restored = _claim(locked, locked.version, deleted_at=None, deleted_by=None)
        event_record(
            RESTORED,
            subject=restored,
            actor=user,
            member_id=restored.plan.member_id,
            data=_event_data(restored),
        )
    return restored


def commitment_withdraw(
    *, user: User, commitment: Commitment, version: int, reason: str
) -> Commitment:
    """Withdraw a published commitment, with the reason shown on its public page. Guarantees:
    only the Support Unit or the member's point of contact, once (PermissionDenied); a reason
    is given (ValidationError naming `reason`); a save since `version` stops it
    (StaleVersion). The commitment, its milestones and progress all stay."""
    check_can_withdraw_commitment(user, commitment)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the commitment is withdrawn.")})
    if len(reason) > WITHDRAWAL_REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("At most %(count)d characters.") % {"count": WITHDRAWAL_REASON_MAX_LENGTH}}
        )
    with transaction.atomic():
        withdrawn = _claim(
            commitment,
            version,
            withdrawn_at=timezone.now(),
            withdrawn_by=user,
            withdrawal_reason=reason,
        )
        event_record(
            WITHDRAWN,
            subject=withdrawn,
            actor=user,
            member_id=withdrawn.plan.member_id,
            data=_event_data(withdrawn, reason=reason),
        )
    return withdrawn
