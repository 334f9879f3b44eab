"""`newsdesk sql` writes nothing and reads nothing but the warehouse, whatever the SQL is wrapped in.

Each hostile statement must be refused with one sentence, leave every file
under the test's folder byte-identical (the warehouse included), create none,
and leave the warehouse readable.
"""

import hashlib
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from warehouse.connection import open_warehouse
from warehouse.exceptions import ReadOnlyViolation, WarehouseError
from warehouse.export import export_tables
from warehouse.query import run_query

runner = CliRunner()


@dataclass
class Scene:
    """A small warehouse, files outside it worth stealing, and an empty folder writes would land in."""

    root: Path
    db: Path
    outside: Path  # secret.{csv,txt,parquet,json}, other.duckdb
    out: Path

    def snapshot(self) -> dict[str, str]:
        """Every path under the test's folder → hash of its bytes ("dir" for folders)."""
        return {
            str(p.relative_to(self.root)): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.root.rglob("*"))
        }

    def sql(self, template: str) -> str:
        return template.format(db=self.db, outside=self.outside, secret=self.outside / "secret", out=self.out)


@pytest.fixture(scope="module")
def one_row_warehouse(tmp_path_factory) -> Path:
    """Built once (migrating takes a while); each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "newsdesk.duckdb"
    with open_warehouse(path) as con:
        con.execute("INSERT INTO entities (entity_id, name, kind, core) VALUES ('zhipu', '智谱AI', 'org', true)")
    return path


@pytest.fixture
def scene(tmp_path, db_path, one_row_warehouse) -> Scene:
    db_path.parent.mkdir(parents=True)
    shutil.copyfile(one_row_warehouse, db_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("secret\nhunter2\n", encoding="utf-8")
    (outside / "secret.txt").write_text("hunter2\n", encoding="utf-8")
    (outside / "secret.json").write_text('[{"secret": "hunter2"}]', encoding="utf-8")
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT 'hunter2' AS secret) TO '{outside / 'secret.parquet'}' (FORMAT parquet)")
    with duckdb.connect(str(outside / "other.duckdb")) as con:
        con.execute("CREATE TABLE t AS SELECT 'hunter2' AS secret")
    out = tmp_path / "out"
    out.mkdir()
    return Scene(tmp_path, db_path, outside, out)


HOSTILE = {
    # EXPLAIN ANALYZE runs the statement it explains.
    "explain-analyze-copy-over-warehouse": "EXPLAIN ANALYZE COPY (SELECT 'x') TO '{db}' (FORMAT csv)",
    "explain-analyze-copy-over-warehouse-in-place": (
        "EXPLAIN ANALYZE COPY (SELECT 'x') TO '{db}' (FORMAT csv, USE_TMP_FILE false)"
    ),
    "explain-analyze-copy-into-wal": "EXPLAIN ANALYZE COPY (SELECT 'x') TO '{db}.wal' (FORMAT csv, USE_TMP_FILE false)",
    "explain-analyze-copy-to-file": "EXPLAIN ANALYZE COPY entities TO '{out}/entities.csv'",
    "explain-analyse-lowercase-with-comment": "explain /* plan */ analyse copy entities to '{out}/entities.csv'",
    "explain-options-analyze-copy": "EXPLAIN (ANALYZE, FORMAT json) COPY entities TO '{out}/entities.csv'",
    "explain-analyze-delete": "EXPLAIN ANALYZE DELETE FROM entities",
    "explain-analyze-update": "EXPLAIN ANALYZE UPDATE entities SET name = 'x'",
    "explain-analyze-insert": (
        "EXPLAIN ANALYZE INSERT INTO entities (entity_id, name, kind, core) VALUES ('x', 'x', 'org', false)"
    ),
    "explain-copy": "EXPLAIN COPY entities TO '{out}/entities.csv'",
    "explain-analyze-file-reader": "EXPLAIN ANALYZE SELECT * FROM read_text('{secret}.txt')",
    # Statements that write or change the session.
    "copy-over-warehouse": "COPY (SELECT 'x') TO '{db}' (FORMAT csv)",
    "copy-to-file": "COPY entities TO '{out}/entities.csv'",
    "copy-from-file": "COPY entities FROM '{secret}.csv'",
    "export-database": "EXPORT DATABASE '{out}/dump'",
    "attach-file": "ATTACH '{outside}/other.duckdb' AS other",
    "attach-memory": "ATTACH ':memory:' AS scratch",
    "detach": "DETACH newsdesk",
    "install": "INSTALL httpfs",
    "load": "LOAD httpfs",
    "set-external-access": "SET enable_external_access = true",
    "set-unlock": "SET lock_configuration = false",
    "reset": "RESET enable_external_access",
    "pragma": "PRAGMA enable_profiling = 'json'",
    "checkpoint": "CHECKPOINT",
    "force-checkpoint": "FORCE CHECKPOINT",
    "create-table": "CREATE TABLE t AS SELECT 1",
    "create-temp-table": "CREATE TEMP TABLE t AS SELECT 1",
    "create-view": "CREATE VIEW v AS SELECT 1",
    "create-macro": "CREATE MACRO m() AS 1",
    "create-secret": "CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 's')",
    "drop": "DROP TABLE articles",
    "use": "USE memory",
    "vacuum": "VACUUM",
    "multi-statement-drop": "SELECT 1; DROP TABLE articles",
    "multi-statement-copy": "SELECT 1; COPY entities TO '{out}/entities.csv'",
    # SELECTs that would read files, directly or through another function.
    "cte-read-csv": "WITH t AS (SELECT * FROM read_csv('{secret}.csv')) SELECT * FROM t",
    "cte-read-csv-etc-passwd": "WITH t AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM t",
    "subquery-read-text": "SELECT (SELECT count(*) FROM read_text('{secret}.txt')) AS n",
    "read_text": "SELECT * FROM read_text('{secret}.txt')",
    "read_blob": "SELECT * FROM read_blob('{secret}.txt')",
    "read_csv": "SELECT * FROM read_csv('{secret}.csv')",
    "read_csv_auto": "SELECT * FROM read_csv_auto('{secret}.csv')",
    "read_parquet": "SELECT * FROM read_parquet('{secret}.parquet')",
    "parquet_metadata": "SELECT * FROM parquet_metadata('{secret}.parquet')",
    "read_json": "SELECT * FROM read_json('{secret}.json')",
    "read_json_auto": "SELECT * FROM read_json_auto('{secret}.json')",
    "read_duckdb": "SELECT * FROM read_duckdb('{outside}/other.duckdb')",
    "sniff_csv": "SELECT * FROM sniff_csv('{secret}.csv')",
    "glob": "SELECT * FROM glob('{outside}/*')",
    "replacement-scan": "SELECT * FROM '{secret}.csv'",
    "replacement-scan-etc-passwd": "SELECT * FROM '/etc/passwd'",
    "query_table-path": "SELECT * FROM query_table('{secret}.csv')",
    "query-table-function": "SELECT * FROM query('SELECT * FROM read_text(''{secret}.txt'')')",
    "serialized-sql": (
        "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM read_text(''{secret}.txt'')'))"
    ),
    "resource-callback": "SELECT * FROM destroy_external_resource('read_text', '{secret}.txt')",
    # SELECTs that would change a setting, here one that makes the next query write a file.
    "enable-logging-to-file": "SELECT * FROM enable_logging(storage := 'file', storage_path := '{out}/logs'); SELECT 1",
    "enable-profiling-to-file": "SELECT * FROM enable_profiling(save_location := '{out}/profile.txt'); SELECT 1",
}


@pytest.mark.parametrize("template", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_sql_is_refused_and_changes_nothing(scene, template):
    before = scene.snapshot()
    with pytest.raises(ReadOnlyViolation, match=r"^refused: ") as refused:
        run_query(scene.db, scene.sql(template))
    assert "\n" not in str(refused.value)
    assert scene.snapshot() == before  # the warehouse byte-identical, no file created or changed
    assert run_query(scene.db, "SELECT entity_id FROM entities").rows == [("zhipu",)]


def test_refusals_name_what_was_refused(scene):
    secret = re.escape(f'not "{scene.outside / "secret.csv"}"; pass --allow-files DIR')
    with pytest.raises(ReadOnlyViolation, match=secret):
        run_query(scene.db, scene.sql("SELECT * FROM read_csv('{secret}.csv')"))
    with pytest.raises(ReadOnlyViolation, match="runs EXPLAIN ANALYZE only of a single SELECT, not of a COPY"):
        run_query(scene.db, scene.sql("EXPLAIN ANALYZE COPY (SELECT 'x') TO '{db}' (FORMAT csv)"))
    with pytest.raises(ReadOnlyViolation, match='would change the DuckDB setting "enable_logging"'):
        run_query(scene.db, "SELECT * FROM enable_logging()")


def test_reads_of_the_warehouse_still_work(scene):
    assert run_query(scene.db, "SELECT name FROM entities WHERE entity_id = ?", ["zhipu"]).rows == [("智谱AI",)]
    assert run_query(scene.db, "WITH e AS (SELECT * FROM entities) SELECT count(*) FROM e").rows == [(1,)]
    assert run_query(scene.db, "SELECT current_setting('TimeZone')").rows == [("Asia/Shanghai",)]
    for sql in (
        "EXPLAIN SELECT * FROM entities",
        "EXPLAIN ANALYZE SELECT count(*) FROM entities",
        "explain /* plan */ analyse (SELECT 1)",
        "DESCRIBE entities",
        "SUMMARIZE entities",
        "SELECT 1; SELECT 2",
    ):
        assert run_query(scene.db, sql).rows, sql


def test_concurrent_sandboxed_connections_share_one_sandbox(scene):
    from warehouse.connection import Sandbox

    with (
        open_warehouse(scene.db, read_only=True, sandbox=Sandbox()) as first,
        open_warehouse(scene.db, read_only=True, sandbox=Sandbox()) as second,
    ):
        assert first.execute("SELECT count(*) FROM entities").fetchall() == [(1,)]
        assert second.execute("SELECT current_setting('TimeZone')").fetchall() == [("Asia/Shanghai",)]
        with pytest.raises(duckdb.PermissionException):
            second.execute(f"SELECT * FROM read_text('{scene.outside / 'secret.txt'}')")
        other_dirs = open_warehouse(scene.db, read_only=True, sandbox=Sandbox((scene.outside,)))
        with pytest.raises(WarehouseError, match="other readable directories"), other_dirs:
            pass


def test_threads_querying_at_once_all_succeed(scene):
    failures: list[Exception] = []

    def query() -> None:
        try:
            for _ in range(3):
                assert run_query(scene.db, "SELECT count(*) FROM entities").rows == [(1,)]
        except Exception as exc:  # reported below, with the other threads'
            failures.append(exc)

    threads = [threading.Thread(target=query) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_export_still_writes_files_after_a_sandboxed_query(scene):
    run_query(scene.db, "SELECT 1")
    paths = export_tables(scene.db, scene.out, "csv", ("entities",))
    assert paths[0].read_text(encoding="utf-8").startswith("entity_id,")


def test_allow_files_reads_only_under_its_directory_and_writes_nothing(scene, tmp_path):
    allowed = tmp_path / "analyst"
    allowed.mkdir()
    (allowed / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT 3 AS c) TO '{allowed / 'x.parquet'}' (FORMAT parquet)")
    sibling = tmp_path / "analyst2"  # shares the directory's name as a prefix
    sibling.mkdir()
    (sibling / "x.csv").write_text("a\n1\n", encoding="utf-8")
    before = scene.snapshot()

    def read(sql: str) -> list[tuple]:
        return run_query(scene.db, sql, readable_dirs=[allowed]).rows

    assert read(f"SELECT * FROM read_csv('{allowed}/x.csv')") == [(1, 2)]
    assert read(f"SELECT * FROM '{allowed}/x.parquet'") == [(3,)]
    assert read(f"SELECT count(*) FROM glob('{allowed}/*')") == [(2,)]
    for sql in (
        f"SELECT * FROM read_csv('{scene.outside}/secret.csv')",
        f"SELECT * FROM read_csv('{allowed}/../outside/secret.csv')",
        f"SELECT * FROM read_csv('{sibling}/x.csv')",
        f"COPY (SELECT 1) TO '{allowed}/y.csv'",
        f"EXPLAIN ANALYZE COPY (SELECT 1) TO '{allowed}/y.csv'",
        f"COPY entities TO '{allowed}/x.csv'",
    ):
        with pytest.raises(ReadOnlyViolation, match=r"^refused: "):
            read(sql)
    assert scene.snapshot() == before


def test_relative_paths_work_as_the_cli_default_is_one(scene, tmp_path, monkeypatch):
    (tmp_path / "analyst").mkdir()
    (tmp_path / "analyst" / "x.csv").write_text("a\n1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    db = Path("wh") / scene.db.name
    assert run_query(db, "SELECT count(*) FROM entities").rows == [(1,)]
    assert run_query(db, "SELECT * FROM read_csv('analyst/x.csv')", readable_dirs=[Path("analyst")]).rows == [(1,)]
    with pytest.raises(ReadOnlyViolation, match=r"^refused: "):
        run_query(db, "SELECT * FROM read_csv('outside/secret.csv')", readable_dirs=[Path("analyst")])


# ── the command line ────────────────────────────────────────────────────────


def test_cli_refuses_overwriting_the_warehouse_in_one_sentence(scene):
    """The reported hole: this used to replace the warehouse with four bytes."""
    before = scene.snapshot()
    result = runner.invoke(
        app, ["sql", scene.sql("EXPLAIN ANALYZE COPY (SELECT 'x') TO '{db}' (FORMAT csv)"), "--db", str(scene.db)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: refused: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert scene.snapshot() == before


def test_cli_refuses_reading_a_file(scene):
    result = runner.invoke(app, ["sql", scene.sql("SELECT * FROM read_text('{secret}.txt')"), "--db", str(scene.db)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: refused: ") and result.stderr.count("\n") == 1
    assert "hunter2" not in result.output


def test_cli_allow_files(scene, tmp_path):
    allowed = tmp_path / "analyst"
    allowed.mkdir()
    (allowed / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    db = ["--db", str(scene.db)]

    read = runner.invoke(app, ["sql", f"SELECT * FROM read_csv('{allowed}/x.csv')", "--allow-files", str(allowed), *db])
    assert read.exit_code == 0 and read.stdout.splitlines()[-1] == "(1 row)"
    without = runner.invoke(app, ["sql", f"SELECT * FROM read_csv('{allowed}/x.csv')", *db])
    assert without.exit_code == 1 and "--allow-files" in without.stderr
    outside = runner.invoke(
        app, ["sql", scene.sql("SELECT * FROM read_csv('{secret}.csv')"), "--allow-files", str(allowed), *db]
    )
    assert outside.exit_code == 1 and "hunter2" not in outside.output
    write = runner.invoke(
        app, ["sql", f"EXPLAIN ANALYZE COPY (SELECT 1) TO '{allowed}/y.csv'", "--allow-files", str(allowed), *db]
    )
    assert write.exit_code == 1 and not (allowed / "y.csv").exists()
    missing = runner.invoke(app, ["sql", "SELECT 1", "--allow-files", str(tmp_path / "none"), *db])
    assert missing.exit_code == 2 and "no such directory" in missing.stderr


def test_installed_command_exits_non_zero_without_a_traceback(scene):
    newsdesk = Path(sys.executable).with_name("newsdesk")
    if not newsdesk.exists():
        pytest.skip("the newsdesk console script is not installed next to this Python")
    before = scene.snapshot()
    sql = scene.sql("EXPLAIN ANALYZE COPY (SELECT 'x') TO '{db}' (FORMAT csv)")
    done = subprocess.run(
        [str(newsdesk), "sql", sql, "--db", str(scene.db)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 1
    assert done.stderr.startswith("error: refused: ") and done.stderr.count("\n") == 1
    assert scene.snapshot() == before
