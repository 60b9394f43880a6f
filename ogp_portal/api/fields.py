"""Serializer fields the API resources share."""

from django.db.models import TextChoices
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def label_field(source: str, choices: type[TextChoices], what: str) -> serializers.CharField:
    """The human label of a choice field (`<field>_label`), next to its stable value."""
    return serializers.CharField(
        source=f"get_{source}_display",
        read_only=True,
        help_text=f"The {what} in words, in the language of the request, for display; key on `{source}` instead. "
        f"One of: {', '.join(str(label) for label in choices.labels)}.",
    )


@extend_schema_field(OpenApiTypes.DATETIME)
class UpdatedAtField(serializers.DateTimeField):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault(
            "help_text", "When this record last changed (UTC); filter with `updated_since`."
        )
        super().__init__(**kwargs)
