"""A batch that cannot be loaded is set aside, never a wall; one article, one copy."""

from datetime import UTC, datetime

from warehouse.loader import load_spool
from warehouse.quarantine import ERROR_FILE, drop, quarantine_dir, quarantined, retry
from warehouse.query import run_query
from warehouse.spool import Batch, pending_batches, write_batch

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def article(n: int, **changes) -> dict:
    row = {
        "article_id": f"a{n}",
        "url": f"https://example.com/{n}",
        "canonical_url": f"https://example.com/{n}",
        "source": "example.com",
        "title": f"t{n}",
        "text": f"正文{n}",
        "published_at": "2026-11-20T00:00:00+08:00",
        "fetched_at": NOW,
        "content_hash": f"h{n}",
        "run_id": "r1",
    }
    return {**row, **changes}


def spool_batch(spool_dir, name: str, *numbers: int, **changes):
    batch = Batch(name)
    batch.add("articles", [article(n, **changes) for n in numbers])
    return write_batch(spool_dir, batch)


def rows(db, sql):
    return run_query(db, sql).rows


def test_a_truncated_batch_is_set_aside_and_the_others_load(db_path, tmp_path):
    spool_dir = tmp_path / "spool"
    spool_batch(spool_dir, "T1-r1-000000", 1)
    bad = spool_batch(spool_dir, "T1-r1-000001", 2, 3)
    spool_batch(spool_dir, "T1-r1-000002", 4)
    text = (bad / "articles.jsonl").read_bytes()
    (bad / "articles.jsonl").write_bytes(text[: len(text) - 40])  # a full disk cut the file short

    reports = load_spool(db_path, spool_dir)

    assert [r.batches for r in reports] == [("T1-r1-000000", "T1-r1-000002")]
    [(name, error)] = reports[0].rejected
    assert name == "T1-r1-000001" and "Malformed JSON" in error
    assert rows(db_path, "SELECT list(article_id ORDER BY article_id) FROM articles") == [(["a1", "a4"],)]
    assert pending_batches(spool_dir) == []
    [aside] = quarantined(spool_dir)
    assert aside.name == "T1-r1-000001" and aside.path.parent == quarantine_dir(spool_dir) == tmp_path / "quarantine"
    assert "Malformed JSON" in (aside.path / ERROR_FILE).read_text() and "\n" not in aside.summary
    assert load_spool(db_path, spool_dir) == []  # the next run is not stopped by it


def test_a_row_of_the_wrong_type_fails_its_batch_alone(db_path, tmp_path):
    spool_dir = tmp_path / "spool"
    spool_batch(spool_dir, "T1-r1-000000", 1)
    bad = spool_batch(spool_dir, "T1-r1-000001", 2)
    (bad / "mentions.jsonl").write_text('{"article_id": "a2", "entity_id": "e", "surface": "s", "start": "x"}\n')
    spool_batch(spool_dir, "T1-r1-000002", 3)
    missing = spool_batch(spool_dir, "T1-r1-000003", 5)
    (missing / "fetches.jsonl").write_text('{"url": "https://example.com/5", "outcome": "ok"}\n')  # no fetch_id

    [report] = load_spool(db_path, spool_dir)

    assert report.batches == ("T1-r1-000000", "T1-r1-000002")
    rejected = dict(report.rejected)
    assert set(rejected) == {"T1-r1-000001", "T1-r1-000003"}
    assert "numerical" in rejected["T1-r1-000001"] and "fetch_id" in rejected["T1-r1-000003"]
    assert rows(db_path, "SELECT count(*) FROM mentions") == [(0,)]  # nothing of the bad batch went in


def test_a_group_whose_transaction_fails_is_loaded_batch_by_batch(db_path, tmp_path):
    """Rows that read fine but break a constraint in the transaction (source is NOT NULL) fail their batch alone."""
    spool_dir = tmp_path / "spool"
    spool_batch(spool_dir, "T1-r1-000000", 1)
    spool_batch(spool_dir, "T1-r1-000001", 2, source=None)
    spool_batch(spool_dir, "T1-r1-000002", 3)

    reports = load_spool(db_path, spool_dir)

    assert [r.batches for r in reports] == [("T1-r1-000000",), (), ("T1-r1-000002",)]
    assert [name for r in reports for name, _ in r.rejected] == ["T1-r1-000001"]
    assert rows(db_path, "SELECT list(article_id ORDER BY article_id) FROM articles") == [(["a1", "a3"],)]


def test_retry_moves_a_mended_batch_back_and_drop_deletes_one(db_path, tmp_path):
    spool_dir = tmp_path / "spool"
    bad = spool_batch(spool_dir, "T1-r1-000000", 1, source=None)
    spool_batch(spool_dir, "T2-r2-000000", 2, source=None)
    load_spool(db_path, spool_dir)
    assert [q.name for q in quarantined(spool_dir)] == ["T1-r1-000000", "T2-r2-000000"]

    mended = retry(spool_dir, "T1-r1-000000")
    assert mended == bad and not (mended / ERROR_FILE).exists()
    (mended / "articles.jsonl").write_text((mended / "articles.jsonl").read_text().replace("null", '"example.com"', 1))
    [report] = load_spool(db_path, spool_dir)
    assert report.batches == ("T1-r1-000000",) and report.new_articles == 1

    drop(spool_dir, "T2-r2-000000")
    assert quarantined(spool_dir) == []


def test_two_copies_of_one_article_give_the_mentions_and_signature_of_the_copy_kept(db_path, tmp_path):
    """Two URLs redirecting to one page, fetched at different moments: the text changed in between."""
    spool_dir = tmp_path / "spool"
    first = article(1, text="智谱AI发布新模型", url="https://example.com/1")
    second = article(1, text="今日消息：智谱AI与月之暗面", url="https://example.com/old-1")
    batch = Batch("T1-r1-000000")
    batch.add("articles", [first, second])
    batch.add(
        "mentions",
        [
            {"article_id": "a1", "entity_id": "zhipu", "surface": "智谱AI", "start": 0, "end": 4,
             "article_url": first["url"]},
            {"article_id": "a1", "entity_id": "zhipu", "surface": "智谱AI", "start": 5, "end": 9,
             "article_url": second["url"]},
            {"article_id": "a1", "entity_id": "moonshot", "surface": "月之暗面", "start": 10, "end": 14,
             "article_url": second["url"]},
        ],
    )  # fmt: skip
    batch.add(
        "signatures",
        [
            {"article_id": "a1", "minhash": [1] * 4, "shingles": 4, "lead_hash": 1, "bands": [11, 12],
             "article_url": first["url"]},
            {"article_id": "a1", "minhash": [2] * 4, "shingles": 9, "lead_hash": 2, "bands": [21, 22],
             "article_url": second["url"]},
        ],
    )  # fmt: skip
    write_batch(spool_dir, batch)

    [report] = load_spool(db_path, spool_dir)

    assert (report.new_articles, report.mentions) == (1, 1)
    assert rows(db_path, "SELECT url, text FROM articles") == [(first["url"], first["text"])]
    assert rows(db_path, 'SELECT surface, start, "end" FROM mentions') == [("智谱AI", 0, 4)]
    assert rows(db_path, "SELECT shingles, lead_hash FROM signatures") == [(4, 1)]
    assert rows(db_path, "SELECT list(band_key ORDER BY band_key) FROM lsh_bands") == [([11, 12],)]
