"""Errors raised by the warehouse package.

WarehouseError
├── NoWarehouse        the file does not exist (nothing loaded yet)
├── WarehouseLocked    another process holds the DuckDB file
└── ReadOnlyViolation  SQL sent to a read path that would write, or reach past the warehouse
    └── FileAccessRefused  the sandbox of a read path kept a query from a file
"""

from __future__ import annotations

from pathlib import Path


class WarehouseError(Exception):
    """Base class for every warehouse failure."""


class NoWarehouse(WarehouseError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"no warehouse at {path}; create one with `newsdesk import-seeds`, `newsdesk backfill` or `newsdesk demo`"
        )


class WarehouseLocked(WarehouseError):
    def __init__(self, path: Path, holder: str | None, waited: float) -> None:
        self.path, self.holder, self.waited = path, holder, waited
        who = f"held by {holder}" if holder else "held by another process"
        super().__init__(
            f"warehouse {path} is locked ({who}) and stayed locked for {waited:.0f}s; "
            "close that process (a DuckDB CLI or notebook with the file open) and try again"
        )


class ReadOnlyViolation(WarehouseError):
    """Refused SQL; *kind* is the statement type, *message* replaces the default sentence."""

    def __init__(self, kind: str, message: str | None = None) -> None:
        self.kind = kind
        article = "an" if kind[:1] in "AEIOU" else "a"
        super().__init__(
            message
            or f"refused: {article} {kind} statement would change the warehouse or write a file; "
            "`newsdesk sql` only runs SELECT queries and EXPLAIN of a SELECT"
        )


class FileAccessRefused(ReadOnlyViolation):
    """A query reached for a file outside the warehouse and DuckDB's sandbox stopped it."""

    def __init__(self, target: str) -> None:
        self.target = target
        super().__init__(
            "SELECT",
            f"refused: `newsdesk sql` reads only the warehouse, not {target}; "
            "pass --allow-files DIR to read CSV or Parquet files under DIR",
        )
