"""The filters of members and forums, for the members page and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.api.filters import StableOrderingFilter, updated_since_filter
from core.filtersets import ResourceFilterSet

from .models import Member, MemberKind, MemberStatus, MultiStakeholderForum, Region


class MemberFilterSet(ResourceFilterSet):
    page_fields = ("region", "kind", "status")

    region = django_filters.ChoiceFilter(
        label=_("Region"),
        choices=Region.choices,
        empty_label=_("All regions"),
        help_text=_("OGP region."),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=MemberKind.choices,
        empty_label=_("Any"),
        help_text=_("National or local member."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=MemberStatus.choices,
        empty_label=_("Any"),
        help_text=_("Member status."),
    )
    country_code = django_filters.CharFilter(
        lookup_expr="iexact", max_length=2, label=_("ISO 3166-1 alpha-2 country code.")
    )
    joined_after = django_filters.NumberFilter(
        field_name="year_joined", lookup_expr="gte", label=_("Joined OGP in or after this year.")
    )
    joined_before = django_filters.NumberFilter(
        field_name="year_joined", lookup_expr="lte", label=_("Joined OGP in or before this year.")
    )
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(
        fields=["name", "year_joined", "updated_at", "id"], label=_("Sort order.")
    )

    class Meta:
        model = Member
        fields: list[str] = []


class ForumFilterSet(ResourceFilterSet):
    member = django_filters.CharFilter(
        field_name="member__slug", label=_("Member slug, such as albania.")
    )
    region = django_filters.ChoiceFilter(
        field_name="member__region", choices=Region.choices, label=_("OGP region of the member.")
    )
    ordering = StableOrderingFilter(
        fields=[("member__name", "member"), ("established_on", "established_on"), "id"],
        label=_("Sort order."),
    )

    class Meta:
        model = MultiStakeholderForum
        fields: list[str] = []
