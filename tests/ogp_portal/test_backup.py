"""`make backup` / `make restore` round-trip the whole database and the uploaded files: a
backup restored into an empty database has every table's rows, and MEDIA_ROOT its files."""

import sqlite3
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from members.models import User
from ogp_portal.backup import BackupError, backup_create, backup_manifest, backup_restore
from tests.commitments.factories import MilestoneFactory
from tests.members.factories import UserFactory


def _pg_conninfo(db: dict) -> str:
    parts = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "dbname": db["NAME"],
    }
    if db.get("PASSWORD"):
        parts["password"] = db["PASSWORD"]
    return " ".join(f"{key}={value}" for key, value in parts.items())


def _pg_tables_and_rows(conninfo: str) -> dict[str, list]:
    with psycopg.connect(conninfo) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: sorted(
                conn.execute(f'SELECT t::text FROM "{table}" t').fetchall()  # noqa: S608
            )
            for table in tables
        }


def _sqlite_tables_and_rows(path: Path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"
            )
        ]
        return {
            table: sorted(map(repr, conn.execute(f'SELECT * FROM "{table}"')))  # noqa: S608
            for table in tables
        }
    finally:
        conn.close()


def _media(tmp_path: Path) -> Path:
    media = tmp_path / "media"
    (media / "documents" / "2026").mkdir(parents=True)
    (media / "documents" / "2026" / "minutes.pdf").write_bytes(b"%PDF-1.4 minutes\x00\xff")
    (media / "exports").mkdir()
    (media / "exports" / "dump.zip").write_bytes(b"PK\x03\x04")
    return media


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def empty_pg_database():
    """A new, empty PostgreSQL database beside the test database; dropped after."""
    db = dict(connection.settings_dict)
    name = f"{db['NAME']}_restore"
    admin = psycopg.connect(_pg_conninfo({**db, "NAME": "postgres"}), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    yield {**db, "NAME": name}
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_postgres_backup_restored_into_an_empty_database_has_every_tables_rows(
    tmp_path, empty_pg_database
):
    MilestoneFactory.create_batch(3, description="Publish <data> 'quoted' — ünïcode")
    UserFactory(username="restored-user")
    media = _media(tmp_path)

    result = backup_create(tmp_path / "backups", media_root=media)
    restored_media = tmp_path / "restored-media"
    manifest = backup_restore(result.path, db=empty_pg_database, media_root=restored_media)

    source = _pg_tables_and_rows(_pg_conninfo(connection.settings_dict))
    restored = _pg_tables_and_rows(_pg_conninfo(empty_pg_database))
    assert manifest["engine"] == "postgresql" and manifest["media_files"] == 2
    assert set(restored) == set(source)
    assert restored == source
    assert len(source["commitments_milestone"]) == 3
    assert _files(restored_media) == _files(media)


def _sqlite_portal_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE member (id INTEGER PRIMARY KEY, name TEXT NOT NULL, logo BLOB);
        CREATE TABLE commitment (id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES member,
                                 title TEXT, ends DATE, score REAL);
        INSERT INTO member VALUES (1, 'Albania', X'00FF10'), (2, 'Côte d''Ivoire', NULL);
        INSERT INTO commitment VALUES (1, 1, 'Open <budget>', '2027-12-31', 0.5),
                                      (2, 2, NULL, NULL, NULL);
        """
    )
    conn.commit()
    conn.close()


def test_a_sqlite_backup_restored_into_an_empty_file_has_every_tables_rows(tmp_path):
    source = tmp_path / "db.sqlite3"
    _sqlite_portal_database(source)
    db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(source)}
    media = _media(tmp_path)

    result = backup_create(tmp_path / "backups", db=db, media_root=media)
    target = tmp_path / "restored" / "db.sqlite3"
    restored_media = tmp_path / "restored" / "media"
    backup_restore(
        result.path,
        db={"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)},
        media_root=restored_media,
    )

    assert _sqlite_tables_and_rows(target) == _sqlite_tables_and_rows(source)
    assert len(_sqlite_tables_and_rows(target)["commitment"]) == 2
    assert _files(restored_media) == _files(media)


def test_a_restore_makes_the_uploaded_files_exactly_the_backups(tmp_path):
    source = tmp_path / "db.sqlite3"
    _sqlite_portal_database(source)
    db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(source)}
    media = _media(tmp_path)
    result = backup_create(tmp_path / "backups", db=db, media_root=media)
    (media / "uploaded-after-the-backup.pdf").write_bytes(b"later")
    (media / "documents" / "2026" / "minutes.pdf").write_bytes(b"changed")

    backup_restore(result.path, db=db, media_root=media)

    assert sorted(_files(media)) == ["documents/2026/minutes.pdf", "exports/dump.zip"]
    assert _files(media)["documents/2026/minutes.pdf"] == b"%PDF-1.4 minutes\x00\xff"


def test_a_backup_of_one_engine_is_refused_by_the_other(tmp_path):
    source = tmp_path / "db.sqlite3"
    _sqlite_portal_database(source)
    result = backup_create(
        tmp_path / "b",
        db={"ENGINE": "django.db.backends.sqlite3", "NAME": str(source)},
        media_root=tmp_path / "none",
    )

    with pytest.raises(BackupError, match="sqlite"):
        backup_restore(
            result.path,
            db={"ENGINE": "django.db.backends.postgresql", "NAME": "x"},
            media_root=tmp_path / "none",
        )


def test_a_file_that_is_not_a_backup_is_refused_with_a_clear_error(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tarball")

    with pytest.raises(BackupError, match="not a portal backup"):
        backup_manifest(bogus)


def test_with_s3_storage_the_backup_says_the_files_are_not_in_it(tmp_path, settings):
    settings.STORAGE_BACKEND = "s3"
    source = tmp_path / "db.sqlite3"
    _sqlite_portal_database(source)

    result = backup_create(
        tmp_path / "b", db={"ENGINE": "django.db.backends.sqlite3", "NAME": str(source)}
    )

    manifest = backup_manifest(result.path)
    assert manifest["media_included"] is False and "S3" in manifest["note"]


@pytest.mark.django_db(transaction=True)
def test_the_backup_and_restore_commands_round_trip_the_portals_own_database(
    tmp_path, settings, capsys
):
    """What `make backup` and `make restore` run, on the database the suite uses."""
    settings.MEDIA_ROOT = _media(tmp_path)
    UserFactory(username="kept")
    call_command("backup", "--output-dir", str(tmp_path / "backups"))
    archive = next((tmp_path / "backups").glob("portal-backup-*.tar.gz"))
    UserFactory(username="made-after-the-backup")

    call_command("restore", str(archive), "--yes")

    assert set(User.objects.values_list("username", flat=True)) == {"kept"}
    assert "Restored the" in capsys.readouterr().out
