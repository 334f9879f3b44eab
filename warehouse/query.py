"""Read-only SQL for analysts, and the named queries the CLI prints.

Three guards keep ``newsdesk sql`` read-only, each covering what the others
cannot:

1. :func:`check_read_only` lets through only statements that cannot write —
   SELECT, and EXPLAIN (ANALYZE) of one SELECT — judged by DuckDB's own parser
   before anything runs, so the refusal is a clear sentence.
2. The connection is opened read-only: the warehouse's tables cannot change.
3. The connection is sandboxed (:class:`warehouse.connection.Sandbox`):
   DuckDB opens no file but the warehouse (and directories the caller names
   for reading), and no setting can be changed, so a SELECT cannot read
   ``/etc/passwd`` or switch the sandbox off. The sandbox alone would not
   stop writes: DuckDB keeps the warehouse file and its WAL writable by COPY,
   which guard 1 refuses.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from warehouse.connection import Sandbox, open_warehouse
from warehouse.exceptions import FileAccessRefused, ReadOnlyViolation, WarehouseError

# EXPLAIN is allowed too, but only of a SELECT: see _check_explain.
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
    """Raise :class:`ReadOnlyViolation` unless every statement is a SELECT or an EXPLAIN of one.

    This is the guard against writes; see the module docstring for why the
    sandbox is not.
    """
    try:
        statements = duckdb.connect(":memory:").extract_statements(sql)
    except duckdb.Error as exc:
        raise WarehouseError(f"SQL does not parse: {exc}") from None
    if not statements:
        raise WarehouseError("no SQL statement given")
    for statement in statements:
        if statement.type not in ALLOWED_STATEMENTS:
            raise ReadOnlyViolation(statement.type.name)
        if statement.type == duckdb.StatementType.EXPLAIN:
            _check_explain(statement.query)


_ANALYZE = {"ANALYZE", "ANALYSE"}
_WORD = re.compile(r"\w+")


def _check_explain(query: str) -> None:
    """Refuse ``EXPLAIN [ANALYZE] stmt`` unless *stmt* is one SELECT.

    EXPLAIN ANALYZE runs *stmt*, so ``EXPLAIN ANALYZE COPY … TO 'file'`` writes
    the file; explaining a SELECT runs at most that SELECT, which guards 2 and
    3 keep harmless. *stmt* is the text after the EXPLAIN and ANALYZE keywords,
    found with DuckDB's tokenizer (comments skipped). Any other form, such as
    ``EXPLAIN (FORMAT json) SELECT …``, leaves text that is not one SELECT and
    is refused.
    """
    starts = [offset for offset, kind in duckdb.tokenize(query) if kind != duckdb.token_type.comment]
    words = [match.group(0).upper() if (match := _WORD.match(query, offset)) else "" for offset in starts]
    wrapper = "EXPLAIN ANALYZE" if words[1:2] and words[1] in _ANALYZE else "EXPLAIN"
    skip = len(wrapper.split())
    try:
        explained = duckdb.connect(":memory:").extract_statements(query[starts[skip] :]) if len(starts) > skip else []
    except duckdb.Error:
        explained = []
    if words[:1] != ["EXPLAIN"] or [statement.type for statement in explained] != [duckdb.StatementType.SELECT]:
        kind = explained[0].type.name if len(explained) == 1 else ""
        what = f"not of {'an' if kind[:1] in 'AEIOU' else 'a'} {kind} statement" if kind else f"({wrapper} SELECT …)"
        raise ReadOnlyViolation(wrapper, f"refused: `newsdesk sql` runs {wrapper} only of a single SELECT, {what}")


# How DuckDB words the errors by which the sandbox stops a running query. A
# file refusal can come wrapped in another error (a callback that failed).
_NO_FILE = re.compile(r'Cannot access (?:file|directory) "(.*?)" - file system operations are disabled')
_LOCKED = re.compile(r'Cannot change configuration option "+(.*?)"+ - the configuration has been locked')
# With files out of reach DuckDB does not try a quoted path as a file
# (``SELECT * FROM '/etc/passwd'``) and reports a missing table instead.
_MISSING_TABLE = re.compile(r"Table with name (.*?) does not exist")


def _refusal(exc: duckdb.Error) -> ReadOnlyViolation | None:
    """The one-sentence refusal for an error raised by the sandbox, None for any other error."""
    message = str(exc)
    if match := _NO_FILE.search(message):
        return FileAccessRefused(f'"{match.group(1)}"')
    if isinstance(exc, duckdb.PermissionException):  # e.g. loading an extension
        return FileAccessRefused("files or extensions")
    if match := _LOCKED.search(message):
        return ReadOnlyViolation(
            "SELECT", f'refused: the query would change the DuckDB setting "{match.group(1)}", which is locked'
        )
    missing = _MISSING_TABLE.search(message) if isinstance(exc, duckdb.CatalogException) else None
    if missing and any(mark in missing.group(1) for mark in "/\\."):  # a path, not a table name
        return FileAccessRefused(f'"{missing.group(1)}"')
    return None


def run_query(
    db_path: Path,
    sql: str,
    params: list[Any] | None = None,
    *,
    wait: float | None = None,
    readable_dirs: Sequence[Path] = (),
) -> Result:
    """Run read-only *sql* against the warehouse, in a sandbox.

    The query can read the warehouse and, when the caller names them in
    *readable_dirs* (``newsdesk sql --allow-files``), files under those
    directories; it can write nothing.

    Raises:
        ReadOnlyViolation: the SQL could write, or reached outside the sandbox.
        NoWarehouse, WarehouseLocked: see :func:`warehouse.connection.open_warehouse`.
        WarehouseError: DuckDB rejected the query (message included).
    """
    check_read_only(sql)
    sandbox = Sandbox(tuple(readable_dirs))
    with open_warehouse(db_path, read_only=True, wait=wait, sandbox=sandbox) as con:
        try:
            cursor = con.execute(sql, params or [])
            columns = [d[0] for d in cursor.description or []]
            return Result(columns, cursor.fetchall())
        except duckdb.Error as exc:
            raise _refusal(exc) or WarehouseError(f"query failed: {exc}") from None


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
