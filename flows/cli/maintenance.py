"""Keeping the warehouse right after a change: ``retag`` (new catalogue), ``reprocess`` (new extractor),
``dedupe`` (new thresholds), and ``check`` (its invariants, read-only).

Plain functions: :mod:`flows.cli` registers them as commands.
"""

from __future__ import annotations

from typing import Annotated

import typer

from flows.cli.common import CatalogueOption, DbOption, Settings, _fail, _load_catalogue, _setup_logging, _since
from warehouse import DEFAULT_DB


def retag(
    db: DbOption = DEFAULT_DB,
    catalogue: CatalogueOption = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Re-tag every article, not only those tagged with another version.")
    ] = False,
) -> None:
    """Re-tag the warehouse after the catalogue changed; rerunning does nothing new.

    Example: newsdesk retag
    """
    _setup_logging(False)
    from flows.maintenance import retag as retag_warehouse
    from warehouse.exceptions import WarehouseError

    cat = _load_catalogue(catalogue)
    try:
        report = retag_warehouse(db, cat, everything=everything)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    typer.echo(
        f"catalogue {report.catalogue_version}: re-tagged {report.articles} article(s); "
        f"mentions {report.mentions_before} → {report.mentions_after}"
    )


def reprocess(
    db: DbOption = DEFAULT_DB,
    since: Annotated[str | None, typer.Option(help="Only pages fetched on/after this ISO date.")] = None,
) -> None:
    """Re-extract archived pages with the current extractor, without the network; rows are updated in place.

    Example: newsdesk reprocess --since 2026-11-01
    """
    _setup_logging(False)
    from datetime import datetime

    from flows.maintenance import reprocess as reprocess_archive
    from warehouse.exceptions import WarehouseError

    cutoff = _since(since, lambda text: datetime.fromisoformat(text).astimezone())
    try:
        report = reprocess_archive(Settings(db=db), cutoff)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    typer.echo(
        f"{report.pages} archived page(s): {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.added} newly extracted, {report.no_article} without an article"
    )


def dedupe(
    db: DbOption = DEFAULT_DB,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Recompute signatures and clusters for the whole warehouse.")
    ] = False,
    threshold: Annotated[
        float | None, typer.Option(help="Jaccard for near-duplicates (default NEWSDESK_DUPLICATE_JACCARD or 0.7).")
    ] = None,
    containment: Annotated[float | None, typer.Option(help="Containment for related articles (default 0.8).")] = None,
) -> None:
    """Rebuild near-duplicate clusters after a threshold change; rerunning gives the same result.

    Example: newsdesk dedupe --rebuild --threshold 0.8
    """
    _setup_logging(False)
    if not rebuild:
        raise _fail("nothing to do: loading already deduplicates; pass --rebuild to recompute everything", 2)
    from flows.maintenance import rebuild_dedupe
    from warehouse.exceptions import WarehouseError
    from warehouse.neardup import Thresholds

    settings = Settings()
    thresholds = Thresholds(threshold or settings.duplicate_jaccard, containment or settings.related_containment)
    try:
        report = rebuild_dedupe(db, thresholds)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    typer.echo(
        f"{report.articles} articles → {report.stories} stories: {report.exact_duplicates} exact and "
        f"{report.near_duplicates} near duplicate(s) (Jaccard ≥ {thresholds.duplicate:g}), "
        f"{report.related} related pair(s) (containment ≥ {thresholds.related:g})"
    )


def check(db: DbOption = DEFAULT_DB) -> None:
    """Check the warehouse's invariants, read-only: mention offsets, story roots, signatures, no orphan rows.

    Prints one line per broken rule (rule, count, a few offending keys) and exits
    with status 1; 0 when every rule holds; 2 when the warehouse cannot be read
    (missing, locked, not a newsdesk warehouse). Example: newsdesk check --db data/newsdesk.duckdb
    """
    from warehouse.exceptions import WarehouseError
    from warehouse.invariants import INVARIANTS, check_warehouse

    try:
        violations = check_warehouse(db)
    except WarehouseError as exc:
        raise _fail(str(exc), 2) from None
    if not violations:
        typer.echo(f"ok: {len(INVARIANTS)} invariants hold on {db}")
        return
    for violation in violations:
        typer.echo(violation.line())
    typer.secho(f"{len(violations)} of {len(INVARIANTS)} invariants do not hold on {db}", err=True, fg=typer.colors.RED)
    raise typer.Exit(1)
