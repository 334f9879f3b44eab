"""A real Prefect server, ``newsdesk serve``, and a run triggered through the API.

Everything listens on 127.0.0.1: the Prefect server (SQLite), the serving
process, and the sample news site the triggered daily run reads.
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from warehouse.query import run_query

BIN = Path(sys.executable).parent
STARTUP_TIMEOUT = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(check, timeout: float, what: str, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what}: process exited with {process.returncode}")
        try:
            result = check()
            if result:
                return result
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def prefect_server(tmp_path):
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{tmp_path / 'prefect.db'}",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": api,
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_for(
            lambda: httpx.get(f"{api}/health", timeout=2).status_code == 200, STARTUP_TIMEOUT, "prefect server", server
        )
        yield api, env
    finally:
        server.terminate()
        server.wait(20)
        log.close()


def test_serve_then_trigger_daily_run_through_the_api(prefect_server, demo_site, tmp_path):
    api, env = prefect_server
    db = tmp_path / "wh" / "newsdesk.duckdb"
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nid = "demo"\nfeeds = ["{demo_site.feed_url}"]\nsitemaps = ["{demo_site.sitemap_url}"]\n'
    )
    env = {
        **env,
        "NEWSDESK_DB": str(db),
        "NEWSDESK_SOURCES": str(sources),
        "NEWSDESK_ALLOW_HOSTS": json.dumps(["127.0.0.1"]),
        "NEWSDESK_PER_HOST_DELAY": "0",
    }
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115 - closed below
    serving = subprocess.Popen(
        [str(BIN / "newsdesk"), "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path
    )
    try:
        deployment = _wait_for(
            lambda: httpx.get(f"{api}/deployments/name/daily/newsdesk-daily", timeout=2).json().get("id"),
            STARTUP_TIMEOUT, "deployment registered by newsdesk serve", serving,
        )  # fmt: skip
        schedules = httpx.get(f"{api}/deployments/{deployment}", timeout=5).json()["schedules"]
        assert schedules[0]["schedule"]["cron"] == "0 6 * * *"
        assert schedules[0]["schedule"]["timezone"] == "Asia/Shanghai"
        # serve registers the two deployments one after the other: the backfill one may come a moment later
        _wait_for(
            lambda: httpx.get(f"{api}/deployments/name/backfill/newsdesk-backfill", timeout=2).status_code == 200,
            STARTUP_TIMEOUT, "backfill deployment registered by newsdesk serve", serving,
        )  # fmt: skip

        trigger = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", "daily/newsdesk-daily", "--param", "since=2020-01-01",
             "--watch", "--watch-timeout", "180"],
            env=env, capture_output=True, text=True, timeout=240,
        )  # fmt: skip
        assert trigger.returncode == 0, trigger.stdout + trigger.stderr
        runs = httpx.post(f"{api}/flow_runs/filter", json={"limit": 5}, timeout=5).json()
        assert [r["state_type"] for r in runs] == ["COMPLETED"]
        # every sample article but the off-topic one (新能源汽车)
        assert run_query(db, "SELECT count(*) FROM articles_unique").rows == [(len(demo_site.articles) - 1,)]
        assert run_query(db, "SELECT flow, status FROM runs").rows == [("daily", "completed")]
        artifacts = httpx.post(f"{api}/artifacts/filter", json={}, timeout=5).json()
        assert any(a["key"] == "newsdesk-run-daily" and "discovered" in a["data"] for a in artifacts)
    finally:
        serving.terminate()
        serving.wait(30)
        log.close()
