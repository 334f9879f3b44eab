"""Everything DuckDB: schema and migrations, the spool, loading, read-only SQL, invariants.

The public names are imported on first use (PEP 562): extraction workers
import :mod:`warehouse.spool` to serialise rows, and importing DuckDB there
would add ~0.2 s to every worker's start.
"""

import importlib
import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())

_HOME = {
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
__all__ = sorted(_HOME)


def __getattr__(name: str) -> object:
    if name in _HOME:
        value = getattr(importlib.import_module(f"warehouse.{_HOME[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'warehouse' has no attribute {name!r}")
