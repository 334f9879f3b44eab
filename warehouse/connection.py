"""Opening the DuckDB file, politely.

DuckDB lets one process hold a file read-write, and while it does, every
other process is refused — even read-only ones. Both the loader and the
read paths therefore retry with backoff for a while, then raise
:class:`WarehouseLocked` naming the process that holds the file (DuckDB
says which in its error message).
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.exceptions import NoWarehouse, WarehouseError, WarehouseLocked
from warehouse.migrations import migrate

logger = logging.getLogger(__name__)

# How long a read waits for a lock by default: long enough to ride out a
# loader's short transaction, short enough for an interactive command.
DEFAULT_READ_WAIT = 5.0
# How long the loader waits before leaving its batch in the spool.
DEFAULT_WRITE_WAIT = 30.0
# Days are Beijing days: the press we read dates its stories in Asia/Shanghai.
TIMEZONE = "Asia/Shanghai"
_HOLDER = re.compile(r"Conflicting lock is held in (.+?)(?:\. See also|$)", re.DOTALL)


def _lock_holder(message: str) -> str | None:
    match = _HOLDER.search(message)
    return " ".join(match.group(1).split()) if match else None


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set lock" in text)


# DuckDB checkpoints inside COMMIT once the write-ahead log passes 16 MB; a load of
# several batches would pay that again and again. With a larger threshold the
# checkpoint happens once, when the loader closes the file (the WAL is durable
# meanwhile: a crash replays it on the next open).
CHECKPOINT_THRESHOLD = "1GB"
# DuckDB's buffer pool defaults to 80% of RAM. The loader is one step of a long
# run on a shared machine: indexes and join buffers beyond this are evicted or
# spilled to a temporary directory next to the warehouse, so a 100,000-article
# backfill stays within its memory budget. NEWSDESK_DUCKDB_MEMORY overrides it.
WRITE_MEMORY_LIMIT = os.environ.get("NEWSDESK_DUCKDB_MEMORY", "512MB")


def _connect_once(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute(f"SET TimeZone = '{TIMEZONE}'")
    if not read_only:
        con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
        con.execute(f"SET memory_limit = '{WRITE_MEMORY_LIMIT}'")
    return con


@contextmanager
def open_warehouse(
    path: Path, *, read_only: bool = False, wait: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse (creating and migrating it when read-write).

    Raises:
        NoWarehouse: read-only and the file does not exist.
        WarehouseLocked: another process kept the file for longer than *wait*.
        WarehouseError: the file is not a DuckDB database.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise NoWarehouse(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    wait = (DEFAULT_READ_WAIT if read_only else DEFAULT_WRITE_WAIT) if wait is None else wait
    started = time.monotonic()
    delay = 0.05
    while True:
        try:
            con = _connect_once(path, read_only)
            break
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise WarehouseError(f"cannot open warehouse {path}: {exc}") from exc
            waited = time.monotonic() - started
            if waited >= wait:
                raise WarehouseLocked(path, _lock_holder(str(exc)), waited) from exc
            logger.info("warehouse locked, retrying", extra={"path": str(path), "waited_s": round(waited, 1)})
            time.sleep(min(delay, max(0.0, wait - waited)))
            delay = min(delay * 2, 1.0)
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open warehouse {path}: {exc}") from exc
    try:
        if not read_only:
            migrate(con)
        yield con
    finally:
        con.close()
