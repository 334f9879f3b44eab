"""Discovery: which article URLs the sources list today, and the time window a run reads.

Feeds and sitemaps (following sitemap indexes) are fetched with conditional
GET; their links are filtered by the window and the source's keywords and
made unique by canonical URL. URLs whose last fetch failed transiently are
offered again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture

from extractors.feeds import FeedError, Link, parse_links
from extractors.urls import InvalidURL, canonical_url, url_host
from flows.config import Settings
from flows.http.fetch import FetchResult, fetch_batch
from flows.sources import Source, load_sources
from warehouse.exceptions import WarehouseError

logger = logging.getLogger(__name__)
# Dates a user types (--since) are Beijing dates, as the warehouse's days are.
BEIJING = ZoneInfo("Asia/Shanghai")


@dataclass
class Discovery:
    """What the sources list today: article URLs, and how each source fared."""

    urls: list[str] = field(default_factory=list)
    source_of: dict[str, str] = field(default_factory=dict)
    fetches: list[FetchResult] = field(default_factory=list)
    per_source: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def validators(urls: list[str], settings: Settings) -> dict[str, tuple[str | None, str | None]]:
    """ETag / Last-Modified last seen for *urls*, for conditional GET (none when the warehouse cannot be read)."""
    try:
        return settings.warehouse().validators(urls)
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
    try:
        return settings.warehouse().retry_candidates(
            documents, hours=settings.lookback_days * 24, retryable=RETRYABLE, max_tries=MAX_TRIES
        )
    except WarehouseError:
        return {}


def host_delays(sources: Sequence[Source]) -> dict[str, float]:
    return {url_host(doc): s.min_delay for s in sources if s.min_delay for doc in s.documents}


def source_stats(error: str | None = None) -> dict[str, Any]:
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
        found.per_source[s.source_id] = source_stats()
    queue, seen_docs, depth = list(owner), set(), 0
    while queue and depth < 3:  # feeds → sitemap index → sitemaps; deeper nesting is a loop
        docs = [u for u in queue if u not in seen_docs]
        seen_docs.update(docs)
        queue, depth = [], depth + 1
        results = fetch_batch(
            docs, settings, html_only=False, source_of=owner, validators=validators(docs, settings),
            host_delays=host_delays(sources),
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


def merge_discoveries(sources: list[Source], futures: list[PrefectFuture], settings: Settings) -> Discovery:
    """One Discovery from the per-source ones; a source whose task failed is reported, not raised."""
    merged = Discovery()
    seen: set[str] = set()
    for source, future in zip(sources, futures, strict=True):
        try:
            found: Discovery = future.result()
        except Exception as exc:  # one source's crash never fails the run
            logger.exception("discovery of %s failed", source.source_id)
            merged.per_source[source.source_id] = source_stats(f"discovery failed: {type(exc).__name__}: {exc}")
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


@lru_cache(maxsize=4)
def _cached_sources(path: Path | None) -> tuple[Source, ...]:
    return tuple(load_sources(path))


def sources_for(settings: Settings) -> tuple[Source, ...]:
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
