"""The ``newsdesk`` command line: each command parses options, calls one
library function or flow, prints, and turns known errors into one clear
message and a non-zero exit status.

Each command imports what it uses inside its own body: at module level there
is typer and the standard library only, so ``newsdesk --help`` starts in a
fraction of a second and ``newsdesk sql`` costs little more than DuckDB's own
import (tests/test_cli_imports.py holds every command to it).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from flows.events_cli import events_app
from warehouse import DEFAULT_DB, DEFAULT_QUERY_WAIT

if TYPE_CHECKING:
    from flows.config import Settings as _Settings
    from warehouse.query import Result
    from warehouse.questions import Question

T = TypeVar("T")
# Unusable lines of a URL list listed in the run summary (all of them are printed on stderr).
MAX_LISTED_PROBLEMS = 200


class _Newsdesk(typer.Typer):
    """The typer app, with one shortcut: plain `newsdesk sql …` runs without typer's option machinery.

    Typer builds a pydantic validator for each option of the command it runs, and importing
    pydantic costs more (0.1 s with bytecode cached, 0.3 s without) than the query; `_fast_sql`
    reads the common forms itself and hands anything else (--help, a mistake) to typer.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not args and not kwargs and (code := _fast_sql(sys.argv[1:])) is not None:
            sys.exit(code)
        return super().__call__(*args, **kwargs)


app = _Newsdesk(
    name="newsdesk",
    help="Ingest Chinese-language news about Chinese AI startups into a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rendering it with rich costs ~0.4 s of imports
)

DbOption = Annotated[
    Path,
    typer.Option("--db", envvar="NEWSDESK_DB", help="Warehouse file (DuckDB).", show_default=True),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Log progress and Prefect's task runs.")]
AllowHostOption = Annotated[
    list[str] | None,
    typer.Option("--allow-host", help="Host, IP or CIDR to fetch although private/loopback (repeatable)."),
]
TaskRunnerOption = Annotated[
    str, typer.Option("--task-runner", help="thread (default) or dask (scale-out; needs `uv sync --extra dask`).")
]
sources_app = typer.Typer(help="The news sources the daily run reads.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
spool_app = typer.Typer(help="Batches waiting to be loaded, and those set aside.", no_args_is_help=True)
app.add_typer(spool_app, name="spool")
entities_app = typer.Typer(help="The entity catalogue: validate it, find what it misses.", no_args_is_help=True)
app.add_typer(entities_app, name="entities")
app.add_typer(events_app, name="events")
CatalogueOption = Annotated[
    Path | None,
    typer.Option("--catalogue", envvar="NEWSDESK_CATALOGUE", help="Catalogue TOML (default: the shipped one)."),
]


def _load_catalogue(path: Path | None):
    from extractors.entities import CatalogueError, load_catalogue

    try:
        return load_catalogue(path)
    except (CatalogueError, OSError, ValueError) as exc:
        raise _fail(str(exc)) from None


DEMO_PORT = 8764
EXAMPLE_QUERIES = (
    "SELECT e.name, count(DISTINCT m.article_id) AS articles FROM mentions m JOIN entities e USING (entity_id) "
    "JOIN articles_unique USING (article_id) WHERE e.core GROUP BY e.name ORDER BY articles DESC",
    "SELECT a.title, d.url AS copy_url FROM articles d JOIN articles a ON d.duplicate_of = a.article_id",
)


def _setup_logging(verbose: bool) -> None:
    """Library code only logs; the CLI decides where it goes (stderr) and how much.

    Without -v, Prefect's own run logs are off: a run ends with newsdesk's summary, or with one
    sentence for an error the run was stopped by (Prefect would print its traceback first).
    An unexpected exception still reaches the user as Python's traceback.
    """
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("prefect").setLevel(logging.INFO if verbose else logging.CRITICAL)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "CRITICAL")


@contextmanager
def _progress_bar(label: str) -> Iterator[None]:
    """A progress bar on an interactive terminal; nothing in CI logs or pipes."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from flows import progress

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True) as bar:
        task_id = bar.add_task(label, total=0)

        def listen(event: str, amount: int) -> None:
            if event == "total":
                bar.update(task_id, total=(bar.tasks[0].total or 0) + amount)
            else:
                bar.advance(task_id, amount)

        with progress.listening(listen):
            yield


def _with_runner(flow_fn: Any, runner: str) -> Any:
    """The flow with the chosen task runner, or a clean exit saying why it cannot be used."""
    from flows.runners import RunnerUnavailable, make_task_runner

    if runner == "thread":
        return flow_fn
    try:
        return flow_fn.with_options(task_runner=make_task_runner(runner, Settings().dask_address))
    except RunnerUnavailable as exc:
        raise _fail(str(exc), 2) from None


def _run_flow(flow_fn: Any, runner: str, **params: Any) -> dict[str, Any]:
    """Run a pipeline flow with a progress bar; a warehouse that cannot be used ends it with one sentence."""
    from warehouse.exceptions import WarehouseError

    flow_fn = _with_runner(flow_fn, runner)
    try:
        with _progress_bar("fetching"):
            return flow_fn(**params)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None


def Settings(**overrides: Any) -> _Settings:
    """newsdesk's settings (:class:`flows.config.Settings`), imported by the first command that needs them.

    Importing the class loads pydantic and the extraction code (~1 s) that `sql`, `ask` and `--help`
    never use, so this stands in for it under the same name.
    """
    from flows.config import Settings as settings_class

    return settings_class(**overrides)


def _allowing(hosts: list[str] | None) -> _Settings:
    """Settings from the environment, with *hosts* added to the SSRF allow-list (--allow-host)."""
    settings = Settings()
    return settings.model_copy(update={"allow_hosts": [*settings.allow_hosts, *(hosts or [])]})


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def _since(value: str | None, parse: Callable[[str], T]) -> T | None:
    """A --since option parsed by *parse*; a usage error (exit 2) when it is not an ISO date."""
    try:
        return parse(value) if value else None
    except ValueError:
        raise _fail(f"--since must be an ISO date like 2026-11-01, not {value!r}", 2) from None


def _print_summary(result: dict[str, Any]) -> None:
    """Print a run's summary; a run whose every batch failed on an internal error exits 1, naming the error."""
    from flows.summary import RunSummary

    summary = RunSummary.from_dict(result)
    typer.echo(summary.render())
    if summary.status == "failed":
        errors = [f["error"] for f in summary.failures if f["outcome"] == "batch_error"]
        raise _fail(f"every batch of the run failed: {errors[0] if errors else 'see the summary above'}")


@app.command()
def demo(
    db: DbOption = DEFAULT_DB,
    port: Annotated[int, typer.Option(help="Port of the sample site on 127.0.0.1 (0: any free port).")] = DEMO_PORT,
    verbose: VerboseOption = False,
) -> None:
    """Run the whole pipeline against a bundled sample news site on 127.0.0.1.

    Starts the site (RSS feed, sitemap, ~10 Chinese articles in UTF-8, GBK and
    Big5), runs the `demo` Prefect flow on an ephemeral Prefect server, and
    prints what happened. Example: newsdesk demo --db /tmp/demo.duckdb
    """
    _setup_logging(verbose)
    from flows.demo.site import serve_demo_site
    from flows.ingest import demo_flow

    try:
        site_cm = serve_demo_site(port=port)
        site = site_cm.__enter__()
    except OSError:
        site_cm = serve_demo_site(port=0)
        site = site_cm.__enter__()
    try:
        typer.echo(
            f"sample site on {site.base} — running the demo flow (Prefect's server takes a few seconds to start)…",
            err=True,
        )
        # The sample site is ours and on loopback: allow it, and pace it lightly.
        options = {"allow_hosts": ["127.0.0.1"], "per_host_delay": 0.02}
        with _progress_bar("fetching"):
            result = demo_flow([site.feed_url, site.sitemap_url], db=str(db), options=options)
    finally:
        site_cm.__exit__(None, None, None)
    _print_summary(result)
    typer.echo(f"\nwarehouse: {db}\ntry:")
    for sql in EXAMPLE_QUERIES:
        typer.echo(f'  uv run newsdesk sql "{sql}"' + ("" if str(db) == str(DEFAULT_DB) else f" --db {db}"))


@app.command("import-seeds")
def import_seeds(
    path: Annotated[Path, typer.Argument(help="A folder of .txt files (first line is the title), or one file.")],
    db: DbOption = DEFAULT_DB,
    verbose: VerboseOption = False,
) -> None:
    """Import a plain-text corpus as articles with source `seed`; rerunning adds nothing.

    Example: newsdesk import-seeds ../shared/seeds
    """
    _setup_logging(verbose)
    if path.is_dir():
        files = sorted(str(p) for p in path.iterdir() if p.is_file() and p.suffix == ".txt")
    elif path.is_file():
        files = [str(path)]
    else:
        raise _fail(f"{path} does not exist")
    if not files:
        raise _fail(f"no .txt files in {path}")
    from flows.ingest import import_seeds_flow

    _print_summary(import_seeds_flow(files, db=str(db)))


@app.command()
def backfill(
    url_list: Annotated[str, typer.Argument(metavar="URLS_FILE", help="One URL per line; '-' reads standard input.")],
    db: DbOption = DEFAULT_DB,
    batch_size: Annotated[
        int | None, typer.Option(help="URLs per batch (default from NEWSDESK_BATCH_SIZE or 200).")
    ] = None,
    allow_host: AllowHostOption = None,
    task_runner: TaskRunnerOption = "thread",
    verbose: VerboseOption = False,
) -> None:
    """Fetch, extract, dedupe, tag and load the articles of a URL list.

    Blank lines and '#' comments are ignored; malformed lines are reported
    with their line numbers and skipped. URLs already in the warehouse are
    not fetched again. Example: newsdesk backfill urls.txt
    """
    _setup_logging(verbose)
    from extractors.urls import parse_url_list
    from flows.ingest import backfill_flow

    try:
        if url_list == "-":
            urls, problems = parse_url_list(sys.stdin)
        else:
            with open(url_list, encoding="utf-8-sig") as handle:
                urls, problems = parse_url_list(handle)
    except OSError as exc:
        raise _fail(f"cannot read {url_list}: {exc.strerror}") from None
    for problem in problems:
        typer.secho(
            f"{url_list}:{problem.line}: skipped {problem.text!r}: {problem.reason}", err=True, fg=typer.colors.YELLOW
        )
    if not urls:
        raise _fail("no usable URLs in the list")
    options: dict[str, Any] = {}
    if batch_size:
        options["batch_size"] = batch_size
    if allow_host:
        options["allow_hosts"] = _allowing(allow_host).allow_hosts
    lines = [f"line {p.line}: {p.text!r}: {p.reason}" for p in problems[:MAX_LISTED_PROBLEMS]]
    if len(problems) > MAX_LISTED_PROBLEMS:
        lines.append(f"… and {len(problems) - MAX_LISTED_PROBLEMS} more unusable lines")
    # The list goes to the flow as a file: Prefect refuses flow parameters over 512 kB (~5,000 URLs).
    with tempfile.TemporaryDirectory(prefix="newsdesk-backfill-") as tmp:
        listing = Path(tmp) / "urls.txt"
        listing.write_text("".join(f"{u}\n" for u in urls), encoding="utf-8")
        result = _run_flow(
            backfill_flow, task_runner, db=str(db), options=options, problems=lines, url_file=str(listing)
        )
    _print_summary(result)


@app.command()
def run(
    db: DbOption = DEFAULT_DB,
    since: Annotated[
        str | None,
        typer.Option(
            help="Skip items stating a publication time before this ISO date or time, read in Asia/Shanghai "
            "(default: NEWSDESK_LOOKBACK_DAYS, 7 days, ago). Items already in the warehouse are never fetched again."
        ),
    ] = None,
    source: Annotated[list[str] | None, typer.Option("--source", help="Only this source id (repeatable).")] = None,
    sources_file: Annotated[
        Path | None, typer.Option("--sources", help="Sources file (default: the shipped catalogue).")
    ] = None,
    task_runner: TaskRunnerOption = "thread",
    verbose: VerboseOption = False,
) -> None:
    """The daily job: discover from every enabled source, fetch the new articles, and load them.

    One failing source never fails the run; the summary lists it.
    Example: newsdesk run --since 2026-11-20
    """
    _setup_logging(verbose)
    from flows.ingest import daily_flow

    _since(since, datetime.fromisoformat)
    options: dict[str, Any] = {"sources": str(sources_file)} if sources_file else {}
    result = _run_flow(daily_flow, task_runner, db=str(db), options=options, since=since, only=source)
    _print_summary(result)


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


def _spool_dir(db: Path) -> Path:
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


@app.command()
def serve(
    cron: Annotated[
        str | None, typer.Option(help="Daily schedule (cron); default NEWSDESK_SCHEDULE_CRON or 0 6 * * *.")
    ] = None,
    timezone: Annotated[str | None, typer.Option(help="Time zone of the schedule; default Asia/Shanghai.")] = None,
    verbose: VerboseOption = False,
) -> None:
    """Serve the scheduled daily deployment and the backfill deployment until interrupted.

    Trigger either with `prefect deployment run daily/newsdesk-daily` or
    `prefect deployment run backfill/newsdesk-backfill --param urls='[...]'`.
    Point PREFECT_API_URL at your Prefect server; without it an ephemeral one
    is started. Example: newsdesk serve --cron "30 7 * * *"
    """
    _setup_logging(verbose)
    os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"  # a service should say what it does
    from flows.deployments import serve_deployments

    overrides = {k: v for k, v in {"schedule_cron": cron, "schedule_timezone": timezone}.items() if v}
    serve_deployments(Settings(**overrides))


@app.command()
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


@app.command()
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
    catalogue: CatalogueOption = None,
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
        found = discover_entities(db, _load_catalogue(catalogue), since=since, limit=limit)
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


@app.command()
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


@app.command()
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


@app.command()
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


@app.command()
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


@app.command("import-warc")
def import_warc(
    path: Annotated[Path, typer.Argument(metavar="FILE.warc.gz", help="A WARC file (gzipped or not).")],
    db: DbOption = DEFAULT_DB,
    verbose: VerboseOption = False,
) -> None:
    """Ingest the HTML responses of a WARC file (e.g. a Common Crawl news extract) through the pipeline.

    Example: newsdesk import-warc CC-NEWS-20261101.warc.gz
    """
    _setup_logging(verbose)
    if not path.is_file():
        raise _fail(f"{path} does not exist")
    from flows.ingest import import_warc_flow

    _print_summary(import_warc_flow(str(path), db=str(db)))


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(metavar="PATH_OR_URL...", help="HTML files or http(s) URLs.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per input, one per line.")] = False,
    allow_host: AllowHostOption = None,
) -> None:
    """Extract articles from HTML files or URLs and print them; the warehouse is not touched.

    Example: newsdesk extract page.html https://example.com/news/1.html --json
    """
    _setup_logging(False)
    from extractors.article import extract_article
    from extractors.charset import decode_html
    from flows.http.fetch import fetch_batch

    urls = [i for i in inputs if i.startswith(("http://", "https://"))]
    settings = _allowing(allow_host)
    fetched = {r.url: r for r in fetch_batch(urls, settings)} if urls else {}
    failed = False
    for item in inputs:
        error, article = None, None
        if item in fetched:
            result = fetched[item]
            if result.ok and result.body is not None:
                # a live fetch: relative dates (昨天, 3小时前) count back from its time
                article = extract_article(
                    decode_html(result.body, result.content_type).text, result.final_url or item, result.fetched_at
                )
            else:
                error = f"{result.outcome}: {result.error}"
        else:
            try:
                article = extract_article(decode_html(Path(item).read_bytes()).text, None)
            except OSError as exc:
                error = f"cannot read: {exc.strerror}"
        if article is None and error is None:
            error = "no_article: no article text found"
        failed |= error is not None
        if as_json:
            payload = {"input": item, **article.as_dict()} if article else {"input": item, "error": error}
            typer.echo(json.dumps(payload, ensure_ascii=False))
        elif article:
            byline = " ".join(filter(None, (article.published, article.author, article.sitename)))
            typer.echo(f"== {item}\n{article.title}\n{byline} [{article.lang}/{article.script}]\n\n{article.text}\n")
        else:
            typer.secho(f"== {item}: {error}", err=True, fg=typer.colors.YELLOW)
    if failed:
        raise typer.Exit(1)


FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="How results are printed: table, csv, json or markdown.")
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", metavar="FILE", help="Write the result to FILE.parquet, FILE.csv or FILE.json instead."
    ),
]
WaitOption = Annotated[
    float,
    typer.Option(help="Seconds to wait for a run's load to release the warehouse before giving up."),
]
# The parameters `ask` has options of their own for; a question's others are given as -p NAME=VALUE.
ASK_OPTIONS = ("company", "since", "limit")


def _check_output(fmt: str, out: Path | None) -> None:
    """Refuse a bad --format or --out before anything runs (usage errors, exit status 2)."""
    from warehouse.query import FORMATS, OUT_FORMATS

    if fmt not in FORMATS:
        raise _fail(f"--format must be one of {', '.join(FORMATS)}", 2)
    if out is not None and out.suffix.lower() not in OUT_FORMATS:
        raise _fail(f"--out must end in {', '.join(OUT_FORMATS)}, not {out.name!r}", 2)


def _emit(result: Result, fmt: str, out: Path | None) -> None:
    """Print a result, or write it to --out and say so."""
    from warehouse.query import format_result, write_result

    if out is None:
        typer.echo(format_result(result, fmt))
        return
    try:
        write_result(result, out)
    except (OSError, ValueError) as exc:
        raise _fail(f"cannot write {out}: {exc}") from None
    typer.echo(f"wrote {len(result.rows)} row{'s' if len(result.rows) != 1 else ''} to {out}")


@app.command()
def sql(
    query: Annotated[
        str | None,
        typer.Argument(metavar="SQL", help="SELECT or EXPLAIN SELECT statement(s); without one, a shell opens."),
    ] = None,
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = "table",
    out: OutOption = None,
    allow_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--allow-files",
            metavar="DIR",
            help="Let the query read (never write) files under DIR, e.g. read_csv('DIR/x.csv') (repeatable).",
        ),
    ] = None,
    wait: WaitOption = DEFAULT_QUERY_WAIT,
) -> None:
    """Run read-only SQL against the warehouse; statements that would write are refused.

    The query sees the warehouse only: no other file is readable unless its
    directory is named with --allow-files, and nothing is ever written. While a
    run is loading, the query waits for it (up to --wait seconds).

    Without a statement, a read-only shell opens: statements end with ';' and
    may span lines, and .tables, .schema NAME, .format, .timer, .help and .quit
    work; from a pipe, the statements it reads run in order.

    Example: newsdesk sql "SELECT source, count(*) FROM articles GROUP BY source" --format csv
    """
    _sql(query, db, fmt, out, allow_files or [], wait)


def _sql(query: str | None, db: Path, fmt: str, out: Path | None, allow_files: list[Path], wait: float) -> None:
    """`newsdesk sql`, whether typer or `_fast_sql` read the command line."""
    from warehouse.connection import say_waiting
    from warehouse.exceptions import NoWarehouse, WarehouseError
    from warehouse.query import run_query

    _check_output(fmt, out)
    for directory in allow_files:
        if not directory.is_dir():
            raise _fail(f"--allow-files {directory}: no such directory", 2)
    if query is None:
        if out is not None:
            raise _fail('--out needs a statement: newsdesk sql "SELECT …" --out FILE', 2)
        if not db.exists():
            raise _fail(str(NoWarehouse(db)))
        _shell(db, allow_files, wait, fmt)
        return
    try:
        result = run_query(db, query, readable_dirs=allow_files, wait=wait, on_wait=say_waiting)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    _emit(result, fmt, out)


# The options `_fast_sql` reads, by spelling → (name, repeatable); anything else goes to typer.
_SQL_OPTIONS = {
    "--db": ("db", False),
    "--format": ("fmt", False),
    "-f": ("fmt", False),
    "--out": ("out", False),
    "-o": ("out", False),
    "--allow-files": ("allow_files", True),
    "--wait": ("wait", False),
}


def _fast_sql(argv: list[str]) -> int | None:
    """Run `newsdesk sql` from *argv* without typer; None (nothing done) for any form it does not read.

    It reads what typer would: at most one statement, and --db (else NEWSDESK_DB, else the
    default), --format/-f, --out/-o, --allow-files (repeatable) and --wait, as `--opt value`
    or `--opt=value`. Any other token starting with '-' (--help, a typo, `--`) returns None,
    and typer parses the command line and answers as usual.
    """
    if argv[:1] != ["sql"]:
        return None
    values: dict[str, Any] = {"allow_files": []}
    query: str | None = None
    rest = iter(argv[1:])
    for token in rest:
        if token.startswith("-"):
            spelling, eq, value = token.partition("=")
            if spelling not in _SQL_OPTIONS or (eq and not spelling.startswith("--")):  # click reads -f=x as "=x"
                return None
            name, repeatable = _SQL_OPTIONS[spelling]
            if not eq:
                value = next(rest, None)
                if value is None:
                    return None
            if repeatable:
                values[name].append(Path(value))
            elif name in values:
                return None
            else:
                values[name] = value
        elif query is None:
            query = token
        else:
            return None
    try:
        wait = float(values.get("wait", DEFAULT_QUERY_WAIT))
    except ValueError:
        return None
    from warehouse.connection import default_path

    db = Path(values["db"]) if values.get("db") else default_path()
    out = Path(values["out"]) if "out" in values else None
    try:
        _sql(query, db, values.get("fmt", "table"), out, values["allow_files"], wait)
    except typer.Exit as exc:
        return exc.exit_code
    return 0


def _shell(db: Path, readable_dirs: list[Path], wait: float, fmt: str) -> None:
    """The shell on a terminal; a script's statements, in order, from a pipe (exit status 1 if one failed)."""
    from flows.shell import Shell, interactive
    from warehouse.connection import say_waiting

    shell = Shell(db, readable_dirs, wait=wait, on_wait=say_waiting, fmt=fmt)
    if sys.stdin.isatty():
        interactive(shell)
    elif shell.run(sys.stdin):
        raise typer.Exit(1)


@app.command()
def ask(
    question: Annotated[
        str | None, typer.Argument(metavar="QUESTION", help="A question's name; without one, the list.")
    ] = None,
    company: Annotated[
        str | None, typer.Option(help="A company: entity_id, name, English name or alias (zhipu, 智谱AI, Kimi).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="First Beijing day, an ISO date (default: the last 7 days).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Rows per company, for the questions that rank.")] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", metavar="NAME=VALUE", help="Another parameter of the question (repeatable)."),
    ] = None,
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = "table",
    out: OutOption = None,
    wait: WaitOption = DEFAULT_QUERY_WAIT,
) -> None:
    """Answer one of the questions asked every week; without a name, list them and their parameters.

    Each question is a SQL file in warehouse/questions/, readable and reusable
    from a notebook (warehouse.questions); it runs read-only, like `newsdesk sql`.

    Example: newsdesk ask top_stories --company zhipu --since 2026-11-16
    """
    from warehouse import questions
    from warehouse.connection import say_waiting
    from warehouse.exceptions import WarehouseError

    if question is None:
        _list_questions(questions.all_questions())
        return
    _check_output(fmt, out)
    values: dict[str, Any] = {"company": company, "since": _since(since, _iso_day), "limit": limit}
    values = {name: value for name, value in values.items() if value is not None}
    for item in param or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise _fail(f"--param takes NAME=VALUE, not {item!r}", 2)
        values[name.strip()] = value
    try:
        result = questions.ask(db, question, values, wait=wait, on_wait=say_waiting)
    except (questions.UnknownQuestion, questions.UnknownParameter) as exc:
        raise _fail(str(exc), 2) from None
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    _emit(result, fmt, out)
    if company and not result.rows:
        typer.secho(
            f'no rows: is {company!r} an entity? `newsdesk sql "SELECT entity_id, name FROM entities"` lists them',
            err=True,
            fg=typer.colors.YELLOW,
        )


def _iso_day(text: str) -> str:
    """An ISO date, checked and passed on as text (the question's SQL casts it)."""
    from datetime import date

    return date.fromisoformat(text).isoformat()


def _list_questions(found: list[Question]) -> None:
    """Each question's name and summary, then its parameters as the options that set them."""
    for q in found:
        typer.echo(f"{q.name:<14} {q.summary}")
        for p in q.parameters:
            flag = f"--{p.name}" if p.name in ASK_OPTIONS else f"-p {p.name}=…"
            typer.echo(f"{'':<16}{flag:<12} {p.help}")
    typer.echo("\nRun one: newsdesk ask NAME [--company …] [--since YYYY-MM-DD] [--format markdown] [--out FILE]")


def main() -> None:  # pragma: no cover - console entry point
    app()
