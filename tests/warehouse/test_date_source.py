"""articles.date_source: migration 9 on an old warehouse, and a new article's value loaded from the spool.

How extraction sets it is tested in tests/extractors/test_date_source.py.
"""

from datetime import UTC, datetime

from extractors.pipeline import ArticleRecord
from tests.warehouse.test_migrations import at_version
from warehouse.connection import open_warehouse
from warehouse.loader import load_spool
from warehouse.query import run_query
from warehouse.spool import Batch, write_batch

FETCHED = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)


def test_migration_9_adds_date_source_and_says_none_only_where_no_date_was_found(tmp_path):
    path = tmp_path / "v8.duckdb"
    con = at_version(path, 8)
    con.execute(
        """INSERT INTO articles (article_id, url, canonical_url, source, text, published_at, fetched_at, content_hash,
                                 cluster_id, loaded_seq)
           VALUES ('a1', 'https://x/1', 'https://x/1', 'x', '正文', '2024-05-10 08:00:00+08', now(), 'h1', 'a1', 1),
                  ('a2', 'https://x/2', 'https://x/2', 'x', '正文', NULL, now(), 'h2', 'a2', 2)"""
    )
    con.close()
    with open_warehouse(path) as con:
        assert con.execute("SELECT article_id, date_source FROM articles ORDER BY 1").fetchall() == [
            ("a1", None),  # a date found by an extractor that did not record how: unknown
            ("a2", "none"),
        ]
        assert "date_source" in [d[0] for d in con.execute("SELECT * FROM articles_unique").description]


def test_an_articles_date_source_is_loaded_from_its_spool_row(tmp_path):
    record = ArticleRecord(
        article_id="a1", url="https://example.com/a.html", canonical_url="https://example.com/a.html",
        source="example.com", title="智谱发布视觉模型", text="智谱发布新一代视觉模型。",
        published_at="2026-11-22T18:24:00+08:00", fetched_at=FETCHED, lang="zh", script="Hans", content_hash="h1",
        author=None, sitename=None, extractor_version="4", catalogue_version="test", date_source="relative_to_fetch",
    )  # fmt: skip
    batch = Batch("0001")
    batch.add("articles", [record.row("r")])
    write_batch(tmp_path / "spool", batch)
    load_spool(tmp_path / "w.duckdb", tmp_path / "spool")
    rows = run_query(tmp_path / "w.duckdb", "SELECT article_id, date_source FROM articles").rows
    assert rows == [("a1", "relative_to_fetch")]
