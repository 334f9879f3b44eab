"""Shared fixtures: few, named for the state they provide."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The shared seed corpus (CI places it at ../shared/seeds)."""
    if not SEEDS.is_dir():
        pytest.fail(f"seed corpus not found at {SEEDS}; it must sit beside the checkout as ../shared/seeds")
    return SEEDS


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """One temporary Prefect API (SQLite) for every flow test in the run."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


# Loopback test servers must be allowed explicitly (the SSRF guard refuses
# them by default) and need no pacing.
LOOPBACK = {"allow_hosts": ["127.0.0.1", "localhost"], "per_host_delay": 0.0}


@pytest.fixture
def web(httpserver):
    """pytest-httpserver with a robots.txt that allows everything (404 = no rules)."""
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    return httpserver


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A warehouse path in a fresh folder (the file does not exist yet)."""
    return tmp_path / "wh" / "newsdesk.duckdb"


@pytest.fixture(scope="session")
def demo_site():
    """The bundled sample news site, on a free loopback port."""
    from flows.demo.site import serve_demo_site

    with serve_demo_site(port=0) as site:
        yield site


@contextmanager
def holding_warehouse(path: Path) -> Iterator[subprocess.Popen]:
    """Another process holds *path* read-write, as an open DuckDB CLI would, until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(path)!r})
            print("locked", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        if holder.poll() is None:
            holder.communicate("\n", timeout=10)


@pytest.fixture
def prefect_api_url(prefect_server) -> str:
    """The session's test Prefect API, for flows run in subprocesses."""
    from prefect.settings import PREFECT_API_URL

    return str(PREFECT_API_URL.value())
