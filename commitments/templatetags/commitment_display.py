"""Template filters for commitments, so pages show labels without views decorating models."""

from django import template

from ..display import completion_label as _completion_label

register = template.Library()


@register.filter
def completion_label(level: str) -> str:
    """The label of a completion level, '' for none."""
    return _completion_label(level)
