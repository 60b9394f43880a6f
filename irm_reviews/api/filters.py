import django_filters
from django.utils.translation import gettext_lazy as _

from commitments.api.filters import CommitmentApiFilter
from commitments.models import Completion
from core.api.filters import StableOrderingFilter, updated_since_filter
from members.models import Region

from .. import selectors
from ..models import (
    CommitmentAssessment,
    CycleState,
    DidItOpenGovernment,
    EarlyResults,
    PotentialForResults,
    PotentialImpact,
    ReviewCycle,
    ReviewKind,
    Specificity,
    Verifiable,
)


def _irm_rating_filter(field: str, label, choices) -> django_filters.ChoiceFilter:
    def filter_rating(queryset, name, value):
        return selectors.commitment_filter_by_irm_rating(queryset, field, value)

    return django_filters.ChoiceFilter(choices=choices, method=filter_rating, label=label)


class RatedCommitmentApiFilter(CommitmentApiFilter):
    """The commitments resource's filters with the ratings of published IRM reports."""

    irm_completion = _irm_rating_filter(
        "completion", _("Completion in a published IRM report."), Completion.choices
    )
    potential_for_results = _irm_rating_filter(
        "potential_for_results",
        _("Potential for results in a published IRM report."),
        PotentialForResults.choices,
    )
    early_results = _irm_rating_filter(
        "early_results", _("Early results in a published IRM report."), EarlyResults.choices
    )
    potential_impact = _irm_rating_filter(
        "potential_impact",
        _("Potential impact in a published IRM report (legacy)."),
        PotentialImpact.choices,
    )
    did_it_open_government = _irm_rating_filter(
        "did_it_open_government",
        _("Did it open government? in a published IRM report (legacy)."),
        DidItOpenGovernment.choices,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("updated_since", "ordering"):
            self.filters[name] = self.filters.pop(name)


class ReviewCycleApiFilter(django_filters.FilterSet):
    member = django_filters.CharFilter(
        field_name="plan__member__slug", label=_("Member slug, such as albania.")
    )
    region = django_filters.ChoiceFilter(
        field_name="plan__member__region", choices=Region.choices, label=_("OGP region.")
    )
    plan = django_filters.CharFilter(
        field_name="plan__ogp_id", lookup_expr="iexact", label=_("Plan OGP identifier.")
    )
    kind = django_filters.ChoiceFilter(choices=ReviewKind.choices, label=_("Which report."))
    state = django_filters.ChoiceFilter(choices=CycleState.choices, label=_("Report state."))
    published_after = django_filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label=_("Published on or after.")
    )
    published_before = django_filters.DateFilter(
        field_name="published_on", lookup_expr="lte", label=_("Published on or before.")
    )
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(
        fields=["opens_on", "due_on", "published_on", "updated_at", "id"], label=_("Sort order.")
    )

    class Meta:
        model = ReviewCycle
        fields: list[str] = []


class AssessmentApiFilter(django_filters.FilterSet):
    member = django_filters.CharFilter(
        field_name="cycle__plan__member__slug", label=_("Member slug, such as albania.")
    )
    region = django_filters.ChoiceFilter(
        field_name="cycle__plan__member__region", choices=Region.choices, label=_("OGP region.")
    )
    plan = django_filters.CharFilter(
        field_name="cycle__plan__ogp_id", lookup_expr="iexact", label=_("Plan OGP identifier.")
    )
    commitment = django_filters.CharFilter(
        field_name="commitment__ogp_id", lookup_expr="iexact", label=_("Commitment OGP id.")
    )
    cycle = django_filters.NumberFilter(field_name="cycle_id", label=_("Review cycle id."))
    kind = django_filters.ChoiceFilter(
        field_name="cycle__kind", choices=ReviewKind.choices, label=_("Which report.")
    )
    verifiable = django_filters.ChoiceFilter(choices=Verifiable.choices, label=_("Verifiable."))
    potential_for_results = django_filters.ChoiceFilter(
        choices=PotentialForResults.choices, label=_("Potential for results.")
    )
    completion = django_filters.ChoiceFilter(choices=Completion.choices, label=_("Completion."))
    early_results = django_filters.ChoiceFilter(
        choices=EarlyResults.choices, label=_("Early results.")
    )
    specificity = django_filters.ChoiceFilter(
        choices=Specificity.choices, label=_("Specificity (legacy).")
    )
    potential_impact = django_filters.ChoiceFilter(
        choices=PotentialImpact.choices, label=_("Potential impact (legacy).")
    )
    did_it_open_government = django_filters.ChoiceFilter(
        choices=DidItOpenGovernment.choices, label=_("Did it open government? (legacy).")
    )
    is_promising = django_filters.BooleanFilter(label=_("Promising commitment."))
    is_starred = django_filters.BooleanFilter(label=_("Starred commitment (legacy)."))
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(fields=["updated_at", "id"], label=_("Sort order."))

    class Meta:
        model = CommitmentAssessment
        fields: list[str] = []
