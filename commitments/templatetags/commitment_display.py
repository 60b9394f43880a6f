"""Template filters for commitments, so pages show labels without views decorating models."""

from django import template

from ..display import completion_label as _completion_label
from ..models import Commitment
from ..permissions import can_withdraw_commitment

register = template.Library()


@register.filter
def completion_label(level: str) -> str:
    """The label of a completion level, '' for none."""
    return _completion_label(level)


@register.filter
def may_withdraw(commitment: Commitment, user) -> bool:
    """Whether `user` may withdraw this published commitment (commitments.permissions)."""
    return can_withdraw_commitment(user, commitment)
