"""The daily run over a sources file: loopback sources only."""

import socket

import pytest

from flows.ingest import daily_flow
from flows.sources import check_sources, parse_sources
from tests.conftest import LOOPBACK
from warehouse.query import run_query

pytestmark = pytest.mark.usefixtures("prefect_server")


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sources_file(tmp_path, demo_site):
    path = tmp_path / "sources.toml"
    path.write_text(
        f"""
[defaults]
ai = ["MiniMax", "Kimi"]

[[source]]
id = "demo-feed"
name = "示例 RSS"
feeds = ["{demo_site.feed_url}"]

[[source]]
id = "demo-sitemap"
name = "示例 sitemap, MiniMax/Kimi only"
sitemaps = ["{demo_site.sitemap_url}"]
keywords = "ai"

[[source]]
id = "dead"
name = "nobody home"
feeds = ["http://127.0.0.1:{_dead_port()}/feed.xml"]

[[source]]
id = "disabled"
name = "switched off"
feeds = ["http://127.0.0.1:{_dead_port()}/feed.xml"]
enabled = false
""",
        encoding="utf-8",
    )
    return path


def test_daily_run_survives_a_dead_source_and_filters_by_date(sources_file, db_path):
    options = {**LOOPBACK, "sources": str(sources_file), "retries": 0}
    result = daily_flow(db=str(db_path), options=options, since="2026-11-12")
    assert result["status"] == "completed"
    per_source = result["summary"]["sources"]
    assert set(per_source) == {"demo-feed", "demo-sitemap", "dead"}  # disabled source skipped
    assert per_source["dead"]["error"].startswith("connection_error")
    assert per_source["demo-feed"]["error"] is None
    # feed items dated before 2026-11-12 are left out (ev-sales, talkie, deepseek)
    titles = {t for (t,) in run_query(db_path, "SELECT title FROM articles").rows}
    assert not any("新能源汽车" in t or "Talkie" in t for t in titles)
    assert any("六小虎" in t for t in titles)
    # the sitemap has no titles: its links all pass the keyword filter; the feed's duplicates collapse
    assert result["new_articles"] == 7 and result["duplicates"] == 1
    # fetches carry their source; source_health summarises per source and day
    health = dict(run_query(db_path, "SELECT source, attempts FROM source_health").rows)
    assert health["dead"] == 1 and health["demo-feed"] >= 1

    second = daily_flow(db=str(db_path), options=options)  # since = the last completed run
    assert second["new_articles"] == 0
    outcomes = run_query(
        db_path, "SELECT source_id, outcome FROM fetches WHERE run_id = ? AND url LIKE '%.xml'", [second["run_id"]]
    ).rows
    assert ("demo-feed", "not_modified") in outcomes  # conditional GET with the feed's ETag


def test_keyword_filter_on_titles():
    [source] = parse_sources('[[source]]\nid = "x"\nfeeds = ["http://e/f"]\nkeywords = ["MiniMax"]\n')
    assert source.wants("MiniMax发布视频模型")
    assert source.wants("minimax 新品")  # folded: case-insensitive
    assert not source.wants("新能源汽车销量")
    assert source.wants(None)  # no title: cannot judge, keep


def test_sources_check(sources_file):
    from flows.config import Settings
    from flows.sources import load_sources

    checks = {c.source_id: c for c in check_sources(load_sources(sources_file), Settings(**LOOPBACK, retries=0))}
    assert checks["demo-feed"].outcome == "ok" and checks["demo-feed"].items == 10
    assert checks["demo-feed"].newest.startswith("2026-11-18")
    assert checks["dead"].outcome == "connection_error"


def test_shipped_sources_file_is_valid():
    from flows.sources import load_sources

    sources = load_sources()
    assert len(sources) >= 10
    assert all(s.documents for s in sources)
    assert all(doc.startswith("https://") for s in sources for doc in s.documents)


def test_transient_failures_are_retried_by_the_next_run(tmp_path, db_path):
    from tests.flows.hostile import HostileServer, conditional, flaky, respond

    page = (
        "<html><body><article>" + "<p>阶跃星辰发布新一代多模态模型，跃问用户数稳步增长，姜大昕表示将继续投入。</p>" * 4
    )
    page += "</article></body></html>"
    with HostileServer(("127.0.0.1",)) as server:
        article_url = server.route(
            "/news/1.html",
            flaky(respond("503 Service Unavailable"), respond("200 OK", page.encode(), {"Content-Type": "text/html"})),
        )
        feed = f"<rss><channel><item><title>阶跃星辰</title><link>{article_url}</link></item></channel></rss>"
        feed_url = server.route("/feed.xml", conditional('"f1"', feed.encode()))
        sources = tmp_path / "sources.toml"
        sources.write_text(f'[[source]]\nid = "s"\nfeeds = ["{feed_url}"]\n', encoding="utf-8")
        options = {**LOOPBACK, "sources": str(sources), "retries": 0}

        first = daily_flow(db=str(db_path), options=options, since="2020-01-01")
        assert (first["new_articles"], first["summary"]["outcomes"].get("http_error")) == (0, 1)
        second = daily_flow(db=str(db_path), options=options)
        assert second["summary"]["sources"]["s"]["not_modified"] == 1  # the feed had nothing new…
        assert (second["summary"]["retried"], second["new_articles"]) == (1, 1)  # …but the failed page was retried
        third = daily_flow(db=str(db_path), options=options)
        assert (third["summary"]["retried"], third["new_articles"]) == (0, 0)
