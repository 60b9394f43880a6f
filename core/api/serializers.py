"""Bases of the API's serializers: every field described in the OpenAPI schema."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .fields import interpolate_lazy


# A model field without help_text is described by its verbose name, so that the schema
# documents every field. (No docstring: the schema would show it on every component.)
class DescribedModelSerializer(serializers.ModelSerializer):
    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        kwargs.setdefault("help_text", capfirst(str(model_field.verbose_name)))
        return field_class, kwargs

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        kwargs.setdefault(
            "help_text",
            interpolate_lazy(
                _("Numeric id of the %(name)s."), {"name": relation_info.model_field.verbose_name}
            ),
        )
        return field_class, kwargs


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text=_("The HTTP status code, repeated."))
    code = serializers.CharField(
        help_text=_(
            "A stable code: invalid, parse_error, not_authenticated, "
            "authentication_failed, permission_denied, not_found, method_not_allowed, "
            "not_acceptable, unsupported_media_type, throttled."
        )
    )
    message = serializers.CharField(help_text=_("What went wrong, in words."))
    # The metaclass moves a declared field out of the class body, so this does not shadow
    # Serializer.fields at run time; the stubs cannot express that.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_(
            "For 400: each bad field (or filter) with its messages; "
            "`non_field_errors` for the request as a whole."
        ),
    )


class ErrorSerializer(serializers.Serializer):
    """The one shape of every 4xx answer."""

    error = ErrorDetailSerializer(help_text=_("The error."))
