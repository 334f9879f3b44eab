"""Extraction in worker processes: same rows and archive as in-process, order kept."""

import json
import os
import signal
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from flows.archive import read_responses
from flows.demo.site import load_articles, render_article
from flows.http.fetch import FetchResult
from flows.processing import MIN_PAGES_FOR_POOL, ChunkContext, _pools, process_results, shutdown_pools


def _results() -> list[FetchResult]:
    articles = load_articles()
    now = datetime(2026, 11, 23, tzinfo=UTC)
    pages = [
        FetchResult(f"https://example.com/{i}/{a.slug}.html", "ok", now, status=200, content_type="text/html",
                    body=render_article(a, articles[:3]).encode())
        for i in range(2)
        for a in articles
    ]  # fmt: skip
    failed = FetchResult("https://example.com/gone.html", "http_error", now, status=404, error="HTTP 404")
    return [*pages, failed]


def test_pool_rows_and_archive_equal_in_process_ones(tmp_path):
    results = _results()
    assert len(results) > MIN_PAGES_FOR_POOL
    context = ChunkContext("run", None, relevance=None, archive_dir=tmp_path / "pool", archive_name="b1")
    try:
        pooled = process_results(results, workers=2, context=context)
    finally:
        shutdown_pools()
    local = process_results(results, workers=0, context=replace(context, archive_dir=tmp_path / "local"))
    assert pooled.lines == local.lines and pooled.articles == local.articles == len(results) - 1
    assert [r.url for r in pooled.results] == [r.url for r in results]  # order kept
    assert [r.outcome for r in pooled.results][-1] == "http_error" and all(r.body is None for r in pooled.results)
    fetches = [json.loads(line) for line in pooled.lines["fetches"].splitlines()]
    assert len(fetches) == len(results) and sum(f["article_id"] is not None for f in fetches) == len(results) - 1
    assert [p.name for p in (tmp_path / "pool").iterdir()] == ["b1.warc.gz"]  # one WARC a batch, in order
    archived = [r.url for r in read_responses(tmp_path / "pool" / "b1.warc.gz")]
    assert archived == [r.url for r in results if r.body is not None]
    assert [r.url for r in read_responses(tmp_path / "local" / "b1.warc.gz")] == archived


def test_a_dead_worker_fails_its_batch_and_the_next_batch_gets_a_new_pool(tmp_path):
    results = _results()
    context = ChunkContext("run", None, relevance=None)
    try:
        process_results(results, workers=1, context=context)  # start the pool
        for pid in list(_pools[1]._processes):
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            process_results(results, workers=1, context=context)
        again = process_results(results, workers=1, context=context)
        assert again.articles == len(results) - 1
    finally:
        shutdown_pools()


def test_an_archive_that_cannot_be_written_fails_its_batch_and_the_pool_goes_on(tmp_path):
    results = _results()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the archive folder should be")
    try:
        with pytest.raises(OSError):
            process_results(results, workers=1, context=ChunkContext("run", None, relevance=None, archive_dir=blocked))
        again = process_results(results, workers=1, context=ChunkContext("run", None, relevance=None))
        assert again.articles == len(results) - 1
    finally:
        shutdown_pools()


def _worker_state() -> tuple[int, bool, int, int]:
    """(parent pid, whether the catalogue's jieba tokenizer was built before this call, thread count, objects
    frozen out of the garbage collector's reach)."""
    import gc

    from flows.processing import catalogue_for

    return (
        os.getppid(),
        catalogue_for(None)._jieba is not None,
        len(os.listdir("/proc/self/task")),
        gc.get_freeze_count(),
    )


def test_workers_fork_warm_from_the_fork_server_which_stops_with_the_pools():
    """Workers come from the fork server (not this process, which runs threads), with the tables already built and
    frozen."""
    from multiprocessing import forkserver

    from flows.processing import _pool

    try:
        parents, warm, threads, frozen = zip(
            *(f.result() for f in [_pool(2, None).submit(_worker_state) for _ in range(4)]), strict=True
        )
        server = forkserver._forkserver._forkserver_pid
        assert set(parents) == {server} and server != os.getpid()
        assert all(warm) and set(threads) == {1}
        assert min(frozen) > 10_000  # the tables built in the fork server, out of every full collection
    finally:
        shutdown_pools()
    assert forkserver._forkserver._forkserver_pid is None  # stopped: the next pool starts its own


_MAIN_SCRIPT = """
import json, os
with open(os.environ["IMPORTS_LOG"], "a") as log:  # every process that runs this script's top level
    log.write(f"{os.getpid()}\\n")

if __name__ == "__main__":
    from flows.processing import _pool, shutdown_pools, start_pool

    start_pool(2, None)  # returns at once; the workers start in the background
    pool = _pool(2, None)
    for job in [pool.submit(os.getpid) for _ in range(8)]:
        job.result()
    workers = set(pool._processes)  # every worker started, whichever ran the jobs
    shutdown_pools()
    print(json.dumps({"parent": os.getpid(), "workers": sorted(workers)}))
"""


def test_workers_do_not_run_the_main_script_again(tmp_path):
    """The fork server imports the parent's main script once; workers forked from it do not run it again.

    (multiprocessing runs the main script in every worker before its first job: for
    a script that imports Prefect, seconds per worker.)
    """
    import subprocess
    import sys

    script, log = tmp_path / "main_script.py", tmp_path / "imports.log"
    script.write_text(_MAIN_SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], env={**os.environ, "IMPORTS_LOG": str(log)},
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    importers = [int(line) for line in log.read_text().split()]
    assert seen["workers"]
    assert not set(seen["workers"]) & set(importers)
    assert importers[0] == seen["parent"] and len(importers) == 2  # the parent, then the fork server, once
