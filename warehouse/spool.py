"""The durable spool between processing and loading.

A processed batch is written here *before* the warehouse is touched, as a
directory of newline-delimited JSON files, one per table. The directory is
written under a temporary name and renamed into place, so a batch is either
wholly present or absent — a crash mid-write leaves only a ``.tmp-`` folder
that is ignored and cleaned up. The loader deletes a batch only after its
transaction commits; loading is keyed, so loading a batch twice is harmless.
Batch names sort by time: the flows name them ``<time>-<run>-<label>``, and
the loader puts consecutive batches of one run in one transaction.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from warehouse.schema import TABLES

Row = Mapping[str, Any]
_TMP_PREFIX = ".tmp-"


def _default(value: object) -> str:
    # orjson writes datetimes and dates itself, as ISO 8601 (what isoformat() gives)
    raise TypeError(f"cannot store {type(value).__name__} in the spool")


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}")


def serialise(table: str, rows: Sequence[Row]) -> str:
    """*rows* as newline-delimited JSON in the table's column order; unknown tables or columns raise.

    Extraction workers call this themselves, so the flow's process only
    concatenates text (see :mod:`flows.processing`).
    """
    _check_table(table)
    columns = TABLES[table]
    order = list(columns)
    encode, option = orjson.dumps, orjson.OPT_APPEND_NEWLINE
    lines = []
    for row in rows:
        if list(row) != order:  # rows built in column order (the common case) are written as they are
            unknown = set(row) - set(columns)
            if unknown:
                raise ValueError(f"{table}: unknown columns {sorted(unknown)}")
            row = {c: row.get(c) for c in columns}
        lines.append(encode(row, default=_default, option=option))
    return b"".join(lines).decode()


def _sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def sql_list(paths: Sequence[Path]) -> str:
    """*paths* as an SQL list of strings."""
    return "[" + ", ".join(map(_sql_string, paths)) + "]"


def spool_source(table: str, path: Path | Sequence[Path], *, filename: bool = False) -> str:
    """SQL reading files written by :func:`serialise`, with the table's column types (``FROM {spool_source(…)}``);
    with *filename*, each row also has the path of its file, as given, in a ``filename`` column."""
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in TABLES[table].items())
    files = _sql_string(path) if isinstance(path, Path) else sql_list(path)
    extra = ", filename = true" if filename else ""
    return f"read_json({files}, format = 'newline_delimited', columns = {{{columns}}}{extra})"


@dataclass
class Batch:
    """Rows for one load, keyed by table name (see :mod:`warehouse.schema`): as dicts, or already serialised."""

    name: str
    rows: dict[str, list[Row]] = field(default_factory=dict)
    serialised: dict[str, list[str]] = field(default_factory=dict)

    def add(self, table: str, rows: Sequence[Row]) -> None:
        _check_table(table)
        self.rows.setdefault(table, []).extend(rows)

    def add_tables(self, rows: Mapping[str, Sequence[Row]]) -> None:
        """Rows of several tables at once (e.g. :meth:`ArticleRecord.spool_rows`)."""
        for table, table_rows in rows.items():
            self.add(table, table_rows)

    def add_serialised(self, table: str, text: str) -> None:
        """Rows already written by :func:`serialise` (e.g. in a worker process)."""
        _check_table(table)
        if text:
            self.serialised.setdefault(table, []).append(text)

    def count(self, table: str) -> int:
        return len(self.rows.get(table, ())) + sum(t.count("\n") for t in self.serialised.get(table, ()))


def write_batch(spool_dir: Path, batch: Batch) -> Path:
    """Write *batch* atomically; returns its directory."""
    spool_dir.mkdir(parents=True, exist_ok=True)
    final = spool_dir / batch.name
    tmp = spool_dir / f"{_TMP_PREFIX}{os.getpid()}-{batch.name}"  # the writer's pid: a dead writer's leftovers can go
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    for table in {**batch.rows, **batch.serialised}:
        with open(tmp / f"{table}.jsonl", "w", encoding="utf-8") as out:
            out.write(serialise(table, batch.rows.get(table, ())))
            out.writelines(batch.serialised.get(table, ()))
            out.flush()
            os.fsync(out.fileno())
    if final.exists():  # same batch name re-spooled after a crash: replace it
        shutil.rmtree(final)
    os.replace(tmp, final)
    return final


def pending_batches(spool_dir: Path) -> list[Path]:
    """Complete batches waiting to be loaded, oldest first (names sort by time)."""
    if not spool_dir.exists():
        return []
    return sorted(p for p in spool_dir.iterdir() if p.is_dir() and not p.name.startswith(_TMP_PREFIX))


# A half-written batch older than this is discarded even if its writer's pid is
# alive (pids are reused, and a spool shared between machines sees foreign pids).
PARTIAL_MAX_AGE_S = 3600


def _writer_alive(path: Path) -> bool:
    pid = path.name[len(_TMP_PREFIX) :].split("-", 1)[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def discard_partial(spool_dir: Path, max_age_s: float = PARTIAL_MAX_AGE_S) -> int:
    """Remove half-written batches whose writer is gone (crashed, killed) or that are older than *max_age_s*."""
    if not spool_dir.exists():
        return 0
    now = time.time()
    partial = [
        p
        for p in spool_dir.iterdir()
        if p.name.startswith(_TMP_PREFIX) and (not _writer_alive(p) or now - p.stat().st_mtime > max_age_s)
    ]
    for p in partial:
        shutil.rmtree(p, ignore_errors=True)
    return len(partial)
