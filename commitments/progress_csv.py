"""The progress CSV: the one format that the progress export writes, the open-data dump ships
and the bulk upload reads. A row exported and uploaded again unchanged means the same update.

Columns, in order:
- commitment: the commitment's OGP identifier (such as AL0002)
- milestone: the milestone's number within that commitment, blank for the commitment itself
- source: government, civil_society or irm
- reported_on: the date of the update, YYYY-MM-DD
- completion: no_evidence, not_started, limited, substantial, complete, withdrawn or unclear
- text: what has been done
- evidence_links: web addresses separated by "; "
- member, plan, author: informational, written by the export and ignored by the upload
"""

import codecs
import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import csv_export
from core.ids import parse_id

from .models import Completion, ProgressSource

WRITABLE_COLUMNS: tuple[str, ...] = (
    "commitment",
    "milestone",
    "source",
    "reported_on",
    "completion",
    "text",
    "evidence_links",
)
INFORMATIONAL_COLUMNS: tuple[str, ...] = ("member", "plan", "author")
COLUMNS: tuple[str, ...] = WRITABLE_COLUMNS + INFORMATIONAL_COLUMNS
MAX_ROWS = 5000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
EXPORT_FILENAME = "progress-updates.csv"

# The values() fields one exported row is made from; selectors order and filter them.
EXPORT_FIELDS: tuple[str, ...] = (
    "commitment__ogp_id",
    "milestone__number",
    "source",
    "reported_on",
    "completion",
    "text",
    "evidence_links",
    "commitment__plan__member__slug",
    "commitment__plan__ogp_id",
    "author__first_name",
    "author__last_name",
)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def export_row(values: dict) -> list:
    """One row, in COLUMNS order, from a dict of EXPORT_FIELDS: Python values (None, a date, a
    list of links) that core.csv_export writes as the upload reads them back."""
    author = " ".join(
        part for part in (values["author__first_name"], values["author__last_name"]) if part
    )
    return [
        values["commitment__ogp_id"],
        values["milestone__number"],
        values["source"],
        values["reported_on"],
        values["completion"],
        values["text"],
        values["evidence_links"] or [],
        values["commitment__plan__member__slug"],
        values["commitment__plan__ogp_id"],
        author,
    ]


def iter_csv_lines(rows: Iterable[dict]) -> Iterator[str]:
    """The export as CSV lines, header first, one row at a time (for streaming responses)."""
    return csv_export.iter_csv_lines(COLUMNS, map(export_row, rows))


@dataclass(frozen=True)
class UploadError:
    """One reason an upload was refused. row counts the header as row 1, like a spreadsheet;
    row and column are None when the whole file is at fault."""

    row: int | None
    column: str | None
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}


class ProgressUploadRejected(Exception):
    """The upload was refused as a whole; nothing was stored."""

    def __init__(self, errors: list[UploadError]):
        super().__init__(f"{len(errors)} error(s) in the progress upload")
        self.errors = errors


@dataclass
class UploadRow:
    """One data row as read from the file, its cells parsed but not yet checked against the
    database."""

    row: int
    commitment: str
    milestone: int | None
    source: str
    reported_on: datetime.date | None
    completion: str
    text: str
    evidence_links: list[str] = field(default_factory=list)


def _choice_lookup(choices) -> dict[str, str]:
    """Accept a value (civil_society) or its English label (Civil society), any case."""
    lookup = {}
    for value, label in choices.choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
    return lookup


def _decode(file: IO[bytes]) -> str:
    data = file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ProgressUploadRejected(
            [
                UploadError(
                    None,
                    None,
                    _("The file is larger than %(size)d MB.")
                    % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
                )
            ]
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProgressUploadRejected(
            [
                UploadError(
                    None,
                    None,
                    _(
                        "The file is not UTF-8 text (first bad byte on line %(line)d). "
                        "Save it as CSV UTF-8 and upload it again."
                    )
                    % {"line": line},
                )
            ]
        ) from None
    if "\x00" in text:
        raise ProgressUploadRejected(
            [UploadError(None, None, _("The file is not a CSV file (it contains NUL bytes)."))]
        )
    if not text.strip():
        raise ProgressUploadRejected([UploadError(None, None, _("The file is empty."))])
    return text


def _check_header(header: list[str]) -> list[str]:
    names = [name.strip().lower() for name in header]
    errors = []
    missing = [name for name in WRITABLE_COLUMNS if name not in names]
    if missing:
        errors.append(
            UploadError(
                1,
                None,
                _("Missing columns: %(columns)s. The header must name: %(expected)s.")
                % {"columns": ", ".join(missing), "expected": ", ".join(COLUMNS)},
            )
        )
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        errors.append(
            UploadError(
                1,
                None,
                _("Unknown columns: %(columns)s. Only these are read: %(expected)s.")
                % {
                    "columns": ", ".join(name or _("(blank)") for name in unknown),
                    "expected": ", ".join(COLUMNS),
                },
            )
        )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        errors.append(
            UploadError(
                1,
                None,
                _("Columns named twice: %(columns)s.") % {"columns": ", ".join(repeated)},
            )
        )
    if errors:
        raise ProgressUploadRejected(errors)
    return names


def separator_of(text: str) -> str:
    """The separator the header line uses: a comma, or a semicolon as spreadsheets write CSV in
    locales where the comma is the decimal mark (French, Spanish)."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def read_upload(file: IO[bytes]) -> tuple[list[UploadRow], list[UploadError], str]:
    """Parse an uploaded progress CSV, comma- or semicolon-separated. Raises
    ProgressUploadRejected when the file as a whole is unusable (size, encoding, empty, header,
    too many rows); otherwise returns the rows whose cells parse, an error for every cell that
    does not, and the separator it read."""
    text = _decode(file)
    separator = separator_of(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header = next(reader)
        names = _check_header(header)
        records: list[tuple[int, list[str]]] = []
        for row_number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            records.append((row_number, record))
            if len(records) > MAX_ROWS:
                raise ProgressUploadRejected(
                    [
                        UploadError(
                            None,
                            None,
                            _("The file has more than %(max)d rows. Split it into several uploads.")
                            % {"max": MAX_ROWS},
                        )
                    ]
                )
    except csv.Error as exc:
        raise ProgressUploadRejected(
            [
                UploadError(
                    reader.line_num or None,
                    None,
                    _("The file is not valid CSV: %(reason)s.") % {"reason": exc},
                )
            ]
        ) from None
    if not records:
        raise ProgressUploadRejected(
            [UploadError(None, None, _("The file has a header but no rows."))]
        )

    sources = _choice_lookup(ProgressSource)
    completions = _choice_lookup(Completion)
    rows: list[UploadRow] = []
    errors: list[UploadError] = []
    for index, record in records:
        if len(record) != len(names):
            errors.append(
                UploadError(
                    index,
                    None,
                    _("This row has %(cells)d cells; the header has %(columns)d.")
                    % {"cells": len(record), "columns": len(names)},
                )
            )
            continue
        cells = {
            name: csv_export.restore_formula(value.strip())
            for name, value in zip(names, record, strict=True)
        }
        row_errors = []
        if not cells["commitment"]:
            row_errors.append(
                UploadError(index, "commitment", _("Give the commitment's OGP identifier."))
            )
        milestone = None
        if cells["milestone"]:
            milestone = parse_id(cells["milestone"])
            if milestone is None:
                row_errors.append(
                    UploadError(
                        index,
                        "milestone",
                        _("Give the milestone's number (such as 2), or leave it blank."),
                    )
                )
        reported_on = None
        if _DATE.match(cells["reported_on"]):
            try:
                reported_on = datetime.date.fromisoformat(cells["reported_on"])
            except ValueError:
                pass
        if reported_on is None:
            row_errors.append(
                UploadError(
                    index,
                    "reported_on",
                    _("%(value)s is not a date as YYYY-MM-DD.")
                    % {"value": cells["reported_on"] or _("(blank)")},
                )
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        links = [link.strip() for link in cells["evidence_links"].split(";") if link.strip()]
        rows.append(
            UploadRow(
                row=index,
                commitment=cells["commitment"],
                milestone=milestone,
                source=sources.get(cells["source"].lower(), cells["source"]),
                reported_on=reported_on,
                completion=completions.get(cells["completion"].lower(), cells["completion"]),
                text=cells["text"],
                evidence_links=links,
            )
        )
    return rows, errors, separator


def upload_result_message(created: int, skipped: int, separator: str = ",") -> str:
    message = (
        _("The file was read as separated by semicolons.")
        if separator == ";"
        else _("The file was read as separated by commas.")
    )
    message += " " + ngettext(
        "%(count)d progress update recorded.", "%(count)d progress updates recorded.", created
    ) % {"count": created}
    if skipped:
        message += " " + ngettext(
            "%(count)d row skipped: the same update is already recorded.",
            "%(count)d rows skipped: the same updates are already recorded.",
            skipped,
        ) % {"count": skipped}
    return message
