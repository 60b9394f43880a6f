from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ogp_portal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: the whole database is replaced by the "
        "backup's, and the uploaded files (MEDIA_ROOT) become the backup's."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask: the current data is replaced."
        )

    def handle(self, *args, archive: str, yes: bool, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No backup at {path}.")
        if not yes and input("This replaces the database and uploaded files. Type yes: ") != "yes":
            raise CommandError("Nothing was restored.")
        connections.close_all()  # pg_restore --clean drops what this process may hold
        try:
            manifest = backup_restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Restored the {manifest['engine']} database and "
            f"{manifest['media_files']} uploaded file(s) from {path} "
            f"(made {manifest['created_at']})."
        )
