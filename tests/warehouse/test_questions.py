"""The named questions: every file is well-formed, answers the hand-counted warehouse exactly, and
answers sensibly on the demo site's articles as the real extractor, tagger and loader store them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.warehouse.test_attention import build_hand_counted
from warehouse import questions
from warehouse.query import check_read_only, run_query

EXPECTED = {"attention", "companions", "funding_rounds", "launches", "new_entities", "quiet_sources", "top_stories"}


@pytest.fixture(scope="module")
def counted(tmp_path_factory) -> Path:
    return build_hand_counted(tmp_path_factory.mktemp("questions") / "newsdesk.duckdb")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo site's pages (its mirror included) through process_page → spool → loader; no HTTP, no Prefect."""
    from extractors.entities import load_catalogue
    from extractors.pipeline import process_page
    from flows.demo.site import DemoSite
    from warehouse.loader import load_spool
    from warehouse.spool import Batch, write_batch

    tmp = tmp_path_factory.mktemp("questions-demo")
    site, catalogue = DemoSite("http://demo.example"), load_catalogue()
    batch = Batch("T0-demo-000000")
    for path, (content_type, body) in site.pages.items():
        if path.startswith(("/news/", "/reprint/")):
            page = process_page(body, url=site.base + path, final_url=None, content_type=content_type,
                                fetched_at=datetime(2026, 11, 19, tzinfo=UTC), catalogue=catalogue)  # fmt: skip
            if page.record is not None:
                batch.add_tables(page.record.spool_rows("demo"))
    batch.add("entities", [
        {"entity_id": e.entity_id, "name": e.name, "kind": e.kind, "parent_id": e.parent_id, "core": e.core,
         "english": list(e.english), "aliases": list(e.aliases), "catalogue_version": catalogue.version}
        for e in catalogue.entities
    ])  # fmt: skip
    write_batch(tmp / "spool", batch)
    load_spool(tmp / "newsdesk.duckdb", tmp / "spool")
    return tmp / "newsdesk.duckdb"


def ask(db: Path, name: str, **values: object) -> list[dict]:
    return questions.ask(db, name, values).dicts()


# ── the files ──────────────────────────────────────────────────────────────


def test_every_question_file_is_one_documented_select():
    assert set(questions.names()) >= EXPECTED
    for q in questions.all_questions():
        assert q.summary and q.description, q.name
        check_read_only(q.sql)  # one SELECT: it runs under `newsdesk sql`'s rules
        body = "\n".join(line for line in q.sql.splitlines() if not line.lstrip().startswith("--"))
        used = set(re.findall(r"\$(\w+)", body))
        assert used == set(q.parameter_names), f"{q.name}: used {used}, declared {q.parameter_names}"
        assert all(p.help for p in q.parameters)


def test_binding_names_every_parameter_and_refuses_others():
    q = questions.load("top_stories")
    assert q.bind(company="zhipu") == {"company": "zhipu", "since": None, "limit": None}
    with pytest.raises(questions.UnknownParameter, match="has no parameter weeks; it takes company, since, limit"):
        q.bind(weeks=2)
    with pytest.raises(questions.UnknownQuestion, match="no question named 'funding'; the questions are: attention"):
        questions.load("funding")


def test_parameters_left_out_take_the_documented_defaults(counted):
    """NULL means: every company, since six Beijing days before today (the last 7 days), 4 weeks back."""
    week = (datetime.now(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=6)).isoformat()
    for q in questions.all_questions():
        explicit = {name: value for name, value in {"since": week, "weeks": 4}.items() if name in q.parameter_names}
        assert questions.ask(counted, q.name).rows == questions.ask(counted, q.name, explicit).rows, q.name


# ── hand-counted answers (tests/warehouse/test_attention.py has the stories) ──


def test_top_stories(counted):
    rows = ask(counted, "top_stories", since="2026-11-16")
    by_company = {}
    for row in rows:
        by_company.setdefault(row["company"], []).append((row["title"], row["copies"], row["outlet_names"]))
    assert by_company == {
        "智谱AI": [("智谱AI完成新一轮融资", 2, "36kr.com, sina.com.cn"),  # a1 and its copy a2
                  ("MiniMax与张鹏同台", 1, "36kr.com"),  # through 张鹏, newest first among single copies
                  ("Kimi与智谱AI", 1, "36kr.com")],
        "月之暗面": [("月之暗面发布新模型", 1, "qbitai.com"), ("Kimi与智谱AI", 1, "36kr.com")],
        "MiniMax": [("MiniMax与张鹏同台", 1, "36kr.com")],
    }  # fmt: skip
    assert rows[1]["outlets"] == 2 and rows[1]["day"] == date(2026, 11, 16)
    one = ask(counted, "top_stories", since="2026-11-16", company="MOONSHOT AI", limit=1)  # an English name, any case
    assert [(r["company"], r["title"]) for r in one] == [("月之暗面", "月之暗面发布新模型")]


def test_new_entities(counted):
    rows = ask(counted, "new_entities", since="2026-11-16")
    assert [(r["name"], r["company"], r["first_day"], r["articles"]) for r in rows] == [
        ("百度", None, date(2026, 11, 16), 3),
        ("Kimi", "月之暗面", date(2026, 11, 16), 1),
        ("月之暗面", None, date(2026, 11, 17), 1),
        ("MiniMax", None, date(2026, 11, 18), 1),
        ("张鹏", "智谱AI", date(2026, 11, 18), 1),
    ]  # 智谱AI was first named on 10-20: not new


def test_companions(counted):
    zhipu = ask(counted, "companions", since="2026-11-16", company="智谱AI")
    # 智谱AI's stories: a1, a3 and a6 (through 张鹏, its own person, who is not listed)
    assert [(r["companion"], r["articles"], r["entity_stories"], r["share"]) for r in zhipu] == [
        ("Kimi", 1, 3, 0.333), ("MiniMax", 1, 3, 0.333), ("百度", 1, 3, 0.333)
    ]  # fmt: skip
    every = ask(counted, "companions", since="2026-11-16")
    assert {(r["entity"], r["companion"]) for r in every} == {
        ("智谱AI", "Kimi"), ("智谱AI", "MiniMax"), ("智谱AI", "百度"),
        ("月之暗面", "智谱AI"), ("月之暗面", "百度"),  # Kimi is 月之暗面's own
        ("MiniMax", "张鹏"),
    }  # fmt: skip


def test_quiet_sources(counted):
    rows = ask(counted, "quiet_sources", since="2026-11-16")
    assert [(r["source"], r["last_story"], r["stories_before"]) for r in rows] == [
        ("quiet.example.com", date(2026, 10, 20), 1)
    ]
    assert ask(counted, "quiet_sources", since="2026-11-16", weeks=1) == []  # 10-20 is more than a week back


def test_attention(counted):
    rows = ask(counted, "attention", since="2026-11-16", company="minimax")
    assert [(r["day"], r["articles"], r["all_articles"], r["share"]) for r in rows] == [
        (date(2026, 11, 16), 0, 2, 0.0), (date(2026, 11, 17), 0, 2, 0.0), (date(2026, 11, 18), 1, 1, 1.0)
    ]  # fmt: skip


def test_a_question_from_a_notebook_connection(counted):
    import warehouse

    q = questions.load("attention")
    with warehouse.connect(counted) as con:
        rows = con.execute(q.sql, q.bind(company="zhipu", since="2026-11-18")).fetchall()
    assert rows == [(date(2026, 11, 18), "智谱AI", 1, 1, 1.0)]


# ── on the demo data ───────────────────────────────────────────────────────


def test_questions_on_the_demo_articles(demo):
    assert run_query(demo, "SELECT count(*) FROM articles_unique").rows == [
        (9,)
    ]  # 10 articles, one off-topic (ev-sales)
    top = ask(demo, "top_stories", since="2026-11-01", company="zhipu")
    assert top[0]["title"].startswith("智谱AI完成新一轮融资") and top[0]["copies"] == 2  # the /reprint/ mirror
    assert top[0]["outlet_names"] == "demo.example"

    new = {r["name"] for r in ask(demo, "new_entities", since="2026-11-01")}
    assert {"智谱AI", "月之暗面", "Kimi", "MiniMax"} <= new

    moonshot = ask(demo, "companions", since="2026-11-01", company="月之暗面")
    companions = {r["companion"] for r in moonshot}
    assert companions and not companions & {"Kimi", "杨植麟"}  # its own product and founder stand for it
    assert all(r["entity"] == "月之暗面" and 0 < r["share"] <= 1 for r in moonshot)

    last_day = run_query(demo, "SELECT max(CAST(published_at AS DATE)) FROM articles").rows[0][0]
    assert ask(demo, "quiet_sources", since=str(last_day)) == []
    quiet = ask(demo, "quiet_sources", since=str(date.fromordinal(last_day.toordinal() + 1)))
    assert [r["source"] for r in quiet] == ["demo.example"]

    attention = ask(demo, "attention", since="2026-11-01")
    per_day = {}
    for r in attention:
        assert r["share"] == pytest.approx(r["articles"] / r["all_articles"], abs=1e-4)
        per_day.setdefault(r["day"], set()).add(r["name"])
    assert all(len(names) == 6 for names in per_day.values())  # every core company, every day with stories


def test_funding_rounds_and_launches_on_the_demo_articles(demo):
    rounds = ask(demo, "funding_rounds", since="2026-11-01")
    zhipu = [r for r in rounds if r["company"] == "智谱AI"]
    assert len(zhipu) == 1 and zhipu[0]["articles"] == 2  # the round and its /reprint/ mirror: one event
    assert ask(demo, "funding_rounds", since="2026-11-01", company="zhipu") == zhipu
    launches = ask(demo, "launches", since="2026-11-01")
    assert len(launches) == run_query(demo, "SELECT count(*) FROM launches").rows[0][0]
    assert all(r["first_url"].startswith("http://demo.example/") for r in rounds + launches)
