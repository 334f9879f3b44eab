"""Everything DuckDB: schema and migrations, the spool, loading, read-only SQL."""

import logging

from warehouse.connection import open_warehouse
from warehouse.exceptions import NoWarehouse, ReadOnlyViolation, WarehouseError, WarehouseLocked
from warehouse.loader import LoadReport, load_batches, load_spool
from warehouse.migrations import LATEST_VERSION, MIGRATIONS, current_version, migrate
from warehouse.query import Result, check_read_only, format_result, run_query
from warehouse.spool import Batch, pending_batches, write_batch

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "Batch",
    "LoadReport",
    "NoWarehouse",
    "ReadOnlyViolation",
    "Result",
    "WarehouseError",
    "WarehouseLocked",
    "check_read_only",
    "current_version",
    "format_result",
    "load_batches",
    "load_spool",
    "migrate",
    "open_warehouse",
    "pending_batches",
    "run_query",
    "write_batch",
]
