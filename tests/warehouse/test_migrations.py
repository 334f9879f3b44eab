import duckdb

from warehouse.connection import open_warehouse
from warehouse.migrations import LATEST_VERSION, MIGRATIONS, current_version, migrate


def at_version(path, version: int) -> duckdb.DuckDBPyConnection:
    """A connection to a new file holding the schema as migrations 1..*version* left it."""
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ DEFAULT now())"
    )
    for m in MIGRATIONS[:version]:
        for statement in m.statements:
            con.execute(statement)
        con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [m.version, m.name])
    return con


def test_fresh_file_is_migrated_to_latest(db_path):
    with open_warehouse(db_path) as con:
        assert current_version(con) == LATEST_VERSION
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"articles", "entities", "mentions", "fetches", "runs", "schema_version", "articles_unique"} <= tables


def test_migrate_is_idempotent(db_path):
    with open_warehouse(db_path) as con:
        assert migrate(con) == []
        assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == LATEST_VERSION


def test_contract_columns(db_path):
    with open_warehouse(db_path) as con:
        cols = {t: [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall()] for t in ("articles", "mentions", "fetches")}
    assert {"article_id", "url", "canonical_url", "source", "title", "text", "published_at", "fetched_at", "lang",
            "script", "content_hash", "duplicate_of", "cluster_id", "run_id"} <= set(cols["articles"])  # fmt: skip
    assert cols["mentions"] == ["article_id", "entity_id", "surface", "start", "end"]
    assert {"url", "final_url", "status", "outcome", "error", "bytes", "elapsed_ms", "fetched_at", "run_id"} <= set(
        cols["fetches"]
    )


def test_not_a_database(tmp_path):
    bogus = tmp_path / "x.duckdb"
    bogus.write_text("this is not duckdb")
    try:
        with open_warehouse(bogus):
            raise AssertionError("should not open")
    except Exception as exc:  # WarehouseError
        assert "cannot open warehouse" in str(exc)
    assert duckdb  # imported for the error type family


def test_migration_7_keeps_rows_and_stores_text_with_zstd(tmp_path):
    """A warehouse loaded at version 6 keeps its articles and mentions, views still answer."""
    path = tmp_path / "v6.duckdb"
    con = at_version(path, 6)
    con.execute(
        """INSERT INTO articles (article_id, url, canonical_url, source, text, fetched_at, content_hash, cluster_id,
                                 loaded_seq, extraction_method)
           SELECT 'a' || i, 'https://x/' || i, 'https://x/' || i, 'x', repeat('月之暗面发布新模型。', 50), now(), 'h' || i,
                  'a' || i, i, 'trafilatura' FROM range(3) t(i)"""
    )
    con.execute(
        "INSERT INTO mentions VALUES ('a0', 'moonshot', '月之暗面', 0, 4), ('a0', 'moonshot', '月之暗面', 10, 14)"
    )
    con.close()

    with open_warehouse(path) as con:
        assert current_version(con) == LATEST_VERSION
        assert con.execute("SELECT count(*), min(extraction_method) FROM articles").fetchone() == (3, "trafilatura")
        assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM articles_unique").fetchone()[0] == 3
        con.execute("CHECKPOINT")
        used = con.execute(
            "SELECT DISTINCT compression FROM pragma_storage_info('articles') WHERE column_name = 'text' AND segment_type = 'VARCHAR'"
        ).fetchall()
        assert used == [("ZSTD",)]
        try:
            con.execute("INSERT INTO articles SELECT * FROM articles LIMIT 1")
            raise AssertionError("article_id must stay unique")
        except duckdb.ConstraintException:
            pass


def test_migration_8_unwraps_run_summaries_stored_as_json_strings(tmp_path):
    path = tmp_path / "v7.duckdb"
    con = at_version(path, 7)
    con.execute(
        """INSERT INTO runs (run_id, flow, summary) VALUES ('r1', 'daily', to_json('{"outcomes": {"ok": 3}}'))"""
    )
    con.close()

    with open_warehouse(path) as con:
        assert con.execute("SELECT summary->>'$.outcomes.ok' FROM runs").fetchone() == ("3",)
