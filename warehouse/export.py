"""Exporting the warehouse's tables for other tools (pandas, Spark, another DuckDB)."""

from __future__ import annotations

from pathlib import Path

from warehouse.connection import open_warehouse
from warehouse.schema import TABLES

FORMATS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}
# Tables and views exported by default: the public interface.
EXPORTED = (*TABLES, "articles_unique")


def export_tables(db_path: Path, out_dir: Path, fmt: str = "parquet", tables: tuple[str, ...] = EXPORTED) -> list[Path]:
    """Write each table as ``<out_dir>/<table>.<fmt>`` from a read-only connection.

    Files are written under a temporary name and renamed, so a reader never
    sees half a file.

    Raises:
        ValueError: unknown format or table.
        NoWarehouse, WarehouseLocked: see :func:`warehouse.connection.open_warehouse`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    unknown = set(tables) - set(EXPORTED)
    if unknown:
        raise ValueError(f"unknown tables: {', '.join(sorted(unknown))}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with open_warehouse(db_path, read_only=True) as con:
        for table in tables:
            final = out_dir / f"{table}.{fmt}"
            tmp = out_dir / f".{table}.{fmt}.tmp"
            escaped = str(tmp).replace("'", "''")
            con.execute(f"COPY (SELECT * FROM {table}) TO '{escaped}' {FORMATS[fmt]}")
            tmp.replace(final)
            written.append(final)
    return written
