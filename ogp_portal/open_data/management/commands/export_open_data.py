from django.core.management.base import BaseCommand

from ogp_portal.open_data.selectors import dump_paths
from ogp_portal.open_data.services import open_data_dump_create


class Command(BaseCommand):
    help = "Write today's open-data dump (ZIP of CSV and JSON Lines) to EXPORTS_DIR."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Write one only when no dump exists yet (what `make run` does on a new set-up).",
        )

    def handle(self, *args, **options):
        if options["if_missing"] and dump_paths():
            return
        path = open_data_dump_create()
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({path.stat().st_size} bytes)"))
