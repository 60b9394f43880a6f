"""What each IRM indicator means: its scale (the levels in order, lowest first), a one-line
meaning and the IRM's method it belongs to. The one place the commitment page, the plan page's
results and the search filters' help read them from; the levels' names are the models'.

The meanings paraphrase the IRM's methodology (DOMAIN.md); METHOD_URL is the IRM's own page
on how it assesses plans.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.models import Completion

from .models import (
    DidItOpenGovernment,
    EarlyResults,
    PotentialForResults,
    PotentialImpact,
    Specificity,
)
from .services import LEVEL_CHOICES

METHOD_URL = "https://www.opengovpartnership.org/irm-guidance-overview/"

CURRENT = "current"  # the Action Plan Review and Results Report, since 2021
LEGACY = "legacy"  # the Progress Report and End-of-Term Report, before 2021
BOTH = "both"

METHOD_NAMES = {
    CURRENT: gettext_lazy("Current IRM method (2021 on)"),
    LEGACY: gettext_lazy("Earlier IRM method"),
}
METHOD_HELP = {
    CURRENT: gettext_lazy(
        "Plans submitted from 2021 on: the Action Plan Review rates each commitment's "
        "potential for results, the Results Report its completion and early results."
    ),
    LEGACY: gettext_lazy(
        "Older plans: the Progress Report and End-of-Term Report rated potential impact, "
        "completion and whether the commitment opened government."
    ),
}

_YES_NO = ("no", "yes")


@dataclass(frozen=True)
class IndicatorGuide:
    field: str
    method: str  # CURRENT, LEGACY or BOTH
    scale: tuple[str, ...]  # ranked levels, lowest first; () for free text
    meaning: str
    outside_scale: tuple[str, ...] = ()  # values that are not a rank (withdrawn, no evidence)

    @property
    def is_yes_no(self) -> bool:
        return self.scale == _YES_NO


def _guides() -> dict[str, IndicatorGuide]:
    """Built per call so that the meanings come in the active language."""
    relevant = _(
        "Whether the commitment, as written, advances this OGP value (earlier IRM method)."
    )
    return {
        guide.field: guide
        for guide in (
            IndicatorGuide(
                "verifiable",
                BOTH,
                _YES_NO,
                _(
                    "Whether the commitment's activities are specific enough to check that "
                    "they were done; one that is not verifiable is not rated further."
                ),
            ),
            IndicatorGuide(
                "open_government_lens",
                CURRENT,
                _YES_NO,
                _(
                    "Whether the commitment would make government more transparent, more "
                    "participatory or more accountable to the public."
                ),
            ),
            IndicatorGuide(
                "potential_for_results",
                CURRENT,
                tuple(PotentialForResults.values),
                _(
                    "How much the commitment, as designed, could change government practice "
                    "if it is fully implemented."
                ),
            ),
            IndicatorGuide(
                "is_promising",
                CURRENT,
                _YES_NO,
                _(
                    "The commitments of the plan the IRM finds most likely to bring results, "
                    "which it analyses in depth."
                ),
            ),
            IndicatorGuide(
                "cluster",
                CURRENT,
                (),
                _("Commitments the IRM assessed together, as one cluster."),
            ),
            IndicatorGuide(
                "completion",
                BOTH,
                (
                    Completion.NOT_STARTED,
                    Completion.LIMITED,
                    Completion.SUBSTANTIAL,
                    Completion.COMPLETE,
                ),
                _(
                    "How much of the commitment's activities were carried out by the end of "
                    "the period the report covers."
                ),
                (Completion.NO_EVIDENCE, Completion.WITHDRAWN, Completion.UNCLEAR),
            ),
            IndicatorGuide(
                "early_results",
                CURRENT,
                tuple(EarlyResults.values),
                _(
                    "Whether the commitment changed government practice towards openness by "
                    "the end of the plan."
                ),
            ),
            IndicatorGuide(
                "specificity",
                LEGACY,
                tuple(Specificity.values),
                _(
                    "How clearly the commitment's text states what will be done and how it "
                    "can be checked (earlier IRM method)."
                ),
            ),
            IndicatorGuide("is_relevant_access_to_information", LEGACY, _YES_NO, relevant),
            IndicatorGuide("is_relevant_civic_participation", LEGACY, _YES_NO, relevant),
            IndicatorGuide("is_relevant_public_accountability", LEGACY, _YES_NO, relevant),
            IndicatorGuide("is_relevant_technology", LEGACY, _YES_NO, relevant),
            IndicatorGuide(
                "potential_impact",
                LEGACY,
                tuple(PotentialImpact.values),
                _(
                    "How much the commitment could change the policy area if fully "
                    "implemented (earlier IRM method)."
                ),
            ),
            IndicatorGuide(
                "did_it_open_government",
                LEGACY,
                tuple(v for v in DidItOpenGovernment.values if v != "no_early_results"),
                _(
                    "How much government practice opened up by the end of the plan, beyond "
                    "what was done (earlier IRM method)."
                ),
                (DidItOpenGovernment.NO_EARLY_RESULTS,),
            ),
            IndicatorGuide(
                "is_starred",
                LEGACY,
                _YES_NO,
                _(
                    "Starred: verifiable, relevant to OGP values, of transformative potential "
                    "impact and substantially or fully complete (earlier IRM method)."
                ),
            ),
        )
    }


def indicator_guide(field: str) -> IndicatorGuide | None:
    return _guides().get(field)


def scale_labels(field: str) -> list[str]:
    """The labels of the indicator's ranked levels, lowest first."""
    guide = indicator_guide(field)
    if guide is None:
        return []
    if guide.is_yes_no:
        return [_("No"), _("Yes")]
    choices = LEVEL_CHOICES[field]
    return [str(choices(level).label) for level in guide.scale]


def level_in_scale(field: str, value) -> str:
    """Where a value sits in its indicator's scale, as the page says it: "level 2 of 3:
    Unclear · Modest · Substantial"; "yes or no" for a flag; "" for free text or no value."""
    guide = indicator_guide(field)
    if guide is None or not guide.scale or value in (None, ""):
        return ""
    if guide.is_yes_no:
        return _("yes or no")
    level = "yes" if value is True else "no" if value is False else value
    labels = " · ".join(scale_labels(field))
    if level not in guide.scale:
        return _("outside the scale: %(labels)s") % {"labels": labels}
    return _("level %(position)d of %(count)d: %(labels)s") % {
        "position": guide.scale.index(level) + 1,
        "count": len(guide.scale),
        "labels": labels,
    }


def indicator_meaning(field: str) -> str:
    guide = indicator_guide(field)
    return guide.meaning if guide else ""


def indicator_method(field: str) -> str:
    guide = indicator_guide(field)
    return guide.method if guide else ""
