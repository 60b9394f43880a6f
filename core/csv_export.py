"""The one way the portal writes CSV. Every export goes through here (the list downloads, the
API's CSV, the progress CSV export, the open-data dump), so every cell is converted the same way
and none can come back as a live spreadsheet formula."""

import csv
import itertools
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse

LIST_SEPARATOR = "; "
# Spreadsheet programs read a CSV file as UTF-8 only when it starts with one (otherwise accents
# and dashes come out garbled); CSV readers skip it with the "utf-8-sig" encoding.
BYTE_ORDER_MARK = "\ufeff"
# OWASP's list of what makes a spreadsheet read a cell as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """The text with a leading apostrophe if a spreadsheet would run it as a formula, so that it
    shows as the text it is."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def restore_formula(text: str) -> str:
    """The text as it was before neutralise_formula: what an upload of an exported file reads,
    so that export and upload round-trip."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def _text(value: Any, utc_as_z: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_text(item, utc_as_z) for item in value)
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text.replace("+00:00", "Z") if utc_as_z else text
    return str(value)


def csv_cell(value: Any, *, utc_as_z: bool = True) -> str | int | float | Decimal:
    """One cell: blank for None, true/false, dates in ISO 8601 (UTC as Z unless told otherwise),
    lists joined with "; ", and any text that would start a formula neutralised. Numbers stay
    numbers, negative ones too: a spreadsheet reads -2 as minus two, not as a formula."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return neutralise_formula(_text(value, utc_as_z))


class _Line:
    """A write target for csv.writer that hands back the line it was given."""

    def write(self, line: str) -> str:
        return line


class CSVLines:
    """Rows into CSV text, one line at a time: what a streaming HTTP response sends and what
    the open-data dump writes into its ZIP, so memory never grows with the rows.

    `lineterminator` and `utc_as_z` keep each export's format as its readers know it: the dump
    writes "\\n" and UTC as +00:00, as its JSON Lines do; the rest "\\r\\n" and Z."""

    def __init__(self, *, lineterminator: str = "\r\n", utc_as_z: bool = True):
        self._writer = csv.writer(_Line(), lineterminator=lineterminator)
        self._utc_as_z = utc_as_z

    def header(self, columns: Iterable[str]) -> str:
        return self._writer.writerow(list(columns))

    def row(self, values: Iterable[Any]) -> str:
        return self._writer.writerow([csv_cell(value, utc_as_z=self._utc_as_z) for value in values])


def iter_csv_lines(columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The header, then one line per row."""
    lines = CSVLines()
    yield lines.header(columns)
    for values in rows:
        yield lines.row(values)


def csv_download(lines: Iterable[str], filename: str) -> StreamingHttpResponse:
    """Stream these CSV lines as a UTF-8 attachment called `filename`, after a byte-order mark:
    every CSV the portal serves over HTTP goes through here."""
    response = StreamingHttpResponse(
        itertools.chain([BYTE_ORDER_MARK], lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
