"""``newsdesk entities``: validate the entity catalogue, find the names it misses, promote one into it."""

from __future__ import annotations

from typing import Annotated

import typer

from flows.cli.common import CatalogueOption, DbOption, _fail, _load_catalogue, _setup_logging
from warehouse import DEFAULT_DB

entities_app = typer.Typer(help="The entity catalogue: validate it, find what it misses.", no_args_is_help=True)


@entities_app.command("check")
def entities_check(catalogue: CatalogueOption = None) -> None:
    """Validate the catalogue: no alias names two entities, parents exist, names are zh-Hans.

    Example: newsdesk entities check --catalogue my-catalogue.toml
    """
    cat = _load_catalogue(catalogue)
    kinds = ", ".join(f"{k}: {sum(e.kind == k for e in cat.entities)}" for k in ("org", "product", "person"))
    typer.echo(
        f"catalogue {cat.version}: {len(cat.entities)} entities ({kinds}), {sum(e.core for e in cat.entities)} core — OK"
    )


@entities_app.command("promote")
def entities_promote(
    entity_id: Annotated[
        str, typer.Argument(metavar="PROVISIONAL_ID", help="An id from `entities discover` (prov:…).")
    ],
    new_id: Annotated[str, typer.Option("--id", help="The catalogue id to give it: a lowercase slug.")],
    db: DbOption = DEFAULT_DB,
    catalogue: CatalogueOption = None,
) -> None:
    """Move a provisional entity into the catalogue file (with its forms and provenance) and bump its version.

    Then `newsdesk retag` brings the warehouse to the new catalogue.
    Example: newsdesk entities promote prov:org:1a2b3c4d5e6f --id deepexi
    """
    from flows.curation import PromotionError, promote
    from warehouse.exceptions import WarehouseError

    try:
        done = promote(db, entity_id, new_id, catalogue)
    except (PromotionError, WarehouseError, OSError) as exc:
        raise _fail(str(exc)) from None
    typer.echo(done.entry)
    typer.echo(f"added to {done.path} (version {done.version}); run `newsdesk retag` to re-tag the warehouse")


@entities_app.command("discover")
def entities_discover(
    db: DbOption = DEFAULT_DB,
    since: Annotated[str | None, typer.Option(help="Only stories published on/after this ISO date.")] = None,
    limit: Annotated[int, typer.Option(help="How many candidates to list.")] = 30,
) -> None:
    """List the provisional entities in the warehouse (names the catalogue lacks), most promising first.

    Ranked by the stories naming them and how many of those also name a catalogue entity.
    Example: newsdesk entities discover --since 2026-11-01
    """
    _setup_logging(False)
    from flows.maintenance import discover_entities
    from warehouse.exceptions import WarehouseError

    try:
        found = discover_entities(db, since=since, limit=limit)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    typer.echo(
        f"{'id':<26} {'name':<20} {'kind':<7} {'articles':>8} {'times':>6} {'beside known':>12}  most often with"
    )
    for c in found:
        typer.echo(
            f"{c.entity_id or '-':<26} {c.name:<20} {c.kind:<7} {c.articles:>8} {c.occurrences:>6} {c.with_known:>12}"
            f"  {c.top_companion or '-'}"
        )
    if found:
        typer.echo(f"\nadd one to the catalogue: newsdesk entities promote {found[0].entity_id} --id SLUG")
