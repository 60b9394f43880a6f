from django.core.management.base import BaseCommand

from ogp_portal.open_data.services import open_data_dump_create


class Command(BaseCommand):
    help = "Write today's open-data dump (ZIP of CSV and JSON Lines) to EXPORTS_DIR."

    def handle(self, *args, **options):
        path = open_data_dump_create()
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({path.stat().st_size} bytes)"))
