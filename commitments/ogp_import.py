"""Import OGP's commitments / IRM data export (one row per commitment, see data/ogp/README.md).

The export is keyed on OGP's identifiers: members on their OGP code (ALB, or ARBA for Buenos
Aires), plans on their Action Plan ID (AP_ALB01), commitments on their Commitment Unique
Identifier (AL0002). Importing the same file twice changes nothing; a newer export updates the
same rows in place. The importer owns the fields it reads from the export and leaves every other
field (problem, milestones, narratives, forum data...) as the portal's users wrote them.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

from babel import Locale
from babel.core import get_global
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q, TextChoices
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from action_plans.models import ActionPlan, PlanStatus
from irm_reviews.models import (
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
from irm_reviews.services import assessment_validate
from members.models import Member, MemberKind, Region

from .models import Commitment, Completion, PolicyArea, PublicationState

# --- Columns -----------------------------------------------------------------------------------

COL_ID = "Commitment Unique Identifier"
COL_MEMBER = "Country/Locality"
COL_PLAN_NUMBER = "Action Plan Number"
COL_NUMBER = "Commitment Number"
COL_CODE = "Code"
COL_REGION = "Region"
COL_KIND = "National Or Local"
COL_SUBMITTED = "Year Of Submission"
COL_END_YEAR = "Action Plan End Year"
COL_THEME = "Theme"
COL_TITLE = "Commitment Title"
COL_SHORT_TITLE = "Short Title"
COL_FULL_TEXT = "Full Text"
COL_START = "Start Date"
COL_END = "End Date"
COL_LEAD = "Lead Institution"
COL_SUPPORT = "Supporting Institution(s)"
COL_URL = "URL"
COL_PLAN_ID = "Action Plan ID"
COL_VALUE_ATI = "OGP Value Access To Information"
COL_VALUE_CP = "OGP Value Civic Participation"
COL_VALUE_PA = "OGP Value Public Accountability"
COL_VALUE_TECH = "OGP Value Technology"
COL_PR_YEAR = "Report Publication Year (Progress Report)"
COL_SPECIFICITY = "Specificity"
COL_VERIFIABLE = "Verifiable"
COL_POTENTIAL_IMPACT = "Potential Impact"
COL_PR_COMPLETION = "Completion (Progress Report)"
COL_PR_STARRED = "Starred (Current Formula) Progress Report"
COL_POTENTIAL_FOR_RESULTS = "Potential for Results"
COL_CLUSTERED = "Cluster (AP Review)"
COL_CLUSTER_IDS = "Cluster Commitment ID(s)"
COL_EOT_YEAR = "Report Publication Year (End Of Term)"
COL_EOT_COMPLETION = "Completion (End Of Term)"
COL_EARLY_RESULTS = "Early Results"
COL_DIOG = "Did It Open Government (Overall)"
COL_EOT_STARRED = "Starred (Current Formula) End of Term"

# OGP's ten parent policy areas, as the export's header spells them. In the header each parent
# column is followed by its sub-areas; the tag columns after Public Service Delivery's sub-areas
# (Capacity Building, Legislation, Open Data...) have no parent.
PARENT_AREA_COLUMNS = (
    "Anti-Corruption and Integrity",
    "Civic Space and Enabling Environment",
    "Democratizing Decision-Making",
    "Digital Governance",
    "Environment & Climate",
    "Fiscal Openness",
    "Inclusion",
    "Justice",
    "Open Parliaments",
    "Public Service Delivery",
)
PUBLIC_SERVICE_DELIVERY_AREAS = {
    "Citizenship & Immigration",
    "Education",
    "Health & Nutrition",
    "Infrastructure & Transport",
    "Water & Sanitation",
}
AREA_NAMES = {"Environment & Climate": "Environment and Climate"}  # DOMAIN.md's words
FIRST_AREA_AFTER = COL_SUPPORT  # tag columns run from here...
LAST_AREA_BEFORE = COL_PR_YEAR  # ...to here, both excluded

REQUIRED_COLUMNS = (
    COL_ID,
    COL_MEMBER,
    COL_PLAN_NUMBER,
    COL_NUMBER,
    COL_CODE,
    COL_REGION,
    COL_KIND,
    COL_SUBMITTED,
    COL_END_YEAR,
    COL_THEME,
    COL_TITLE,
    COL_SHORT_TITLE,
    COL_FULL_TEXT,
    COL_START,
    COL_END,
    COL_LEAD,
    COL_SUPPORT,
    COL_URL,
    COL_PLAN_ID,
    COL_VALUE_ATI,
    COL_VALUE_CP,
    COL_VALUE_PA,
    COL_VALUE_TECH,
    COL_PR_YEAR,
    COL_SPECIFICITY,
    COL_VERIFIABLE,
    COL_POTENTIAL_IMPACT,
    COL_PR_COMPLETION,
    COL_PR_STARRED,
    COL_POTENTIAL_FOR_RESULTS,
    COL_CLUSTERED,
    COL_CLUSTER_IDS,
    COL_EOT_YEAR,
    COL_EOT_COMPLETION,
    COL_EARLY_RESULTS,
    COL_DIOG,
    COL_EOT_STARRED,
    *PARENT_AREA_COLUMNS,
)

# --- Codes and levels ----------------------------------------------------------------------------

NO_VALUE = {"", "nd", "nr", "na", "n/a"}  # no data, not reviewable, not applicable
OGP_ID = re.compile(r"([A-Z]{2,3})\d{4}")
PLAN_ID = re.compile(r"AP_([A-Z]{3,6})(\d{2})")
MEMBER_CODE = re.compile(r"[A-Z]{3,6}")
IMPORT_REASON = "OGP export import"

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

# Dates come as 1/1/2024, 31/12/2016, 12/31/18, July 2014, Quarter 1 2014, IV quarter of 2020,
# 2014, Excel serial numbers (43525), and years typed into date cells (7/15/1905 is serial 2023).
NO_DATE = {
    "",
    "na",
    "n/a",
    "nd",
    "nr",
    "tbd",
    "in progress",
    "underway",
    "ongoing",
    "continuous",
    "permanent",
    "permanent activity",
}
_SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_YEAR = re.compile(r"\d{4}")
_EXCEL_SERIAL = re.compile(r"\d{5}")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?,?\s+(\d{4})")
_QUARTER = re.compile(
    r"(?:q|quarter)\s*([1-4])\s*(?:of\s+)?(\d{4})"
    r"|([1-4]|i{1,3}|iv)(?:st|nd|rd|th)?\s+quarter\s+(?:of\s+)?(\d{4})"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTHS = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_FLOAT_ARTEFACT = re.compile(r"\d+\.\d{8,}")
_validate_url = URLValidator(schemes=["http", "https"])


class ExportRefused(Exception):
    """The file is not a usable OGP export. Nothing was written."""


@dataclass(frozen=True)
class RowRejection:
    row: int
    identifier: str
    reason: str


@dataclass(frozen=True)
class RowWarning:
    row: int
    identifier: str
    message: str


@dataclass
class ImportReport:
    """What one import did. Rows are numbered as in a spreadsheet: the header is row 1."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[RowRejection] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    members_created: int = 0
    members_updated: int = 0
    plans_created: int = 0
    plans_updated: int = 0
    review_cycles_created: int = 0
    review_cycles_updated: int = 0
    policy_areas_created: int = 0
    seconds: float = 0.0

    @property
    def rejected(self) -> int:
        return len(self.rejections)


# --- Parsing (no database) ----------------------------------------------------------------------


class _Rejected(Exception):
    pass


@dataclass
class _MemberData:
    code: str
    name: str
    slug: str
    kind: str
    country_code: str
    region: str
    website_url: str


@dataclass
class _PlanData:
    ogp_id: str
    number: int
    submitted_year: int
    end_year: int


@dataclass
class _Row:
    number: int
    ogp_id: str
    member: _MemberData
    plan: _PlanData
    commitment_number: str
    fields: dict
    areas: set[str]
    # Cell values of both methodologies; which reports apply is decided per plan.
    progress_report: dict
    end_of_term_report: dict
    action_plan_review: dict
    results_report: dict
    has_current_design: bool
    has_early_results: bool
    progress_report_year: int | None
    end_of_term_year: int | None
    notes: list[str] = field(default_factory=list)
    assessments: dict[str, dict] = field(default_factory=dict)


@dataclass(frozen=True)
class _AreaColumn:
    column: str
    name: str
    slug: str
    parent_column: str | None


def normalise_commitment_number(raw: str) -> str:
    """'2.2999999999999998' -> '2.3', '1.1.' -> '1.1': undo spreadsheet float artefacts."""
    text = raw.strip()
    if _FLOAT_ARTEFACT.fullmatch(text):
        text = f"{round(float(text), 6):.6f}".rstrip("0").rstrip(".")
    return text.rstrip(".").strip()


def natural_key(number: str) -> tuple:
    """Sort key that puts 2 before 2.1 before 10."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.findall(r"\d+|\D+", number)
    )


def _year_span(year: int) -> tuple[datetime.date, datetime.date]:
    if not 1990 <= year <= 2100:
        raise ValueError(year)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _months_span(year: int, first: int, last: int) -> tuple[datetime.date, datetime.date]:
    if not 1990 <= year <= 2100:
        raise ValueError(year)
    return (
        datetime.date(year, first, 1),
        datetime.date(year, last, calendar.monthrange(year, last)[1]),
    )


def _first_valid_date(year: int, orders: list[tuple[int, int]]) -> datetime.date | None:
    """The first (month, day) that makes a valid date in year, None when none does."""
    for month, day in orders:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    return None


def parse_ogp_date(
    raw: str, *, day_first: bool = False
) -> tuple[datetime.date, datetime.date] | None:
    """The period a date cell names (a day, month, quarter or year) as (first day, last day);
    None for a cell that says there is no date ('NA', 'Ongoing'...). Raises ValueError when the
    cell cannot be read as a date. Slash dates are month first unless day_first, or unless only
    the other order is a valid date (31/12/2016)."""
    text = " ".join(raw.split()).lower()
    if text in NO_DATE:
        return None
    if match := _SLASH_DATE.fullmatch(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if len(match[3]) == 2:
            year += 2000
        orders = [(second, first), (first, second)] if day_first else [(first, second)]
        orders.append((second, first))
        value = _first_valid_date(year, orders)
        if value is None:
            raise ValueError(raw)
        if 1900 <= year <= 1910:
            # A year typed into a date-formatted cell: the date's serial number is the year.
            return _year_span((value - _EXCEL_EPOCH).days)
        _year_span(year)
        return value, value
    if match := _ISO_DATE.fullmatch(text):
        value = datetime.date(int(match[1]), int(match[2]), int(match[3]))
        _year_span(value.year)
        return value, value
    if _YEAR.fullmatch(text):
        return _year_span(int(text))
    if _EXCEL_SERIAL.fullmatch(text):
        value = _EXCEL_EPOCH + datetime.timedelta(days=int(text))
        _year_span(value.year)
        return value, value
    if match := _QUARTER.fullmatch(text):
        quarter_text, year_text = (match[1], match[2]) if match[1] else (match[3], match[4])
        quarter = int(quarter_text) if quarter_text.isdigit() else _ROMAN[quarter_text]
        return _months_span(int(year_text), quarter * 3 - 2, quarter * 3)
    if match := _MONTH_YEAR.fullmatch(text):
        name, year = match[1], int(match[2])
        if name in _MONTHS:
            return _months_span(year, _MONTHS[name], _MONTHS[name])
        if name in _SEASONS:
            return _months_span(year, *_SEASONS[name])
    for pattern in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%B %d %Y"):
        try:
            value = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        _year_span(value.year)
        return value, value
    raise ValueError(raw)


def _slash_order_hint(values: Iterable[str]) -> bool | None:
    """True when the cells can only be day first (31/12/2016), False when they can only be
    month first (12/31/2016), None when they do not tell."""
    day_first = month_first = False
    for value in values:
        if match := _SLASH_DATE.fullmatch(value.strip()):
            day_first |= int(match[1]) > 12
            month_first |= int(match[2]) > 12
    if day_first != month_first:
        return day_first
    return None


def _cell(record: dict[str, str], column: str) -> str:
    return (record.get(column) or "").strip()


def _text(record: dict[str, str], column: str) -> str:
    value = _cell(record, column)
    return "" if value.lower() in NO_VALUE else value


def _clip(value: str, limit: int, column: str, notes: list[str]) -> str:
    if len(value) <= limit:
        return value
    notes.append(
        _("%(column)s has %(length)d characters; shortened to %(limit)d.")
        % {"column": column, "length": len(value), "limit": limit}
    )
    return value[: limit - 1].rstrip() + "…"


def _level(record: dict[str, str], column: str, levels: dict) -> str | bool | None:
    """The mapped level of a label cell; blank ('' or None for flags) when the cell holds ND,
    NR or NA. Raises _Rejected for a label the IRM does not use."""
    value = _cell(record, column)
    if value.lower() in NO_VALUE:
        return None if levels is FLAGS else ""
    key = value if levels is FLAGS else value.lower()
    if key not in levels:
        raise _Rejected(
            _("%(column)s: unknown value %(value)r (expected one of: %(expected)s).")
            % {
                "column": column,
                "value": value,
                "expected": ", ".join(sorted(levels)),
            }
        )
    return levels[key]


def _year_cell(record: dict[str, str], column: str) -> int | None:
    value = _cell(record, column)
    if value.lower() in NO_VALUE:
        return None
    if not re.fullmatch(r"\d{4}", value) or not 2011 <= int(value) <= 2100:
        raise _Rejected(
            _("%(column)s: %(value)r is not a year.") % {"column": column, "value": value}
        )
    return int(value)


def _date_cell(
    record: dict[str, str], column: str, day_first: bool
) -> tuple[datetime.date, datetime.date] | None:
    value = _cell(record, column)
    try:
        return parse_ogp_date(value, day_first=day_first)
    except ValueError:
        raise _Rejected(
            _(
                "%(column)s: cannot read %(value)r as a date "
                "(use a form such as 12/31/2024, July 2014, Quarter 1 2014 or 2014)."
            )
            % {"column": column, "value": value}
        ) from None


def _country_code(code: str, ogp_id: str) -> str:
    """ISO 3166-1 alpha-2 from the member's ISO3 code, else from the identifier's prefix (XK).
    ogp_id is a valid OGP identifier (_parse_row checks it first)."""
    aliases = get_global("territory_aliases").get(code)
    if aliases:
        return aliases[0]
    match = OGP_ID.fullmatch(ogp_id)
    assert match is not None
    prefix = match[1]
    return prefix if len(prefix) == 2 and prefix in Locale("en").territories else ""


def _member_slug(url: str, name: str) -> str:
    if match := re.search(r"/members/([a-z0-9-]+)/", url):
        return match[1]
    return slugify(name)


def _member_page(url: str) -> str:
    match = re.match(r"(https?://[^/]+/members/[a-z0-9-]+/)", url)
    return match[1] if match else ""


def _parse_row(
    record: dict[str, str],
    number: int,
    area_columns: list[_AreaColumn],
    plan_day_first: dict[str, bool | None],
) -> _Row:
    notes: list[str] = []
    ogp_id = _cell(record, COL_ID).upper()
    if not OGP_ID.fullmatch(ogp_id):
        raise _Rejected(
            _("%(column)s %(value)r is not an OGP identifier such as AL0002.")
            % {"column": COL_ID, "value": ogp_id}
        )
    code = _cell(record, COL_CODE).upper()
    if not MEMBER_CODE.fullmatch(code):
        raise _Rejected(
            _("%(column)s %(value)r is not an OGP member code such as ALB.")
            % {"column": COL_CODE, "value": code}
        )
    name = _cell(record, COL_MEMBER)
    if not name:
        raise _Rejected(_("%(column)s is empty.") % {"column": COL_MEMBER})
    region = REGIONS.get(_cell(record, COL_REGION).lower())
    if region is None:
        raise _Rejected(
            _("%(column)s: unknown region %(value)r.")
            % {"column": COL_REGION, "value": _cell(record, COL_REGION)}
        )
    kind = MEMBER_KINDS.get(_cell(record, COL_KIND).lower())
    if kind is None:
        raise _Rejected(
            _("%(column)s: unknown value %(value)r (expected National, Local or Other).")
            % {"column": COL_KIND, "value": _cell(record, COL_KIND)}
        )
    plan_id = _cell(record, COL_PLAN_ID).upper()
    plan_match = PLAN_ID.fullmatch(plan_id)
    if not plan_match:
        raise _Rejected(
            _("%(column)s %(value)r is not an OGP plan identifier such as AP_ALB01.")
            % {"column": COL_PLAN_ID, "value": plan_id}
        )
    if plan_match[1] != code:
        raise _Rejected(
            _("%(column)s %(plan)s does not belong to the member with code %(code)s.")
            % {"column": COL_PLAN_ID, "plan": plan_id, "code": code}
        )
    try:
        plan_number = int(_cell(record, COL_PLAN_NUMBER))
        submitted_year = int(_cell(record, COL_SUBMITTED))
        end_year = int(_cell(record, COL_END_YEAR))
    except ValueError:
        raise _Rejected(
            _("%(number)s, %(submitted)s and %(end)s must be whole numbers.")
            % {"number": COL_PLAN_NUMBER, "submitted": COL_SUBMITTED, "end": COL_END_YEAR}
        ) from None
    if plan_number < 1:
        raise _Rejected(_("%(column)s must be 1 or more.") % {"column": COL_PLAN_NUMBER})
    if not 2011 <= submitted_year <= end_year <= 2100:
        raise _Rejected(
            _("%(submitted)s %(first)d and %(end)s %(last)d do not make a plan period.")
            % {
                "submitted": COL_SUBMITTED,
                "first": submitted_year,
                "end": COL_END_YEAR,
                "last": end_year,
            }
        )
    commitment_number = normalise_commitment_number(_cell(record, COL_NUMBER))
    if not commitment_number:
        raise _Rejected(_("%(column)s is empty.") % {"column": COL_NUMBER})
    if len(commitment_number) > 24:
        raise _Rejected(
            _("%(column)s %(value)r is too long.")
            % {"column": COL_NUMBER, "value": commitment_number}
        )
    title = _text(record, COL_TITLE) or _text(record, COL_SHORT_TITLE)
    if not title:
        raise _Rejected(_("%(column)s is empty.") % {"column": COL_TITLE})

    raw_dates = (_cell(record, COL_START), _cell(record, COL_END))
    day_first = _slash_order_hint(raw_dates)
    if day_first is None:
        day_first = bool(plan_day_first.get(plan_id))
    start = _date_cell(record, COL_START, day_first)
    end = _date_cell(record, COL_END, day_first)
    start_date = start[0] if start else None
    end_date = end[1] if end else None
    if start_date and end_date and end_date < start_date:
        notes.append(
            _("%(end)s %(end_value)r is before %(start)s %(start_value)r; end date left blank.")
            % {
                "end": COL_END,
                "end_value": raw_dates[1],
                "start": COL_START,
                "start_value": raw_dates[0],
            }
        )
        end_date = None

    url = _cell(record, COL_URL)
    if url:
        try:
            _validate_url(url)
        except ValidationError:
            notes.append(
                _("%(column)s %(value)r is not a web address; left blank.")
                % {
                    "column": COL_URL,
                    "value": url,
                }
            )
            url = ""

    values = {
        column: _level(record, column, FLAGS)
        for column in (COL_VALUE_ATI, COL_VALUE_CP, COL_VALUE_PA, COL_VALUE_TECH)
    }
    fields = {
        "title": _clip(title, 500, COL_TITLE, notes),
        "short_title": _clip(_text(record, COL_SHORT_TITLE), 200, COL_SHORT_TITLE, notes),
        "theme": _clip(_text(record, COL_THEME), 300, COL_THEME, notes),
        "description": _text(record, COL_FULL_TEXT),
        "lead_agency": _clip(_text(record, COL_LEAD), 500, COL_LEAD, notes),
        "supporting_government": _text(record, COL_SUPPORT),
        "is_access_to_information": values[COL_VALUE_ATI] is True,
        "is_civic_participation": values[COL_VALUE_CP] is True,
        "is_public_accountability": values[COL_VALUE_PA] is True,
        "is_technology": values[COL_VALUE_TECH] is True,
        "start_date": start_date,
        "end_date": end_date,
        "publication_state": PublicationState.PUBLISHED,
        "ogp_url": url[:500],
    }
    areas = {area.slug for area in area_columns if _cell(record, area.column) == "1"}

    clustered = _level(record, COL_CLUSTERED, FLAGS)
    cluster = _text(record, COL_CLUSTER_IDS) if clustered else ""
    return _Row(
        number=number,
        ogp_id=ogp_id,
        member=_MemberData(
            code=code,
            name=name,
            slug=_member_slug(url, name),
            kind=kind,
            country_code=_country_code(code, ogp_id) if kind == MemberKind.NATIONAL else "",
            region=region,
            website_url=_member_page(url),
        ),
        plan=_PlanData(plan_id, plan_number, submitted_year, end_year),
        commitment_number=commitment_number,
        fields=fields,
        areas=areas,
        progress_report={
            "specificity": _level(record, COL_SPECIFICITY, SPECIFICITY),
            "verifiable": _level(record, COL_VERIFIABLE, VERIFIABLE),
            "is_relevant_access_to_information": values[COL_VALUE_ATI],
            "is_relevant_civic_participation": values[COL_VALUE_CP],
            "is_relevant_public_accountability": values[COL_VALUE_PA],
            "is_relevant_technology": values[COL_VALUE_TECH],
            "potential_impact": _level(record, COL_POTENTIAL_IMPACT, POTENTIAL_IMPACT),
            "completion": _level(record, COL_PR_COMPLETION, COMPLETION),
            "is_starred": _level(record, COL_PR_STARRED, FLAGS),
        },
        end_of_term_report={
            "completion": _level(record, COL_EOT_COMPLETION, COMPLETION),
            "did_it_open_government": _level(record, COL_DIOG, DID_IT_OPEN_GOVERNMENT),
            "is_starred": _level(record, COL_EOT_STARRED, FLAGS),
        },
        action_plan_review={
            "verifiable": _level(record, COL_VERIFIABLE, VERIFIABLE),
            "potential_for_results": _level(
                record, COL_POTENTIAL_FOR_RESULTS, POTENTIAL_FOR_RESULTS
            ),
            "cluster": _clip(cluster, 100, COL_CLUSTER_IDS, notes),
        },
        results_report={
            "completion": _level(record, COL_EOT_COMPLETION, COMPLETION),
            "early_results": _level(record, COL_EARLY_RESULTS, EARLY_RESULTS),
        },
        has_current_design=bool(_text(record, COL_POTENTIAL_FOR_RESULTS) or clustered is not None),
        has_early_results=bool(_text(record, COL_EARLY_RESULTS)),
        progress_report_year=_year_cell(record, COL_PR_YEAR),
        end_of_term_year=_year_cell(record, COL_EOT_YEAR),
        notes=notes,
    )


def _area_name(column: str) -> str:
    if column in AREA_NAMES:
        return AREA_NAMES[column]
    words = column.split(" ")
    small = {"Of", "To", "In", "And", "For", "The", "On"}
    return " ".join([words[0], *(word.lower() if word in small else word for word in words[1:])])


def _policy_area_columns(header: list[str]) -> list[_AreaColumn]:
    tags = header[header.index(FIRST_AREA_AFTER) + 1 : header.index(LAST_AREA_BEFORE)]
    columns, parent = [], None
    for column in tags:
        if column in PARENT_AREA_COLUMNS:
            parent = column
            columns.append(_AreaColumn(column, _area_name(column), "", None))
            continue
        if parent == "Public Service Delivery" and column not in PUBLIC_SERVICE_DELIVERY_AREAS:
            parent = None
        columns.append(_AreaColumn(column, _area_name(column), "", parent))
    return [
        _AreaColumn(
            area.column,
            area.name,
            slugify(area.name.replace("/", " ").replace("&", "and")),
            area.parent_column,
        )
        for area in columns
    ]


def _read_text(path_or_file: str | os.PathLike | IO) -> str:
    if isinstance(path_or_file, str | os.PathLike):
        try:
            raw: bytes | str = Path(path_or_file).read_bytes()
        except OSError as exc:
            raise ExportRefused(
                _("Cannot read %(path)s: %(error)s.")
                % {"path": path_or_file, "error": exc.strerror or exc}
            ) from None
    else:
        raw = path_or_file.read()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ExportRefused(
                _(
                    "The file is not UTF-8 text (byte %(position)d cannot be read); "
                    "save it as 'CSV UTF-8'."
                )
                % {"position": exc.start}
            ) from None
    if not raw.strip():
        raise ExportRefused(_("The file is empty."))
    if "\x00" in raw:
        raise ExportRefused(_("The file is not a CSV file (it contains NUL bytes)."))
    return raw


def _read_records(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    try:
        header = [name.strip() for name in next(reader)]
        for number, record in enumerate(reader, start=2):
            if any(cell.strip() for cell in record):
                records.append((number, record))
    except csv.Error as exc:
        raise ExportRefused(
            _("The file is not a valid CSV file (near row %(row)d: %(error)s).")
            % {"row": len(records) + 2, "error": exc}
        ) from None
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ExportRefused(
            _(
                "The file is not OGP's commitments export: %(count)d required column(s) "
                "missing: %(columns)s."
            )
            % {"count": len(missing), "columns": ", ".join(missing)}
        )
    duplicated = sorted(name for name, count in Counter(header).items() if count > 1 and name)
    if duplicated:
        raise ExportRefused(
            _("The header repeats column(s): %(columns)s.") % {"columns": ", ".join(duplicated)}
        )
    if header.index(FIRST_AREA_AFTER) > header.index(LAST_AREA_BEFORE) or any(
        not header.index(FIRST_AREA_AFTER) < header.index(parent) < header.index(LAST_AREA_BEFORE)
        for parent in PARENT_AREA_COLUMNS
    ):
        raise ExportRefused(
            _("The policy-area columns must lie between %(first)s and %(last)s.")
            % {"first": FIRST_AREA_AFTER, "last": LAST_AREA_BEFORE}
        )
    if not records:
        raise ExportRefused(_("The file has a header but no commitment rows."))
    return header, records


def _parse_rows(
    header: list[str],
    records: list[tuple[int, list[str]]],
    area_columns: list[_AreaColumn],
    report: ImportReport,
) -> list[_Row]:
    dict_records = []
    for number, cells in records:
        if len(cells) != len(header):
            report.rejections.append(
                RowRejection(
                    number,
                    cells[0].strip() if cells else "",
                    _("The row has %(count)d values; the header has %(columns)d columns.")
                    % {"count": len(cells), "columns": len(header)},
                )
            )
            continue
        dict_records.append((number, dict(zip(header, cells, strict=True))))

    by_plan: dict[str, list[str]] = defaultdict(list)
    for _number, record in dict_records:
        by_plan[_cell(record, COL_PLAN_ID).upper()] += [
            _cell(record, COL_START),
            _cell(record, COL_END),
        ]
    plan_day_first = {plan: _slash_order_hint(values) for plan, values in by_plan.items()}

    rows: list[_Row] = []
    seen_ids: dict[str, int] = {}
    members: dict[str, _Row] = {}
    plans: dict[str, _Row] = {}
    plan_numbers: dict[tuple[str, int], str] = {}
    for number, record in dict_records:
        identifier = _cell(record, COL_ID)
        try:
            row = _parse_row(record, number, area_columns, plan_day_first)
            if row.ogp_id in seen_ids:
                raise _Rejected(
                    _("%(id)s already appears in row %(row)d.")
                    % {"id": row.ogp_id, "row": seen_ids[row.ogp_id]}
                )
            first = members.setdefault(row.member.code, row)
            if first.member != row.member:
                raise _Rejected(
                    _("Row %(row)d describes member %(code)s differently (%(name)s, %(region)s).")
                    % {
                        "row": first.number,
                        "code": row.member.code,
                        "name": first.member.name,
                        "region": first.member.region,
                    }
                )
            first = plans.setdefault(row.plan.ogp_id, row)
            if first.plan != row.plan:
                raise _Rejected(
                    _("Row %(row)d gives plan %(plan)s another number or other years.")
                    % {"row": first.number, "plan": row.plan.ogp_id}
                )
            holder = plan_numbers.setdefault((row.member.code, row.plan.number), row.plan.ogp_id)
            if holder != row.plan.ogp_id:
                raise _Rejected(
                    _("Plan %(plan)s has number %(number)d, like plan %(other)s of this member.")
                    % {"plan": row.plan.ogp_id, "number": row.plan.number, "other": holder}
                )
        except _Rejected as exc:
            report.rejections.append(RowRejection(number, identifier, str(exc)))
            continue
        seen_ids[row.ogp_id] = number
        rows.append(row)
    return _assessments_decide(rows, report)


def _assessments_decide(rows: list[_Row], report: ImportReport) -> list[_Row]:
    """Pick each plan's reports: the current methodology (Action Plan Review, Results Report)
    for plans submitted in 2021 or later, or when the plan's rows hold its indicators (some 2019
    and 2020 plans were reviewed that way); the legacy one otherwise."""
    by_plan: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_plan[row.plan.ogp_id].append(row)
    accepted = []
    for plan_rows in by_plan.values():
        is_current = plan_rows[0].plan.submitted_year >= 2021
        design = (
            ReviewKind.ACTION_PLAN_REVIEW
            if is_current or any(row.has_current_design for row in plan_rows)
            else ReviewKind.PROGRESS_REPORT
        )
        final = (
            ReviewKind.RESULTS_REPORT
            if is_current or any(row.has_early_results for row in plan_rows)
            else ReviewKind.END_OF_TERM_REPORT
        )
        for row in plan_rows:
            cells = {
                ReviewKind.PROGRESS_REPORT: row.progress_report,
                ReviewKind.ACTION_PLAN_REVIEW: row.action_plan_review,
                ReviewKind.END_OF_TERM_REPORT: row.end_of_term_report,
                ReviewKind.RESULTS_REPORT: row.results_report,
            }
            try:
                for kind in (design, final):
                    values = dict(cells[kind])
                    if not any(value not in ("", None) for value in values.values()):
                        continue
                    if values.get("verifiable") == Verifiable.NO and values.get(
                        "potential_for_results"
                    ):
                        row.notes.append(
                            _(
                                "Not verifiable, so not reviewable: potential for results "
                                "%(level)s left blank."
                            )
                            % {"level": values["potential_for_results"]}
                        )
                        values["potential_for_results"] = ""
                    try:
                        row.assessments[kind] = assessment_validate(ReviewCycle(kind=kind), values)
                    except ValidationError as exc:
                        raise _Rejected(
                            "; ".join(
                                f"{ReviewKind(kind).label} {name}: {messages[0]}"
                                for name, messages in exc.message_dict.items()
                            )
                        ) from None
            except _Rejected as exc:
                report.rejections.append(RowRejection(row.number, row.ogp_id, str(exc)))
                continue
            accepted.append(row)
    return sorted(accepted, key=lambda row: row.number)


# --- Storing ----------------------------------------------------------------------------------


def _assign(instance, values: dict) -> bool:
    """Set the values on the instance; True when any of them differed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _plan_period(
    plan: _PlanData, starts: list[datetime.date], ends: list[datetime.date]
) -> tuple[datetime.date, datetime.date]:
    """The plan runs from its first commitment's start in its first year or the next, to its
    last commitment's end in its end year; 1 January and 31 December when no date tells."""
    first_year, last_year = plan.submitted_year, plan.end_year
    starts = [day for day in starts if first_year <= day.year <= min(first_year + 1, last_year)]
    start = min(starts) if starts else datetime.date(first_year, 1, 1)
    ends = [day for day in ends if day.year == last_year and day > start]
    end = max(ends) if ends else datetime.date(last_year, 12, 31)
    if end <= start:
        end = start + datetime.timedelta(days=1)
    return start, end


def _cycle_dates(
    kind: str, plan: ActionPlan, publication_year: int | None
) -> tuple[datetime.date, datetime.date, datetime.date]:
    """(opens_on, due_on, published_on) of a published report of the export: reviews of design
    open when the plan starts (the legacy Progress Report a year in), end-of-plan reports when
    it ends; each is due four months later and published on that date when it falls in the
    report's publication year, else on the nearest day of that year."""
    if kind == ReviewKind.ACTION_PLAN_REVIEW:
        opens = plan.period_start
    elif kind == ReviewKind.PROGRESS_REPORT:
        opens = min(_add_months(plan.period_start, 12), plan.period_end)
    else:
        opens = plan.period_end
    due = _add_months(opens, 4)
    year = publication_year or plan.period_end.year
    published = min(max(due, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))
    return opens, due, published


def _policy_areas_ensure(area_columns: list[_AreaColumn], report: ImportReport) -> dict[str, int]:
    existing = {area.slug: area for area in PolicyArea.objects.all()}
    by_column = {area.column: area for area in area_columns}
    for parents_first in (True, False):
        for area in area_columns:
            if (area.parent_column is None) != parents_first:
                continue
            parent = existing[by_column[area.parent_column].slug] if area.parent_column else None
            current = existing.get(area.slug)
            if current is None:
                current = PolicyArea.objects.filter(name=area.name).first()
            if current is None:
                existing[area.slug] = PolicyArea.objects.create(
                    name=area.name, slug=area.slug, parent=parent
                )
                report.policy_areas_created += 1
            else:
                existing[area.slug] = current
                if current.parent_id != (parent.pk if parent else None):
                    current.parent = parent
                    current.save(update_fields=["parent"])
    return {area.slug: existing[area.slug].pk for area in area_columns}


def _members_store(rows: list[_Row], report: ImportReport) -> tuple[dict[str, Member], list[_Row]]:
    wanted: dict[str, _MemberData] = {}
    for row in rows:
        wanted.setdefault(row.member.code, row.member)
    # Found by their code, so none is None.
    members = {
        cast(str, member.ogp_code): member for member in Member.objects.filter(ogp_code__in=wanted)
    }
    new = [data for code, data in wanted.items() if code not in members]
    holders: dict[str, Member] = {}
    if new:
        for holder in Member.objects.filter(
            Q(slug__in=[data.slug for data in new]) | Q(name__in=[data.name for data in new])
        ):
            holders[holder.slug] = holders[holder.name] = holder
    refused: dict[str, str] = {}
    to_create: list[Member] = []
    to_update: list[Member] = []
    now = timezone.now()
    for code, data in wanted.items():
        member = members.get(code)
        if member is None:
            member = holders.get(data.slug) or holders.get(data.name)
            # A member entered by hand (no OGP code yet) is adopted; one with a code is not.
            if member is not None and member.ogp_code:
                refused[code] = _(
                    "Member %(other)s (code %(other_code)s) already has the name or slug of %(name)s."
                ) % {"other": member.name, "other_code": member.ogp_code, "name": data.name}
                continue
        values = {
            "name": data.name,
            "kind": data.kind,
            "country_code": data.country_code,
            "ogp_code": code,
            "region": data.region,
        }
        if data.website_url:
            values["website_url"] = data.website_url
        if member is None:
            member = Member(slug=data.slug, **values)
            to_create.append(member)
        elif _assign(member, values):
            member.updated_at = now
            to_update.append(member)
        members[code] = member
    Member.objects.bulk_create(to_create)
    Member.objects.bulk_update(
        to_update,
        ["name", "kind", "country_code", "ogp_code", "region", "website_url", "updated_at"],
    )
    report.members_created += len(to_create)
    report.members_updated += len(to_update)
    kept = []
    for row in rows:
        if row.member.code in refused:
            report.rejections.append(RowRejection(row.number, row.ogp_id, refused[row.member.code]))
        else:
            kept.append(row)
    return members, kept


def _plans_store(
    rows: list[_Row], members: dict[str, Member], report: ImportReport, today: datetime.date
) -> tuple[dict[str, ActionPlan], list[_Row], dict[int, list[dict]]]:
    by_plan: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_plan[row.plan.ogp_id].append(row)
    plans = {plan.ogp_id: plan for plan in ActionPlan.objects.filter(ogp_id__in=by_plan)}
    member_ids = {members[plan_rows[0].member.code].pk for plan_rows in by_plan.values()}
    numbers_taken = {
        (plan["member_id"], plan["number"]): plan["ogp_id"]
        for plan in ActionPlan.objects.filter(member_id__in=member_ids).values(
            "member_id", "number", "ogp_id"
        )
    }
    # Commitments of these plans that this file does not carry keep their numbers and count
    # towards the plan's period.
    others: dict[int, list[dict]] = defaultdict(list)
    for commitment in (
        Commitment.objects.filter(plan__in=plans.values())
        .exclude(ogp_id__in=[row.ogp_id for row in rows])
        .values("plan_id", "ogp_id", "number", "start_date", "end_date")
    ):
        others[commitment["plan_id"]].append(commitment)

    refused: dict[str, str] = {}
    to_create, to_update = [], []
    now = timezone.now()
    for plan_id, plan_rows in by_plan.items():
        data, member = plan_rows[0].plan, members[plan_rows[0].member.code]
        holder = numbers_taken.get((member.pk, data.number))
        if holder and holder != plan_id:
            refused[plan_id] = _("%(member)s already has plan number %(number)d (%(other)s).") % {
                "member": member.name,
                "number": data.number,
                "other": holder,
            }
            continue
        plan = plans.get(plan_id)
        extra = others.get(plan.pk, []) if plan else []
        start, end = _plan_period(
            data,
            [row.fields["start_date"] for row in plan_rows if row.fields["start_date"]]
            + [item["start_date"] for item in extra if item["start_date"]],
            [row.fields["end_date"] for row in plan_rows if row.fields["end_date"]]
            + [item["end_date"] for item in extra if item["end_date"]],
        )
        years = (
            f"{data.submitted_year}"
            if data.submitted_year == data.end_year
            else f"{data.submitted_year}-{data.end_year}"
        )
        values = {
            "member_id": member.pk,
            "number": data.number,
            "title": f"{member.name} Action Plan {years}",
            "period_start": start,
            "period_end": end,
            "status": PlanStatus.ENDED if end < today else PlanStatus.IMPLEMENTATION,
            "ogp_url": member.website_url,
        }
        if plan is None:
            plan = ActionPlan(ogp_id=plan_id, **values)
            to_create.append(plan)
        elif _assign(plan, values):
            plan.updated_at = now
            to_update.append(plan)
        plans[plan_id] = plan
    ActionPlan.objects.bulk_create(to_create)
    ActionPlan.objects.bulk_update(
        to_update,
        [
            "member",
            "number",
            "title",
            "period_start",
            "period_end",
            "status",
            "ogp_url",
            "updated_at",
        ],
    )
    report.plans_created += len(to_create)
    report.plans_updated += len(to_update)
    kept = []
    for row in rows:
        if row.plan.ogp_id in refused:
            report.rejections.append(RowRejection(row.number, row.ogp_id, refused[row.plan.ogp_id]))
        else:
            kept.append(row)
    return plans, kept, others


COMMITMENT_FIELDS = [
    "plan",
    "number",
    "position",
    "title",
    "short_title",
    "theme",
    "description",
    "lead_agency",
    "supporting_government",
    "is_access_to_information",
    "is_civic_participation",
    "is_public_accountability",
    "is_technology",
    "start_date",
    "end_date",
    "publication_state",
    "ogp_url",
]


def _commitments_store(
    rows: list[_Row],
    plans: dict[str, ActionPlan],
    others: dict[int, list[dict]],
    area_ids: dict[str, int],
) -> tuple[dict[str, Commitment], set[str], set[str]]:
    """Returns the commitments by OGP identifier, and the identifiers created and changed."""
    existing = {
        commitment.ogp_id: commitment
        for commitment in Commitment.objects.filter(ogp_id__in=[row.ogp_id for row in rows])
    }
    by_plan: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_plan[row.plan.ogp_id].append(row)
    numbers: dict[str, str] = {}
    positions: dict[str, int] = {}
    for plan_id, plan_rows in by_plan.items():
        plan = plans[plan_id]
        taken = {item["number"]: item["ogp_id"] or "" for item in others.get(plan.pk, [])}
        for row in plan_rows:
            number, suffix = row.commitment_number, 2
            while number in taken:
                number = f"{row.commitment_number} ({suffix})"
                suffix += 1
            if number != row.commitment_number:
                row.notes.append(
                    _(
                        "Plan %(plan)s already has a commitment numbered %(number)s (%(other)s); "
                        "this one is stored as %(stored)s."
                    )
                    % {
                        "plan": plan_id,
                        "number": row.commitment_number,
                        "other": taken[row.commitment_number],
                        "stored": number,
                    }
                )
            taken[number] = row.ogp_id
            numbers[row.ogp_id] = number
        ordered = sorted(plan_rows, key=lambda row: (natural_key(numbers[row.ogp_id]), row.number))
        for position, row in enumerate(ordered, start=1):
            positions[row.ogp_id] = position

    to_create, to_update, changed = [], [], set()
    now = timezone.now()
    for row in rows:
        values = {
            **row.fields,
            "plan_id": plans[row.plan.ogp_id].pk,
            "number": numbers[row.ogp_id],
            "position": positions[row.ogp_id],
        }
        commitment = existing.get(row.ogp_id)
        if commitment is None:
            commitment = Commitment(ogp_id=row.ogp_id, **values)
            to_create.append(commitment)
            existing[row.ogp_id] = commitment
        elif _assign(commitment, values):
            commitment.updated_at = now
            to_update.append(commitment)
            changed.add(row.ogp_id)
    bulk_create_with_history(
        to_create, Commitment, batch_size=500, default_change_reason=IMPORT_REASON
    )
    bulk_update_with_history(
        to_update,
        Commitment,
        [*COMMITMENT_FIELDS, "updated_at"],
        batch_size=500,
        default_change_reason=IMPORT_REASON,
    )

    through = Commitment.policy_areas.through
    current: dict[int, set[int]] = defaultdict(set)
    for commitment_id, area_id in through.objects.filter(
        commitment_id__in=[commitment.pk for commitment in existing.values()]
    ).values_list("commitment_id", "policyarea_id"):
        current[commitment_id].add(area_id)
    links, unlinks = [], Q(pk__in=[])
    for row in rows:
        commitment = existing[row.ogp_id]
        wanted = {area_ids[slug] for slug in row.areas}
        have = current[commitment.pk]
        if wanted != have:
            changed.add(row.ogp_id)
            links += [
                through(commitment_id=commitment.pk, policyarea_id=area_id)
                for area_id in wanted - have
            ]
            if have - wanted:
                unlinks |= Q(commitment_id=commitment.pk, policyarea_id__in=have - wanted)
    through.objects.filter(unlinks).delete()
    through.objects.bulk_create(links, batch_size=1000)
    # Created with the identifiers of their rows, so none is None.
    return existing, {cast(str, commitment.ogp_id) for commitment in to_create}, changed


def _reviews_store(
    rows: list[_Row],
    plans: dict[str, ActionPlan],
    commitments: dict[str, Commitment],
    report: ImportReport,
) -> set[str]:
    """Create or update the published reports and their assessments; returns the identifiers of
    the commitments whose assessments changed."""
    years: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for row in rows:
        for kind in row.assessments:
            year = (
                row.progress_report_year
                if kind in (ReviewKind.PROGRESS_REPORT, ReviewKind.ACTION_PLAN_REVIEW)
                else row.end_of_term_year
            )
            counts = years[(row.plan.ogp_id, kind)]
            if year is not None:
                counts[year] += 1
    cycles = {
        (cycle.plan_id, cycle.kind): cycle
        for cycle in ReviewCycle.objects.filter(
            plan__in=[plans[plan_id] for plan_id, _kind in years]
        )
    }
    to_create, to_update = [], []
    now = timezone.now()
    for (plan_id, kind), counts in years.items():
        plan = plans[plan_id]
        publication_year = max(counts, key=lambda year: (counts[year], year), default=None)
        opens, due, published = _cycle_dates(kind, plan, publication_year)
        values = {
            "opens_on": opens,
            "due_on": due,
            "state": CycleState.PUBLISHED,
            "published_on": published,
        }
        cycle = cycles.get((plan.pk, kind))
        if cycle is None:
            cycle = ReviewCycle(plan=plan, kind=kind, **values)
            to_create.append(cycle)
            cycles[(plan.pk, kind)] = cycle
        elif _assign(cycle, values):
            cycle.updated_at = now
            to_update.append(cycle)
    ReviewCycle.objects.bulk_create(to_create)
    ReviewCycle.objects.bulk_update(
        to_update, ["opens_on", "due_on", "state", "published_on", "updated_at"]
    )
    report.review_cycles_created += len(to_create)
    report.review_cycles_updated += len(to_update)

    existing = {
        (assessment.cycle_id, assessment.commitment_id): assessment
        for assessment in CommitmentAssessment.objects.filter(
            cycle__in=[cycle for cycle in cycles.values()],
            commitment__in=[commitments[row.ogp_id] for row in rows],
        )
    }
    created, updated, changed, fields = [], [], set(), {"updated_at"}
    for row in rows:
        commitment = commitments[row.ogp_id]
        for kind, values in row.assessments.items():
            cycle = cycles[(plans[row.plan.ogp_id].pk, kind)]
            assessment = existing.get((cycle.pk, commitment.pk))
            if assessment is None:
                created.append(CommitmentAssessment(cycle=cycle, commitment=commitment, **values))
                changed.add(row.ogp_id)
            elif _assign(assessment, values):
                assessment.updated_at = now
                updated.append(assessment)
                fields |= set(values)
                changed.add(row.ogp_id)
    CommitmentAssessment.objects.bulk_create(created, batch_size=1000)
    CommitmentAssessment.objects.bulk_update(updated, sorted(fields), batch_size=1000)
    return changed


def ogp_export_import(
    path_or_file: str | os.PathLike | IO, *, today: datetime.date | None = None
) -> ImportReport:
    """Load OGP's commitments / IRM export into members, action plans, commitments, policy
    areas and published IRM reports.

    Guarantees: a malformed file (unreadable, not UTF-8, not CSV, empty, missing required
    columns) raises ExportRefused before anything is written; every other problem rejects
    only its row, reported with the row number and reason. All writes happen in one
    transaction. Everything is keyed on OGP's identifiers, so importing the same file again
    reports every row unchanged and writes nothing, and a newer export updates in place.
    """
    started = time.monotonic()
    header, records = _read_records(_read_text(path_or_file))
    area_columns = _policy_area_columns(header)
    report = ImportReport(rows=len(records))
    rows = _parse_rows(header, records, area_columns, report)
    today = today or timezone.localdate()
    with transaction.atomic():
        area_ids = _policy_areas_ensure(area_columns, report)
        members, rows = _members_store(rows, report)
        plans, rows, others = _plans_store(rows, members, report, today)
        commitments, created, changed = _commitments_store(rows, plans, others, area_ids)
        changed |= _reviews_store(rows, plans, commitments, report)
    for row in rows:
        if row.ogp_id in created:
            report.created += 1
        elif row.ogp_id in changed:
            report.updated += 1
        else:
            report.unchanged += 1
        report.warnings += [RowWarning(row.number, row.ogp_id, note) for note in row.notes]
    report.rejections.sort(key=lambda rejection: rejection.row)
    report.warnings.sort(key=lambda warning: warning.row)
    report.seconds = time.monotonic() - started
    return report
