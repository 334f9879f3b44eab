"""Read-only SQL for analysts, and the named queries the CLI prints.

Two guards keep ``newsdesk sql`` read-only: the statement type is checked
with DuckDB's own parser before anything runs (so the refusal is a clear
sentence, not a DuckDB error), and the connection is opened read-only.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from warehouse.connection import open_warehouse
from warehouse.exceptions import ReadOnlyViolation, WarehouseError

ALLOWED_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
FORMATS = ("table", "csv", "json")
# Cells wider than this are cut in table output; csv/json are never cut.
TABLE_CELL_WIDTH = 60


@dataclass(frozen=True)
class Result:
    """Column names and rows of one query."""

    columns: list[str]
    rows: list[tuple[Any, ...]]

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def check_read_only(sql: str) -> None:
    """Raise :class:`ReadOnlyViolation` unless every statement only reads."""
    try:
        statements = duckdb.connect(":memory:").extract_statements(sql)
    except duckdb.Error as exc:
        raise WarehouseError(f"SQL does not parse: {exc}") from None
    if not statements:
        raise WarehouseError("no SQL statement given")
    for statement in statements:
        if statement.type not in ALLOWED_STATEMENTS:
            raise ReadOnlyViolation(statement.type.name)


def run_query(db_path: Path, sql: str, params: list[Any] | None = None, *, wait: float | None = None) -> Result:
    """Run read-only *sql* against the warehouse.

    Raises:
        ReadOnlyViolation: the SQL would write.
        NoWarehouse, WarehouseLocked: see :func:`warehouse.connection.open_warehouse`.
        WarehouseError: DuckDB rejected the query (message included).
    """
    check_read_only(sql)
    with open_warehouse(db_path, read_only=True, wait=wait) as con:
        try:
            cursor = con.execute(sql, params or [])
            columns = [d[0] for d in cursor.description or []]
            return Result(columns, cursor.fetchall())
        except duckdb.Error as exc:
            raise WarehouseError(f"query failed: {exc}") from None


def _cell(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def format_result(result: Result, fmt: str = "table") -> str:
    """Render a result as an aligned table, CSV or JSON lines-free array."""
    if fmt == "json":
        return json.dumps(
            [{k: _cell(v) for k, v in row.items()} for row in result.dicts()], ensure_ascii=False, indent=2
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([[_cell(v) for v in row] for row in result.rows])
        return out.getvalue().rstrip("\n")
    if fmt != "table":
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    return _table(result)


def _width(text: str) -> int:
    """Display width: wide (CJK) characters take two terminal columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    if _width(text) <= TABLE_CELL_WIDTH:
        return text
    out, width = [], 0
    for ch in text:
        width += _width(ch)
        if width > TABLE_CELL_WIDTH - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def _table(result: Result) -> str:
    cells = [[_clip("NULL" if v is None else str(_cell(v))) for v in row] for row in result.rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(result.columns)]

    def line(values: list[str]) -> str:
        return " | ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    body = [line(result.columns), rule, *(line(r) for r in cells)]
    body.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(body)
