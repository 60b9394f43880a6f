"""Serializer fields the API resources share."""

from typing import TYPE_CHECKING

from django.db.models import TextChoices
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


def _interpolate(message: "str | _StrPromise", params: dict) -> str:
    return message % params


# `_("... %(name)s ...") % {...}` would translate at once (at import); this waits until the
# text is rendered, so it comes out in the language of the request.
interpolate_lazy = lazy(_interpolate, str)


def _join_labels(choices: type[TextChoices]) -> str:
    return ", ".join(str(label) for label in choices.labels)


def label_field(
    source: str, choices: type[TextChoices], what: "str | _StrPromise"
) -> serializers.CharField:
    """The human label of a choice field (`<field>_label`), next to its stable value."""
    return serializers.CharField(
        source=f"get_{source}_display",
        read_only=True,
        help_text=interpolate_lazy(
            _(
                "The %(what)s in words, in the language of the request, for display; key on "
                "`%(source)s` instead. One of: %(labels)s."
            ),
            {"what": what, "source": source, "labels": lazy(_join_labels, str)(choices)},
        ),
    )


@extend_schema_field(OpenApiTypes.DATETIME)
class UpdatedAtField(serializers.DateTimeField):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault(
            "help_text", _("When this record last changed (UTC); filter with `updated_since`.")
        )
        super().__init__(**kwargs)
