"""Events in the warehouse: one row per real-world event across outlets and scripts, derived from its mentions."""

import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from extractors.entities import load_catalogue
from extractors.normalise import to_traditional
from extractors.pipeline import entity_rows, process_plain_text
from flows.cli import app
from flows.maintenance import rebuild_events
from warehouse.invariants import check_warehouse
from warehouse.loader import load_spool
from warehouse.query import run_query
from warehouse.spool import Batch, write_batch

NOW = datetime(2026, 11, 23, tzinfo=UTC)
ROUND = (
    "月之暗面完成B轮融资 金额超10亿美元\n"
    "2024年2月，大模型公司月之暗面宣布完成B轮融资，融资金额超过10亿美元，由阿里巴巴领投，砺思资本、小红书跟投。"
    "本轮融资后，月之暗面估值约25亿美元。公司表示，资金将用于长文本模型Kimi的研发和人才招聘。"
)
# Another outlet's report of the same round, in its own words.
RETOLD = (
    "Kimi背后公司获超10亿美元投资\n"
    "记者获悉，月之暗面于2024年2月完成超10亿美元B轮融资，阿里巴巴领投。"
    "这是国内大模型创业公司迄今最大的单轮融资之一。"
)
MARKET = "大模型市场观察\n据测算，2024年中国大模型市场规模达到300亿元，同比增长超过50%。多家机构发布了行业报告。"
runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    """Four reports loaded through spool and loader: a round, a Traditional edition, a retelling, a non-event."""
    catalogue = load_catalogue()
    batch = Batch("T0-r0-000000")
    for name, text in [("round", ROUND), ("round-hant", to_traditional(ROUND)), ("retold", RETOLD), ("market", MARKET)]:
        record = process_plain_text(text, name=name, fetched_at=NOW, catalogue=catalogue).record
        batch.add_tables(record.spool_rows("r0"))
    batch.add("entities", entity_rows(catalogue))
    write_batch(tmp_path / "spool", batch)
    path = tmp_path / "newsdesk.duckdb"
    load_spool(path, tmp_path / "spool")
    return path


def _events(path):
    return run_query(
        path, "SELECT company, round, amount, lead_investors, articles FROM funding_rounds ORDER BY ALL"
    ).rows


def test_one_round_reported_three_times_in_two_scripts_is_one_event_with_three_mentions(db):
    assert _events(db) == [("月之暗面", "b", "超过10亿美元", ["阿里巴巴"], 3)]
    mentions = run_query(db, "SELECT count(*), count(DISTINCT article_id) FROM event_mentions").rows
    assert mentions == [(3, 3)]  # the market-size text reports no event
    assert run_query(db, "SELECT amount_low, currency FROM events").rows == [(1e9, "USD")]
    assert check_warehouse(db) == []


def test_the_timeline_links_the_first_report(db):
    rows = run_query(db, "SELECT day, company, type, what, first_url FROM company_timeline").rows
    assert rows == [("2024-02", "月之暗面", "funding", "B轮", "seed:round")]


def test_rebuilding_events_gives_the_same_rows_and_loading_again_adds_nothing(db, tmp_path):
    before = run_query(db, "SELECT * FROM events ORDER BY event_id").rows
    report = rebuild_events(db, load_catalogue())
    assert (report.articles, report.event_mentions, report.events) == (4, 3, 1)
    assert run_query(db, "SELECT * FROM events ORDER BY event_id").rows == before
    assert check_warehouse(db) == []


def test_events_list_and_extract_commands(db, tmp_path):
    listed = runner.invoke(app, ["events", "list", "--db", str(db), "--company", "moonshot", "-f", "csv"])
    assert listed.exit_code == 0, listed.output
    assert listed.output.splitlines()[1].startswith(
        "2024-02,月之暗面,funding,B轮,超过10亿美元,['阿里巴巴'],3,seed:round"
    )
    none = runner.invoke(app, ["events", "list", "--db", str(db), "--type", "launch"])
    assert none.exit_code == 0 and "(0 rows)" in none.output
    bad = runner.invoke(app, ["events", "list", "--db", str(db), "--type", "ipo"])
    assert bad.exit_code == 2

    texts = tmp_path / "texts.jsonl"
    lines = [{"id": "a", "text": ROUND.split("\n", 1)[1]}, {"id": "b", "text": MARKET}]
    texts.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines) + "{broken\n", encoding="utf-8")
    result = runner.invoke(app, ["events", "extract", str(texts), "--json"])
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1  # the broken line
    assert [o["id"] for o in out] == ["a", "b", None]
    (event,) = out[0]["events"]
    assert {k: event[k] for k in ("type", "company", "round", "amount", "lead_investors", "date")} == {
        "type": "funding", "company": "月之暗面", "round": "B轮", "amount": "超过10亿美元",
        "lead_investors": ["阿里巴巴"], "date": "2024年2月",
    }  # fmt: skip
    assert out[1]["events"] == [] and "JSONDecodeError" in out[2]["error"]


def test_an_event_takes_each_value_from_its_earliest_report_stating_it(tmp_path):
    """Reports ordered by publication time (else fetch time), then load order; NULLs and empty lists skipped."""
    from warehouse.connection import open_warehouse
    from warehouse.events import refresh_events

    reports = [  # (article, published_at, fetched_at, loaded_seq, company, round, investors)
        ("late", "2024-03-01 00:00:00+00", "2024-03-01 00:00:00+00", 1, "晚到公司", "c", ["甲"]),
        ("tie-second", "1969-12-31 00:00:00+00", "2024-01-01 00:00:00+00", 3, "并列二", None, ["乙"]),
        ("tie-first", "1969-12-31 00:00:00+00", "2024-01-01 00:00:00+00", 2, None, None, []),
        ("fetched", None, "2024-02-01 00:00:00+00", 4, "抓取公司", "b", ["丙"]),
    ]
    with open_warehouse(tmp_path / "wh.duckdb") as con:
        for article_id, published, fetched, seq, company, round_, investors in reports:
            con.execute(
                """INSERT INTO articles (article_id, url, canonical_url, source, text, published_at, fetched_at,
                                         content_hash, cluster_id, loaded_seq)
                   VALUES (?, ?, ?, 's', 't', ?::TIMESTAMPTZ, ?::TIMESTAMPTZ, ?, ?, ?)""",
                [article_id, article_id, article_id, published, fetched, article_id, article_id, seq],
            )
            con.execute(
                """INSERT INTO event_mentions (article_id, event_id, type, company, round, investors, sentence, start, "end")
                   VALUES (?, 'e1', 'funding', ?, ?, ?, 's', 0, 1)""",
                [article_id, company, round_, investors],
            )
        refresh_events(con)
        row = con.execute(
            "SELECT company, round, investors, first_article_id, first_reported_at::VARCHAR, articles FROM events"
        ).fetchall()
    assert row == [("并列二", "b", ["乙"], "tie-first", "1969-12-31 08:00:00+08", 4)]
