"""Extraction across CPU cores.

trafilatura is pure-Python-and-lxml CPU work and holds the GIL, so pages are
processed in a pool of worker *processes* (spawned, not forked: the parent
runs Prefect's threads, which must not be copied mid-flight). Each worker
loads the catalogue once. Small batches stay in-process, where starting
workers would cost more than it saves.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing as mp
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from extractors.entities import Catalogue, load_catalogue
from extractors.pipeline import DEFAULT_RELEVANCE, PageResult, process_page
from extractors.relevance import Relevance

logger = logging.getLogger(__name__)

# Below this many pages a batch is processed in-process.
MIN_PAGES_FOR_POOL = 16
# (body, url, final_url, content_type, fetched_at)
Page = tuple[bytes, str, str | None, str | None, datetime]

_pools: dict[int, ProcessPoolExecutor] = {}


@lru_cache(maxsize=4)
def catalogue_for(path: Path | None) -> Catalogue:
    """The catalogue, loaded once per process."""
    return load_catalogue(path)


def _process_chunk(
    pages: Sequence[Page], catalogue_path: Path | None, mobile_hosts: Mapping[str, str], relevance: Relevance | None
) -> list[PageResult]:
    catalogue = catalogue_for(catalogue_path)
    return [
        process_page(
            body,
            url=url,
            final_url=final,
            content_type=ctype,
            fetched_at=at,
            catalogue=catalogue,
            mobile_hosts=mobile_hosts,
            relevance=relevance,
        )
        for body, url, final, ctype, at in pages
    ]


def _pool(workers: int) -> ProcessPoolExecutor:
    if workers not in _pools:
        _pools[workers] = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"))
    return _pools[workers]


def shutdown_pools() -> None:
    """Stop worker processes (also done at interpreter exit)."""
    for pool in _pools.values():
        pool.shutdown(cancel_futures=True)
    _pools.clear()


atexit.register(shutdown_pools)


def process_pages_parallel(
    pages: Sequence[Page],
    *,
    workers: int,
    catalogue_path: Path | None,
    mobile_hosts: Mapping[str, str],
    relevance: Relevance | None = DEFAULT_RELEVANCE,
) -> list[PageResult]:
    """Process *pages* (in order) on up to *workers* processes."""
    if workers <= 1 or len(pages) < MIN_PAGES_FOR_POOL or mp.current_process().daemon:
        return _process_chunk(pages, catalogue_path, mobile_hosts, relevance)
    size = max(1, -(-len(pages) // (workers * 4)))  # ~4 chunks per worker balances uneven pages
    chunks = [pages[i : i + size] for i in range(0, len(pages), size)]
    pool = _pool(workers)
    futures = [pool.submit(_process_chunk, chunk, catalogue_path, dict(mobile_hosts), relevance) for chunk in chunks]
    return [result for future in futures for result in future.result()]
