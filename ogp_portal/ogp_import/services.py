"""The import of OGP's commitments / IRM data export (one row per commitment, see
data/ogp/README.md).

The export is keyed on OGP's identifiers: members on their OGP code (ALB, or ARBA for Buenos
Aires), plans on their Action Plan ID (AP_ALB01), commitments on their Commitment Unique
Identifier (AL0002). Importing the same file twice changes nothing; a newer export updates the
same rows in place. The importer owns the fields it reads from the export and leaves every other
field (problem, milestones, narratives, forum data...) as the portal's users wrote them; it only
fills a template field that is still empty from the section of OGP's full text that marks it
(ogp_portal.ogp_import.full_text).
"""

from __future__ import annotations

import datetime
import os
import time
from typing import IO

from django.db import transaction
from django.utils import timezone

from commitments.models import Commitment
from irm_reviews.services import commitment_completion_refresh

from .columns import AreaColumn, ignored_columns, policy_area_columns, read_records, read_text
from .parsing import ParsedRow, parse_rows
from .report import ImportReport, RowWarning
from .storing import (
    commitments_store,
    members_store,
    plans_store,
    policy_areas_ensure,
    reviews_store,
)


def _export_read(
    path_or_file: str | os.PathLike | IO, report: ImportReport
) -> tuple[list[AreaColumn], list[ParsedRow]]:
    """The export's policy-area columns and its rows parsed; the file's text and raw cells
    (about twice the parsed rows' size) are freed on return, before anything is stored."""
    header, records = read_records(read_text(path_or_file))
    report.rows = len(records)
    area_columns = policy_area_columns(header)
    report.ignored_columns = ignored_columns(header, area_columns)
    return area_columns, parse_rows(header, records, area_columns, report)


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
    Values are stored whole (no text is shortened); columns the import does not know are
    listed in the report's `ignored_columns`.
    """
    started = time.monotonic()
    report = ImportReport()
    area_columns, rows = _export_read(path_or_file, report)
    today = today or timezone.localdate()
    with transaction.atomic():
        area_ids = policy_areas_ensure(area_columns, report)
        members, rows = members_store(rows, report)
        plans, rows, others = plans_store(rows, members, report, today)
        commitments, created, changed = commitments_store(rows, plans, others, area_ids)
        changed |= reviews_store(rows, plans, commitments, report)
        # The export carries IRM completions: the stored completion follows them.
        commitment_completion_refresh(
            Commitment.objects.filter(pk__in=[c.pk for c in commitments.values()])
        )
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
