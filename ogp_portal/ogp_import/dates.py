"""The dates of OGP's export: reading a date cell as the period it names, and deriving a
plan's period and its IRM reports' dates from them."""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable

from action_plans.models import ActionPlan
from irm_reviews.models import ReviewKind

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


def slash_order_hint(values: Iterable[str]) -> bool | None:
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


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def plan_period(
    first_year: int, last_year: int, starts: list[datetime.date], ends: list[datetime.date]
) -> tuple[datetime.date, datetime.date]:
    """The plan runs from its first commitment's start in its first year or the next, to its
    last commitment's end in its end year; 1 January and 31 December when no date tells."""
    starts = [day for day in starts if first_year <= day.year <= min(first_year + 1, last_year)]
    start = min(starts) if starts else datetime.date(first_year, 1, 1)
    ends = [day for day in ends if day.year == last_year and day > start]
    end = max(ends) if ends else datetime.date(last_year, 12, 31)
    if end <= start:
        end = start + datetime.timedelta(days=1)
    return start, end


def cycle_dates(
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
