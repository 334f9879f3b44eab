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

Results are written to files (``--out``) by :func:`write_result`, outside
all three guards: the rows are fetched first, then a separate in-memory
DuckDB connection that never sees the analyst's SQL copies them to the one
file the analyst named.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from warehouse.connection import TIMEZONE, OnWait, Sandbox, open_warehouse
from warehouse.exceptions import FileAccessRefused, ReadOnlyViolation, WarehouseError

# EXPLAIN is allowed too, but only of a SELECT: see _check_explain.
ALLOWED_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
FORMATS = ("table", "csv", "json", "markdown")
# What --out writes, by the file's suffix, and DuckDB's COPY options for it.
OUT_FORMATS = {
    ".parquet": "FORMAT parquet, COMPRESSION zstd",
    ".csv": "FORMAT csv, HEADER true",
    ".json": "FORMAT json, ARRAY true",
}
# Cells wider than this are cut in table output; csv/json are never cut.
TABLE_CELL_WIDTH = 60


@dataclass(frozen=True)
class Result:
    """Column names and rows of one query, and DuckDB's name for each column's type (for writing it to a file)."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    types: list[str] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


_PARSER_LOCK = threading.Lock()


@functools.cache
def _parser() -> duckdb.DuckDBPyConnection:
    """An in-memory connection kept for parsing: a new DuckDB instance costs ~40 ms, more than a small query."""
    return duckdb.connect(":memory:")


def extract_statements(sql: str, parser: duckdb.DuckDBPyConnection | None = None) -> list[duckdb.Statement]:
    """The statements of *sql* as DuckDB's parser sees them (nothing runs; parsing needs no database).

    *parser* is any open connection to parse with, e.g. the one the SQL will run on;
    without one, a shared in-memory connection.

    Raises:
        duckdb.Error: the SQL does not parse.
    """
    if parser is not None:
        return parser.extract_statements(sql)
    with _PARSER_LOCK:  # one connection, used by one thread at a time
        return _parser().extract_statements(sql)


def check_read_only(sql: str, parser: duckdb.DuckDBPyConnection | None = None) -> None:
    """Raise :class:`ReadOnlyViolation` unless every statement is a SELECT or an EXPLAIN of one.

    This is the guard against writes; see the module docstring for why the
    sandbox is not. *parser*: see :func:`extract_statements`.
    """
    try:
        statements = extract_statements(sql, parser)
    except duckdb.Error as exc:
        raise WarehouseError(f"SQL does not parse: {exc}") from None
    if not statements:
        raise WarehouseError("no SQL statement given")
    for statement in statements:
        if statement.type not in ALLOWED_STATEMENTS:
            raise ReadOnlyViolation(statement.type.name)
        if statement.type == duckdb.StatementType.EXPLAIN:
            _check_explain(statement.query, parser)


_ANALYZE = {"ANALYZE", "ANALYSE"}
_WORD = re.compile(r"\w+")


def _check_explain(query: str, parser: duckdb.DuckDBPyConnection | None) -> None:
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
        explained = extract_statements(query[starts[skip] :], parser) if len(starts) > skip else []
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
    params: Sequence[Any] | Mapping[str, Any] | None = None,
    *,
    wait: float | None = None,
    readable_dirs: Sequence[Path] = (),
    on_wait: OnWait | None = None,
) -> Result:
    """Run read-only *sql* against the warehouse, in a sandbox.

    The query can read the warehouse and, when the caller names them in
    *readable_dirs* (``newsdesk sql --allow-files``), files under those
    directories; it can write nothing. *params* fill ``?`` (a list) or
    ``$name`` (a mapping) placeholders. The file is open only while the query
    runs; if a run's load holds it, the open waits up to *wait* seconds
    (telling *on_wait* once).

    Raises:
        ReadOnlyViolation: the SQL could write, or reached outside the sandbox.
        NoWarehouse, WarehouseLocked: see :func:`warehouse.connection.open_warehouse`.
        WarehouseError: DuckDB rejected the query (message included).
    """
    sandbox = Sandbox(tuple(readable_dirs))
    with open_warehouse(db_path, read_only=True, wait=wait, sandbox=sandbox, on_wait=on_wait) as con:
        check_read_only(sql, con)  # parsed by the connection at hand: a parser of its own would cost ~40 ms
        try:
            cursor = con.execute(sql, params if params is not None else [])
            description = cursor.description or []
            return Result([d[0] for d in description], cursor.fetchall(), [str(d[1]) for d in description])
        except duckdb.Error as exc:
            raise _refusal(exc) or WarehouseError(f"query failed: {exc}") from None


def _cell(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def format_result(result: Result, fmt: str = "table") -> str:
    """Render a result as an aligned table, CSV, a JSON array or a Markdown (GFM) table."""
    if fmt == "markdown":
        return _markdown(result)
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


def _markdown_cell(value: Any) -> str:
    text = "NULL" if value is None else str(_cell(value))
    return " ".join(text.split()).replace("|", "\\|")


def _numeric(values: list[Any]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present)


def _markdown(result: Result) -> str:
    """A GFM table, numbers right-aligned, for pasting into notes and issues (cells are never cut)."""
    columns = list(zip(*result.rows, strict=True)) if result.rows else [() for _ in result.columns]
    rule = ["---:" if _numeric(list(values)) else "---" for values in columns]
    lines = [
        [_markdown_cell(c) for c in result.columns],
        rule,
        *([_markdown_cell(v) for v in row] for row in result.rows),
    ]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def write_result(result: Result, path: Path) -> Path:
    """Write *result* to *path* as Parquet, CSV or JSON (an array), by the file's suffix; atomically.

    The sandboxed connection that ran the query may write no file, so the
    rows (already fetched) go to a separate in-memory DuckDB connection,
    each column as one list parameter cast back to its DuckDB type, and that
    connection's COPY writes the file: Parquet keeps every type, and CSV and
    JSON read like ``newsdesk export``'s. The analyst's SQL never runs there.

    Raises:
        ValueError: the suffix is not .parquet, .csv or .json, or DuckDB could not write the values
            (nothing is left behind).
        OSError: the folder cannot be made.
    """
    options = OUT_FORMATS.get(path.suffix.lower())
    if options is None:
        raise ValueError(f"--out must end in {', '.join(OUT_FORMATS)}, not {path.name!r}")
    types = result.types or [""] * len(result.columns)
    columns = [[row[i] for row in result.rows] for i in range(len(result.columns))]
    select = ", ".join(
        f"unnest(${i + 1}{f'::{kind}[]' if kind else ''}) AS {_identifier(name)}"
        for i, (name, kind) in enumerate(zip(result.columns, types, strict=True))
    )
    tmp = path.with_name(f".{path.name}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with duckdb.connect(":memory:") as scratch:
            scratch.execute(f"SET TimeZone = '{TIMEZONE}'")  # CSV and JSON show times as Beijing time, like the shell
            create = f"CREATE TABLE result AS SELECT {select}"
            if len(scratch.extract_statements(create)) != 1:  # column names and types are quoted; make sure
                raise ValueError("the result's column names or types cannot be written")
            scratch.execute(create, columns)
            target = str(tmp).replace("'", "''")
            scratch.execute(f"COPY result TO '{target}' ({options})")
        tmp.replace(path)
    except duckdb.Error as exc:
        raise ValueError(f"DuckDB could not write it: {exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return path
