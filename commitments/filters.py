"""The filters of commitments, milestones and progress updates, one FilterSet per resource for
its page and the API (the IRM's ratings are added in irm_reviews.filters). Every filter lives in
the query string, so results can be linked and downloaded; a bad value is a form error on the page
and a 400 naming the filter in the API, never a server error."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from action_plans.models import PlanStatus
from core.api.filters import StableOrderingFilter, updated_since_filter
from core.filtersets import ResourceFilterSet
from core.widgets import LongSelect
from members.forms import MemberChoiceField
from members.models import Member, Region

from . import selectors
from .models import (
    Commitment,
    Completion,
    Milestone,
    OgpValue,
    PolicyArea,
    ProgressSource,
    ProgressUpdate,
    PublicationState,
)

FIRST_YEAR = 2011  # OGP was founded in 2011
LAST_YEAR = 2100
SEARCH_HELP = _(
    "Full-text search of title, description, problem and lead agency (web-search "
    'syntax: "a phrase", or, -word); an OGP identifier finds that commitment. '
    "Results come best first unless `ordering` is given."
)


@extend_schema_field(OpenApiTypes.STR)
class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """A model chosen by its slug; an unknown slug is a 400 naming the filter."""


@extend_schema_field(OpenApiTypes.STR)
class MemberSlugFilter(SlugChoiceFilter):
    """A member chosen by its slug, listed by its name in the page's language."""

    field_class = MemberChoiceField


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class CommitmentSearchForm(forms.Form):
    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from is not None and year_to is not None and year_from > year_to:
            self.add_error("year_to", _("The last year must not be before the first year."))
        return cleaned


class CommitmentFilterSet(ResourceFilterSet):
    search = django_filters.CharFilter(
        label=_("Words"), method="filter_search", max_length=200, help_text=SEARCH_HELP
    )
    member = MemberSlugFilter(
        label=_("Member"),
        field_name="plan__member",
        to_field_name="slug",
        queryset=Member.objects.only("pk", "slug", "name", "kind", "country_code"),
        widget=LongSelect,
        empty_label=_("All members"),
        help_text=_("Member slug, such as albania."),
    )
    plan = django_filters.CharFilter(
        label=_("Action plan (OGP identifier, such as AP_ALB01)"),
        field_name="plan__ogp_id",
        lookup_expr="iexact",
        max_length=20,
        help_text=_("Plan OGP identifier."),
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        field_name="plan__member__region",
        choices=Region.choices,
        empty_label=_("All regions"),
        help_text=_("OGP region of the member."),
    )
    policy_area = SlugChoiceFilter(
        label=_("Policy area"),
        to_field_name="slug",
        queryset=PolicyArea.objects.only("pk", "slug", "name"),
        method="filter_policy_area",
        empty_label=_("All policy areas"),
        help_text=_("Policy area slug; a parent area includes its sub-areas."),
    )
    ogp_value = django_filters.ChoiceFilter(
        label=_("OGP value"),
        choices=OgpValue.choices,
        method="filter_ogp_value",
        empty_label=_("Any"),
        help_text=_("Relevant OGP value."),
    )
    plan_status = django_filters.ChoiceFilter(
        label=_("Action plan status"),
        field_name="plan__status",
        choices=PlanStatus.choices,
        empty_label=_("Any"),
        help_text=_("Status of the plan."),
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
    year_from = YearFilter(
        label=_("From year"),
        method="filter_period",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Plans running in or after this year."),
    )
    year_to = YearFilter(
        label=_("To year"),
        method="filter_period",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Plans running in or before this year."),
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
        form = CommitmentSearchForm
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return selectors.commitment_search(queryset, value)

    def filter_policy_area(self, queryset, name, value):
        return selectors.commitment_filter_by_policy_area(queryset, value)

    def filter_ogp_value(self, queryset, name, value):
        return selectors.commitment_filter_by_ogp_value(queryset, value)

    def filter_period(self, queryset, name, value):
        if name == "year_from":
            return selectors.commitment_filter_by_period(queryset, value, None)
        return selectors.commitment_filter_by_period(queryset, None, value)


class CommitmentPartFilterSet(ResourceFilterSet):
    """Filters of what belongs to a commitment (milestones, progress): by its OGP id or member."""

    commitment = django_filters.CharFilter(
        field_name="commitment__ogp_id", lookup_expr="iexact", label=_("Commitment OGP id.")
    )
    member = django_filters.CharFilter(
        field_name="commitment__plan__member__slug", label=_("Member slug, such as albania.")
    )


class MilestoneFilterSet(CommitmentPartFilterSet):
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


class ProgressUpdateFilterSet(CommitmentPartFilterSet):
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
