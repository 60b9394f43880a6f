"""Everything `make run` does before it serves, in one process: a fresh clone pays Django's
start-up (about two seconds here) once instead of once a step."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Compile the translations, migrate (with the system checks), load the demo data if the "
        "database is empty, write the first open-data dump if there is none, collect the static "
        "files, then print the address and the demo accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--address", required=True, help="The address the portal serves on.")

    def handle(self, *args, address: str, **options):
        call_command("compilemessages_portable", stdout=self.stdout)
        # call_command skips the checks unless asked: a bad configuration must stop here.
        call_command("migrate", interactive=False, verbosity=0, skip_checks=False)
        call_command("seed_demo", if_empty=True, stdout=self.stdout)
        call_command("export_open_data", if_missing=True, stdout=self.stdout)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("")
        self.stdout.write(f"  OGP Action Plan Portal: http://{address}/")
        call_command("seed_demo", list_accounts=True, stdout=self.stdout)
        self.stdout.write("")
