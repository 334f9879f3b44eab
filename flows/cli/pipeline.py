"""The commands that run the pipeline: ``demo``, ``import-seeds``, ``backfill``, ``run``, ``import-warc``
and ``serve`` (the deployments); each runs one flow with a progress bar and prints the run's summary.

Plain functions: :mod:`flows.cli` registers them as commands, in the order ``newsdesk --help`` lists them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from flows.cli.common import (
    AllowHostOption,
    DbOption,
    Settings,
    TaskRunnerOption,
    VerboseOption,
    _allowing,
    _fail,
    _setup_logging,
    _since,
)
from warehouse import DEFAULT_DB

# Unusable lines of a URL list listed in the run summary (all of them are printed on stderr).
MAX_LISTED_PROBLEMS = 200
DEMO_PORT = 8764
EXAMPLE_QUERIES = (
    "SELECT e.name, count(DISTINCT m.article_id) AS articles FROM mentions m JOIN entities e USING (entity_id) "
    "JOIN articles_unique USING (article_id) WHERE e.core GROUP BY e.name ORDER BY articles DESC",
    "SELECT a.title, d.url AS copy_url FROM articles d JOIN articles a ON d.duplicate_of = a.article_id",
)


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


def _run_flow(flow_fn: Any, runner: str = "thread", label: str = "fetching", **params: Any) -> dict[str, Any]:
    """Run a pipeline flow in this process, with a progress bar; a warehouse that cannot be used ends it with one
    sentence."""
    from flows.local import local_runs
    from warehouse.exceptions import WarehouseError

    flow_fn = _with_runner(flow_fn, runner)
    try:
        with _progress_bar(label), local_runs():
            return flow_fn(**params)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None


def _print_summary(result: dict[str, Any]) -> None:
    """Print a run's summary; a run whose every batch failed on an internal error exits 1, naming the error."""
    from flows.summary import RunSummary

    summary = RunSummary.from_dict(result)
    typer.echo(summary.render())
    if summary.status == "failed":
        errors = [f["error"] for f in summary.failures if f["outcome"] == "batch_error"]
        raise _fail(f"every batch of the run failed: {errors[0] if errors else 'see the summary above'}")


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
        result = _run_flow(demo_flow, feed_urls=[site.feed_url, site.sitemap_url], db=str(db), options=options)
    finally:
        site_cm.__exit__(None, None, None)
    _print_summary(result)
    typer.echo(f"\nwarehouse: {db}\ntry:")
    for sql in EXAMPLE_QUERIES:
        typer.echo(f'  uv run newsdesk sql "{sql}"' + ("" if str(db) == str(DEFAULT_DB) else f" --db {db}"))


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

    _print_summary(_run_flow(import_seeds_flow, label="importing", paths=files, db=str(db)))


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

    _print_summary(_run_flow(import_warc_flow, label="importing", path=str(path), db=str(db)))


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
