"""The columns of OGP's export and its header: reading the file, refusing one that is not the
export, and finding the policy-area tag columns."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _

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


# OGP's export also has these columns, which the import knows and leaves aside: they are
# worked out from the columns above (OGP's own codings, checksums, summary flags) or describe
# OGP's website. A column in neither list is reported as ignored (ImportReport).
NOT_READ_COLUMNS = (
    "Commitment Dummy",
    "Action Plan Duration (Years)",
    "Compound",
    "Cluster",
    "_Specificity",
    "_Relevant",
    "_Potential Impact",
    "_CompletionProgress",
    "Starred (2015 Only)",
    "_Potential for Results",
    "_CompletionEndTerm",
    "Change In Completion",
    "_ChangeCompletion",
    "_Early Results",
    "_OpenGovernment",
    "Did It Open Government (Access To Information)",
    "_DIOGATI",
    "Did It Open Government (Civic Participation)",
    "_DIOGCP",
    "Did It Open Government: Public Accountability",
    "_DIOGPA",
    "Carried Forward",
    "Most Recently Assessed",
    "Star - Most Recently Assessed",
    "IRM Assessed",
    "Updated? (Website)",
    "Active Commitment",
    "Max star",
    "Ambition Assessed",
    "Comp Assessed",
    "DIOG Assessed",
    "Midterm Only",
    "Max Completion",
    "Raw Completion",
    "High Completion",
    "High Ambition",
    "High DIOG",
    "Ambitious and complete, or DIOG",
    "Ambitious but not complete",
    "Complete but not ambitious",
    "Not complete or ambitious",
    "Not reviewed",
    "CHECKSUM",
    "IRM-Based Score",
    "Binding constraint",
    "Latest IRM Report",
    "Subnational in NAPs",
    "id",
)


@dataclass(frozen=True)
class AreaColumn:
    column: str
    name: str
    slug: str
    parent_column: str | None


def _area_name(column: str) -> str:
    if column in AREA_NAMES:
        return AREA_NAMES[column]
    words = column.split(" ")
    small = {"Of", "To", "In", "And", "For", "The", "On"}
    return " ".join([words[0], *(word.lower() if word in small else word for word in words[1:])])


def policy_area_columns(header: list[str]) -> list[AreaColumn]:
    tags = header[header.index(FIRST_AREA_AFTER) + 1 : header.index(LAST_AREA_BEFORE)]
    columns, parent = [], None
    for column in tags:
        if column in PARENT_AREA_COLUMNS:
            parent = column
            columns.append(AreaColumn(column, _area_name(column), "", None))
            continue
        if parent == "Public Service Delivery" and column not in PUBLIC_SERVICE_DELIVERY_AREAS:
            parent = None
        columns.append(AreaColumn(column, _area_name(column), "", parent))
    return [
        AreaColumn(
            area.column,
            area.name,
            slugify(area.name.replace("/", " ").replace("&", "and")),
            area.parent_column,
        )
        for area in columns
    ]


def ignored_columns(header: list[str], area_columns: list[AreaColumn]) -> list[str]:
    """The header's columns the import does not know, in the file's order (an unnamed column
    as "column N", counted from 1)."""
    known = {*REQUIRED_COLUMNS, *NOT_READ_COLUMNS, *(area.column for area in area_columns)}
    return [
        name or _("column %(number)d") % {"number": number}
        for number, name in enumerate(header, start=1)
        if name not in known
    ]
