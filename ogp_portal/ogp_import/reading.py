"""Reading OGP's export in bounded memory: the file is checked (UTF-8, not empty, no NUL
bytes) and then read row by row, as often as the import needs, never whole; and the parsed
rows are kept on disk (RowSpill) until their plan or batch is stored."""

from __future__ import annotations

import codecs
import csv
import io
import os
import pickle
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from .cells import cell
from .columns import (
    COL_END,
    COL_PLAN_ID,
    COL_START,
    FIRST_AREA_AFTER,
    LAST_AREA_BEFORE,
    PARENT_AREA_COLUMNS,
    REQUIRED_COLUMNS,
)
from .dates import slash_order_hint
from .report import ExportRefused

CHUNK_BYTES = 1 << 20


class ExportSource:
    """The export, readable from its start as many times as needed: a path is reopened; a file
    object is first copied to a temporary file (so that it is never held in memory)."""

    def __init__(self, path_or_file: str | os.PathLike | IO):
        self._spool: IO[bytes] | None = None
        self.encoding = "utf-8-sig"
        if isinstance(path_or_file, str | os.PathLike):
            self._path: Path | None = Path(path_or_file)
            try:
                with self._path.open("rb"):
                    pass
            except OSError as exc:
                raise ExportRefused(
                    _("Cannot read %(path)s: %(error)s.")
                    % {"path": path_or_file, "error": exc.strerror or exc}
                ) from None
            return
        self._path = None
        self._spool = tempfile.TemporaryFile()
        first = path_or_file.read(0)
        if isinstance(first, str):
            # Already text: nothing to decode (a leading BOM character stays, as before).
            self.encoding = "utf-8"
            while chunk := path_or_file.read(CHUNK_BYTES):
                self._spool.write(chunk.encode("utf-8", "surrogatepass"))
        else:
            shutil.copyfileobj(path_or_file, self._spool, CHUNK_BYTES)

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()

    def __enter__(self) -> ExportSource:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _binary(self) -> Iterator[IO[bytes]]:
        if self._spool is not None:
            self._spool.seek(0)
            yield self._spool
        else:
            assert self._path is not None
            with self._path.open("rb") as file:
                yield file

    def check(self) -> None:
        """Refuse a file that is not UTF-8 (naming the first byte that is not), is empty or
        holds NUL bytes, reading it a megabyte at a time."""
        decoder = codecs.getincrementaldecoder(self.encoding)()
        has_text = has_nul = False
        fed = 0
        bom = 0
        with self._binary() as raw:
            while True:
                chunk = raw.read(CHUNK_BYTES)
                if fed == 0 and self.encoding == "utf-8-sig" and chunk[:3] == codecs.BOM_UTF8:
                    bom = 3
                pending = len(decoder.getstate()[0])
                try:
                    text = decoder.decode(chunk, final=not chunk)
                except UnicodeDecodeError as exc:
                    # As decoding the whole file would say: counted after the BOM.
                    position = max(fed - pending - bom, 0) + exc.start
                    raise ExportRefused(
                        _(
                            "The file is not UTF-8 text (byte %(position)d cannot be read); "
                            "save it as 'CSV UTF-8'."
                        )
                        % {"position": position}
                    ) from None
                has_text = has_text or bool(text.strip())
                has_nul = has_nul or "\x00" in text
                fed += len(chunk)
                if not chunk:
                    break
        if not has_text:
            raise ExportRefused(_("The file is empty."))
        if has_nul:
            raise ExportRefused(_("The file is not a CSV file (it contains NUL bytes)."))

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """The header row, as row 1, then each row that is not blank with its spreadsheet row
        number; a file that is not valid CSV is refused where it breaks."""
        read = 0
        with self._binary() as raw:
            text = io.TextIOWrapper(raw, encoding=self.encoding, newline="")
            try:
                reader = csv.reader(text, strict=True)
                try:
                    yield 1, next(reader)
                    for number, record in enumerate(reader, start=2):
                        if any(value.strip() for value in record):
                            read += 1
                            yield number, record
                except csv.Error as exc:
                    raise ExportRefused(
                        _("The file is not a valid CSV file (near row %(row)d: %(error)s).")
                        % {"row": read + 2, "error": exc}
                    ) from None
            finally:
                text.detach()  # the spool stays open for the next reading


@dataclass
class ExportScan:
    """What one first reading tells: the header, the rows, and for each plan whether its
    slashed dates are day first (dates.slash_order_hint over all of its rows)."""

    header: list[str]
    rows: int
    plan_day_first: dict[str, bool | None]


def export_scan(source: ExportSource) -> ExportScan:
    """Read the export once, checking it as a whole: refused (ExportRefused) if it is not
    valid CSV, misses a required column, repeats one, misplaces the policy-area columns or has
    no rows."""
    source.check()
    records = source.records()
    header = [name.strip() for name in next(records)[1]]
    rows = 0
    dates: dict[str, list[str]] = defaultdict(list)
    for _number, cells in records:
        rows += 1
        if len(cells) == len(header):
            record = dict(zip(header, cells, strict=True))
            dates[cell(record, COL_PLAN_ID).upper()] += [
                cell(record, COL_START),
                cell(record, COL_END),
            ]
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
    if not rows:
        raise ExportRefused(_("The file has a header but no commitment rows."))
    return ExportScan(
        header, rows, {plan: slash_order_hint(values) for plan, values in dates.items()}
    )


class RowSpill:
    """Parsed rows kept in a temporary file, each read back by the offset `add` returned."""

    def __init__(self):
        self._file = tempfile.TemporaryFile()

    def __enter__(self) -> RowSpill:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._file.close()

    def add(self, row: Any) -> int:
        self._file.seek(0, os.SEEK_END)
        offset = self._file.tell()
        pickle.dump(row, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        return offset

    def get(self, offset: int) -> Any:
        self._file.seek(offset)
        return pickle.load(self._file)  # noqa: S301 (our own rows, written above)
