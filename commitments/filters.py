"""The commitment search form (the IRM's filters are added in irm_reviews.filters): every filter lives in the query string, so results can be linked
and downloaded; a bad value is a form error shown on the page, never a server error."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from action_plans.models import PlanStatus
from members.models import Member, Region

from . import selectors
from .models import OgpValue, PolicyArea

FIRST_YEAR = 2011  # OGP was founded in 2011
LAST_YEAR = 2100


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class CommitmentSearchForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from is not None and year_to is not None and year_from > year_to:
            self.add_error("year_to", _("The last year must not be before the first year."))
        return cleaned


class CommitmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="filter_words", max_length=200)
    member = django_filters.ModelChoiceFilter(
        label=_("Member"),
        field_name="plan__member",
        to_field_name="slug",
        queryset=Member.objects.only("pk", "slug", "name"),
        empty_label=_("All members"),
    )
    plan = django_filters.CharFilter(
        label=_("Action plan (OGP identifier, such as AP_ALB01)"),
        field_name="plan__ogp_id",
        lookup_expr="iexact",
        max_length=20,
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        field_name="plan__member__region",
        choices=Region.choices,
        empty_label=_("All regions"),
    )
    policy_area = django_filters.ModelChoiceFilter(
        label=_("Policy area"),
        to_field_name="slug",
        queryset=PolicyArea.objects.only("pk", "slug", "name"),
        method="filter_policy_area",
        empty_label=_("All policy areas"),
    )
    ogp_value = django_filters.ChoiceFilter(
        label=_("OGP value"),
        choices=OgpValue.choices,
        method="filter_ogp_value",
        empty_label=_("Any"),
    )
    plan_status = django_filters.ChoiceFilter(
        label=_("Action plan status"),
        field_name="plan__status",
        choices=PlanStatus.choices,
        empty_label=_("Any"),
    )
    year_from = YearFilter(
        label=_("From year"),
        method="filter_period",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
    )
    year_to = YearFilter(
        label=_("To year"),
        method="filter_period",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
    )

    class Meta:
        form = CommitmentSearchForm
        fields: list[str] = []

    def filter_words(self, queryset, name, value):
        return selectors.commitment_search(queryset, value)

    def filter_policy_area(self, queryset, name, value):
        return selectors.commitment_filter_by_policy_area(queryset, value)

    def filter_ogp_value(self, queryset, name, value):
        return selectors.commitment_filter_by_ogp_value(queryset, value)

    def filter_period(self, queryset, name, value):
        if name == "year_from":
            return selectors.commitment_filter_by_period(queryset, value, None)
        return selectors.commitment_filter_by_period(queryset, None, value)
