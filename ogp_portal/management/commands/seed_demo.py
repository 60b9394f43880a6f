from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from members.models import Member
from ogp_portal.demo import DEMO_JOURNEYS, DEMO_MFA_NOTE, demo_accounts_table, demo_seed
from ogp_portal.ogp_import import ExportRefused


class Command(BaseCommand):
    help = _(
        "Build the demo data set: OGP's real commitments (data/ogp/) plus forums, meetings, "
        "milestones, progress, a plan in co-creation, IRM reports in every state and demo "
        "accounts for every role. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Do nothing when the database already has members."),
        )
        parser.add_argument(
            "--list-accounts",
            action="store_true",
            help=_("Print the demo accounts (username, password, role, member) and stop."),
        )

    def handle(self, *args, if_empty: bool = False, list_accounts: bool = False, **options):
        if list_accounts:
            self.write_accounts()
            return
        if if_empty and Member.objects.exists():
            self.stdout.write(_("The database already has members: demo data not loaded."))
            return
        try:
            # The demo's history (edits, inputs, progress) notifies its followers as it is
            # written; those e-mails would only bury the address and the accounts in the
            # console, so they go nowhere. What people do afterwards is mailed as usual.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                report = demo_seed()
        except ExportRefused as exc:
            raise CommandError(
                _("The OGP extract could not be imported: %(reason)s") % {"reason": exc}
            ) from None
        imported = report.import_report
        self.stdout.write(
            _(
                "OGP extract: %(created)d commitments created, %(updated)d updated, "
                "%(unchanged)d unchanged, %(rejected)d rejected (%(seconds).1f s)."
            )
            % {
                "created": imported.created,
                "updated": imported.updated,
                "unchanged": imported.unchanged,
                "rejected": imported.rejected,
                "seconds": imported.seconds,
            }
        )
        if report.created_total:
            details = ", ".join(f"{count} {name}" for name, count in sorted(report.created.items()))
            self.stdout.write(_("Demo data created: %(details)s.") % {"details": details})
        else:
            self.stdout.write(_("Demo data already present: nothing created."))

    def write_accounts(self) -> None:
        rows = [(_("Username"), _("Password"), _("Role"), _("Member")), *demo_accounts_table()]
        widths = [max(len(str(row[column])) for row in rows) for column in range(4)]
        self.stdout.write(_("Demo accounts:"))
        for row in rows:
            self.stdout.write(
                "  "
                + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            )
        self.stdout.write(_("What to try:"))
        for journey in DEMO_JOURNEYS:
            self.stdout.write(f"  - {journey}")
        self.stdout.write(DEMO_MFA_NOTE)
