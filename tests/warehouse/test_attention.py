"""attention_daily against hand-counted stories, and the report's share mode drawn from it.

The warehouse is written row by row, so every number below can be counted on
the page: seven stories on four Beijing days, one of them a copy, two on
either side of Beijing midnight, one with no publication time, one that names
its company only through a product (Kimi → 月之暗面) and one through a person
(张鹏 → 智谱AI).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from warehouse.connection import open_warehouse
from warehouse.query import run_query

ENTITIES = [
    # entity_id, name, kind, parent_id, core, english
    ("zhipu", "智谱AI", "org", None, True, ["Zhipu AI"]),
    ("moonshot", "月之暗面", "org", None, True, ["Moonshot AI"]),
    ("minimax", "MiniMax", "org", None, True, []),
    ("kimi", "Kimi", "product", "moonshot", False, []),
    ("zhangpeng", "张鹏", "person", "zhipu", False, []),
    ("baidu", "百度", "org", None, False, ["Baidu"]),
]
FETCHED = "2026-11-19 12:00:00+08"
STORIES = [
    # article_id, source, title, published_at (NULL: fetched_at counts), duplicate_of, mentions (entity, start, end)
    ("a1", "36kr.com", "智谱AI完成新一轮融资", "2026-11-16 10:00:00+08", None, [("zhipu", 0, 4), ("baidu", 10, 12)]),
    ("a2", "sina.com.cn", "智谱AI完成新一轮融资", "2026-11-16 12:00:00+08", "a1", [("zhipu", 0, 4)]),
    ("a3", "36kr.com", "Kimi与智谱AI", "2026-11-16 15:59:59+00", None, [("kimi", 0, 4), ("zhipu", 5, 9)]),
    ("a4", "qbitai.com", "月之暗面发布新模型", "2026-11-16 16:00:00+00", None,
     [("moonshot", 0, 4), ("moonshot", 10, 14), ("baidu", 20, 22)]),
    ("a5", "qbitai.com", "百度文心", None, None, [("baidu", 0, 2)]),
    ("a6", "36kr.com", "MiniMax与张鹏同台", "2026-11-18 09:00:00+08", None, [("minimax", 0, 7), ("zhangpeng", 8, 10)]),
    ("a7", "quiet.example.com", "智谱AI旧闻", "2026-10-20 09:00:00+08", None, [("zhipu", 0, 4)]),
]  # fmt: skip
A5_FETCHED = "2026-11-17 03:00:00+08"  # a5 states no publication time: its day is when it was fetched

# Counted by hand from STORIES (a2 is a copy of a1 and does not count; a3 is 11-16 23:59:59 and
# a4 11-17 00:00:00 in Beijing): (day, company) → (articles, all_articles).
HAND_COUNTED = {
    (date(2026, 10, 20), "zhipu"): (1, 1),
    (date(2026, 10, 20), "moonshot"): (0, 1),
    (date(2026, 10, 20), "minimax"): (0, 1),
    (date(2026, 11, 16), "zhipu"): (2, 2),  # a1, a3
    (date(2026, 11, 16), "moonshot"): (1, 2),  # a3, through Kimi
    (date(2026, 11, 16), "minimax"): (0, 2),
    (date(2026, 11, 17), "zhipu"): (0, 2),
    (date(2026, 11, 17), "moonshot"): (1, 2),  # a4; a5 names no core company
    (date(2026, 11, 17), "minimax"): (0, 2),
    (date(2026, 11, 18), "zhipu"): (1, 1),  # a6, through 张鹏
    (date(2026, 11, 18), "moonshot"): (0, 1),
    (date(2026, 11, 18), "minimax"): (1, 1),
}


def build_hand_counted(path: Path) -> Path:
    """A migrated warehouse holding exactly ENTITIES and STORIES."""
    with open_warehouse(path) as con:
        con.executemany(
            "INSERT INTO entities (entity_id, name, kind, parent_id, core, english) VALUES (?, ?, ?, ?, ?, ?)", ENTITIES
        )
        for seq, (article_id, source, title, published, copy_of, mentions) in enumerate(STORIES, 1):
            url = f"https://{source}/{article_id}.html"
            con.execute(
                """INSERT INTO articles (article_id, url, canonical_url, source, title, text, published_at, fetched_at,
                                         content_hash, duplicate_of, cluster_id, loaded_seq)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [article_id, url, url, source, title, title, published, A5_FETCHED if published is None else FETCHED,
                 f"h-{copy_of or article_id}", copy_of, copy_of or article_id, seq],
            )  # fmt: skip
            for entity_id, start, end in mentions:
                con.execute(
                    "INSERT INTO mentions VALUES (?, ?, ?, ?, ?)", [article_id, entity_id, title[start:end], start, end]
                )
    return path


@pytest.fixture(scope="module")
def counted(tmp_path_factory) -> Path:
    return build_hand_counted(tmp_path_factory.mktemp("attention") / "newsdesk.duckdb")


def test_attention_daily_matches_the_hand_count(counted):
    result = run_query(counted, "SELECT company_id, name, day, articles, all_articles, share FROM attention_daily")
    assert result.columns == ["company_id", "name", "day", "articles", "all_articles", "share"]
    found = {(row["day"], row["company_id"]): row for row in result.dicts()}
    assert {key: (r["articles"], r["all_articles"]) for key, r in found.items()} == HAND_COUNTED
    for (_day, _company), row in found.items():
        assert row["share"] == pytest.approx(row["articles"] / row["all_articles"])
    assert found[(date(2026, 11, 16), "moonshot")]["name"] == "月之暗面"
    assert found[(date(2026, 11, 16), "moonshot")]["share"] == 0.5


def test_attention_days_are_beijing_days_in_any_session(counted):
    """A plain DuckDB session in UTC (an analyst's own CLI) gets the same days: a4 stays on 11-17."""
    with duckdb.connect(str(counted), read_only=True) as con:
        con.execute("SET TimeZone = 'UTC'")
        rows = con.execute("SELECT day, company_id, articles, all_articles FROM attention_daily").fetchall()
        core_daily_day = con.execute("SELECT day FROM core_daily WHERE company_id = 'moonshot' ORDER BY day").fetchall()
    assert {(d, c): (n, total) for d, c, n, total in rows} == HAND_COUNTED
    assert core_daily_day == [(date(2026, 11, 16),)]  # the session-dependent view puts a3 and a4 on one UTC day


def test_report_share_mode_draws_attention_daily(counted, monkeypatch):
    from flows import report

    monkeypatch.setattr(report, "discover_entities", lambda *args, **kwargs: [])  # candidates are not this test's
    catalogue = type("Catalogue", (), {"entities": [type("E", (), {"entity_id": e[0], "name": e[1], "core": e[4]})()
                                                   for e in ENTITIES]})()  # fmt: skip
    data = report.gather(counted, catalogue, since=date(2026, 11, 16))
    assert {(r["day"], r["company_id"]): r["share"] for r in data.attention} == {
        key: n / total for key, (n, total) in HAND_COUNTED.items() if key[0] >= date(2026, 11, 16)
    }
    data.generated_at = datetime(2026, 11, 20, tzinfo=UTC)
    page = report.render_html(data)
    assert page.count('class="attention-point"') == 3 * 3  # three days × three core companies
    assert page.count('class="attention-line"') == 3
    assert 'data-company="minimax" data-day="2026-11-18" data-value="1.0000"' in page
    assert 'data-company="moonshot" data-day="2026-11-16" data-value="0.5000"' in page
    # a switch without scripts: two radio buttons, the counts first, both charts in the page
    assert 'id="trend-count" checked' in page and 'id="trend-share"' in page
    assert page.index('class="chart line-chart"') < page.index('class="chart share-trend"')
    assert "<script" not in page
