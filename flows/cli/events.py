"""``newsdesk events``: extract AI-industry events from text, list them from the warehouse, rebuild them.

Each command imports only what it uses: ``events list`` is a query and loads no extractor.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from flows.cli.common import DbOption, _fail
from warehouse import DEFAULT_DB

events_app = typer.Typer(help="AI-industry events: funding rounds and launches.", no_args_is_help=True)

EVENT_TYPES = ("funding", "launch")


@events_app.command("extract")
def events_extract(
    source: Annotated[str, typer.Argument(metavar="FILE.jsonl", help='Lines {"id": …, "text": …}; "-" reads stdin.')],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per input line (the only format).")] = True,
) -> None:
    """Print the events each text reports, one JSON line per input line, values as written in the text.

    Each output line is {"id": …, "events": [{"type", "company", "round", "amount", "investors",
    "lead_investors", "product", "date", …normalised fields}]}; a line that cannot be read gives
    {"id": …, "error": …} and the exit status is 1. Example: newsdesk events extract texts.jsonl --json
    """
    from extractors.events import extract_events
    from flows.config import Settings
    from flows.processing import catalogue_for

    catalogue = catalogue_for(Settings().catalogue)
    try:
        lines = sys.stdin if source == "-" else open(source, encoding="utf-8-sig")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise _fail(f"cannot read {source}: {exc.strerror}") from None
    failed = False
    with lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            item: Any = None
            try:
                item = json.loads(line)
                text = item["text"]
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
            except (ValueError, KeyError, TypeError) as exc:
                failed = True
                ident = item.get("id") if isinstance(item, dict) else None
                typer.echo(json.dumps({"id": ident, "error": f"line {number}: {type(exc).__name__}: {exc}"}))
                continue
            found = extract_events(text, catalogue.tag(text), catalogue=catalogue)
            record = {"id": item.get("id"), "events": [e.to_record() for e in found]}
            typer.echo(json.dumps(record, ensure_ascii=False))
    if failed:
        raise typer.Exit(1)


@events_app.command("list")
def events_list(
    db: DbOption = DEFAULT_DB,
    company: Annotated[str | None, typer.Option(help="Entity id or name (e.g. zhipu, 智谱AI).")] = None,
    since: Annotated[str | None, typer.Option(help="First reported on or after this ISO date (Beijing).")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="funding or launch.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, json or markdown.")] = "table",
) -> None:
    """The events in the warehouse, newest first (from the company_timeline view).

    Example: newsdesk events list --company moonshot --type funding --since 2024-01-01
    """
    from datetime import date

    from warehouse.coverage import event_timeline
    from warehouse.exceptions import WarehouseError
    from warehouse.query import format_result

    if type_ is not None and type_ not in EVENT_TYPES:
        raise _fail(f"--type must be one of {', '.join(EVENT_TYPES)}, not {type_!r}", 2)
    try:
        day = date.fromisoformat(since).isoformat() if since else None
    except ValueError:
        raise _fail(f"--since must be an ISO date like 2026-11-01, not {since!r}", 2) from None
    try:
        result = event_timeline(db, company=company, since=day, type_=type_)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    typer.echo(format_result(result, fmt))


@events_app.command("rebuild")
def events_rebuild(db: DbOption = DEFAULT_DB) -> None:
    """Re-derive every article's events from its stored text and mentions (after an extractor upgrade).

    Rerunning gives the same rows. Example: newsdesk events rebuild
    """
    from flows.config import Settings
    from flows.maintenance import rebuild_events
    from flows.processing import catalogue_for
    from warehouse.exceptions import WarehouseError

    try:
        report = rebuild_events(db, catalogue_for(Settings().catalogue))
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"{report.articles} articles: {report.event_mentions} event mentions, {report.events} events")
