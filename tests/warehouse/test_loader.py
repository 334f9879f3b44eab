import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warehouse.loader import load_spool
from warehouse.query import run_query
from warehouse.spool import Batch, pending_batches, write_batch

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def article(n: int, content_hash: str) -> dict:
    return {
        "article_id": f"a{n}",
        "url": f"https://example.com/{n}",
        "canonical_url": f"https://example.com/{n}",
        "source": "example.com",
        "title": f"t{n}",
        "text": "正文",
        "published_at": "2026-11-20T00:00:00+08:00",
        "fetched_at": NOW,
        "content_hash": content_hash,
        "run_id": "r",
    }


def rows(db, sql):
    return run_query(db, sql).rows


@pytest.fixture
def spool_dir(tmp_path):
    return tmp_path / "spool"


def test_duplicates_link_to_earliest_within_batch_and_history(db_path, spool_dir):
    first = Batch("0001")
    first.add("articles", [article(1, "h1"), article(2, "h1"), article(3, "h2")])
    first.add("mentions", [{"article_id": "a1", "entity_id": "zhipu", "surface": "智谱", "start": 0, "end": 2}])
    write_batch(spool_dir, first)
    [report] = load_spool(db_path, spool_dir)
    assert (report.new_articles, report.duplicates, report.mentions) == (2, 1, 1)

    second = Batch("0002")
    second.add("articles", [article(4, "h2"), article(5, "h1")])
    write_batch(spool_dir, second)
    load_spool(db_path, spool_dir)
    assert rows(db_path, "SELECT article_id, duplicate_of, cluster_id FROM articles ORDER BY article_id") == [
        ("a1", None, "a1"),
        ("a2", "a1", "a1"),
        ("a3", None, "a3"),
        ("a4", "a3", "a3"),
        ("a5", "a1", "a1"),
    ]
    assert rows(db_path, "SELECT count(*) FROM articles_unique") == [(2,)]


def test_loading_the_same_batch_twice_changes_nothing(db_path, spool_dir):
    batch = Batch("0001")
    batch.add("articles", [article(1, "h1"), article(1, "h1")])  # and a repeat inside the batch
    batch.add("mentions", [{"article_id": "a1", "entity_id": "e", "surface": "s", "start": 0, "end": 1}])
    batch.add("fetches", [{"fetch_id": "f1", "url": "https://example.com/1", "outcome": "ok", "fetched_at": NOW}])
    write_batch(spool_dir, batch)
    load_spool(db_path, spool_dir)
    write_batch(spool_dir, batch)  # e.g. a crash between commit and deleting the spool folder
    [again] = load_spool(db_path, spool_dir)
    assert (again.new_articles, again.duplicates, again.mentions, again.fetches) == (0, 0, 0, 0)
    counts = "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions), (SELECT count(*) FROM fetches)"
    assert rows(db_path, counts) == [(1, 1, 1)]
    assert pending_batches(spool_dir) == []


def test_unknown_column_is_refused_before_anything_is_written(spool_dir):
    batch = Batch("0001")
    batch.add("articles", [{**article(1, "h"), "surprise": 1}])
    with pytest.raises(ValueError, match="unknown columns"):
        write_batch(spool_dir, batch)
    assert pending_batches(spool_dir) == []


def test_load_order_follows_batch_order_even_for_large_batches(db_path, spool_dir):
    batch = Batch("0001")
    batch.add("articles", [article(n, f"h{n % 7}") for n in range(3000)])
    write_batch(spool_dir, batch)
    load_spool(db_path, spool_dir)
    rows = rows_of(db_path, "SELECT article_id, loaded_seq, duplicate_of FROM articles ORDER BY loaded_seq")
    assert [r[0] for r in rows] == [f"a{n}" for n in range(3000)]
    assert all(dup in (None, f"a{int(aid[1:]) % 7}") for aid, _, dup in rows)  # roots are the first of each hash


def rows_of(db, sql):
    return run_query(db, sql).rows


def test_partial_batches_are_ignored_and_old_ones_discarded(spool_dir):
    import os

    from warehouse.spool import discard_partial

    spool_dir.mkdir(parents=True)
    writing = spool_dir / f".tmp-{os.getpid()}-0003"  # a live writer (this process) is still at it
    dead = spool_dir / ".tmp-999999999-0002"  # its writer was killed
    stale = spool_dir / f".tmp-{os.getpid()}-0001"
    for path in (writing, dead, stale):
        path.mkdir()
    os.utime(stale, (0, 0))  # and this one is simply too old
    assert pending_batches(spool_dir) == []  # partial batches are never loaded
    assert discard_partial(spool_dir) == 2
    assert writing.exists() and not dead.exists() and not stale.exists()


def test_batches_of_one_run_load_together_in_batch_order(db_path, spool_dir):
    """Five batches of run r1 in one transaction, r2's batch in its own; roots follow batch order."""
    for name, numbers in (
        ("T1-r1-000000", [1, 2]),
        ("T1-r1-000001", [3, 4]),
        ("T1-r1-000002", [7]),
        ("T1-r1-000003", [8]),
        ("T1-r1-000004", [5]),
        ("T2-r2-000000", [6]),
    ):
        batch = Batch(name)
        batch.add("articles", [article(n, "same" if n in (2, 4, 6) else f"h{n}") for n in numbers])
        batch.add(
            "mentions",
            [{"article_id": f"a{n}", "entity_id": "e", "surface": "s", "start": 0, "end": 1} for n in numbers],
        )
        write_batch(spool_dir, batch)
    reports = load_spool(db_path, spool_dir)
    assert [r.batches for r in reports] == [tuple(f"T1-r1-00000{i}" for i in range(5)), ("T2-r2-000000",)]
    assert [(r.new_articles, r.duplicates, r.mentions) for r in reports] == [(6, 1, 7), (0, 1, 1)]
    assert rows(
        db_path, "SELECT article_id, duplicate_of FROM articles WHERE content_hash = 'same' ORDER BY loaded_seq"
    ) == [
        ("a2", None),
        ("a4", "a2"),
        ("a6", "a2"),
    ]
    assert rows(db_path, "SELECT list(article_id ORDER BY loaded_seq) FROM articles") == [
        (["a1", "a2", "a3", "a4", "a7", "a8", "a5", "a6"],)
    ]
    assert pending_batches(spool_dir) == []


def test_an_article_reached_by_two_urls_in_one_batch_gets_its_mentions_once(db_path, spool_dir):
    batch = Batch("0001")
    mention = {"article_id": "a1", "entity_id": "zhipu", "surface": "智谱", "start": 0, "end": 2}
    batch.add("articles", [article(1, "h1"), {**article(1, "h1"), "url": "https://example.com/old-1"}])
    batch.add("mentions", [mention, mention])  # each copy was tagged
    write_batch(spool_dir, batch)
    [report] = load_spool(db_path, spool_dir)
    assert (report.new_articles, report.mentions) == (1, 1)
    assert rows(db_path, "SELECT url FROM articles") == [("https://example.com/1",)]


def test_transaction_groups_keep_runs_apart_and_stay_bounded(tmp_path):
    from warehouse.loader import transaction_groups

    names = [f"T1-r1-{i:06d}" for i in range(10)] + ["T2-r2-000000", "0001", "0002", "T3-r1-000000"]
    groups = transaction_groups([tmp_path / n for n in names], limit=8)
    assert [[p.name for p in g] for g in groups] == [
        names[:8],
        names[8:10],
        ["T2-r2-000000"],
        ["0001"],
        ["0002"],
        ["T3-r1-000000"],
    ]


def test_transaction_groups_are_bounded_by_the_bytes_of_their_batches(tmp_path):
    from warehouse.loader import transaction_groups

    sizes = {"T1-r1-000000": 400, "T1-r1-000001": 500, "T1-r1-000002": 100, "T1-r1-000003": 1500, "T1-r1-000004": 10}
    for name, size in sizes.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "articles.jsonl").write_bytes(b"x" * size)
    groups = transaction_groups([tmp_path / n for n in sizes], limit=8, max_bytes=1000)
    assert [[p.name[-1] for p in g] for g in groups] == [["0", "1", "2"], ["3"], ["4"]]


def test_an_article_in_two_batches_of_one_transaction_is_loaded_once(db_path, spool_dir):
    mention = {"article_id": "a1", "entity_id": "zhipu", "surface": "智谱", "start": 0, "end": 2}
    for name, url in (("T1-r1-000000", "https://example.com/1"), ("T1-r1-000001", "https://example.com/old-1")):
        batch = Batch(name)
        batch.add("articles", [{**article(1, "h1"), "url": url}])
        batch.add("mentions", [mention])
        batch.add("entities", [{"entity_id": "zhipu", "name": "智谱AI", "kind": "company", "core": True}])
        write_batch(spool_dir, batch)
    [report] = load_spool(db_path, spool_dir)
    assert (report.batches, report.new_articles, report.mentions) == (("T1-r1-000000", "T1-r1-000001"), 1, 1)
    assert rows(db_path, "SELECT url FROM articles") == [("https://example.com/1",)]
    assert rows(db_path, "SELECT count(*) FROM entities") == [(1,)]


def test_a_group_is_staged_at_once_and_each_row_keeps_its_batch(tmp_path, monkeypatch, caplog):
    """A relative spool path, files missing from some batches: rows still find their batch, without a retry."""
    monkeypatch.chdir(tmp_path)
    spool = Path("spool")
    for name, numbers, mentioned in (
        ("T1-r1-000000", [1, 2], [1]),
        ("T1-r1-000001", [3], []),
        ("T1-r1-000002", [4], [4]),
    ):
        batch = Batch(name)
        batch.add("articles", [article(n, f"h{n}") for n in numbers])
        batch.add(
            "mentions",
            [{"article_id": f"a{n}", "entity_id": "e", "surface": "s", "start": 0, "end": 1} for n in mentioned],
        )
        write_batch(spool, batch)
    with caplog.at_level(logging.INFO, logger="warehouse.loader"):
        [report] = load_spool(Path("wh.duckdb"), spool)
    assert "one by one" not in caplog.text
    assert (report.new_articles, report.mentions) == (4, 2)
    assert rows(Path("wh.duckdb"), "SELECT list(article_id ORDER BY loaded_seq) FROM articles") == [
        (["a1", "a2", "a3", "a4"],)
    ]
    assert rows(Path("wh.duckdb"), "SELECT list(article_id ORDER BY article_id) FROM mentions") == [(["a1", "a4"],)]


def test_the_latest_row_of_an_entity_wins_within_a_load_and_across_loads(db_path, spool_dir):
    def entity(name: str, evidence: str) -> dict:
        return {"entity_id": "prov:org:1", "name": name, "kind": "org", "core": False, "curated": False,
                "evidence": evidence}  # fmt: skip

    for name, rows_ in (
        ("T1-r1-000000", [entity("甲", "a"), entity("甲", "b")]),
        ("T1-r1-000001", [entity("乙", "c")]),
    ):
        batch = Batch(name)
        batch.add("entities", rows_)
        write_batch(spool_dir, batch)
    load_spool(db_path, spool_dir)
    assert rows(db_path, "SELECT name, evidence FROM entities") == [("乙", "c")]
    for name, rows_ in (
        ("T2-r2-000000", [entity("乙", "c")]),
        ("T3-r3-000000", [entity("丙", "c"), entity("乙", "c")]),
    ):
        batch = Batch(name)
        batch.add("entities", rows_)
        write_batch(spool_dir, batch)
        load_spool(db_path, spool_dir)
    assert rows(db_path, "SELECT name, evidence FROM entities") == [("乙", "c")]
