"""The import of OGP's commitments / IRM data export; ogp_export_import is the entry point."""

from .columns import AREA_NAMES, PARENT_AREA_COLUMNS
from .dates import parse_ogp_date
from .parsing import normalise_commitment_number
from .report import ExportRefused, ImportReport, RowRejection, RowWarning
from .services import ogp_export_import

__all__ = [
    "AREA_NAMES",
    "PARENT_AREA_COLUMNS",
    "ExportRefused",
    "ImportReport",
    "RowRejection",
    "RowWarning",
    "normalise_commitment_number",
    "ogp_export_import",
    "parse_ogp_date",
]
