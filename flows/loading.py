"""Loading the spool with the run's settings: one place that turns ``Settings`` into a loader call."""

from __future__ import annotations

from flows.config import Settings
from warehouse.loader import LoadReport, load_spool


def load_spool_for(settings: Settings) -> list[LoadReport]:
    """Every pending batch of ``settings.spool_dir`` into ``settings.db`` (see :func:`warehouse.loader.load_spool`).

    Raises:
        WarehouseLocked: the file stayed locked for ``settings.lock_wait`` seconds.
    """
    return load_spool(
        settings.db,
        settings.spool_dir,
        wait=settings.lock_wait,
        thresholds=settings.thresholds,
        memory_limit=settings.duckdb_memory,
    )
