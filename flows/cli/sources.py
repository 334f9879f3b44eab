"""``newsdesk sources``: list the configured news sources, and check that each one answers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.cli.common import AllowHostOption, _allowing, _fail, _setup_logging

sources_app = typer.Typer(help="The news sources the daily run reads.", no_args_is_help=True)


@sources_app.command("list")
def sources_list(
    sources_file: Annotated[
        Path | None, typer.Option("--sources", help="Sources file (default: the shipped catalogue).")
    ] = None,
) -> None:
    """Show the configured sources. Example: newsdesk sources list"""
    from flows.sources import SourcesError, load_sources

    try:
        sources = load_sources(sources_file)
    except (SourcesError, OSError) as exc:
        raise _fail(str(exc)) from None
    for s in sources:
        flags = ("" if s.enabled else " [disabled]") + (f" [keywords: {len(s.keywords)}]" if s.keywords else "")
        delay = f" [min_delay {s.min_delay:g}s]" if s.min_delay else ""
        typer.echo(f"{s.source_id:<14} {s.name}{flags}{delay}")
        for doc in s.documents:
            typer.echo(f"{'':<14}   {doc}")


@sources_app.command("check")
def sources_check(
    sources_file: Annotated[
        Path | None, typer.Option("--sources", help="Sources file (default: the shipped catalogue).")
    ] = None,
    all_sources: Annotated[bool, typer.Option("--all", help="Include disabled sources.")] = False,
    allow_host: AllowHostOption = None,
) -> None:
    """Fetch each source's feeds and sitemaps once; report reachability, item count and newest item.

    Example: newsdesk sources check
    """
    _setup_logging(False)
    from flows.sources import SourcesError, check_sources, load_sources

    try:
        sources = [s for s in load_sources(sources_file) if s.enabled or all_sources]
    except (SourcesError, OSError) as exc:
        raise _fail(str(exc)) from None
    settings = _allowing(allow_host)
    checks = check_sources(sources, settings)
    typer.echo(f"{'source':<14} {'outcome':<18} {'items':>5} {'newest':<26} {'ms':>6}  document")
    for c in checks:
        typer.echo(f"{c.source_id:<14} {c.outcome:<18} {c.items:>5} {c.newest or '-':<26} {c.elapsed_ms:>6}  {c.url}")
        if c.error:
            typer.echo(f"{'':<14} └ {c.error}")
    if not any(c.outcome == "ok" for c in checks):
        raise typer.Exit(1)
