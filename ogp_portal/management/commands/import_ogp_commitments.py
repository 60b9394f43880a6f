from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from ogp_portal.ogp_import import ExportRefused, ImportReport, ogp_export_import


class Command(BaseCommand):
    help = _(
        "Load OGP's commitments / IRM data export (CSV, one row per commitment) into members, "
        "action plans, commitments, policy areas and published IRM reports. Safe to run again: "
        "rows are matched on OGP's identifiers."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help=_("Path of the export, such as data/ogp/....csv"))
        parser.add_argument(
            "--quiet-warnings",
            action="store_true",
            help=_("List rejected rows but not warnings."),
        )

    def handle(self, *args, csv_file: str, quiet_warnings: bool = False, **options):
        try:
            report = ogp_export_import(csv_file)
        except ExportRefused as exc:
            raise CommandError(
                _("%(file)s was not imported: %(reason)s")
                % {
                    "file": csv_file,
                    "reason": exc,
                }
            ) from None
        except DatabaseError as exc:
            raise CommandError(
                _("The import was rolled back, nothing was written: %(error)s")
                % {"error": str(exc).strip().splitlines()[0]}
            ) from None
        self.write_report(report, show_warnings=not quiet_warnings)

    def write_report(self, report: ImportReport, *, show_warnings: bool) -> None:
        self.stdout.write(
            _(
                "%(rows)d rows: %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged, %(rejected)d rejected (%(seconds).1f s)."
            )
            % {
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": report.rejected,
                "seconds": report.seconds,
            }
        )
        self.stdout.write(
            _(
                "Members: %(members_created)d created, %(members_updated)d updated. "
                "Action plans: %(plans_created)d created, %(plans_updated)d updated. "
                "IRM reports: %(cycles_created)d created, %(cycles_updated)d updated. "
                "Policy areas: %(areas_created)d created."
            )
            % {
                "members_created": report.members_created,
                "members_updated": report.members_updated,
                "plans_created": report.plans_created,
                "plans_updated": report.plans_updated,
                "cycles_created": report.review_cycles_created,
                "cycles_updated": report.review_cycles_updated,
                "areas_created": report.policy_areas_created,
            }
        )
        if report.ignored_columns:
            self.stdout.write(
                self.style.WARNING(
                    _("Ignored %(count)d column(s) the import does not know: %(columns)s.")
                    % {
                        "count": len(report.ignored_columns),
                        "columns": ", ".join(report.ignored_columns),
                    }
                )
            )
        for rejection in report.rejections:
            self.stderr.write(
                _("Row %(row)d (%(id)s) rejected: %(reason)s")
                % {
                    "row": rejection.row,
                    "id": rejection.identifier or "?",
                    "reason": rejection.reason,
                }
            )
        if show_warnings:
            for warning in report.warnings:
                self.stdout.write(
                    self.style.WARNING(
                        _("Row %(row)d (%(id)s): %(message)s")
                        % {"row": warning.row, "id": warning.identifier, "message": warning.message}
                    )
                )
