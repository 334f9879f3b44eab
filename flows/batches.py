"""Batches: the per-batch tasks and the pipeline that keeps fetching, processing and loading busy at once.

Per batch of URLs: fetch → archive + extract/normalise/fingerprint/tag →
spool → load. Tasks are batch-sized (Prefect costs ~20 ms per task run, so
per-URL tasks would cost more than the work) and keep no DuckDB connection
between them; a failing batch is recorded and skipped — it never fails the run.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import allow_failure, opaque

from extractors.pipeline import entity_rows
from extractors.urls import InvalidURL, canonical_url
from flows import progress
from flows.config import Settings
from flows.discovery import host_delays, sources_for
from flows.http.fetch import FetchResult, fetch_batch
from flows.processing import MIN_PAGES_FOR_POOL, ChunkContext, catalogue_for, process_results, start_pool
from flows.summary import RunSummary
from warehouse.exceptions import NoWarehouse, WarehouseError, WarehouseLocked
from warehouse.loader import LoadReport
from warehouse.spool import Batch, write_batch

logger = logging.getLogger(__name__)


def batched(items: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def batch_name(summary: RunSummary, index: int | str) -> str:
    label = f"{index:06d}" if isinstance(index, int) else index
    return f"{summary.started_at:%Y%m%dT%H%M%S}-{summary.run_id[:8]}-{label}"


class KnownURLsUnreadable(WarehouseError):
    """The warehouse could not be read to tell which URLs it already has: the run stops rather than refetch them all."""


@task(name="known-urls", cache_policy=NO_CACHE)
def known_urls(urls: list[str], settings: Settings) -> set[str]:
    """The URLs of *urls* (as given) not to fetch again: already stored under their canonical form,
    or requested before and led to a stored article (a URL that redirects to another is stored under the other).

    Waits up to ``lock_wait`` for a busy warehouse (a loader, an analyst's session).

    Raises:
        KnownURLsUnreadable: the warehouse stayed locked or cannot be read.
    """
    canon: dict[str, str] = {}
    for url in urls:
        try:
            canon[url] = canonical_url(url, settings.mobile_hosts)
        except InvalidURL:
            continue  # fetching reports it as invalid_url
    try:
        known = settings.warehouse().stored_urls(canon.values(), canon)
    except NoWarehouse:
        return set()
    except WarehouseError as exc:
        raise KnownURLsUnreadable(
            f"cannot tell which URLs the warehouse already has, so nothing was fetched: {exc}"
        ) from None
    return {url for url, key in canon.items() if key in known or url in known}


@task(name="fetch", cache_policy=NO_CACHE)
def fetch_pages(urls: list[str], settings: Settings, source_of: dict[str, str] | None = None) -> list[FetchResult]:
    """Fetch one batch of pages concurrently and politely."""
    wanted = set((source_of or {}).values())
    delays = host_delays([s for s in sources_for(settings) if s.source_id in wanted]) if wanted else {}
    return fetch_batch(
        urls, settings, source_of=source_of, host_delays=delays, on_result=lambda _: progress.report("advance")
    )


@task(name="process", cache_policy=NO_CACHE)
def process_pages(
    results: list[FetchResult],
    settings: Settings,
    run_id: str,
    name: str,
    archive: bool = True,
    with_entities: bool = False,
) -> list[FetchResult]:
    """Archive raw bodies, extract, normalise, fingerprint and tag each page (on all cores), then spool the batch.

    Spooled here rather than in a task of its own: the rows never travel back
    through the flow, and Prefect's per-task-run cost is paid twice a batch,
    not three times. Returns each page's final outcome.
    """
    context = ChunkContext(run_id, settings.catalogue, settings.mobile_hosts, settings.relevance,
                           settings.archive_dir if archive else None, name)  # fmt: skip
    done = process_results(results, workers=settings.workers, context=context)
    batch = Batch(name)
    for table, text in done.lines.items():
        batch.add_serialised(table, text)
    if with_entities:
        batch.add("entities", entity_rows(catalogue_for(settings.catalogue)))
    write_batch(settings.spool_dir, batch)
    return done.results


@task(name="spool", cache_policy=NO_CACHE)
def spool(batch: Batch, settings: Settings) -> Path:
    """Write the batch durably before the warehouse is touched."""
    return write_batch(settings.spool_dir, batch)


@dataclass(frozen=True)
class LoadOutcome:
    """What one load did: a report per transaction, or the lock that stopped it; and how long it took."""

    reports: list[LoadReport] = field(default_factory=list)
    locked: str | None = None
    seconds: float = 0.0


@task(name="load", cache_policy=NO_CACHE)
def load(settings: Settings) -> LoadOutcome:
    """Load every spooled batch; on a lock, leave them for later and say so.

    Returns what happened instead of writing it into the run's summary: under a
    distributed task runner the task runs in another process.
    """
    started = time.perf_counter()
    try:
        reports = settings.warehouse().load_spool(settings.spool_dir)
    except WarehouseLocked as exc:
        return LoadOutcome(locked=str(exc))
    return LoadOutcome(reports, seconds=time.perf_counter() - started)  # open, transactions, checkpoint on close


def record_load(summary: RunSummary, outcome: LoadOutcome) -> None:
    """Count a load's outcome in the run's summary."""
    summary.last_load = time.monotonic()
    if outcome.locked:
        summary.warehouse_message = outcome.locked
        return
    summary.load_seconds += outcome.seconds
    summary.warehouse_message = None
    for report in outcome.reports:
        summary.record_load(report, own=all(f"-{summary.run_id[:8]}-" in b for b in report.batches))


@dataclass
class BackgroundLoads:
    """Loads run beside fetching and extraction, one at a time, in the flow's own process.

    DuckDB has one writer per file, so whatever task runner the flow uses (threads, or a
    Dask cluster whose workers may sit on other machines), loads run on a one-thread runner
    of their own here: the process that checks known URLs and writes the run's record is the
    only one that ever opens the warehouse read-write. Use as a context manager; leaving it
    waits for the load in flight.
    """

    summary: RunSummary
    pending: PrefectFuture | None = None
    runner: ThreadPoolTaskRunner = field(default_factory=lambda: ThreadPoolTaskRunner(max_workers=1))

    def __enter__(self) -> BackgroundLoads:
        self.runner.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            if exc_info[0] is None:
                self.wait()
        finally:
            self.runner.__exit__(*exc_info)

    def _busy(self) -> bool:
        return self.pending is not None and not self.pending.state.is_final()

    def start_if_due(self, settings: Settings, *, ending: bool = False) -> None:
        """Load the spool in the background when the last load is done and ``load_interval`` has passed.

        *ending*: the run's last batch is on its way. What is still unloaded when
        the run ends is loaded while the user waits, so from here on a load starts
        as soon as the last one is done.
        """
        if self._busy() or (not ending and time.monotonic() - self.summary.last_load < settings.load_interval):
            return
        self.wait()
        self.summary.last_load = time.monotonic()  # also marks the load as started: no second one before it ends
        self.pending = self.runner.submit(load, {"settings": settings})

    def wait(self) -> None:
        """Wait for the load in flight and count it; its failure (other than a lock, which it reports) is the run's."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            record_load(self.summary, pending.result())


def ingest_urls(
    urls: Sequence[str], settings: Settings, summary: RunSummary, source_of: dict[str, str] | None = None
) -> None:
    known = known_urls(opaque(list(urls)), settings)
    todo = [u for u in urls if u not in known]
    summary.skipped_known += len(urls) - len(todo)
    progress.report("total", len(todo))
    if len(todo) >= MIN_PAGES_FOR_POOL:
        start_pool(settings.workers, settings.catalogue)  # workers warm up while the first batch is fetched
    in_flight: deque[tuple[list[str], str, PrefectFuture]] = deque()
    fetched: PrefectFuture | None = None
    batches = list(batched(todo, settings.batch_size))
    with BackgroundLoads(summary) as loads:  # waits for the last background load; the final one (finish_run) follows
        for index, chunk in enumerate(batches):
            summary.batches += 1
            name = batch_name(summary, index)
            sources = {u: source_of[u] for u in chunk if u in source_of} if source_of else None
            # One batch is fetched at a time, while earlier ones are processed: each fetch has its own
            # per-host gates, so two at once would visit a host twice as often as per_host_delay allows.
            after = [allow_failure(fetched)] if fetched is not None else None
            fetched = fetch_pages.submit(chunk, settings, sources, wait_for=after)
            # the future itself, not opaque(future): Prefect's Dask runner passes annotations on as plain tuples
            processed = process_pages.submit(fetched, settings, summary.run_id, name, with_entities=index == 0)
            in_flight.append((chunk, name, processed))
            if len(in_flight) >= settings.pipeline_depth:
                complete_batch(*in_flight.popleft(), settings, summary, loads, ending=index == len(batches) - 1)
        while in_flight:
            complete_batch(*in_flight.popleft(), settings, summary, loads, ending=True)


def complete_batch(
    chunk: list[str],
    name: str,
    future: PrefectFuture,
    settings: Settings,
    summary: RunSummary,
    loads: BackgroundLoads,
    ending: bool = False,
) -> None:
    """Wait for one batch (processed and spooled), count it, and load what the spool holds."""
    try:
        results = future.result()
    except Exception as exc:  # a broken batch is recorded, the run goes on
        logger.exception("batch %s failed", name)
        summary.batches_failed += 1
        for url in chunk:
            summary.record_outcome(url, "batch_error", f"{type(exc).__name__}: {exc}")
        return
    for result in results:
        summary.record_outcome(result.url, result.outcome, result.error)
        summary.fetched += result.outcome in ("ok", "no_article", "off_topic")
        summary.extracted += result.ok
    logger.info("batch %s: %d urls, %d extracted", name, len(chunk), sum(r.ok for r in results))
    # if no load starts now, the batch waits in the spool for the next one (at the latest, _finish's)
    loads.start_if_due(settings, ending=ending)
