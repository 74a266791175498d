"""Quarantine records shared by every source: what was rejected, where, and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Rejection:
    """One quarantined cell, row, column, sheet or file, with the reason."""

    source_file: str
    sheet: str | None  # sheet of a workbook, or JSON path / CSV name of other sources
    row_number: int | None
    column_name: str | None
    value: str | None
    reason_code: str
    reason: str
    row_content: str | None = None

    def message(self) -> str:
        where = [self.source_file]
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row_number is not None:
            where.append(f"row {self.row_number}")
        if self.column_name:
            where.append(f"column {self.column_name}")
        return f"{', '.join(where)}: {self.reason}"


def rejection_record(rejection: Rejection, is_fatal: bool) -> dict:
    """The raw.quarantine row of a rejection."""
    record = asdict(rejection)
    record["is_fatal"] = is_fatal
    return record
