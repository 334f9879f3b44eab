"""Everything DuckDB: schema and migrations, the spool, loading, read-only SQL, invariants.

The public names are imported on first use (PEP 562): extraction workers
import :mod:`warehouse.spool` to serialise rows, and importing DuckDB there
would add ~0.2 s to every worker's start. The two defaults below are plain
values for the same reason: the CLI reads them for every command, most of
which never open the warehouse.

In a notebook::

    import warehouse
    con = warehouse.connect()  # read-only and sandboxed; NEWSDESK_DB, else data/newsdesk.duckdb
    con.sql("SELECT * FROM attention_daily").df()
    warehouse.questions.names()  # the named questions of `newsdesk ask`
"""

import importlib
import logging
import pathlib

logging.getLogger(__name__).addHandler(logging.NullHandler())

# The warehouse file when neither --db nor NEWSDESK_DB names one (relative to the working directory).
DEFAULT_DB = pathlib.Path("data/newsdesk.duckdb")
# Seconds an analyst's query waits for a run's load to release the file: a load holds it for a
# few short transactions and a checkpoint, seconds rather than minutes.
DEFAULT_QUERY_WAIT = 30.0

_HOME = {
    "connect": "connection",
    "open_warehouse": "connection",
    "NoWarehouse": "exceptions",
    "ReadOnlyViolation": "exceptions",
    "WarehouseError": "exceptions",
    "WarehouseLocked": "exceptions",
    "INVARIANTS": "invariants",
    "Violation": "invariants",
    "check_warehouse": "invariants",
    "LoadReport": "loader",
    "load_batches": "loader",
    "load_spool": "loader",
    "LATEST_VERSION": "migrations",
    "MIGRATIONS": "migrations",
    "current_version": "migrations",
    "migrate": "migrations",
    "Result": "query",
    "check_read_only": "query",
    "format_result": "query",
    "run_query": "query",
    "Batch": "spool",
    "pending_batches": "spool",
    "write_batch": "spool",
}
__all__ = sorted([*_HOME, "DEFAULT_DB", "DEFAULT_QUERY_WAIT"])
# Subpackages reachable as attributes without an import of their own (``warehouse.questions``).
_SUBPACKAGES = {"questions"}


def __getattr__(name: str) -> object:
    if name in _HOME:
        value = getattr(importlib.import_module(f"warehouse.{_HOME[name]}"), name)
        globals()[name] = value
        return value
    if name in _SUBPACKAGES:
        return importlib.import_module(f"warehouse.{name}")
    raise AttributeError(f"module 'warehouse' has no attribute {name!r}")
