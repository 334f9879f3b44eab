"""``newsdesk spool``: the batches waiting to be loaded, and those set aside in the quarantine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.cli.common import DbOption, Settings, _fail
from warehouse import DEFAULT_DB

spool_app = typer.Typer(help="Batches waiting to be loaded, and those set aside.", no_args_is_help=True)


def _spool_dir(db: Path) -> Path:
    """The spool folder of the warehouse at *db* (from the settings)."""
    return Settings(db=db).spool_dir


@spool_app.command("list")
def spool_list(db: DbOption = DEFAULT_DB) -> None:
    """Show batches waiting in the spool and those set aside in the quarantine, with why.

    Example: newsdesk spool list
    """
    from warehouse.quarantine import quarantine_dir, quarantined
    from warehouse.spool import pending_batches

    spool_dir = _spool_dir(db)
    waiting = pending_batches(spool_dir)
    typer.echo(f"{len(waiting)} batch(es) waiting in {spool_dir}" + (":" if waiting else ""))
    for batch in waiting:
        typer.echo(f"  {batch.name}")
    aside = quarantined(spool_dir)
    typer.echo(f"{len(aside)} batch(es) in the quarantine {quarantine_dir(spool_dir)}" + (":" if aside else ""))
    for q in aside:
        rows = ", ".join(f"{table} {n}" for table, n in q.rows.items()) or "no rows"
        typer.echo(f"  {q.name}  set aside {q.quarantined_at:%Y-%m-%d %H:%M:%S} UTC  ({rows})")
        typer.echo(f"    {q.summary}")


@spool_app.command("load")
def spool_load(db: DbOption = DEFAULT_DB) -> None:
    """Load the batches waiting in the spool now (a run does this first anyway).

    Example: newsdesk spool load
    """
    from warehouse.exceptions import WarehouseError
    from warehouse.quarantine import one_line

    settings = Settings(db=db)
    try:
        reports = settings.warehouse().load_spool(settings.spool_dir)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    loaded = sum(len(r.batches) for r in reports)
    typer.echo(f"loaded {loaded} batch(es): {sum(r.new_articles for r in reports)} new articles")
    rejected = [item for r in reports for item in r.rejected]
    for name, error in rejected:
        typer.secho(f"set aside {name}: {one_line(error)}", err=True, fg=typer.colors.YELLOW)
    if rejected:
        raise typer.Exit(1)


@spool_app.command("retry")
def spool_retry(
    batch: Annotated[str, typer.Argument(help="Name of a quarantined batch (see `newsdesk spool list`).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Move a quarantined batch back into the spool; `newsdesk spool load` or the next run loads it.

    Example: newsdesk spool retry 20261201T060000-1a2b3c4d-000003
    """
    from warehouse.quarantine import retry

    try:
        target = retry(_spool_dir(db), batch)
    except (KeyError, FileExistsError) as exc:
        raise _fail(str(exc).strip("'\"")) from None
    typer.echo(f"moved {batch} back to {target.parent}; `newsdesk spool load` or the next run loads it")


@spool_app.command("drop")
def spool_drop(
    batch: Annotated[str, typer.Argument(help="Name of a quarantined batch (see `newsdesk spool list`).")],
    db: DbOption = DEFAULT_DB,
    yes: Annotated[bool, typer.Option("--yes", help="Really delete it (its rows are lost for good).")] = False,
) -> None:
    """Delete a quarantined batch for good (asks for --yes).

    Example: newsdesk spool drop 20261201T060000-1a2b3c4d-000003 --yes
    """
    from warehouse.quarantine import drop

    if not yes:
        raise _fail(f"dropping {batch} deletes its rows for good; add --yes to do it", 2)
    try:
        drop(_spool_dir(db), batch)
    except KeyError as exc:
        raise _fail(str(exc).strip("'\"")) from None
    typer.echo(f"dropped {batch}")
