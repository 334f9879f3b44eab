"""Faults a scheduled pipeline meets: a locked warehouse, a killed process. Nothing is lost or doubled."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.ingest import backfill_flow
from tests.conftest import LOOPBACK, holding_warehouse
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


def test_locked_warehouse_spools_and_the_next_run_loads(urls, db_path, clean_counts):
    options = {**LOOPBACK, "batch_size": 3, "lock_wait": 0.3}
    with open_warehouse(db_path):
        pass
    with holding_warehouse(db_path):
        locked = backfill_flow(urls, db=str(db_path), options=options)
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
