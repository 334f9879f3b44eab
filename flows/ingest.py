"""The ingestion flows: ``daily``, ``demo``, ``backfill``, ``import-warc`` and ``import-seeds``.

Each flow reads like a table of contents; the stages they compose live in
:mod:`flows.discovery` (what to fetch), :mod:`flows.batches` (fetch, process,
spool and load, batch by batch) and :mod:`flows.runs` (a run's record).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import opaque

from extractors.pipeline import entity_rows, process_plain_text
from extractors.urls import parse_url_list
from flows.archive import read_responses
from flows.batches import (
    BackgroundLoads,
    batch_name,
    batched,
    complete_batch,
    ingest_urls,
    load,
    process_pages,
    record_load,
    spool,
)
from flows.config import Settings
from flows.discovery import discover, merge_discoveries, retry_candidates, sources_for, window_start
from flows.processing import MIN_PAGES_FOR_POOL, catalogue_for, start_pool
from flows.remote import guard_remote_run
from flows.runs import finish_run, settings_from, start_run
from flows.sources import Source
from warehouse.spool import Batch

logger = logging.getLogger(__name__)


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
    settings = settings_from(db, options)
    urls = list(urls or [])
    unusable = []
    if url_file:
        listed, unusable = parse_url_list(Path(url_file).read_text(encoding="utf-8-sig").splitlines())
        urls += listed
    if len(urls) >= MIN_PAGES_FOR_POOL:
        start_pool(settings.workers, settings.catalogue)  # the workers warm up while the run starts
    summary = start_run("backfill", settings)
    summary.problems.extend(problems or [])
    summary.problems.extend(f"{url_file}:{p.line}: {p.text!r}: {p.reason}" for p in unusable)
    summary.discovered = len(urls)
    ingest_urls(urls, settings, summary)
    return finish_run(settings, summary)


def _discover_and_ingest(
    flow_name: str, sources: list[Source], settings: Settings, since: datetime | None
) -> dict[str, Any]:
    summary = start_run(flow_name, settings)
    # one discovery task per source, concurrently
    found = merge_discoveries(
        sources, discover.map([[s] for s in sources], unmapped(settings), unmapped(since)), settings
    )
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
    ingest_urls(urls, settings, summary, {**found.source_of, **{u: s for u, s in retry.items() if s}})
    return finish_run(settings, summary, found.fetches)


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
    settings = settings_from(db, options)
    sources = [s for s in sources_for(settings) if (s.source_id in only if only else s.enabled)]
    return _discover_and_ingest("daily", sources, settings, window_start(since, settings.lookback_days))


@flow(name="demo", log_prints=False)
def demo_flow(feed_urls: list[str], db: str | None = None, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Discover article links from the given feeds and sitemaps, then ingest them."""
    settings = settings_from(db, options)
    demo_source = Source("demo", "示例科技网", feeds=tuple(u for u in feed_urls if "sitemap" not in u),
                         sitemaps=tuple(u for u in feed_urls if "sitemap" in u))  # fmt: skip
    return _discover_and_ingest("demo", [demo_source], settings, None)


@flow(name="import-warc", log_prints=False)
def import_warc_flow(path: str, db: str | None = None, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Ingest the HTML responses of a WARC file (e.g. a Common Crawl news extract) through the pipeline.

    No network: pages are extracted, deduplicated, tagged and loaded as if just fetched.
    The file is the archive already, so nothing is archived again.
    """
    settings = settings_from(db, options)
    summary = start_run("import-warc", settings)
    records = read_responses(Path(path))
    with BackgroundLoads(summary) as loads:
        index = 0
        while chunk := list(islice(records, settings.batch_size)):
            summary.batches += 1
            summary.discovered += len(chunk)
            name = batch_name(summary, index)
            future = process_pages.submit(
                chunk, settings, summary.run_id, name, archive=False, with_entities=index == 0
            )
            complete_batch([r.url for r in chunk], name, future, settings, summary, loads)
            index += 1
    return finish_run(settings, summary)


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
    settings = settings_from(db, options)
    summary = start_run("import-seeds", settings)
    summary.discovered = len(paths)
    for index, chunk in enumerate(batched(paths, settings.batch_size)):
        summary.batches += 1
        batch, failures = read_seeds(chunk, settings, summary.run_id, batch_name(summary, index))
        for path, error in failures:
            summary.record_outcome(path, "no_article", error)
        summary.extracted += batch.count("articles")
        spool(opaque(batch), settings)
        record_load(summary, load(settings))
    return finish_run(settings, summary)
