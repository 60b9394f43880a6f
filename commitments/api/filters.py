import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from action_plans.models import PlanStatus
from core.api.filters import StableOrderingFilter, updated_since_filter
from members.models import Region

from .. import selectors
from ..models import (
    Commitment,
    Completion,
    Milestone,
    OgpValue,
    PolicyArea,
    ProgressSource,
    ProgressUpdate,
    PublicationState,
)


@extend_schema_field(OpenApiTypes.STR)
class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """A model chosen by its slug; an unknown slug is a 400 naming the filter."""


class CommitmentApiFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        label=_(
            "Full-text search of title, description, problem and lead agency (web-search "
            'syntax: "a phrase", or, -word); an OGP identifier finds that commitment. '
            "Results come best first unless `ordering` is given."
        ),
    )
    member = django_filters.CharFilter(
        field_name="plan__member__slug", label=_("Member slug, such as albania.")
    )
    region = django_filters.ChoiceFilter(
        field_name="plan__member__region",
        choices=Region.choices,
        label=_("OGP region of the member."),
    )
    plan = django_filters.CharFilter(
        field_name="plan__ogp_id", lookup_expr="iexact", label=_("Plan OGP identifier.")
    )
    plan_status = django_filters.ChoiceFilter(
        field_name="plan__status", choices=PlanStatus.choices, label=_("Status of the plan.")
    )
    policy_area = SlugChoiceFilter(
        queryset=PolicyArea.objects.all(),
        to_field_name="slug",
        method="filter_policy_area",
        label=_("Policy area slug; a parent area includes its sub-areas."),
    )
    ogp_value = django_filters.ChoiceFilter(
        choices=OgpValue.choices, method="filter_ogp_value", label=_("Relevant OGP value.")
    )
    publication_state = django_filters.ChoiceFilter(
        choices=PublicationState.choices,
        label=_("draft or published (drafts only for those who may see them)."),
    )
    start_date_after = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("Starts on or after (YYYY-MM-DD).")
    )
    start_date_before = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("Starts on or before (YYYY-MM-DD).")
    )
    end_date_after = django_filters.DateFilter(
        field_name="end_date", lookup_expr="gte", label=_("Ends on or after (YYYY-MM-DD).")
    )
    end_date_before = django_filters.DateFilter(
        field_name="end_date", lookup_expr="lte", label=_("Ends on or before (YYYY-MM-DD).")
    )
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(
        fields=[
            "ogp_id",
            ("plan__period_start", "plan_start"),
            "start_date",
            "end_date",
            "updated_at",
            "id",
        ],
        label=_("Sort order."),
    )

    class Meta:
        model = Commitment
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return selectors.commitment_search(queryset, value)

    def filter_policy_area(self, queryset, name, value):
        return selectors.commitment_filter_by_policy_area(queryset, value)

    def filter_ogp_value(self, queryset, name, value):
        return selectors.commitment_filter_by_ogp_value(queryset, value)


class CommitmentPartFilter(django_filters.FilterSet):
    """Filters of what belongs to a commitment (milestones, progress): by its OGP id or member."""

    commitment = django_filters.CharFilter(
        field_name="commitment__ogp_id", lookup_expr="iexact", label=_("Commitment OGP id.")
    )
    member = django_filters.CharFilter(
        field_name="commitment__plan__member__slug", label=_("Member slug, such as albania.")
    )


class MilestoneApiFilter(CommitmentPartFilter):
    completion = django_filters.ChoiceFilter(
        choices=Completion.choices, label=_("Completion level.")
    )
    end_date_after = django_filters.DateFilter(
        field_name="end_date", lookup_expr="gte", label=_("Due on or after (YYYY-MM-DD).")
    )
    end_date_before = django_filters.DateFilter(
        field_name="end_date", lookup_expr="lte", label=_("Due on or before (YYYY-MM-DD).")
    )
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(
        fields=["number", "start_date", "end_date", "completed_on", "updated_at", "id"],
        label=_("Sort order."),
    )

    class Meta:
        model = Milestone
        fields: list[str] = []


class ProgressUpdateApiFilter(CommitmentPartFilter):
    source = django_filters.ChoiceFilter(
        choices=ProgressSource.choices, label=_("Whose view of progress.")
    )
    completion = django_filters.ChoiceFilter(
        choices=Completion.choices, label=_("Completion level.")
    )
    reported_after = django_filters.DateFilter(
        field_name="reported_on", lookup_expr="gte", label=_("Reported on or after (YYYY-MM-DD).")
    )
    reported_before = django_filters.DateFilter(
        field_name="reported_on", lookup_expr="lte", label=_("Reported on or before (YYYY-MM-DD).")
    )
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(
        fields=["reported_on", "created_at", "updated_at", "id"], label=_("Sort order.")
    )

    class Meta:
        model = ProgressUpdate
        fields: list[str] = []
