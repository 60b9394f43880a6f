"""One cell of OGP's export: the codes and IRM level labels it uses, and reading a cell into a
plain value (a level, a year, a date period) or rejecting its row."""

from __future__ import annotations

import datetime
import re

from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _

from commitments.models import Completion
from irm_reviews.models import (
    DidItOpenGovernment,
    EarlyResults,
    PotentialForResults,
    PotentialImpact,
    Specificity,
    Verifiable,
)
from members.models import MemberKind, Region

from .dates import parse_ogp_date

NO_VALUE = {"", "nd", "nr", "na", "n/a"}  # no data, not reviewable, not applicable
OGP_ID = re.compile(r"([A-Z]{2,3})\d{4}")
PLAN_ID = re.compile(r"AP_([A-Z]{3,6})(\d{2})")
MEMBER_CODE = re.compile(r"[A-Z]{3,6}")

REGIONS = {
    "europe": Region.EUROPE,
    "americas": Region.AMERICAS,
    "asia and the pacific": Region.ASIA_PACIFIC,
    "africa and the middle east": Region.AFRICA_MIDDLE_EAST,
}
# "Other" is Kosovo in this export: a country taking part with national action plans.
MEMBER_KINDS = {
    "national": MemberKind.NATIONAL,
    "other": MemberKind.NATIONAL,
    "local": MemberKind.LOCAL,
    "legacy local": MemberKind.LOCAL,
}
FLAGS = {"1": True, "0": False}
VERIFIABLE = {"yes": Verifiable.YES, "1": Verifiable.YES, "no": Verifiable.NO, "0": Verifiable.NO}


def _english_labels(choices: type[TextChoices]) -> dict[str, str]:
    # The export uses the IRM's English level names, whatever language the portal speaks.
    with translation.override("en"):
        return {str(level.label).lower(): level.value for level in choices}


SPECIFICITY = _english_labels(Specificity)
POTENTIAL_IMPACT = _english_labels(PotentialImpact)
POTENTIAL_FOR_RESULTS = _english_labels(PotentialForResults)
EARLY_RESULTS = _english_labels(EarlyResults)
COMPLETION = _english_labels(Completion)
DID_IT_OPEN_GOVERNMENT = {
    **_english_labels(DidItOpenGovernment),
    "worsens": DidItOpenGovernment.WORSENED,
    "not applicable": "",
}


class Rejected(Exception):
    """The row cannot be imported; the message says why."""


def cell(record: dict[str, str], column: str) -> str:
    return (record.get(column) or "").strip()


def cell_text(record: dict[str, str], column: str) -> str:
    value = cell(record, column)
    return "" if value.lower() in NO_VALUE else value


def cell_level(record: dict[str, str], column: str, levels: dict) -> str | bool | None:
    """The mapped level of a label cell; blank ('' or None for flags) when the cell holds ND,
    NR or NA. Raises Rejected for a label the IRM does not use."""
    value = cell(record, column)
    if value.lower() in NO_VALUE:
        return None if levels is FLAGS else ""
    key = value if levels is FLAGS else value.lower()
    if key not in levels:
        raise Rejected(
            _("%(column)s: unknown value %(value)r (expected one of: %(expected)s).")
            % {
                "column": column,
                "value": value,
                "expected": ", ".join(sorted(levels)),
            }
        )
    return levels[key]


def year_cell(record: dict[str, str], column: str) -> int | None:
    value = cell(record, column)
    if value.lower() in NO_VALUE:
        return None
    if not re.fullmatch(r"\d{4}", value) or not 2011 <= int(value) <= 2100:
        raise Rejected(
            _("%(column)s: %(value)r is not a year.") % {"column": column, "value": value}
        )
    return int(value)


def date_cell(
    record: dict[str, str], column: str, day_first: bool
) -> tuple[datetime.date, datetime.date] | None:
    value = cell(record, column)
    try:
        return parse_ogp_date(value, day_first=day_first)
    except ValueError:
        raise Rejected(
            _(
                "%(column)s: cannot read %(value)r as a date "
                "(use a form such as 12/31/2024, July 2014, Quarter 1 2014 or 2014)."
            )
            % {"column": column, "value": value}
        ) from None
