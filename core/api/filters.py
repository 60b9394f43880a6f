"""Filters every API list shares: stable ordering and incremental sync."""

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend

# Query parameters that pagination and content negotiation read; no filter is named so.
NOT_FILTERS = frozenset({"page", "page_size", "format"})


class ApiFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that builds no FilterSet when the request names no filter: an
    unfiltered page (what partners sync) gets the queryset as an empty FilterSet would
    leave it, without the deep copy of every filter and form field on each request."""

    def filter_queryset(self, request, queryset, view):
        if request.query_params.keys() <= NOT_FILTERS:
            return queryset
        return super().filter_queryset(request, queryset, view)


class StableOrderingFilter(django_filters.OrderingFilter):
    """`ordering` (a field, `-field` for descending, comma-separated) always ends with the id,
    so that pages never overlap or skip rows; an unknown field is a 400 naming `ordering`."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            ordering = list(qs.query.order_by)
            if not {"id", "-id", "pk", "-pk"} & set(map(str, ordering)):
                qs = qs.order_by(*ordering, "id")
        return qs


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time converted to UTC: PostgreSQL refuses offsets beyond ±15:59."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None or parsed.tzinfo is None:
            return parsed
        try:
            return parsed.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


def updated_since_filter() -> django_filters.IsoDateTimeFilter:
    return UtcIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_(
            "Only records changed at or after this ISO 8601 date-time (such as "
            "2025-01-31T00:00:00Z), for incremental sync."
        ),
    )
