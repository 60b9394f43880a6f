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
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import IO

from django.db import transaction
from django.utils import timezone

from commitments.models import Commitment
from irm_reviews.services import commitment_completion_refresh

from .columns import ignored_columns, policy_area_columns
from .parsing import ParsedRow, parse_rows, plan_assessments_decide
from .reading import ExportSource, RowSpill, export_scan
from .report import ImportReport, RowWarning
from .storing import (
    assessments_store,
    commitment_numbers,
    commitments_store,
    members_store,
    plans_store,
    policy_areas_ensure,
    review_cycles_store,
)

BATCH_ROWS = 500  # rows (of whole plans) parsed back from disk and stored at a time


def _plan_batches(by_plan: Iterable[array[int]], size: int) -> Iterator[list[array[int]]]:
    """The plans' rows (spill offsets) in groups of whole plans of about `size` rows: a plan
    is never split, so one larger than `size` is a group by itself."""
    group: list[array[int]] = []
    rows = 0
    for offsets in by_plan:
        if group and rows + len(offsets) > size:
            yield group
            group, rows = [], 0
        group.append(offsets)
        rows += len(offsets)
    if group:
        yield group


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

    Memory does not grow with the file: it is read row by row (twice), the parsed rows wait
    on disk, and they are stored plan by plan, whole plans of about BATCH_ROWS rows at a
    time (a plan's numbering, period and report years need all of its rows, and the export
    does not keep them together). Only each row's place on disk is held throughout. Plans
    are stored in the order of their first row, each plan's commitments in the file's order.
    """
    started = time.monotonic()
    report = ImportReport()
    today = today or timezone.localdate()
    with ExportSource(path_or_file) as source, RowSpill() as parsed:
        scan = export_scan(source)
        report.rows = scan.rows
        area_columns = policy_area_columns(scan.header)
        report.ignored_columns = ignored_columns(scan.header, area_columns)
        records = source.records()
        next(records)  # the header
        # Each plan's rows by their place on disk, 8 bytes each.
        by_plan: dict[str, array[int]] = defaultdict(lambda: array("q"))
        for row in parse_rows(scan.header, records, area_columns, scan.plan_day_first, report):
            by_plan[row.plan.ogp_id].append(parsed.add(row))
        with transaction.atomic():
            area_ids = policy_areas_ensure(area_columns, report)
            for plans_offsets in _plan_batches(by_plan.values(), BATCH_ROWS):
                rows = []
                for offsets in plans_offsets:
                    rows += plan_assessments_decide([parsed.get(at) for at in offsets], report)
                _plans_store(rows, area_ids, report, today)
    report.rejections.sort(key=lambda rejection: rejection.row)
    report.warnings.sort(key=lambda warning: warning.row)
    report.seconds = time.monotonic() - started
    return report


def _plans_store(
    rows: list[ParsedRow], area_ids: dict[str, int], report: ImportReport, today: datetime.date
) -> None:
    """Store the rows of whole plans: their members, plans, numbering and reports, then the
    commitments and assessments."""
    if not rows:
        return
    members, rows = members_store(rows, report)
    plans, rows, others = plans_store(rows, members, report, today)
    numbers, positions = commitment_numbers(rows, plans, others)
    cycles = review_cycles_store(rows, plans, report)
    _batch_store(rows, plans, numbers, positions, area_ids, cycles, report)


def _batch_store(
    rows: list[ParsedRow],
    plans: dict,
    numbers: dict[str, str],
    positions: dict[str, int],
    area_ids: dict[str, int],
    cycles: dict,
    report: ImportReport,
) -> None:
    commitments, created, changed = commitments_store(rows, plans, numbers, positions, area_ids)
    changed |= assessments_store(rows, cycles, commitments)
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
