import duckdb

from warehouse.connection import open_warehouse
from warehouse.migrations import LATEST_VERSION, current_version, migrate


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
