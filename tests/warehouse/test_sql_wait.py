"""A query during a run's load waits for it, says so once on stderr, and then reads what the load wrote;
a lock held for longer than --wait still ends with the sentence naming the holder."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

import warehouse
from flows.cli import app
from tests.conftest import holding_warehouse
from tests.warehouse.test_attention import build_hand_counted

runner = CliRunner()
LOAD_SECONDS = 2.0


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_hand_counted(tmp_path_factory.mktemp("wait") / "newsdesk.duckdb")


@pytest.fixture
def db(tmp_path, template) -> Path:
    return Path(shutil.copy(template, tmp_path / "newsdesk.duckdb"))


@contextmanager
def loading(path: Path, seconds: float = LOAD_SECONDS) -> Iterator[subprocess.Popen]:
    """Another process loads into *path* as a run's loader does: read-write, one transaction, for *seconds*."""
    loader = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, time
            con = duckdb.connect({str(path)!r})
            con.execute("BEGIN TRANSACTION")
            con.execute("INSERT INTO entities (entity_id, name, kind, core) VALUES ('loaded', '新公司', 'org', false)")
            print("loading", flush=True)
            time.sleep({seconds})
            con.execute("COMMIT")
            con.close()
        """)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert loader.stdout.readline().strip() == "loading"
        yield loader
    finally:
        loader.wait(30)


def test_sql_waits_for_a_load_and_reads_its_rows(db):
    with loading(db) as loader:
        started = time.monotonic()
        result = runner.invoke(app, ["sql", "SELECT name FROM entities WHERE entity_id = 'loaded'", "--db", str(db)])
        waited = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2] == "新公司"  # the query ran after the load's commit
    [line] = result.stderr.splitlines()
    assert line.startswith("waiting for the warehouse: a load holds it (")
    assert str(loader.pid) in line and line.endswith("up to 30 s…")
    assert 0.5 < waited < LOAD_SECONDS + 10


def test_ask_waits_too(db):
    with loading(db, 0.6):
        result = runner.invoke(app, ["ask", "new_entities", "--since", "2026-11-01", "--db", str(db), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert "waiting for the warehouse" in result.stderr
    assert "百度,org,,2026-11-16,3" in result.stdout


def test_the_wait_is_bounded(db):
    with holding_warehouse(db) as holder:
        started = time.monotonic()
        result = runner.invoke(app, ["sql", "SELECT 1", "--db", str(db), "--wait", "0.5"])
        waited = time.monotonic() - started
    assert result.exit_code == 1
    assert "waiting for the warehouse" in result.stderr
    assert str(holder.pid) in result.stderr and "close that process" in result.stderr
    assert waited < 5


def test_a_notebook_connection_waits_and_says_so(db):
    told = []
    with loading(db, 0.6), warehouse.connect(db, on_wait=lambda holder, wait: told.append((holder, wait))) as con:
        assert con.sql("SELECT count(*) FROM entities WHERE entity_id = 'loaded'").fetchall() == [(1,)]
    assert len(told) == 1 and told[0][1] == warehouse.DEFAULT_QUERY_WAIT and "PID" in told[0][0]
