"""Faults a scheduled pipeline meets: a locked warehouse, a killed process. Nothing is lost or doubled."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from flows.ingest import backfill_flow
from tests.conftest import LOOPBACK
from warehouse.connection import open_warehouse
from warehouse.query import run_query

pytestmark = pytest.mark.usefixtures("prefect_server")
COUNTS = """SELECT (SELECT count(*) FROM articles), (SELECT count(DISTINCT article_id) FROM articles),
                  (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL), (SELECT count(*) FROM mentions),
                  (SELECT count(*) FROM articles_unique)"""


@pytest.fixture
def urls(demo_site) -> list[str]:
    pages = [f"{demo_site.base}/news/{a.slug}.html" for a in demo_site.articles]
    return [*pages, f"{demo_site.base}/reprint/zhipu-funding.html"]


@pytest.fixture
def clean_counts(urls, tmp_path) -> tuple:
    db = tmp_path / "clean" / "newsdesk.duckdb"
    backfill_flow(urls, db=str(db), options={**LOOPBACK, "batch_size": 3})
    return run_query(db, COUNTS).rows[0]


@contextmanager
def holder_on_demand(path: Path) -> Iterator[Callable[[], None]]:
    """A process ready to hold *path* read-write, as an open DuckDB CLI would, from the moment the returned call."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            sys.stdin.readline()
            con = duckdb.connect({str(path)!r})
            print("locked", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip

    def lock() -> None:
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "locked"

    try:
        yield lock
    finally:
        if holder.poll() is None:
            holder.communicate("\n\n", timeout=10)


def test_a_warehouse_locked_during_the_run_spools_and_the_next_run_loads(urls, db_path, clean_counts):
    """An analyst opens the file once the run has checked which URLs it has (a lock then stops the run, see
    tests/flows/test_known_urls.py): the run completes with its batches spooled, the next one loads them."""
    options = {**LOOPBACK, "batch_size": 3, "lock_wait": 0.3, "load_interval": 3600, "per_host_delay": 0.1}
    with open_warehouse(db_path):
        pass
    archive = db_path.parent / "archive"
    with holder_on_demand(db_path) as lock:

        def lock_once_the_first_batch_is_fetched() -> None:
            deadline = time.monotonic() + 120
            while not list(archive.glob("*.warc.gz")) and time.monotonic() < deadline:
                time.sleep(0.005)
            lock()

        locker = threading.Thread(target=lock_once_the_first_batch_is_fetched)
        locker.start()
        locked = backfill_flow(urls, db=str(db_path), options=options)
        locker.join()
        assert locked["status"] == "completed"  # the run finished its work…
        assert locked["summary"]["batches_spooled"] == 5  # …4 batches + the run row wait in the spool
        assert "is locked" in locked["summary"]["warehouse_message"]
    after = backfill_flow(urls, db=str(db_path), options=options)
    assert after["summary"]["loaded_from_earlier_runs"] == 5
    assert after["summary"]["batches_spooled"] == 0
    assert run_query(db_path, COUNTS).rows[0] == clean_counts
    assert len(run_query(db_path, "SELECT run_id FROM runs").rows) == 2


def test_killed_mid_run_then_rerun_gives_the_same_counts(urls, db_path, clean_counts, prefect_api_url, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls), encoding="utf-8")
    env = {**os.environ, "PREFECT_API_URL": prefect_api_url, "NEWSDESK_PER_HOST_DELAY": "0.3", "CI": "1"}
    command = [str(Path(sys.executable).parent / "newsdesk"), "backfill", str(listing), "--db", str(db_path),
               "--batch-size", "2", "--allow-host", "127.0.0.1"]  # fmt: skip
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    archive = db_path.parent / "archive"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(archive.glob("*.warc.gz"))) < 2 and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)

    rerun = backfill_flow(urls, db=str(db_path), options={**LOOPBACK, "batch_size": 2})
    assert rerun["status"] == "completed"
    assert run_query(db_path, COUNTS).rows[0] == clean_counts
    assert not list((db_path.parent / "spool").iterdir())


def test_a_corrupt_batch_in_the_spool_is_set_aside_and_the_run_loads_its_own(urls, db_path, clean_counts):
    """A batch cut short by a full disk used to stop every later run before it fetched anything."""
    from warehouse.quarantine import quarantined
    from warehouse.spool import Batch, write_batch

    spool_dir = db_path.parent / "spool"
    broken = Batch("20261201T000000-deadbeef-000000")
    broken.add("fetches", [{"fetch_id": "f1", "url": "https://example.com/1", "outcome": "ok"}])
    path = write_batch(spool_dir, broken) / "fetches.jsonl"
    path.write_text(path.read_text()[:25], encoding="utf-8")

    result = backfill_flow(urls, db=str(db_path), options={**LOOPBACK, "batch_size": 3})

    assert result["status"] == "completed_with_errors"
    [aside] = result["summary"]["quarantined"]
    assert aside["batch"] == broken.name and "Malformed JSON" in aside["error"]
    assert run_query(db_path, COUNTS).rows[0] == clean_counts
    [(stored,)] = run_query(db_path, "SELECT summary->>'$.quarantined[0].batch' FROM runs").rows
    assert stored == broken.name
    assert [q.name for q in quarantined(spool_dir)] == [broken.name]
    again = backfill_flow(urls, db=str(db_path), options={**LOOPBACK, "batch_size": 3})
    assert again["status"] == "completed" and again["summary"]["quarantined"] == []
