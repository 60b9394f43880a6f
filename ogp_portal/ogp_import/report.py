"""What an import reports back, and the refusal of a file that is not OGP's export."""

from __future__ import annotations

from dataclasses import dataclass, field


class ExportRefused(Exception):
    """The file is not a usable OGP export. Nothing was written."""


@dataclass(frozen=True)
class RowRejection:
    row: int
    identifier: str
    reason: str


@dataclass(frozen=True)
class RowWarning:
    row: int
    identifier: str
    message: str


@dataclass
class ImportReport:
    """What one import did. Rows are numbered as in a spreadsheet: the header is row 1."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[RowRejection] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    members_created: int = 0
    members_updated: int = 0
    plans_created: int = 0
    plans_updated: int = 0
    review_cycles_created: int = 0
    review_cycles_updated: int = 0
    policy_areas_created: int = 0
    # Columns of the file the import does not know (outside the policy-area tags): not read.
    ignored_columns: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rejected(self) -> int:
        return len(self.rejections)
