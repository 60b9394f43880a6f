from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ogp_portal.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the whole portal: the database (pg_dump on PostgreSQL, the SQLite file "
        "otherwise) and the uploaded files, into one .tar.gz (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(getattr(settings, "BACKUP_DIR", Path("backups"))),
            help="Where to write the backup (default: BACKUP_DIR, ./backups).",
        )

    def handle(self, *args, output_dir: str, **options):
        try:
            result = backup_create(Path(output_dir))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        media = (
            f"{result.media_files} uploaded file(s)"
            if result.media_included
            else "no uploaded files (they are in S3)"
        )
        self.stdout.write(f"{result.path}: the {result.engine} database and {media}.")
