"""Template filters for commitments, so pages show labels without views decorating models."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..display import completion_label as _completion_label
from ..models import Commitment
from ..permissions import can_withdraw_commitment
from ..search import MATCH_END, MATCH_START

register = template.Library()


@register.filter
def completion_label(level: str) -> str:
    """The label of a completion level, '' for none."""
    return _completion_label(level)


@register.filter
def search_snippet(snippet: str) -> str:
    """A search snippet as HTML: its text escaped, each matched word in <mark>."""
    marked = escape(snippet).replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>")
    return mark_safe(marked)  # noqa: S308 - escaped above; only our own <mark> tags added


@register.filter
def may_withdraw(commitment: Commitment, user) -> bool:
    """Whether `user` may withdraw this published commitment (commitments.permissions)."""
    return can_withdraw_commitment(user, commitment)
