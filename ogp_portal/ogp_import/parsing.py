"""A row of OGP's export into plain values: the member, the plan, the commitment's fields and
the IRM assessments that apply to its plan, or the row's rejection. No database writes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from babel import Locale
from babel.core import get_global
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify
from django.utils.translation import gettext as _

from commitments.models import PublicationState
from irm_reviews.models import ReviewCycle, ReviewKind, Verifiable
from irm_reviews.services import assessment_validate
from members.models import MemberKind

from .cells import (
    COMPLETION,
    DID_IT_OPEN_GOVERNMENT,
    EARLY_RESULTS,
    FLAGS,
    MEMBER_CODE,
    MEMBER_KINDS,
    OGP_ID,
    PLAN_ID,
    POTENTIAL_FOR_RESULTS,
    POTENTIAL_IMPACT,
    REGIONS,
    SPECIFICITY,
    VERIFIABLE,
    Rejected,
    cell,
    cell_level,
    cell_text,
    date_cell,
    year_cell,
)
from .columns import (
    COL_CLUSTER_IDS,
    COL_CLUSTERED,
    COL_CODE,
    COL_DIOG,
    COL_EARLY_RESULTS,
    COL_END,
    COL_END_YEAR,
    COL_EOT_COMPLETION,
    COL_EOT_STARRED,
    COL_EOT_YEAR,
    COL_FULL_TEXT,
    COL_ID,
    COL_KIND,
    COL_LEAD,
    COL_MEMBER,
    COL_NUMBER,
    COL_PLAN_ID,
    COL_PLAN_NUMBER,
    COL_POTENTIAL_FOR_RESULTS,
    COL_POTENTIAL_IMPACT,
    COL_PR_COMPLETION,
    COL_PR_STARRED,
    COL_PR_YEAR,
    COL_REGION,
    COL_SHORT_TITLE,
    COL_SPECIFICITY,
    COL_START,
    COL_SUBMITTED,
    COL_SUPPORT,
    COL_THEME,
    COL_TITLE,
    COL_URL,
    COL_VALUE_ATI,
    COL_VALUE_CP,
    COL_VALUE_PA,
    COL_VALUE_TECH,
    COL_VERIFIABLE,
    AreaColumn,
)
from .dates import slash_order_hint
from .full_text import sections_for_template, supporting_actors_sorted
from .report import ImportReport, RowRejection

_FLOAT_ARTEFACT = re.compile(r"\d+\.\d{8,}")
_validate_url = URLValidator(schemes=["http", "https"])


@dataclass
class MemberData:
    code: str
    name: str
    slug: str
    kind: str
    country_code: str
    region: str
    website_url: str


@dataclass
class PlanData:
    ogp_id: str
    number: int
    submitted_year: int
    end_year: int


@dataclass
class ParsedRow:
    number: int
    ogp_id: str
    member: MemberData
    plan: PlanData
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
    # Template fields the full text's headings mark (full_text.sections_for_template): stored
    # only into a commitment whose field is empty, never over what someone wrote.
    filled_if_empty: dict[str, str] = field(default_factory=dict)


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


def _supporting_actors(column: str, full_text: str) -> dict[str, str]:
    """The export's one column of supporting institutions as the template's two fields when
    the export says which sector each is in; else whole under government, as the template has
    no field for actors of unknown sector (the commitment page says they are unsorted)."""
    sorted_actors = supporting_actors_sorted(column, full_text)
    if sorted_actors is None:
        return {"supporting_government": column}
    government, civil_society = sorted_actors
    return {"supporting_government": government, "supporting_civil_society": civil_society}


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
    area_columns: list[AreaColumn],
    plan_day_first: dict[str, bool | None],
) -> ParsedRow:
    notes: list[str] = []
    ogp_id = cell(record, COL_ID).upper()
    if not OGP_ID.fullmatch(ogp_id):
        raise Rejected(
            _("%(column)s %(value)r is not an OGP identifier such as AL0002.")
            % {"column": COL_ID, "value": ogp_id}
        )
    code = cell(record, COL_CODE).upper()
    if not MEMBER_CODE.fullmatch(code):
        raise Rejected(
            _("%(column)s %(value)r is not an OGP member code such as ALB.")
            % {"column": COL_CODE, "value": code}
        )
    name = cell(record, COL_MEMBER)
    if not name:
        raise Rejected(_("%(column)s is empty.") % {"column": COL_MEMBER})
    region = REGIONS.get(cell(record, COL_REGION).lower())
    if region is None:
        raise Rejected(
            _("%(column)s: unknown region %(value)r.")
            % {"column": COL_REGION, "value": cell(record, COL_REGION)}
        )
    kind = MEMBER_KINDS.get(cell(record, COL_KIND).lower())
    if kind is None:
        raise Rejected(
            _("%(column)s: unknown value %(value)r (expected National, Local or Other).")
            % {"column": COL_KIND, "value": cell(record, COL_KIND)}
        )
    plan_id = cell(record, COL_PLAN_ID).upper()
    plan_match = PLAN_ID.fullmatch(plan_id)
    if not plan_match:
        raise Rejected(
            _("%(column)s %(value)r is not an OGP plan identifier such as AP_ALB01.")
            % {"column": COL_PLAN_ID, "value": plan_id}
        )
    if plan_match[1] != code:
        raise Rejected(
            _("%(column)s %(plan)s does not belong to the member with code %(code)s.")
            % {"column": COL_PLAN_ID, "plan": plan_id, "code": code}
        )
    try:
        plan_number = int(cell(record, COL_PLAN_NUMBER))
        submitted_year = int(cell(record, COL_SUBMITTED))
        end_year = int(cell(record, COL_END_YEAR))
    except ValueError:
        raise Rejected(
            _("%(number)s, %(submitted)s and %(end)s must be whole numbers.")
            % {"number": COL_PLAN_NUMBER, "submitted": COL_SUBMITTED, "end": COL_END_YEAR}
        ) from None
    if plan_number < 1:
        raise Rejected(_("%(column)s must be 1 or more.") % {"column": COL_PLAN_NUMBER})
    if not 2011 <= submitted_year <= end_year <= 2100:
        raise Rejected(
            _("%(submitted)s %(first)d and %(end)s %(last)d do not make a plan period.")
            % {
                "submitted": COL_SUBMITTED,
                "first": submitted_year,
                "end": COL_END_YEAR,
                "last": end_year,
            }
        )
    commitment_number = normalise_commitment_number(cell(record, COL_NUMBER))
    if not commitment_number:
        raise Rejected(_("%(column)s is empty.") % {"column": COL_NUMBER})
    if len(commitment_number) > 24:
        raise Rejected(
            _("%(column)s %(value)r is too long.")
            % {"column": COL_NUMBER, "value": commitment_number}
        )
    title = cell_text(record, COL_TITLE) or cell_text(record, COL_SHORT_TITLE)
    if not title:
        raise Rejected(_("%(column)s is empty.") % {"column": COL_TITLE})

    raw_dates = (cell(record, COL_START), cell(record, COL_END))
    day_first = slash_order_hint(raw_dates)
    if day_first is None:
        day_first = bool(plan_day_first.get(plan_id))
    start = date_cell(record, COL_START, day_first)
    end = date_cell(record, COL_END, day_first)
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

    url = cell(record, COL_URL)
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

    full_text = cell_text(record, COL_FULL_TEXT)
    values = {
        column: cell_level(record, column, FLAGS)
        for column in (COL_VALUE_ATI, COL_VALUE_CP, COL_VALUE_PA, COL_VALUE_TECH)
    }
    fields = {
        "title": title,
        "short_title": cell_text(record, COL_SHORT_TITLE),
        "theme": cell_text(record, COL_THEME),
        "description": full_text,
        "lead_agency": cell_text(record, COL_LEAD),
        **_supporting_actors(cell_text(record, COL_SUPPORT), full_text),
        "is_access_to_information": values[COL_VALUE_ATI] is True,
        "is_civic_participation": values[COL_VALUE_CP] is True,
        "is_public_accountability": values[COL_VALUE_PA] is True,
        "is_technology": values[COL_VALUE_TECH] is True,
        "start_date": start_date,
        "end_date": end_date,
        "publication_state": PublicationState.PUBLISHED,
        "ogp_url": url[:500],
    }
    areas = {area.slug for area in area_columns if cell(record, area.column) == "1"}

    clustered = cell_level(record, COL_CLUSTERED, FLAGS)
    cluster = cell_text(record, COL_CLUSTER_IDS) if clustered else ""
    return ParsedRow(
        number=number,
        ogp_id=ogp_id,
        member=MemberData(
            code=code,
            name=name,
            slug=_member_slug(url, name),
            kind=kind,
            country_code=_country_code(code, ogp_id) if kind == MemberKind.NATIONAL else "",
            region=region,
            website_url=_member_page(url),
        ),
        plan=PlanData(plan_id, plan_number, submitted_year, end_year),
        commitment_number=commitment_number,
        fields=fields,
        areas=areas,
        filled_if_empty={
            name: text
            for name, text in sections_for_template(full_text).items()
            if name != "description"  # the description is the full text, kept whole
        },
        progress_report={
            "specificity": cell_level(record, COL_SPECIFICITY, SPECIFICITY),
            "verifiable": cell_level(record, COL_VERIFIABLE, VERIFIABLE),
            "is_relevant_access_to_information": values[COL_VALUE_ATI],
            "is_relevant_civic_participation": values[COL_VALUE_CP],
            "is_relevant_public_accountability": values[COL_VALUE_PA],
            "is_relevant_technology": values[COL_VALUE_TECH],
            "potential_impact": cell_level(record, COL_POTENTIAL_IMPACT, POTENTIAL_IMPACT),
            "completion": cell_level(record, COL_PR_COMPLETION, COMPLETION),
            "is_starred": cell_level(record, COL_PR_STARRED, FLAGS),
        },
        end_of_term_report={
            "completion": cell_level(record, COL_EOT_COMPLETION, COMPLETION),
            "did_it_open_government": cell_level(record, COL_DIOG, DID_IT_OPEN_GOVERNMENT),
            "is_starred": cell_level(record, COL_EOT_STARRED, FLAGS),
        },
        action_plan_review={
            "verifiable": cell_level(record, COL_VERIFIABLE, VERIFIABLE),
            "potential_for_results": cell_level(
                record, COL_POTENTIAL_FOR_RESULTS, POTENTIAL_FOR_RESULTS
            ),
            "cluster": cluster,
        },
        results_report={
            "completion": cell_level(record, COL_EOT_COMPLETION, COMPLETION),
            "early_results": cell_level(record, COL_EARLY_RESULTS, EARLY_RESULTS),
        },
        has_current_design=bool(
            cell_text(record, COL_POTENTIAL_FOR_RESULTS) or clustered is not None
        ),
        has_early_results=bool(cell_text(record, COL_EARLY_RESULTS)),
        progress_report_year=year_cell(record, COL_PR_YEAR),
        end_of_term_year=year_cell(record, COL_EOT_YEAR),
        notes=notes,
    )


def parse_rows(
    header: list[str],
    records: Iterator[tuple[int, list[str]]],
    area_columns: list[AreaColumn],
    plan_day_first: dict[str, bool | None],
    report: ImportReport,
) -> Iterator[ParsedRow]:
    """Each row that parses and agrees with the rows before it on its member and plan, in the
    file's order; the others are reported rejected. Their IRM reports are decided per plan
    afterwards (plan_assessments_decide)."""
    seen_ids: dict[str, int] = {}
    members: dict[str, tuple[int, MemberData]] = {}
    plans: dict[str, tuple[int, PlanData]] = {}
    plan_numbers: dict[tuple[str, int], str] = {}
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
        record = dict(zip(header, cells, strict=True))
        identifier = cell(record, COL_ID)
        try:
            row = _parse_row(record, number, area_columns, plan_day_first)
            if row.ogp_id in seen_ids:
                raise Rejected(
                    _("%(id)s already appears in row %(row)d.")
                    % {"id": row.ogp_id, "row": seen_ids[row.ogp_id]}
                )
            first_number, member = members.setdefault(row.member.code, (row.number, row.member))
            if member != row.member:
                raise Rejected(
                    _("Row %(row)d describes member %(code)s differently (%(name)s, %(region)s).")
                    % {
                        "row": first_number,
                        "code": row.member.code,
                        "name": member.name,
                        "region": member.region,
                    }
                )
            # One MemberData and PlanData object for all the rows that share it.
            row.member = member
            first_number, plan = plans.setdefault(row.plan.ogp_id, (row.number, row.plan))
            if plan != row.plan:
                raise Rejected(
                    _("Row %(row)d gives plan %(plan)s another number or other years.")
                    % {"row": first_number, "plan": row.plan.ogp_id}
                )
            row.plan = plan
            holder = plan_numbers.setdefault((row.member.code, row.plan.number), row.plan.ogp_id)
            if holder != row.plan.ogp_id:
                raise Rejected(
                    _("Plan %(plan)s has number %(number)d, like plan %(other)s of this member.")
                    % {"plan": row.plan.ogp_id, "number": row.plan.number, "other": holder}
                )
        except Rejected as exc:
            report.rejections.append(RowRejection(number, identifier, str(exc)))
            continue
        seen_ids[row.ogp_id] = number
        yield row


def plan_assessments_decide(plan_rows: list[ParsedRow], report: ImportReport) -> list[ParsedRow]:
    """Pick one plan's reports from all of its rows: the current methodology (Action Plan
    Review, Results Report) for plans submitted in 2021 or later, or when the plan's rows hold
    its indicators (some 2019 and 2020 plans were reviewed that way); the legacy one
    otherwise. Returns the rows whose assessments are valid; the others are reported."""
    accepted = []
    if plan_rows:
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
                        raise Rejected(
                            "; ".join(
                                f"{ReviewKind(kind).label} {name}: {messages[0]}"
                                for name, messages in exc.message_dict.items()
                            )
                        ) from None
            except Rejected as exc:
                report.rejections.append(RowRejection(row.number, row.ogp_id, str(exc)))
                continue
            accepted.append(row)
    return accepted
