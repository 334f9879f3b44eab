import json

import pytest

from warehouse.connection import open_warehouse
from warehouse.exceptions import NoWarehouse, ReadOnlyViolation, WarehouseError
from warehouse.query import check_read_only, format_result, run_query


@pytest.fixture
def small_db(db_path):
    with open_warehouse(db_path) as con:
        con.execute("INSERT INTO entities (entity_id, name, kind, core) VALUES ('zhipu', '智谱AI', 'org', true)")
    return db_path


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM articles",
        "DROP TABLE articles",
        "INSERT INTO entities VALUES ('x')",
        "COPY articles TO '/tmp/x.csv'",
        "ATTACH '/tmp/other.duckdb'",
        "SELECT 1; DELETE FROM articles",
        "CREATE TABLE t AS SELECT 1",
        "EXPLAIN ANALYZE COPY articles TO '/tmp/x.csv'",
        "EXPLAIN ANALYZE DELETE FROM articles",
        "EXPLAIN COPY articles TO '/tmp/x.csv'",
        "EXPLAIN (ANALYZE) COPY articles TO '/tmp/x.csv'",
        "EXPLAIN ANALYZE SELECT 1; EXPLAIN ANALYZE DELETE FROM articles",
    ],
)
def test_writes_are_refused_with_a_sentence(sql):
    with pytest.raises(ReadOnlyViolation, match="refused"):
        check_read_only(sql)


def test_reads_are_allowed():
    for sql in (
        "SELECT 1",
        "WITH a AS (SELECT 1) SELECT * FROM a",
        "EXPLAIN SELECT 1",
        "EXPLAIN ANALYZE SELECT 1",
        "EXPLAIN /* why */ ANALYSE (SELECT 1)",
        "DESCRIBE SELECT 1",
    ):
        check_read_only(sql)


def test_formats(small_db):
    result = run_query(small_db, "SELECT entity_id, name, core FROM entities")
    assert format_result(result, "csv") == "entity_id,name,core\nzhipu,智谱AI,True"
    assert json.loads(format_result(result, "json")) == [{"entity_id": "zhipu", "name": "智谱AI", "core": True}]
    table = format_result(result, "table").splitlines()
    assert table[0].startswith("entity_id | name")
    assert table[-1] == "(1 row)"


def test_missing_warehouse_and_bad_sql(tmp_path, small_db):
    with pytest.raises(NoWarehouse, match="no warehouse at"):
        run_query(tmp_path / "absent.duckdb", "SELECT 1")
    with pytest.raises(WarehouseError, match="does not parse"):
        run_query(small_db, "SELEKT 1")
    with pytest.raises(WarehouseError, match="query failed"):
        run_query(small_db, "SELECT * FROM no_such_table")
