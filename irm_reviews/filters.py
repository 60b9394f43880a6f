"""The filters of IRM review cycles and assessments, and the commitment filters that ask what
the IRM found: the ratings of published reports (API and search page) and the completion the
search page shows. One FilterSet per resource for its page and the API."""

from dataclasses import dataclass

import django_filters
from django.forms import BoundField
from django.utils.functional import lazy
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from commitments.filters import CommitmentFilterSet
from commitments.models import Completion
from core.api.filters import StableOrderingFilter, updated_since_filter
from core.filtersets import ResourceFilterSet, id_filter
from members.models import MemberKind, Region

from . import selectors
from .display import COMPARABLE_INDICATORS, indicator_label
from .indicator_guide import (
    CURRENT,
    LEGACY,
    METHOD_HELP,
    METHOD_NAMES,
    indicator_meaning,
    indicator_method,
    scale_labels,
)
from .models import (
    AssessmentErratum,
    CommitmentAssessment,
    CycleState,
    DidItOpenGovernment,
    EarlyResults,
    PotentialForResults,
    PotentialImpact,
    ReviewAssignment,
    ReviewComment,
    ReviewCycle,
    ReviewKind,
    Specificity,
    Verifiable,
)
from .services import INDICATORS_BY_KIND

# The search page's filters on a published report's rating, each named for its indicator.
RATING_FILTERS = (
    "potential_for_results",
    "potential_impact",
    "early_results",
    "did_it_open_government",
)
# Filters that stay last, after the IRM's: the page's period and the API's sync and order.
_LAST = ("year_from", "year_to", "updated_since", "ordering")


def _rating_filter(field: str, label, help_text, choices) -> django_filters.ChoiceFilter:
    def filter_rating(queryset, name, value):
        return selectors.commitment_filter_by_irm_rating(queryset, field, value)

    return django_filters.ChoiceFilter(
        label=label,
        choices=choices,
        method=filter_rating,
        empty_label=_("Any"),
        help_text=help_text,
    )


class RatedCommitmentFilterSet(CommitmentFilterSet):
    """The commitments resource's filters with the ratings of published IRM reports."""

    irm_completion = _rating_filter(
        "completion",
        _("Completion (IRM)"),
        _("Completion in a published IRM report."),
        Completion.choices,
    )
    potential_for_results = _rating_filter(
        "potential_for_results",
        _("Potential for results"),
        _("Potential for results in a published IRM report."),
        PotentialForResults.choices,
    )
    potential_impact = _rating_filter(
        "potential_impact",
        _("Potential impact"),
        _("Potential impact in a published IRM report (legacy)."),
        PotentialImpact.choices,
    )
    early_results = _rating_filter(
        "early_results",
        _("Early results"),
        _("Early results in a published IRM report."),
        EarlyResults.choices,
    )
    did_it_open_government = _rating_filter(
        "did_it_open_government",
        _("Did it open government?"),
        _("Did it open government? in a published IRM report (legacy)."),
        DidItOpenGovernment.choices,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in _LAST:
            self.filters[name] = self.filters.pop(name)


class CommitmentSearchFilterSet(RatedCommitmentFilterSet):
    """The search page's view of the commitments resource: its words are `q` (as the home
    page's search box sends them), and it filters on the completion its results show, which
    irm_reviews.selectors.commitment_list_for_search annotates."""

    page_fields = (
        "q",
        "member",
        "plan",
        "region",
        "policy_area",
        "ogp_value",
        "plan_status",
        "completion",
        "potential_for_results",
        "potential_impact",
        "early_results",
        "did_it_open_government",
        "year_from",
        "year_to",
    )

    q = django_filters.CharFilter(label=_("Words"), method="filter_search", max_length=200)
    completion = django_filters.ChoiceFilter(
        label=_("Completion (latest IRM or self-reported)"),
        field_name="completion_level",
        choices=Completion.choices,
        empty_label=_("Any"),
    )


@dataclass
class FilterGroup:
    """Filters the search page shows together: the general ones, then the IRM's ratings of
    each method with a short help text; each rating's field has its meaning and scale."""

    method: str  # "" for the general filters, else irm_reviews.indicator_guide's method
    title: str
    help_text: str
    fields: list[tuple[BoundField, str]]  # each field with its hint: meaning and scale


def search_filter_groups(form, skip: tuple[str, ...] = ("q",)) -> list[FilterGroup]:
    """The form's fields grouped as the search page shows them: general filters, then the
    current IRM method's ratings, then the earlier method's. Each rating's widget is described
    by its hint (aria-describedby)."""
    groups = {
        "": FilterGroup("", "", "", []),
        CURRENT: FilterGroup(CURRENT, str(METHOD_NAMES[CURRENT]), str(METHOD_HELP[CURRENT]), []),
        LEGACY: FilterGroup(LEGACY, str(METHOD_NAMES[LEGACY]), str(METHOD_HELP[LEGACY]), []),
    }
    for bound in form:
        if bound.name in skip:
            continue
        method = indicator_method(bound.name) if bound.name in RATING_FILTERS else ""
        group = groups.get(method, groups[""])
        hint = ""
        if group.method:
            hint = gettext_now("%(meaning)s Scale: %(scale)s.") % {
                "meaning": indicator_meaning(bound.name),
                "scale": " · ".join(scale_labels(bound.name)),
            }
            bound.field.widget.attrs["aria-describedby"] = f"{bound.id_for_label}-hint"
        group.fields.append((bound, hint))
    return [group for group in groups.values() if group.fields]


class ReviewCycleFilterSet(ResourceFilterSet):
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


class AssessmentFilterSet(ResourceFilterSet):
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
    cycle = id_filter("cycle_id", _("Review cycle id."))
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


class ReviewAssignmentFilterSet(ResourceFilterSet):
    cycle = id_filter("cycle_id", _("Review cycle id."))
    researcher = django_filters.CharFilter(
        field_name="researcher__username", lookup_expr="iexact", label=_("Researcher's username.")
    )
    member = django_filters.CharFilter(
        field_name="cycle__plan__member__slug", label=_("Member slug, such as albania.")
    )
    state = django_filters.ChoiceFilter(
        field_name="cycle__state", choices=CycleState.choices, label=_("Report state.")
    )
    ordering = StableOrderingFilter(fields=["assigned_at", "id"], label=_("Sort order."))

    class Meta:
        model = ReviewAssignment
        fields: list[str] = []


def _indicator_choices() -> list[tuple[str, str]]:
    return [(field, indicator_label(field)) for field in COMPARABLE_INDICATORS]


def _kinds_assessing(field: str) -> list[str]:
    return [kind for kind, fields in INDICATORS_BY_KIND.items() if field in fields]


class CompareFilterSet(ResourceFilterSet):
    """/compare/: members' latest published reports that assess one indicator, current and
    legacy methodology alike. Sorting is the comparison's own (irm_reviews.display)."""

    page_fields = ("indicator", "region", "kind", "year", "ordering")

    indicator = django_filters.ChoiceFilter(
        label=_("Indicator"),
        choices=lazy(_indicator_choices, list)(),
        method="filter_indicator",
        empty_label=None,
    )
    region = django_filters.ChoiceFilter(
        field_name="plan__member__region",
        choices=Region.choices,
        label=_("Region"),
        empty_label=_("Any"),
    )
    kind = django_filters.ChoiceFilter(
        field_name="plan__member__kind",
        choices=MemberKind.choices,
        label=_("National or local"),
        empty_label=_("Any"),
    )
    year = django_filters.NumberFilter(
        field_name="published_on__year",
        label=_("Published in (year)"),
        min_value=2011,
        max_value=2100,
    )
    ordering = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_nothing",
        empty_label=None,
        choices=[
            ("member", _("Member (A to Z)")),
            ("-member", _("Member (Z to A)")),
            ("-published_on", _("Newest report first")),
            ("published_on", _("Oldest report first")),
            ("-best", _("Highest share of the best level first")),
            ("best", _("Lowest share of the best level first")),
        ],
    )

    class Meta:
        model = ReviewCycle
        fields: list[str] = []

    def filter_indicator(self, queryset, name, value):
        return queryset.filter(kind__in=_kinds_assessing(value))

    def filter_nothing(self, queryset, name, value):
        return queryset


class ReviewCommentFilterSet(ResourceFilterSet):
    cycle = id_filter("cycle_id", _("Review cycle id."))
    member = django_filters.CharFilter(
        field_name="cycle__plan__member__slug", label=_("Member slug, such as albania.")
    )
    commitment = django_filters.CharFilter(
        field_name="commitment__ogp_id", lookup_expr="iexact", label=_("Commitment OGP id.")
    )
    period = django_filters.ChoiceFilter(
        choices=[
            (CycleState.PRE_PUBLICATION.value, CycleState.PRE_PUBLICATION.label),
            (CycleState.PUBLIC_COMMENT.value, CycleState.PUBLIC_COMMENT.label),
        ],
        label=_("The comment period it was left in."),
    )
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(
        fields=["created_at", "updated_at", "id"], label=_("Sort order.")
    )

    class Meta:
        model = ReviewComment
        fields: list[str] = []


class ErratumFilterSet(ResourceFilterSet):
    cycle = id_filter("assessment__cycle_id", _("Review cycle id."))
    member = django_filters.CharFilter(
        field_name="assessment__cycle__plan__member__slug", label=_("Member slug, such as albania.")
    )
    assessment = id_filter("assessment_id", _("Assessment id."))
    field = django_filters.CharFilter(label=_("The corrected indicator."))
    ordering = StableOrderingFilter(
        fields=["created_at", "corrected_on", "id"], label=_("Sort order.")
    )

    class Meta:
        model = AssessmentErratum
        fields: list[str] = []
