"""Writing the open-data dumps: one ZIP a day of every public resource as CSV and JSON Lines,
with a manifest.json (row count and sha256 per file), built in bounded memory."""

import datetime
import hashlib
import logging
import os
import tempfile
import zipfile
from pathlib import Path

import orjson
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core.csv_export import CSVLines

from . import selectors
from .resources import RESOURCES, Resource

logger = logging.getLogger(__name__)

FLUSH_BYTES = 256 * 1024
STALE_PART_SECONDS = 24 * 60 * 60


class _ZipEntrySink:
    """Writes into one ZIP entry through a small buffer, hashing and counting what it writes."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0
        # One bytearray rather than a list of chunks: orjson's output objects over-allocate,
        # so holding on to them would cost far more than their length.
        self._buffer = bytearray()

    def write(self, text: str) -> None:
        self.write_bytes(text.encode())

    def write_bytes(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        self.sha256.update(self._buffer)
        self.size += len(self._buffer)
        self.raw.write(self._buffer)
        self._buffer.clear()


def _write_entry(archive: zipfile.ZipFile, name: str, resource: Resource, fmt: str) -> dict:
    rows = 0
    with archive.open(name, "w", force_zip64=True) as raw:
        sink = _ZipEntrySink(raw)
        if fmt == "csv":
            lines = CSVLines(lineterminator="\n", utc_as_z=False)
            sink.write(lines.header(resource.columns))
            for row in resource.rows():
                sink.write(lines.row(row))
                rows += 1
        else:
            columns = resource.columns
            for row in resource.rows():
                sink.write_bytes(
                    orjson.dumps(
                        dict(zip(columns, row, strict=True)), option=orjson.OPT_APPEND_NEWLINE
                    )
                )
                rows += 1
        sink.flush()
    return {
        "name": name,
        "resource": resource.name,
        "format": fmt,
        "rows": rows,
        "bytes": sink.size,
        "sha256": sink.sha256.hexdigest(),
    }


def _write_dump(archive: zipfile.ZipFile, generated_at: datetime.datetime) -> dict:
    files = []
    for resource in RESOURCES:
        files.append(_write_entry(archive, f"{resource.name}.csv", resource, "csv"))
        files.append(_write_entry(archive, f"{resource.name}.jsonl", resource, "jsonl"))
    manifest = {
        "title": "OGP Action Plan Portal open data",
        "generated_at": generated_at.isoformat(),
        "portal_version": selectors.portal_version(),
        "commit": selectors.portal_commit(),
        "formats": {
            "csv": "UTF-8, comma-separated, header row; lists joined with '; '",
            "jsonl": "JSON Lines: one JSON object per line",
        },
        "resources": {
            entry["resource"]: entry["rows"] for entry in files if entry["format"] == "csv"
        },
        "files": files,
    }
    archive.writestr("manifest.json", orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return manifest


def open_data_dump_create(*, now: datetime.datetime | None = None) -> Path:
    """Write today's dump to EXPORTS_DIR and return its path. Guarantees: the dump reads one
    consistent snapshot of the database; rows are streamed into the ZIP (memory does not grow
    with the data); the file appears complete or not at all (a temporary file renamed into
    place), so running twice the same day simply replaces that day's dump; only the newest
    OPEN_DATA_DUMPS_KEEP dumps are kept."""
    generated_at = now or timezone.now()
    exports_dir = Path(settings.EXPORTS_DIR)
    exports_dir.mkdir(parents=True, exist_ok=True)
    final = exports_dir / selectors.dump_name(generated_at.date())
    handle, part = tempfile.mkstemp(dir=exports_dir, prefix=".ogp-open-data-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            with zipfile.ZipFile(
                out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6
            ) as archive:
                manifest = _write_dump_in_one_snapshot(archive, generated_at)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(part, 0o644)
        os.replace(part, final)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise
    selectors.dump_describe(final)  # hash it now so the listing never waits for it
    open_data_dumps_prune()
    logger.info("Open-data dump %s written: %s", final.name, manifest["resources"])
    return final


def _write_dump_in_one_snapshot(archive: zipfile.ZipFile, generated_at: datetime.datetime) -> dict:
    """Every query of the dump sees the same data while the site keeps writing: a read-only
    REPEATABLE READ transaction (possible only when no transaction is open yet, so not in
    tests, which run inside one)."""
    is_own_transaction = not connection.in_atomic_block
    with transaction.atomic():
        if is_own_transaction and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _write_dump(archive, generated_at)


def open_data_dumps_prune() -> list[str]:
    """Delete all but the newest OPEN_DATA_DUMPS_KEEP dumps, and temporary files left by a run
    that crashed more than a day ago. Returns the names deleted."""
    exports_dir = Path(settings.EXPORTS_DIR)
    deleted = []
    for path in selectors.dump_paths()[settings.OPEN_DATA_DUMPS_KEEP :]:
        path.unlink(missing_ok=True)
        deleted.append(path.name)
    cutoff = timezone.now().timestamp() - STALE_PART_SECONDS
    for part in exports_dir.glob(".ogp-open-data-*.part"):
        if part.stat().st_mtime < cutoff:
            part.unlink(missing_ok=True)
            deleted.append(part.name)
    return deleted
