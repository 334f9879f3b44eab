"""Opening the DuckDB file, politely.

DuckDB lets one process hold a file read-write, and while it does, every
other process is refused — even read-only ones. Both the loader and the
read paths therefore retry with backoff for a while, then raise
:class:`WarehouseLocked` naming the process that holds the file (DuckDB
says which in its error message).

Read paths that run SQL someone typed also ask for a :class:`Sandbox`: a
connection on which DuckDB itself refuses to open other files or change
settings. :func:`connect` hands such a connection to a notebook.

An analyst's query can meet a daily run's load, which holds the file for a
few seconds: it waits (:data:`warehouse.DEFAULT_QUERY_WAIT`, 30 s), and the
caller can say so once on stderr (:func:`say_waiting`) rather than leave the
analyst staring at a silent prompt.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse import DEFAULT_DB, DEFAULT_QUERY_WAIT
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

# Told once when an open meets a lock and starts waiting: (the holder as DuckDB names it, or None; seconds it will wait).
OnWait = Callable[[str | None, float], None]


def say_waiting(holder: str | None, wait: float) -> None:
    """The one line on stderr that explains a pause: the warehouse is held, typically by a run's load."""
    by = f" ({holder})" if holder else ""
    print(f"waiting for the warehouse: a load holds it{by}; up to {wait:g} s…", file=sys.stderr, flush=True)


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
# backfill stays within its memory budget. Settings.duckdb_memory overrides it.
DEFAULT_WRITE_MEMORY = "512MB"


@dataclass(frozen=True)
class Sandbox:
    """What a sandboxed read-only connection may open besides the warehouse: files under *readable_dirs*.

    DuckDB enforces it (``enable_external_access = false``, then
    ``lock_configuration = true``). It is not a write guard on its own: DuckDB
    keeps the warehouse file, its WAL and *readable_dirs* writable by COPY on
    such a connection, so the SQL must also pass
    :func:`warehouse.query.check_read_only`, which lets through only
    statements that cannot write (SELECT, EXPLAIN of a SELECT).
    """

    readable_dirs: tuple[Path, ...] = ()

    def prefixes(self) -> set[str]:
        """The directories as DuckDB lists them in ``allowed_directories``: absolute, ending in a separator."""
        return {os.path.join(os.path.abspath(d), "") for d in self.readable_dirs}


# Options fixed when a sandboxed connection opens. Connections of one process
# to one file share a DuckDB instance, and DuckDB refuses a connection whose
# options differ from the instance's: while a sandboxed connection is open an
# ordinary one to the same file is refused (and the other way round) instead
# of joining the instance, which would sandbox it too or unlock the sandbox.
SANDBOX_OPTIONS = {
    # A query can neither download nor load an extension: json, parquet and
    # icu (time zones) are built into the duckdb wheel.
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    # A query cannot scan a Python object of the calling code by naming it.
    "python_enable_replacements": False,
}
# Held while a sandboxed connection opens and sets up its instance, so that a
# second thread never joins an instance whose sandbox is half set up.
_SANDBOX_SETUP = threading.Lock()


def _setting(con: duckdb.DuckDBPyConnection, name: str) -> object:
    """One setting's value; the result is read to its end, so the connection takes ``.sql()`` next."""
    return con.execute("SELECT current_setting(?)", [name]).fetchall()[0][0]


def _connect_sandboxed(path: Path, sandbox: Sandbox) -> duckdb.DuckDBPyConnection:
    """A read-only connection inside *sandbox*.

    The sandbox's settings belong to the DuckDB instance, which the connections
    of this process to *path* share: the first one sets them and locks them,
    the others find them locked and only check that they are the ones asked for.
    """
    wanted = sandbox.prefixes()
    with _SANDBOX_SETUP:
        con = duckdb.connect(str(path), read_only=True, config=SANDBOX_OPTIONS)
        try:
            if not _setting(con, "lock_configuration"):  # a new instance
                if wanted:  # DuckDB accepts allowed_directories only while external access is on
                    con.execute("SET allowed_directories = ?", [sorted(wanted)])
                con.execute("SET enable_external_access = false")
                con.execute(f"SET GLOBAL TimeZone = '{TIMEZONE}'")
                con.execute("SET lock_configuration = true")
            # DuckDB adds its own temporary directory to allowed_directories.
            own = os.path.join(str(_setting(con, "temp_directory")), "")
            readable = set(_setting(con, "allowed_directories") or []) - {own}
            if _setting(con, "enable_external_access") or readable != wanted:
                raise WarehouseError(
                    f"cannot open warehouse {path} sandboxed: this process has it open with other readable "
                    f"directories ({', '.join(sorted(readable)) or 'none'})"
                )
        except BaseException:
            con.close()
            raise
    return con


def _connect_once(
    path: Path, read_only: bool, sandbox: Sandbox | None, memory_limit: str = DEFAULT_WRITE_MEMORY
) -> duckdb.DuckDBPyConnection:
    if sandbox is not None:
        return _connect_sandboxed(path, sandbox)
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute(f"SET TimeZone = '{TIMEZONE}'")
    if not read_only:
        con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
        con.execute("SET memory_limit = ?", [memory_limit])
    return con


def _open(
    path: Path,
    read_only: bool,
    wait: float | None,
    sandbox: Sandbox | None,
    memory_limit: str,
    on_wait: OnWait | None,
) -> duckdb.DuckDBPyConnection:
    """Connect, retrying a locked file with backoff for up to *wait* seconds (the one place anything waits)."""
    if sandbox is not None and not read_only:
        raise ValueError("a sandboxed connection must be read-only")
    if read_only and not path.exists():
        raise NoWarehouse(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    wait = (DEFAULT_READ_WAIT if read_only else DEFAULT_WRITE_WAIT) if wait is None else wait
    started = time.monotonic()
    delay = 0.05
    told = False
    while True:
        try:
            return _connect_once(path, read_only, sandbox, memory_limit)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise WarehouseError(f"cannot open warehouse {path}: {exc}") from exc
            waited = time.monotonic() - started
            if waited >= wait:
                raise WarehouseLocked(path, _lock_holder(str(exc)), waited) from exc
            if on_wait is not None and not told:
                on_wait(_lock_holder(str(exc)), wait)
                told = True
            logger.info("warehouse locked, retrying", extra={"path": str(path), "waited_s": round(waited, 1)})
            time.sleep(min(delay, max(0.0, wait - waited)))
            delay = min(delay * 2, 1.0)
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open warehouse {path}: {exc}") from exc


@contextmanager
def open_warehouse(
    path: Path,
    *,
    read_only: bool = False,
    wait: float | None = None,
    sandbox: Sandbox | None = None,
    memory_limit: str = DEFAULT_WRITE_MEMORY,
    on_wait: OnWait | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse (creating and migrating it when read-write).

    With a *sandbox* (read-only only) the connection opens no file but the
    warehouse and *sandbox.readable_dirs*, and no setting can be changed on it;
    without one a read-only connection can still write files (``newsdesk
    export`` relies on that). While another process holds the file, the open
    is retried with backoff for up to *wait* seconds; *on_wait* is told once
    when that starts.

    Raises:
        NoWarehouse: read-only and the file does not exist.
        WarehouseLocked: another process kept the file for longer than *wait*.
        WarehouseError: the file is not a DuckDB database, or this process has
            it open with another sandbox.
    """
    con = _open(Path(path), read_only, wait, sandbox, memory_limit, on_wait)
    try:
        if not read_only:
            migrate(con)
        yield con
    finally:
        con.close()


def default_path() -> Path:
    """Where the warehouse is when nobody says: ``NEWSDESK_DB``, else ``data/newsdesk.duckdb`` (as the CLI finds it)."""
    return Path(os.environ.get("NEWSDESK_DB") or DEFAULT_DB)  # read outside Settings: see tests/test_settings.py


def connect(
    path: str | Path | None = None,
    *,
    readable_dirs: Sequence[str | Path] = (),
    wait: float = DEFAULT_QUERY_WAIT,
    on_wait: OnWait | None = say_waiting,
) -> duckdb.DuckDBPyConnection:
    """A read-only, sandboxed connection to the warehouse, for notebooks and scripts.

    The same sandbox as ``newsdesk sql``: the tables cannot change, DuckDB
    opens no file but the warehouse (and files under *readable_dirs*), and no
    setting can be changed; days are Beijing days (``TimeZone`` is
    Asia/Shanghai) and every view is there. It is a plain DuckDB connection,
    so ``.sql(…).df()``, ``.pl()`` and ``.arrow()`` work as usual. What it
    lacks is ``newsdesk sql``'s statement check
    (:func:`warehouse.query.check_read_only`): the sandbox stops ``COPY … TO``
    for every file except the warehouse and its write-ahead log, so never
    COPY from it — write the data frames out instead.

    While the connection is open a run cannot load (DuckDB lets no process
    write while another reads): close it, or use it in a ``with`` block.

    Args:
        path: the warehouse file; default :func:`default_path`.
        readable_dirs: directories whose files queries may read (``read_csv``…).
        wait: seconds to wait for a run's load to release the file.
        on_wait: told once if the open has to wait (default: one line on stderr).

    Raises:
        NoWarehouse: there is no file at *path*.
        WarehouseLocked: the file stayed held for *wait* seconds.
    """
    where = Path(path) if path is not None else default_path()
    sandbox = Sandbox(tuple(Path(d) for d in readable_dirs))
    return _open(where, True, wait, sandbox, DEFAULT_WRITE_MEMORY, on_wait)
