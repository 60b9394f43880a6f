import django_filters
from django.utils.translation import gettext_lazy as _

from core.api.filters import StableOrderingFilter, updated_since_filter
from core.filtersets import ResourceFilterSet
from members.models import Region

from .models import ActionPlan, PlanStatus


class ActionPlanFilterSet(ResourceFilterSet):
    member = django_filters.CharFilter(
        field_name="member__slug", label=_("Member slug, such as albania.")
    )
    region = django_filters.ChoiceFilter(
        field_name="member__region", choices=Region.choices, label=_("OGP region of the member.")
    )
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("Plan status."))
    period_start_after = django_filters.DateFilter(
        field_name="period_start", lookup_expr="gte", label=_("Starts on or after (YYYY-MM-DD).")
    )
    period_start_before = django_filters.DateFilter(
        field_name="period_start", lookup_expr="lte", label=_("Starts on or before (YYYY-MM-DD).")
    )
    period_end_after = django_filters.DateFilter(
        field_name="period_end", lookup_expr="gte", label=_("Ends on or after (YYYY-MM-DD).")
    )
    period_end_before = django_filters.DateFilter(
        field_name="period_end", lookup_expr="lte", label=_("Ends on or before (YYYY-MM-DD).")
    )
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(
        fields=[
            ("member__name", "member"),
            "number",
            "period_start",
            "period_end",
            "submitted_on",
            "updated_at",
            "id",
        ],
        label=_("Sort order."),
    )

    class Meta:
        model = ActionPlan
        fields: list[str] = []
