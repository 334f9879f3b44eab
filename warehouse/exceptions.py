"""Errors raised by the warehouse package.

WarehouseError
├── NoWarehouse        the file does not exist (nothing loaded yet)
├── WarehouseLocked    another process holds the DuckDB file
└── ReadOnlyViolation  a statement that would write, sent to a read path
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
    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(
            f"refused: a {kind} statement would change the warehouse; `newsdesk sql` only runs SELECT/EXPLAIN queries"
        )
