"""The raw archive: re-extraction without the network, and WARC import through the pipeline."""

import pytest

from extractors.article import EXTRACTOR_VERSION
from flows.config import Settings
from flows.ingest import demo_flow, import_warc_flow
from flows.maintenance import reprocess
from tests.conftest import LOOPBACK
from warehouse.connection import open_warehouse
from warehouse.query import run_query

pytestmark = pytest.mark.usefixtures("prefect_server")
COUNTS = (
    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM articles_unique), (SELECT count(*) FROM mentions)"
)


@pytest.fixture
def archived(tmp_path):
    """A warehouse filled from a demo site that is shut down afterwards: only the archive remains."""
    from flows.demo.site import serve_demo_site

    db = tmp_path / "wh" / "newsdesk.duckdb"
    with serve_demo_site(port=0) as site:
        demo_flow([site.feed_url, site.sitemap_url], db=str(db), options=LOOPBACK)
    return db


def test_reprocess_restores_rows_in_place_without_network(archived):
    before = run_query(archived, COUNTS).rows
    good = run_query(archived, "SELECT article_id, text FROM articles WHERE url LIKE '%kimi-long-context%'").rows[0]
    with open_warehouse(archived) as con:  # as if an older extractor had produced worse text
        con.execute(
            "UPDATE articles SET text = '旧版本抽取的残缺正文', extractor_version = '1' WHERE article_id = ?", [good[0]]
        )
    report = reprocess(Settings(db=archived))
    assert (report.updated, report.added) == (1, 0) and report.pages == 11
    assert run_query(archived, "SELECT text, extractor_version FROM articles WHERE article_id = ?", [good[0]]).rows == [
        (good[1], EXTRACTOR_VERSION)
    ]
    assert run_query(archived, COUNTS).rows == before  # nothing doubled, mentions back
    again = reprocess(Settings(db=archived))
    # 10 articles (the mirror is its own row); the off-topic page (新能源汽车) is archived but never an article
    assert (again.updated, again.added, again.unchanged, again.no_article) == (0, 0, 10, 1)


def test_import_warc_goes_through_the_same_pipeline(archived, tmp_path):
    warc = next((archived.parent / "archive").glob("*.warc.gz"))
    fresh = tmp_path / "fresh" / "newsdesk.duckdb"
    result = import_warc_flow(str(warc), db=str(fresh))
    assert (result["new_articles"], result["duplicates"]) == (9, 1)  # the off-topic page stays out
    assert run_query(fresh, COUNTS).rows == run_query(archived, COUNTS).rows
    assert import_warc_flow(str(warc), db=str(fresh))["new_articles"] == 0  # idempotent
