"""Reading the open-data dumps on disk, and what the manifest says about the portal."""

import datetime
import hashlib
import os
import re
import subprocess
import tomllib
import zipfile
from functools import cache as memoize
from pathlib import Path

import orjson
from django.conf import settings
from django.core.cache import cache

DUMP_PREFIX = "ogp-open-data-"
DUMP_NAME = re.compile(r"^ogp-open-data-\d{4}-\d{2}-\d{2}\.zip$")
DESCRIBE_CACHE_SECONDS = 7 * 24 * 60 * 60


def dump_name(day: datetime.date) -> str:
    return f"{DUMP_PREFIX}{day.isoformat()}.zip"


def dump_paths() -> list[Path]:
    """The dumps in EXPORTS_DIR, newest first."""
    exports_dir = Path(settings.EXPORTS_DIR)
    if not exports_dir.is_dir():
        return []
    return sorted(
        (path for path in exports_dir.iterdir() if DUMP_NAME.match(path.name) and path.is_file()),
        key=lambda path: path.name,
        reverse=True,
    )


def dump_path(name: str) -> Path | None:
    """The dump called `name`, or None: only a bare dump file name is accepted, so no path can
    reach outside EXPORTS_DIR."""
    if not DUMP_NAME.match(name):
        return None
    path = Path(settings.EXPORTS_DIR) / name
    return path if path.is_file() else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as dump:
        for block in iter(lambda: dump.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def dump_describe(path: Path) -> dict:
    """Name, size, creation time, sha256 and the manifest's row counts of one dump. Cached by
    file identity (name, size, modification time), so a replaced dump is described afresh."""
    stat = path.stat()
    key = f"open-data-dump:{path.name}:{stat.st_size}:{stat.st_mtime_ns}"
    described = cache.get(key)
    if described is None:
        with zipfile.ZipFile(path) as archive:
            manifest = orjson.loads(archive.read("manifest.json"))
        described = {
            "name": path.name,
            "created": manifest["generated_at"],
            "size": stat.st_size,
            "sha256": _sha256(path),
            "counts": manifest["resources"],
            "portal_version": manifest.get("portal_version"),
            "commit": manifest.get("commit"),
        }
        cache.set(key, described, DESCRIBE_CACHE_SECONDS)
    return described


def open_data_dump_list() -> list[dict]:
    """Every dump on disk, newest first, described by dump_describe."""
    described = []
    for path in dump_paths():
        try:
            described.append(dump_describe(path))
        except (FileNotFoundError, KeyError, zipfile.BadZipFile, orjson.JSONDecodeError):
            continue  # pruned meanwhile, or not a dump this portal wrote
    return described


@memoize
def portal_version() -> str | None:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as pyproject:
            return tomllib.load(pyproject)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


@memoize
def portal_commit() -> str | None:
    """The git commit deployed: GIT_COMMIT if the deployment sets it, else asked of git."""
    commit = os.environ.get("GIT_COMMIT", "").strip()
    if commit:
        return commit
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None
