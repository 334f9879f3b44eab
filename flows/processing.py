"""Extraction across CPU cores, with the per-page work done where the page is.

trafilatura is pure-Python-and-lxml CPU work and holds the GIL, so pages are
processed in a pool of worker *processes*. They are forked from
multiprocessing's fork server, not from the flow's process (which runs
Prefect's threads, which must not be copied mid-flight): the server is a
fresh single-threaded process that imports :mod:`flows.warm` once — the
extractors with their tables built (jieba's dictionary, the lexicon, the
catalogue and its tokenizer) — so each worker starts warm and shares those
tables copy-on-write, instead of importing and building them itself. A worker gets a
chunk of fetch results and does everything that needs the parsed page: it
extracts, fingerprints and tags them, and serialises the spool rows
(articles, mentions, signatures, fetches) as JSONL text. The flow's process
writes the batch's raw archive (one WARC file) while the workers extract —
its thread would otherwise only wait for them, and gzip releases the GIL —
then concatenates their text for the spool.

``workers`` is the number of extraction processes beside the flow's own.
With 0, pages are processed in the flow's process, as are batches under
``MIN_PAGES_FOR_POOL`` pages (starting a pool would cost more than it saves).
"""

from __future__ import annotations

import atexit
import json
import logging
import multiprocessing as mp
import os
import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from functools import lru_cache
from multiprocessing import forkserver, spawn
from pathlib import Path
from typing import Any

from extractors.entities import Catalogue, load_catalogue
from extractors.pipeline import DEFAULT_RELEVANCE, PageResult, process_page
from extractors.relevance import Relevance
from flows.results import FetchResult
from warehouse.spool import serialise

logger = logging.getLogger(__name__)

# Below this many pages a batch is processed in-process.
MIN_PAGES_FOR_POOL = 16
# Chunks per worker and batch: enough to even out slow pages, few enough to keep overhead low.
CHUNKS_PER_WORKER = 2

_pools: dict[int, ProcessPoolExecutor] = {}
# Tells the fork server which main module to import (JSON: multiprocessing's own preparation keys).
MAIN_VARIABLE = "NEWSDESK_FORKSERVER_MAIN"
_MAIN_KEYS = ("sys_argv", "init_main_from_name", "init_main_from_path")


@dataclass(frozen=True)
class ChunkContext:
    """What a worker needs besides the pages (picklable, small)."""

    run_id: str
    catalogue_path: Path | None
    mobile_hosts: Mapping[str, str] = field(default_factory=dict)
    relevance: Relevance | None = DEFAULT_RELEVANCE
    archive_dir: Path | None = None  # None: do not archive (the pages come from an archive)
    archive_name: str = "batch"  # the WARC file's name: archive_dir/<archive_name>.warc.gz


@dataclass
class ChunkDone:
    """A processed chunk: each result's final outcome, and the spool rows as JSONL text per table."""

    results: list[FetchResult]
    lines: dict[str, str]

    @property
    def articles(self) -> int:
        """How many articles rows the chunk spools (read off its text, not kept beside it)."""
        return self.lines.get("articles", "").count("\n")


@lru_cache(maxsize=4)
def catalogue_for(path: Path | None) -> Catalogue:
    """The catalogue, loaded once per process."""
    return load_catalogue(path)


def fetch_row(
    result: FetchResult,
    run_id: str,
    encoding: str | None = None,
    article_id: str | None = None,
    validators: bool = True,
) -> dict[str, Any]:
    """The ``fetches`` row of one fetch result."""
    return {
        "fetch_id": result.fetch_id,
        "url": result.url,
        "final_url": result.final_url,
        "status": result.status,
        "outcome": result.outcome,
        "error": result.error,
        "bytes": result.bytes,
        "elapsed_ms": result.elapsed_ms,
        "fetched_at": result.fetched_at,
        "run_id": run_id,
        "content_type": result.content_type,
        "encoding": encoding,
        "article_id": article_id,
        "source_id": result.source_id,
        "attempts": result.attempts,
        "etag": result.etag if validators else None,
        "last_modified": result.last_modified if validators else None,
    }


def _archive(archive_dir: Path, name: str, results: Sequence[FetchResult]) -> None:
    """:func:`flows.archive.archive_batch`, imported when first used: workers never archive, nor import warcio."""
    from flows.archive import archive_batch as write

    write(archive_dir, name, results)


def _page(result: FetchResult, catalogue: Catalogue, context: ChunkContext) -> PageResult:
    assert result.body is not None
    return process_page(
        result.body,
        url=result.url,
        final_url=result.final_url,
        content_type=result.content_type,
        fetched_at=result.fetched_at,
        catalogue=catalogue,
        mobile_hosts=context.mobile_hosts,
        relevance=context.relevance,
    )


def process_chunk(results: Sequence[FetchResult], context: ChunkContext) -> ChunkDone:
    """Archive, extract, fingerprint and tag a chunk of fetch results; serialise its spool rows.

    Results without a body (failed fetches) only get their ``fetches`` row.
    """
    if context.archive_dir is not None:
        _archive(context.archive_dir, context.archive_name, results)
    catalogue = catalogue_for(context.catalogue_path)
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)  # table → spool rows
    final: list[FetchResult] = []
    for result in results:
        encoding = article_id = None
        if result.ok and result.body is not None:
            page = _page(result, catalogue, context)
            encoding = page.encoding
            if page.record is None:
                result = result.with_outcome(page.outcome, page.error)
            else:
                article_id = page.record.article_id
                for table, table_rows in page.record.spool_rows(context.run_id).items():
                    rows[table].extend(table_rows)
        rows["fetches"].append(fetch_row(result, context.run_id, encoding, article_id))
        final.append(result.without_body())
    lines = {table: serialise(table, table_rows) for table, table_rows in rows.items()}
    return ChunkDone(final, lines)


# A page that takes every path a real one does: extraction, tagging (with jieba's word check),
# provisional names, an event, the fingerprint.
_WARM_UP_PAGE = (
    "<html><head><title>智谱AI完成新一轮融资</title></head><body><h1>智谱AI完成新一轮融资</h1>"
    "<p>北京智谱华章科技有限公司宣布完成B轮融资，金额为10亿元，由红杉中国领投。月之暗面的Kimi与百川、零一一起"
    "参与了讨论，星河远航科技有限公司也发布了新产品。</p></body></html>"
).encode()


def warm_up(catalogue_path: Path | None) -> None:
    """Build this process's tables and dictionaries (jieba, the lexicon, the catalogue) before the first page needs them."""
    from datetime import UTC, datetime

    from extractors.provisional_lexicon import jieba_lexicon

    catalogue = catalogue_for(catalogue_path)
    catalogue.prepare()
    jieba_lexicon()
    process_page(_WARM_UP_PAGE, url="http://warm.up/", final_url=None, content_type="text/html; charset=utf-8",
                 fetched_at=datetime.now(UTC), catalogue=catalogue)  # fmt: skip


def _context() -> mp.context.BaseContext:
    """The fork server's context: it imports :mod:`flows.warm` (and this process's main module) before it forks a worker.

    A worker runs its parent's main module again before its first job (as
    ``__mp_main__``; for a script or ``python -m prefect.engine`` that imports
    Prefect, seconds of CPU). multiprocessing would do that once in the fork
    server when ``"__main__"`` is preloaded, but before CPython 3.14 (and 3.13's
    late patch releases; gh-126631) the main module's path never reaches the
    server, so the server is told it through ``MAIN_VARIABLE`` and
    :mod:`flows.warm` imports it there: workers forked afterwards find it
    imported and skip it.
    """
    main = {k: v for k, v in spawn.get_preparation_data("ignore").items() if k in _MAIN_KEYS}
    os.environ[MAIN_VARIABLE] = json.dumps(main)
    context = mp.get_context("forkserver")
    context.set_forkserver_preload(["flows.warm"])
    return context


def _pool(workers: int, catalogue_path: Path | None) -> ProcessPoolExecutor:
    if workers not in _pools:
        _pools[workers] = ProcessPoolExecutor(
            max_workers=workers, mp_context=_context(), initializer=warm_up, initargs=(catalogue_path,)
        )
    return _pools[workers]


def start_pool(workers: int, catalogue_path: Path | None) -> None:
    """Start the worker processes in the background, so that they warm up while the flow fetches; once per pool.

    Starting a worker blocks until the fork server has imported what workers
    need (seconds); a thread waits for that instead of the flow.
    """
    if workers >= 1 and workers not in _pools and not mp.current_process().daemon:
        pool = _pool(workers, catalogue_path)
        threading.Thread(target=_start_workers, args=(pool, workers), name="newsdesk-pool-start", daemon=True).start()


def _start_workers(pool: ProcessPoolExecutor, workers: int) -> None:
    try:
        for _ in range(workers):
            pool.submit(int)  # starting workers is lazy: one trivial job per worker starts them
    except RuntimeError:  # the pool was shut down meanwhile (the run ended or failed first): nothing to start
        pass


def shutdown_pools() -> None:
    """Stop the worker processes and the fork server (also done at interpreter exit).

    A pool started afterwards starts the fork server afresh: a run pays for its own
    workers' start, as a scheduled run in a new process does.
    """
    for pool in _pools.values():
        pool.shutdown(cancel_futures=True)
    _pools.clear()
    stop = getattr(forkserver._forkserver, "_stop", None)  # CPython's own, 3.8–3.14; no public API stops it
    if stop is not None:
        stop()


atexit.register(shutdown_pools)


def process_results(results: Sequence[FetchResult], *, workers: int, context: ChunkContext) -> ChunkDone:
    """Process a batch of fetch results (in order) on up to *workers* processes; one ChunkDone for all."""
    pages = sum(1 for r in results if r.ok and r.body is not None)
    if workers < 1 or pages < MIN_PAGES_FOR_POOL or mp.current_process().daemon:
        return process_chunk(results, context)
    size = max(1, -(-len(results) // (workers * CHUNKS_PER_WORKER)))
    chunks = [results[i : i + size] for i in range(0, len(results), size)]
    pool = _pool(workers, context.catalogue_path)
    in_workers = replace(context, archive_dir=None)
    try:
        futures = [pool.submit(process_chunk, chunk, in_workers) for chunk in chunks]
        if context.archive_dir is not None:  # while the workers extract
            try:
                _archive(context.archive_dir, context.archive_name, results)
            except BaseException:
                for future in futures:  # the batch fails (disk full…): its chunks still queued need not run
                    future.cancel()
                raise
        done = [future.result() for future in futures]
    except BrokenProcessPool:
        # a worker died (killed, out of memory): this batch fails and is recorded, the next one gets a new pool
        _pools.pop(workers, None)
        raise
    tables = done[0].lines.keys()
    return ChunkDone([r for d in done for r in d.results], {t: "".join(d.lines[t] for d in done) for t in tables})
