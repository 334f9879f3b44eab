"""warehouse.connect(): the notebook's way in — read-only, sandboxed, Beijing days, every view, and the
warehouse the CLI would find."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

import warehouse
from tests.warehouse.test_attention import build_hand_counted
from warehouse.exceptions import NoWarehouse


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_hand_counted(tmp_path_factory.mktemp("connect") / "newsdesk.duckdb")


def test_a_read_only_sandboxed_connection_with_beijing_days_and_the_views(template, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("secret\nhunter2\n", encoding="utf-8")
    with warehouse.connect(template) as con:
        assert isinstance(con, duckdb.DuckDBPyConnection)  # the real thing: .df(), .pl(), .arrow() work as documented
        assert con.sql("SELECT current_setting('TimeZone')").fetchall() == [("Asia/Shanghai",)]
        assert con.sql("SELECT day FROM core_daily WHERE company_id = 'moonshot' ORDER BY day").fetchall() == [
            (date(2026, 11, 16),), (date(2026, 11, 17),)
        ]  # fmt: skip
        assert con.sql("SELECT count(*) FROM attention_daily").fetchall() == [(12,)]
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DELETE FROM entities")
        with pytest.raises(duckdb.PermissionException):
            con.sql(f"SELECT * FROM read_csv('{outside}')").fetchall()
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute("SET enable_external_access = true")
    with warehouse.connect(template, readable_dirs=[tmp_path]) as con:  # a folder the caller names may be read
        assert con.sql(f"SELECT * FROM read_csv('{outside}')").fetchall() == [("hunter2",)]


def test_the_path_is_found_as_the_cli_finds_it(template, tmp_path, monkeypatch):
    from flows.config import DEFAULT_DB

    assert warehouse.DEFAULT_DB == DEFAULT_DB  # the CLI's default and the notebook's are one
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSDESK_DB", raising=False)
    with pytest.raises(NoWarehouse, match=r"data/newsdesk\.duckdb"):
        warehouse.connect()
    (tmp_path / "data").mkdir()
    shutil.copy(template, tmp_path / "data" / "newsdesk.duckdb")
    with warehouse.connect() as con:
        assert con.sql("SELECT count(*) FROM articles").fetchall() == [(7,)]
    elsewhere = tmp_path / "elsewhere.duckdb"
    shutil.copy(template, elsewhere)
    monkeypatch.setenv("NEWSDESK_DB", str(elsewhere))
    with warehouse.connect() as con:
        assert con.sql("SELECT current_database()").fetchall() == [("elsewhere",)]
