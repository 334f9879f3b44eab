"""The warehouse written out: ``export`` (every table as Parquet or CSV) and ``report`` (an HTML coverage report).

Plain functions: :mod:`flows.cli` registers them as commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.cli.common import CatalogueOption, DbOption, _fail, _load_catalogue, _setup_logging, _since
from warehouse import DEFAULT_DB


def export(
    out_dir: Annotated[Path, typer.Argument(metavar="DIR", help="Folder for one file per table.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", "-f", help="parquet or csv.")] = "parquet",
) -> None:
    """Write every table (and articles_unique) as Parquet or CSV files for other tools.

    Example: newsdesk export --format parquet exports/
    """
    from warehouse.exceptions import WarehouseError
    from warehouse.export import export_tables

    try:
        paths = export_tables(db, out_dir, fmt)
    except (ValueError, WarehouseError) as exc:
        raise _fail(str(exc)) from None
    for path in paths:
        typer.echo(f"{path}  ({path.stat().st_size:,} bytes)")


def report(
    db: DbOption = DEFAULT_DB,
    since: Annotated[str | None, typer.Option(help="Only stories on/after this ISO date.")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path("report.html"),
    catalogue: CatalogueOption = None,
) -> None:
    """Write a self-contained HTML coverage report (charts inline, no network needed to view it).

    Example: newsdesk report --since 2026-11-01 --out report.html
    """
    _setup_logging(False)
    from datetime import date

    from flows.report import write_report
    from warehouse.exceptions import WarehouseError

    since_day = _since(since, date.fromisoformat)
    try:
        data = write_report(db, out, _load_catalogue(catalogue), since_day)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    summary = "the warehouse has no articles for this period" if data.empty else f"{data.articles} unique stories"
    typer.echo(f"wrote {out} ({summary})")
