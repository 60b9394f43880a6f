import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filtersets import ResourceFilterSet
from core.models import Event
from members.models import Member

from .audit import SECURITY_EVENT_KINDS


class SecurityEventFilterSet(ResourceFilterSet):
    kind = django_filters.ChoiceFilter(choices=list(SECURITY_EVENT_KINDS.items()), label=_("Event"))
    user = django_filters.CharFilter(method="filter_user", label=_("Username"))
    member = django_filters.ModelChoiceFilter(
        field_name="member_id",
        queryset=Member.objects.order_by("name"),
        to_field_name="slug",
        method="filter_member",
        label=_("Member"),
    )
    occurred_after = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label=_("From (YYYY-MM-DD)")
    )
    occurred_before = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label=_("To (YYYY-MM-DD)")
    )

    page_fields = ("kind", "user", "member", "occurred_after", "occurred_before")

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_user(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        """Events of this account: done by it, or about it."""
        return queryset.filter(Q(actor__username__iexact=value) | Q(data__username__iexact=value))

    def filter_member(self, queryset: QuerySet[Event], name: str, value: Member) -> QuerySet[Event]:
        return queryset.filter(member_id=value.pk)
