"""The commitment search form with what the IRM found: completion and the ratings of published
reports, between the commitment's own filters and the period."""

import django_filters
from django.utils.translation import gettext_lazy as _

from commitments.filters import CommitmentFilter
from commitments.models import Completion

from . import selectors
from .models import DidItOpenGovernment, EarlyResults, PotentialForResults, PotentialImpact

# The period filters stay last on the form, after the IRM's.
_LAST = ("year_from", "year_to")


def _rating_filter(field: str, label, choices) -> django_filters.ChoiceFilter:
    def filter_rating(queryset, name, value):
        return selectors.commitment_filter_by_irm_rating(queryset, field, value)

    return django_filters.ChoiceFilter(
        label=label, choices=choices, method=filter_rating, empty_label=_("Any")
    )


class RatedCommitmentFilter(CommitmentFilter):
    completion = django_filters.ChoiceFilter(
        label=_("Completion (latest IRM or self-reported)"),
        field_name="completion_level",
        choices=Completion.choices,
        empty_label=_("Any"),
    )
    potential_for_results = _rating_filter(
        "potential_for_results", _("Potential for results"), PotentialForResults.choices
    )
    potential_impact = _rating_filter(
        "potential_impact", _("Potential impact"), PotentialImpact.choices
    )
    early_results = _rating_filter("early_results", _("Early results"), EarlyResults.choices)
    did_it_open_government = _rating_filter(
        "did_it_open_government", _("Did it open government?"), DidItOpenGovernment.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in _LAST:
            self.filters[name] = self.filters.pop(name)
