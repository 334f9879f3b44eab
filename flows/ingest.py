"""The ingestion flows: ``daily``, ``demo``, ``backfill`` and ``import-seeds``.

Each flow reads like a table of contents. Per batch of URLs:
fetch → archive + extract/normalise/fingerprint/tag → spool → load.
Tasks are batch-sized (Prefect costs ~20 ms per task run, so per-URL tasks
would cost more than the work), keep no DuckDB connection between them, and
a failing batch is recorded and skipped — it never fails the run.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from prefect import flow, task, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import allow_failure, opaque

from extractors.entities import Catalogue
from extractors.feeds import FeedError, Link, parse_links
from extractors.pipeline import process_plain_text
from extractors.urls import InvalidURL, canonical_url, parse_url_list, url_host
from flows import progress
from flows.archive import read_responses
from flows.config import Settings
from flows.fetch import FetchResult, fetch_batch
from flows.loading import load_spool_for
from flows.processing import (
    MIN_PAGES_FOR_POOL,
    ChunkContext,
    catalogue_for,
    fetch_row,
    process_results,
    start_pool,
)
from flows.remote import guard_remote_run
from flows.sources import Source, load_sources
from flows.summary import RunSummary
from warehouse.exceptions import NoWarehouse, WarehouseError, WarehouseLocked
from warehouse.loader import LoadReport
from warehouse.query import run_query
from warehouse.spool import Batch, discard_partial, pending_batches, write_batch

logger = logging.getLogger(__name__)
# Dates a user types (--since) are Beijing dates, as the warehouse's days are.
BEIJING = ZoneInfo("Asia/Shanghai")


# ── helpers ────────────────────────────────────────────────────────────────


def _batched(items: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _settings(db: str | None, options: dict[str, Any] | None) -> Settings:
    values = dict(options or {})
    if db:
        values["db"] = db
    return Settings(**values)


def _run_id() -> str:
    from prefect.runtime import flow_run

    return str(flow_run.id or uuid.uuid4())


def _batch_name(summary: RunSummary, index: int | str) -> str:
    label = f"{index:06d}" if isinstance(index, int) else index
    return f"{summary.started_at:%Y%m%dT%H%M%S}-{summary.run_id[:8]}-{label}"


def entity_rows(catalogue: Catalogue) -> list[dict[str, Any]]:
    """The catalogue as ``entities`` rows (loaded with every run, replaced by retag)."""
    return [
        {
            "entity_id": e.entity_id,
            "name": e.name,
            "kind": e.kind,
            "parent_id": e.parent_id,
            "core": e.core,
            "english": list(e.english),
            "aliases": list(e.aliases + e.ambiguous),
            "catalogue_version": catalogue.version,
        }
        for e in catalogue.entities
    ]


# ── tasks ──────────────────────────────────────────────────────────────────


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
    sql = """SELECT canonical_url FROM articles WHERE canonical_url IN (SELECT unnest(?))
             UNION
             SELECT f.url FROM fetches f JOIN articles a USING (article_id)
             WHERE f.url IN (SELECT unnest(?))"""
    try:
        found = run_query(settings.db, sql, [sorted(set(canon.values())), sorted(canon)], wait=settings.lock_wait)
    except NoWarehouse:
        return set()
    except WarehouseError as exc:
        raise KnownURLsUnreadable(
            f"cannot tell which URLs the warehouse already has, so nothing was fetched: {exc}"
        ) from None
    known = {row[0] for row in found.rows}
    return {url for url, key in canon.items() if key in known or url in known}


@dataclass
class Discovery:
    """What the sources list today: article URLs, and how each source fared."""

    urls: list[str] = field(default_factory=list)
    source_of: dict[str, str] = field(default_factory=dict)
    fetches: list[FetchResult] = field(default_factory=list)
    per_source: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _validators(urls: list[str], settings: Settings) -> dict[str, tuple[str | None, str | None]]:
    """ETag / Last-Modified last seen for *urls*, for conditional GET."""
    sql = """SELECT url, arg_max(etag, fetched_at), arg_max(last_modified, fetched_at) FROM fetches
             WHERE url IN (SELECT unnest(?)) AND outcome = 'ok' AND (etag IS NOT NULL OR last_modified IS NOT NULL)
             GROUP BY url"""
    try:
        return {u: (e, m) for u, e, m in run_query(settings.db, sql, [urls], wait=2.0).rows}
    except WarehouseError:
        return {}


# Outcomes worth another try on the next run (the others are permanent).
RETRYABLE = ("timeout", "connection_error", "rate_limited", "batch_error", "http_error_5xx")
# How many runs may try a URL before it is left alone.
MAX_TRIES = 3


def retry_candidates(settings: Settings, documents: Sequence[str]) -> dict[str, str | None]:
    """Article URLs whose last fetch failed transiently, within the lookback window → their source.

    Feeds answer 304 once their items were seen, so without this a page that
    timed out would never be tried again.
    """
    sql = f"""
        SELECT url, arg_max(source_id, fetched_at) FROM fetches
        WHERE fetched_at > now() - INTERVAL '{float(settings.lookback_days) * 24} hours'
          AND url NOT IN (SELECT unnest(?))
        GROUP BY url
        HAVING bool_and(article_id IS NULL)
           AND arg_max(CASE WHEN outcome = 'http_error' AND status >= 500 THEN 'http_error_5xx' ELSE outcome END, fetched_at)
               IN {RETRYABLE}
           AND count(*) < {MAX_TRIES}"""
    try:
        return dict(run_query(settings.db, sql, [list(documents)], wait=2.0).rows)
    except WarehouseError:
        return {}


def _host_delays(sources: Sequence[Source]) -> dict[str, float]:
    return {url_host(doc): s.min_delay for s in sources if s.min_delay for doc in s.documents}


def _source_stats(error: str | None = None) -> dict[str, Any]:
    """A source's row in the run summary, before anything was fetched."""
    counts = ("documents", "documents_failed", "not_modified", "links", "new_links")
    return {**dict.fromkeys(counts, 0), "error": error}


@task(name="discover", cache_policy=NO_CACHE)
def discover(sources: list[Source], settings: Settings, since: datetime | None) -> Discovery:
    """Fetch every source's feeds and sitemaps (following sitemap indexes) and list new article links.

    A source whose documents all fail is reported, never raised: the other sources go on.
    """
    found = Discovery()
    links: dict[str, tuple[Link, str]] = {}
    owner = {doc: s.source_id for s in sources for doc in s.documents}
    by_id = {s.source_id: s for s in sources}
    for s in sources:
        found.per_source[s.source_id] = _source_stats()
    queue, seen_docs, depth = list(owner), set(), 0
    while queue and depth < 3:  # feeds → sitemap index → sitemaps; deeper nesting is a loop
        docs = [u for u in queue if u not in seen_docs]
        seen_docs.update(docs)
        queue, depth = [], depth + 1
        results = fetch_batch(
            docs, settings, html_only=False, source_of=owner, validators=_validators(docs, settings),
            host_delays=_host_delays(sources),
        )  # fmt: skip
        for result in results:
            source_id = owner[result.url]
            stats = found.per_source[source_id]
            stats["documents"] += 1
            if result.ok and result.body is not None:
                try:
                    listed = parse_links(result.body, result.final_url or result.url)
                except FeedError as exc:
                    result = result.with_outcome("not_a_feed", str(exc))
                else:
                    for link in listed.links:
                        stats["links"] += 1
                        links.setdefault(link.url, (link, source_id))
                    for sitemap in listed.sitemaps:
                        owner.setdefault(sitemap, source_id)
                        queue.append(sitemap)
            stats["not_modified"] += result.outcome == "not_modified"
            if not result.ok and result.outcome != "not_modified":
                stats["documents_failed"] += 1
                stats["error"] = f"{result.outcome}: {result.error}"
            found.fetches.append(result)
    for stats in found.per_source.values():
        if stats["documents"] and stats["documents_failed"] < stats["documents"]:
            stats["error"] = None  # some documents answered: not a failing source
    unique: dict[str, str] = {}
    for url, (link, source_id) in links.items():
        if since and link.published and link.published < since:
            continue
        if not by_id[source_id].wants(link.title):
            continue
        try:
            canon = canonical_url(url, settings.mobile_hosts)
        except InvalidURL as exc:
            found.problems.append(f"{url}: {exc}")
            continue
        if canon not in unique:
            unique[canon] = url
            found.source_of[url] = source_id
            found.per_source[source_id]["new_links"] += 1
    found.urls = list(unique.values())
    return found


@task(name="fetch", cache_policy=NO_CACHE)
def fetch_pages(urls: list[str], settings: Settings, source_of: dict[str, str] | None = None) -> list[FetchResult]:
    """Fetch one batch of pages concurrently and politely."""
    wanted = set((source_of or {}).values())
    host_delays = _host_delays([s for s in _sources(settings) if s.source_id in wanted]) if wanted else {}
    return fetch_batch(
        urls, settings, source_of=source_of, host_delays=host_delays, on_result=lambda _: progress.report("advance")
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
        reports = load_spool_for(settings)
    except WarehouseLocked as exc:
        return LoadOutcome(locked=str(exc))
    return LoadOutcome(reports, seconds=time.perf_counter() - started)  # open, transactions, checkpoint on close


def _record(summary: RunSummary, outcome: LoadOutcome) -> None:
    """Count a load's outcome in the run's summary."""
    summary.last_load = time.monotonic()
    if outcome.locked:
        summary.warehouse_message = outcome.locked
        return
    summary.load_seconds += outcome.seconds
    summary.warehouse_message = None
    for report in outcome.reports:
        summary.record_load(report, own=all(f"-{summary.run_id[:8]}-" in b for b in report.batches))


# ── flow bodies ────────────────────────────────────────────────────────────


def _start(flow_name: str, settings: Settings) -> RunSummary:
    summary = RunSummary(run_id=_run_id(), flow=flow_name, started_at=datetime.now(UTC))
    discard_partial(settings.spool_dir)
    _record(summary, load(settings))  # batches an earlier run could not load go first
    return summary


@dataclass
class _Loads:
    """Loads run beside fetching and extraction, one at a time (DuckDB has one writer per file)."""

    summary: RunSummary
    pending: PrefectFuture | None = None

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
        self.pending = load.submit(settings)

    def wait(self) -> None:
        """Wait for the load in flight and count it; its failure (other than a lock, which it reports) is the run's."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            _record(self.summary, pending.result())


def _ingest_urls(
    urls: Sequence[str], settings: Settings, summary: RunSummary, source_of: dict[str, str] | None = None
) -> None:
    known = known_urls(opaque(list(urls)), settings)
    todo = [u for u in urls if u not in known]
    summary.skipped_known += len(urls) - len(todo)
    progress.report("total", len(todo))
    if len(todo) >= MIN_PAGES_FOR_POOL:
        start_pool(settings.workers, settings.catalogue)  # workers warm up while the first batch is fetched
    in_flight: deque[tuple[list[str], str, PrefectFuture]] = deque()
    loads = _Loads(summary)
    fetched: PrefectFuture | None = None
    batches = list(_batched(todo, settings.batch_size))
    for index, chunk in enumerate(batches):
        summary.batches += 1
        name = _batch_name(summary, index)
        sources = {u: source_of[u] for u in chunk if u in source_of} if source_of else None
        # One batch is fetched at a time, while earlier ones are processed: each fetch has its own
        # per-host gates, so two at once would visit a host twice as often as per_host_delay allows.
        after = [allow_failure(fetched)] if fetched is not None else None
        fetched = fetch_pages.submit(chunk, settings, sources, wait_for=after)
        # the future itself, not opaque(future): Prefect's Dask runner passes annotations on as plain tuples
        processed = process_pages.submit(fetched, settings, summary.run_id, name, with_entities=index == 0)
        in_flight.append((chunk, name, processed))
        if len(in_flight) >= settings.pipeline_depth:
            _complete_batch(*in_flight.popleft(), settings, summary, loads, ending=index == len(batches) - 1)
    while in_flight:
        _complete_batch(*in_flight.popleft(), settings, summary, loads, ending=True)
    loads.wait()  # the final load (in _finish) follows


def _complete_batch(
    chunk: list[str],
    name: str,
    future: PrefectFuture,
    settings: Settings,
    summary: RunSummary,
    loads: _Loads,
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


def _finish(settings: Settings, summary: RunSummary, extra_fetches: Sequence[FetchResult] = ()) -> dict[str, Any]:
    """Spool and load the run's own row; its batch sorts after all of the run's batches.

    The loader loads in name order and stops at a lock, so a ``runs`` row in
    the warehouse means every batch of that run is in the warehouse too.
    """
    _record(summary, load(settings))  # the run's batches first: the runs row carries their counts
    summary.finished_at = datetime.now(UTC)
    summary.status = "completed" if not (summary.batches_failed or summary.quarantined) else "completed_with_errors"
    batch = Batch(_batch_name(summary, "999999-run"))
    if extra_fetches:
        # After a failed batch, forget the feeds' validators: the next run must see every item again.
        keep = not summary.batches_failed
        batch.add("fetches", [fetch_row(r, summary.run_id, validators=keep) for r in extra_fetches])
    batch.add("runs", [summary.row()])
    spool(opaque(batch), settings)
    _record(summary, load(settings))
    summary.batches_spooled = len(pending_batches(settings.spool_dir))
    _publish(summary)
    return summary.as_dict()


def _publish(summary: RunSummary) -> None:
    """The run report as a Prefect markdown artifact (key: newsdesk-run-<flow>)."""
    try:
        create_markdown_artifact(
            markdown=f"# newsdesk {summary.flow} run\n\n```\n{summary.render()}\n```\n",
            key=f"newsdesk-run-{summary.flow}",
            description=f"counts per stage, per-source table and failures of run {summary.run_id}",
        )
    except Exception as exc:  # the report is a courtesy; the warehouse row is the record
        logger.warning("could not publish the run artifact: %s", exc)


# ── flows ──────────────────────────────────────────────────────────────────


@flow(name="backfill", log_prints=False)
def backfill_flow(
    urls: list[str] | None = None,
    db: str | None = None,
    options: dict[str, Any] | None = None,
    problems: list[str] | None = None,
    url_file: str | None = None,
) -> dict[str, Any]:
    """Fetch, extract, dedupe, tag and load a list of article URLs (given, or one per line in *url_file*).

    Large lists go by file: Prefect stores flow parameters with the run and
    refuses more than 512 kB (about 5,000 URLs).
    """
    guard_remote_run(db, options, url_file)  # a run started through the Prefect API may not loosen the config
    settings = _settings(db, options)
    urls = list(urls or [])
    unusable = []
    if url_file:
        listed, unusable = parse_url_list(Path(url_file).read_text(encoding="utf-8-sig").splitlines())
        urls += listed
    if len(urls) >= MIN_PAGES_FOR_POOL:
        start_pool(settings.workers, settings.catalogue)  # the workers warm up while the run starts
    summary = _start("backfill", settings)
    summary.problems.extend(problems or [])
    summary.problems.extend(f"{url_file}:{p.line}: {p.text!r}: {p.reason}" for p in unusable)
    summary.discovered = len(urls)
    _ingest_urls(urls, settings, summary)
    return _finish(settings, summary)


def _merge(sources: list[Source], futures: list[PrefectFuture], settings: Settings) -> Discovery:
    """One Discovery from the per-source ones; a source whose task failed is reported, not raised."""
    merged = Discovery()
    seen: set[str] = set()
    for source, future in zip(sources, futures, strict=True):
        try:
            found: Discovery = future.result()
        except Exception as exc:  # one source's crash never fails the run
            logger.exception("discovery of %s failed", source.source_id)
            merged.per_source[source.source_id] = _source_stats(f"discovery failed: {type(exc).__name__}: {exc}")
            continue
        merged.per_source.update(found.per_source)
        merged.fetches.extend(found.fetches)
        merged.problems.extend(found.problems)
        for url in found.urls:
            canon = canonical_url(url, settings.mobile_hosts)
            if canon not in seen:  # the same story listed by two sources is fetched once
                seen.add(canon)
                merged.urls.append(url)
                merged.source_of[url] = found.source_of[url]
    return merged


def _discover_and_ingest(
    flow_name: str, sources: list[Source], settings: Settings, since: datetime | None
) -> dict[str, Any]:
    summary = _start(flow_name, settings)
    # one discovery task per source, concurrently
    found = _merge(sources, discover.map([[s] for s in sources], unmapped(settings), unmapped(since)), settings)
    summary.problems.extend(found.problems)
    summary.sources = found.per_source
    for result in found.fetches:
        if not result.ok and result.outcome != "not_modified":
            summary.record_outcome(result.url, result.outcome, result.error)
    summary.discovered = len(found.urls)
    retry = retry_candidates(settings, [doc for s in sources for doc in s.documents])
    retry = {u: src for u, src in retry.items() if u not in found.source_of}
    summary.retried = len(retry)
    urls = found.urls + list(retry)
    _ingest_urls(urls, settings, summary, {**found.source_of, **{u: s for u, s in retry.items() if s}})
    return _finish(settings, summary, found.fetches)


@lru_cache(maxsize=4)
def _cached_sources(path: Path | None) -> tuple[Source, ...]:
    return tuple(load_sources(path))


def _sources(settings: Settings) -> tuple[Source, ...]:
    return _cached_sources(settings.sources)


def window_start(since: str | None, lookback_days: float, now: datetime | None = None) -> datetime:
    """The earliest stated publication time a daily run reads: *since* (Asia/Shanghai unless it names a zone),
    else *lookback_days* before *now*.

    Raises:
        ValueError: *since* is not an ISO date or timestamp.
    """
    if since:
        start = datetime.fromisoformat(since)
        return start if start.tzinfo else start.replace(tzinfo=BEIJING)
    return (now or datetime.now(UTC)) - timedelta(days=lookback_days)


@flow(name="daily", log_prints=False)
def daily_flow(
    db: str | None = None,
    options: dict[str, Any] | None = None,
    since: str | None = None,
    only: list[str] | None = None,
) -> dict[str, Any]:
    """The daily job: discover from every enabled source, then fetch, extract, dedupe, tag and load.

    Every listed item not yet in the warehouse is fetched, unless it states a
    publication time before *since* (ISO date or timestamp, Beijing time when
    it names no zone), else before ``lookback_days`` ago. Whether an item is
    new is decided by the warehouse, never by its stated time against the last
    run: a story that appears in a feed hours after its stated time is fetched.
    """
    guard_remote_run(db, options)  # a run started through the Prefect API may not loosen the config
    settings = _settings(db, options)
    sources = [s for s in _sources(settings) if (s.source_id in only if only else s.enabled)]
    return _discover_and_ingest("daily", sources, settings, window_start(since, settings.lookback_days))


@flow(name="demo", log_prints=False)
def demo_flow(feed_urls: list[str], db: str | None = None, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Discover article links from the given feeds and sitemaps, then ingest them."""
    settings = _settings(db, options)
    demo_source = Source("demo", "示例科技网", feeds=tuple(u for u in feed_urls if "sitemap" not in u),
                         sitemaps=tuple(u for u in feed_urls if "sitemap" in u))  # fmt: skip
    return _discover_and_ingest("demo", [demo_source], settings, None)


@flow(name="import-warc", log_prints=False)
def import_warc_flow(path: str, db: str | None = None, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Ingest the HTML responses of a WARC file (e.g. a Common Crawl news extract) through the pipeline.

    No network: pages are extracted, deduplicated, tagged and loaded as if just fetched.
    The file is the archive already, so nothing is archived again.
    """
    settings = _settings(db, options)
    summary = _start("import-warc", settings)
    records = read_responses(Path(path))
    loads = _Loads(summary)
    index = 0
    while chunk := list(islice(records, settings.batch_size)):
        summary.batches += 1
        summary.discovered += len(chunk)
        name = _batch_name(summary, index)
        future = process_pages.submit(chunk, settings, summary.run_id, name, archive=False, with_entities=index == 0)
        _complete_batch([r.url for r in chunk], name, future, settings, summary, loads)
        index += 1
    loads.wait()
    return _finish(settings, summary)


@task(name="read-seeds", cache_policy=NO_CACHE)
def read_seeds(paths: list[str], settings: Settings, run_id: str, name: str) -> tuple[Batch, list[tuple[str, str]]]:
    """Read plain-text articles (first line = title) into a batch."""
    catalogue = catalogue_for(settings.catalogue)
    batch = Batch(name)
    failures: list[tuple[str, str]] = []
    now = datetime.now(UTC)
    for path in map(Path, paths):
        try:
            content = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            failures.append((str(path), f"cannot read: {exc}"))
            continue
        page = process_plain_text(content, name=path.name, fetched_at=now, catalogue=catalogue)
        if page.record is None:
            failures.append((str(path), page.error or "no article"))
            continue
        batch.add_tables(page.record.spool_rows(run_id))
    batch.add("entities", entity_rows(catalogue))
    return batch, failures


@flow(name="import-seeds", log_prints=False)
def import_seeds_flow(paths: list[str], db: str | None = None, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Import plain-text article files as articles with source ``seed``."""
    settings = _settings(db, options)
    summary = _start("import-seeds", settings)
    summary.discovered = len(paths)
    for index, chunk in enumerate(_batched(paths, settings.batch_size)):
        summary.batches += 1
        batch, failures = read_seeds(chunk, settings, summary.run_id, _batch_name(summary, index))
        for path, error in failures:
            summary.record_outcome(path, "no_article", error)
        summary.extracted += batch.count("articles")
        spool(opaque(batch), settings)
        _record(summary, load(settings))
    return _finish(settings, summary)
