"""Who may follow what, and who sees a webhook subscription."""

from typing import Any

from commitments.models import Commitment
from commitments.permissions import can_see_commitment
from members.permissions import is_active_user


def can_follow(user, target: Any) -> bool:
    """Signed-in people follow any member, plan or commitment they may see."""
    if not is_active_user(user):
        return False
    if isinstance(target, Commitment):
        return can_see_commitment(user, target)
    return True


def can_manage_webhook(user, token: Any) -> bool:
    """A token's own user manages its webhook."""
    return is_active_user(user) and token.user_id == user.pk
