"""A whole-portal backup and its restore: the database (pg_dump's custom format on
PostgreSQL, a consistent copy of the file on SQLite) and the uploaded files (MEDIA_ROOT), in
one .tar.gz with a manifest. `manage.py backup` / `manage.py restore` (and `make backup` /
`make restore`) call these; docs/operations.md says when and how.

With STORAGE_BACKEND=s3 the uploaded files are in the bucket, not here: the backup holds the
database only and says so in its manifest; the bucket is kept by its own versioning."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"
FORMAT_VERSION = 1


class BackupError(Exception):
    """The backup or restore could not be done; the message says why. A failed restore
    leaves the database as pg_restore left it (it runs in one transaction: unchanged)."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    media_files: int
    media_included: bool


def _is_postgres(db: dict[str, Any]) -> bool:
    return db["ENGINE"].endswith("postgresql")


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(command: list[str], db: dict[str, Any]) -> None:
    try:
        done = subprocess.run(command, env=_pg_env(db), capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client tools).") from None
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def _media_root() -> Path | None:
    if getattr(settings, "STORAGE_BACKEND", "filesystem") != "filesystem":
        return None
    return Path(settings.MEDIA_ROOT)


def _sqlite_copy(source: str, target: Path) -> None:
    """A consistent copy even while the portal writes (SQLite's online backup)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def backup_create(
    target_dir: Path, *, db: dict[str, Any] | None = None, media_root: Path | None = None
) -> BackupResult:
    """Write `portal-backup-<UTC time>.tar.gz` into `target_dir` and return it. `db` is a
    Django database settings dict (default: the default database); `media_root` the uploads
    (default: MEDIA_ROOT when files are stored on disk, nothing with S3)."""
    db = dict(db or settings.DATABASES["default"])
    media = media_root if media_root is not None else _media_root()
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    path = target_dir / f"portal-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        if _is_postgres(db):
            database_file = work_dir / PG_DUMP
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={database_file}"], db)
        else:
            database_file = work_dir / SQLITE_COPY
            _sqlite_copy(str(db["NAME"]), database_file)
        files = (
            sorted(p for p in media.rglob("*") if p.is_file()) if media and media.exists() else []
        )
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": "postgresql" if _is_postgres(db) else "sqlite",
            "database_file": database_file.name,
            "media_included": media is not None,
            "media_files": len(files),
            "note": None
            if media is not None
            else "Uploaded files are in S3 (STORAGE_BACKEND=s3) and not in this backup.",
        }
        (work_dir / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = path.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work_dir / MANIFEST, arcname=MANIFEST)
            archive.add(database_file, arcname=database_file.name)
            for file in files:
                archive.add(file, arcname=f"{MEDIA}/{file.relative_to(media)}")  # type: ignore[arg-type]
        partial.rename(path)  # a backup that exists is whole
    return BackupResult(path, str(manifest["engine"]), len(files), media is not None)


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"The archive holds an unsafe entry: {member.name}")
        members.append(member)
    return members


def backup_manifest(path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r:gz") as archive:
            handle = archive.extractfile(MANIFEST)
            if handle is None:
                raise KeyError(MANIFEST)
            return json.loads(handle.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{path} is not a portal backup ({exc}).") from None


def backup_restore(
    path: Path, *, db: dict[str, Any] | None = None, media_root: Path | None = None
) -> dict[str, Any]:
    """Put the database and the uploaded files back as they were in the backup at `path`;
    returns its manifest. The database is replaced whole (on PostgreSQL pg_restore --clean in
    one transaction, into an empty or an existing database); MEDIA_ROOT becomes the backup's
    files exactly. A backup of one engine restores only into that engine."""
    db = dict(db or settings.DATABASES["default"])
    manifest = backup_manifest(path)
    engine = "postgresql" if _is_postgres(db) else "sqlite"
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; the portal uses {engine}."
        )
    media = media_root if media_root is not None else _media_root()
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "r:gz") as archive:
        work_dir = Path(work)
        archive.extractall(work_dir, members=_safe_members(archive))  # noqa: S202 (checked)
        database_file = work_dir / manifest["database_file"]
        if engine == "postgresql":
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--exit-on-error",
                    f"--dbname={db['NAME']}",
                    str(database_file),
                ],
                db,
            )
        else:
            target = Path(str(db["NAME"]))
            target.parent.mkdir(parents=True, exist_ok=True)
            _sqlite_copy(str(database_file), target)
        if manifest["media_included"] and media is not None:
            restored_media = work_dir / MEDIA
            if media.exists():
                shutil.rmtree(media)
            if restored_media.exists():
                shutil.copytree(restored_media, media)
            else:
                media.mkdir(parents=True)
    return manifest
