"""`newsdesk sql` without a statement: the shell reads statements and dot commands, and runs each
statement under the same check and sandbox as `newsdesk sql "…"` — a write and a file read are
refused there too, and leave the warehouse and the files around it untouched."""

from __future__ import annotations

import builtins
import hashlib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.shell import CONTINUE, PROMPT, Shell, interactive, split_statements, statement_complete
from tests.warehouse.test_attention import build_hand_counted

runner = CliRunner()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_hand_counted(tmp_path_factory.mktemp("shell") / "newsdesk.duckdb")


@pytest.fixture
def db(tmp_path, template) -> Path:
    """A copy per test: each checks that nothing changed."""
    return Path(shutil.copy(template, tmp_path / "newsdesk.duckdb"))


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def shell(db: Path, script: str, *options: str):
    return runner.invoke(app, ["sql", "--db", str(db), *options], input=script)


def test_statements_span_lines_and_dot_commands_change_the_output(db):
    result = shell(
        db,
        """SELECT name
  FROM entities   -- a comment; not the end
  WHERE core ORDER BY name;
SELECT 'a;b' AS s; SELECT 2 AS two;
.format csv
SELECT entity_id FROM entities WHERE kind = 'person';
.format
.timer on
SELECT 1 AS one;
.timer off
SELECT 'last' AS no_semicolon""",
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "name\n--------\nMiniMax\n智谱AI\n月之暗面\n(3 rows)" in out
    assert "s\n---\na;b\n(1 row)\ntwo\n---\n2\n(1 row)" in out  # two statements on one line, each shown
    assert "entity_id\nzhangpeng\ncsv\n" in out
    assert "Run Time: " in out and out.count("Run Time: ") == 1
    assert out.rstrip().endswith("no_semicolon\nlast")  # the end of input runs what is left
    assert PROMPT not in out and "newsdesk sql — read-only shell" not in result.output  # a script gets no prompts


def test_tables_and_schema(db):
    result = shell(
        db, ".tables\n.schema attention_daily\n.schema mentions\n.schema nothing_here\n.format markdown\n.tables\n"
    )
    assert result.exit_code == 1  # .schema of an unknown name is an error
    out = result.stdout
    listed = {tuple(part.strip() for part in line.split("|")) for line in out.splitlines() if line.count("|") == 1}
    assert {
        ("articles", "table"),
        ("entities", "table"),
        ("attention_daily", "view"),
        ("core_stories", "view"),
    } <= listed
    assert "CREATE VIEW attention_daily AS" in out and "timezone('Asia/Shanghai'" in out
    assert "CREATE TABLE mentions(article_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL" in out
    assert "| attention_daily | view |" in out
    assert "error: no table or view named 'nothing_here' (.tables lists them)" in result.stderr


def test_a_write_and_a_file_read_are_refused_in_the_shell(db, tmp_path):
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "secret.csv").write_text("secret\nhunter2\n", encoding="utf-8")
    before = digest(tmp_path)
    result = shell(
        db,
        f"""DELETE FROM entities;
SELECT * FROM read_csv('{secret / "secret.csv"}');
COPY entities TO '{tmp_path / "stolen.csv"}';
SELECT * FROM '{secret / "secret.csv"}';
SET enable_external_access = true;
SELECT count(*) AS entities FROM entities;
""",
    )
    assert result.exit_code == 1  # a script with a refused statement fails, after running the rest
    errors = result.stderr.splitlines()
    assert errors[0] == (
        "error: refused: a DELETE statement would change the warehouse or write a file; "
        "`newsdesk sql` only runs SELECT queries and EXPLAIN of a SELECT"
    )
    assert errors[1].startswith("error: refused: `newsdesk sql` reads only the warehouse, not ")
    assert "secret.csv" in errors[1] and "--allow-files" in errors[1]
    assert errors[2].startswith("error: refused: a COPY statement would change the warehouse or write a file")
    assert errors[3].startswith("error: refused: `newsdesk sql` reads only the warehouse")
    assert errors[4].startswith("error: refused: a SET statement")
    assert len(errors) == 5
    assert "hunter2" not in result.output
    assert result.stdout.strip() == "entities\n--------\n6\n(1 row)"  # the shell went on; nothing was deleted
    assert digest(tmp_path) == before  # nothing written, the warehouse byte-identical


def test_allow_files_reaches_the_shell_as_it_reaches_a_statement(db, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "targets.csv").write_text("entity_id\nzhipu\n", encoding="utf-8")
    (tmp_path / "other.csv").write_text("entity_id\nminimax\n", encoding="utf-8")
    script = f"""SELECT e.name FROM read_csv('{shared / "targets.csv"}') t JOIN entities e USING (entity_id);
SELECT * FROM read_csv('{tmp_path / "other.csv"}');
"""
    result = shell(db, script, "--allow-files", str(shared))
    assert "智谱AI" in result.stdout
    assert "minimax" not in result.stdout and "reads only the warehouse" in result.stderr


def test_dot_command_mistakes_are_errors_and_quit_ends_the_script(db):
    result = shell(db, ".format xml\n.timer maybe\n.frobnicate\n.help\n.quit\nSELECT 'never' AS x;\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: .format takes table|csv|json|markdown, not 'xml'",
        "error: .timer takes on or off",
        "error: unknown command .frobnicate (.help lists the commands)",
    ]
    assert ".schema [NAME]" in result.stdout and "never" not in result.stdout


def test_a_missing_warehouse_and_out_without_a_statement(tmp_path, db):
    missing = runner.invoke(app, ["sql", "--db", str(tmp_path / "none.duckdb")], input="SELECT 1;\n")
    assert missing.exit_code == 1 and "no warehouse at" in missing.stderr
    out = runner.invoke(app, ["sql", "--db", str(db), "--out", str(tmp_path / "x.csv")], input="SELECT 1;\n")
    assert out.exit_code == 2 and "--out needs a statement" in out.stderr


def test_on_a_terminal_prompts_and_history(db, tmp_path, monkeypatch, capsys):
    """The interactive loop: a banner, the prompt, the continuation prompt inside a statement, Ctrl-C, history."""
    history = tmp_path / "history"
    monkeypatch.setenv("NEWSDESK_HISTORY_FILE", str(history))
    typed = iter(["SELECT 40 + 2", "AS answer;", "SELECT 'dropped'", KeyboardInterrupt, ".quit"])
    prompts = []

    def fake_input(prompt: str) -> str:
        prompts.append(prompt)
        line = next(typed)
        if line is KeyboardInterrupt:
            raise KeyboardInterrupt
        return line

    monkeypatch.setattr(builtins, "input", fake_input)
    failures = interactive(Shell(db))
    captured = capsys.readouterr()
    assert failures == 0
    assert prompts == [PROMPT, CONTINUE, PROMPT, CONTINUE, PROMPT]
    assert "answer\n------\n42\n(1 row)" in captured.out and "dropped" not in captured.out
    assert "read-only shell on" in captured.err
    assert history.exists()  # written on the way out (readline is in the standard library here)


def test_statement_ends_are_found_by_duckdbs_tokenizer():
    assert statement_complete("SELECT 1;")
    assert statement_complete("SELECT 1; -- done")
    assert not statement_complete("SELECT ';'")
    assert not statement_complete("SELECT 1 /* ; */")
    assert not statement_complete("SELECT 'unfinished;")
    assert [s.strip(" ;") for s in split_statements("SELECT 1; SELECT 2;")] == ["SELECT 1", "SELECT 2"]
    assert split_statements("SELEKT 1;") == ["SELEKT 1;"]  # run whole: run_query says it does not parse


def test_a_script_may_end_in_a_comment(db):
    result = shell(db, "SELECT 1 AS one;\n-- that was all\n")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == "one\n---\n1\n(1 row)\n"
