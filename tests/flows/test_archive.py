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


def test_archive_is_one_gzip_member_per_record_and_reads_back(tmp_path):
    """Readers (warcio, Common Crawl tools) seek to a record: each record must be a gzip member of its own."""
    import gzip
    from datetime import UTC, datetime

    from warcio.archiveiterator import ArchiveIterator

    from flows.archive import archive_batch, read_responses
    from flows.results import FetchResult

    when = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    pages = [
        FetchResult(url=f"http://127.0.0.1/{i}", outcome="ok", fetched_at=when, status=200,
                    content_type="text/html; charset=gbk", headers={"content-type": "text/html; charset=gbk"},
                    body=f"<html><body><p>第{i}篇 智谱AI</p></body></html>".encode("gbk"), bytes=0)
        for i in range(3)
    ]  # fmt: skip
    path = archive_batch(tmp_path, "batch", pages)
    assert path is not None and b"WARC/1" in gzip.decompress(path.read_bytes())
    with open(path, "rb") as stream:
        uris = [record.rec_headers.get_header("WARC-Target-URI") for record in ArchiveIterator(stream)]
    assert uris == [p.url for p in pages]
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream)
        starts = [iterator.get_record_offset() for _ in iterator]
    assert len(set(starts)) == 3 and starts[0] == 0  # a member starts at each record
    back = list(read_responses(path))
    assert [(r.url, r.body, r.fetched_at) for r in back] == [(p.url, p.body, when) for p in pages]
