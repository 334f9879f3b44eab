"""`newsdesk sql` and `newsdesk ask` results: --format markdown, --out FILE.parquet|csv|json, the named
questions from the command line, and the fast path reading the command line exactly as typer does."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import _fast_sql, app
from tests.warehouse.test_attention import build_hand_counted
from warehouse import questions

runner = CliRunner()
QUERY = "SELECT name, core, 1.5 AS x, [1, 2] AS l, TIMESTAMPTZ '2026-11-16 02:00:00+00' AS t FROM entities WHERE entity_id = 'zhipu'"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_hand_counted(tmp_path_factory.mktemp("cli-sql") / "newsdesk.duckdb")


def test_markdown(db):
    query = "SELECT name, kind, 2 AS n, NULL AS none FROM entities WHERE core ORDER BY name"
    result = runner.invoke(app, ["sql", query, "--db", str(db), "-f", "markdown"])
    assert result.exit_code == 0
    assert result.stdout == (
        "| name | kind | n | none |\n| --- | --- | ---: | --- |\n"
        "| MiniMax | org | 2 | NULL |\n| 智谱AI | org | 2 | NULL |\n| 月之暗面 | org | 2 | NULL |\n"
    )


def test_out_writes_parquet_csv_and_json_with_their_types(db, tmp_path):
    for suffix in ("parquet", "csv", "json"):
        out = tmp_path / "results" / f"zhipu.{suffix}"
        result = runner.invoke(app, ["sql", QUERY, "--db", str(db), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert result.stdout == f"wrote 1 row to {out}\n"
    with duckdb.connect() as con:
        con.execute("SET TimeZone = 'Asia/Shanghai'")
        parquet = con.execute(f"SELECT * FROM '{tmp_path / 'results' / 'zhipu.parquet'}'")
        types = [str(d[1]) for d in parquet.description]
        row = parquet.fetchall()[0]
    assert types == ["VARCHAR", "BOOLEAN", "DECIMAL(2,1)", "INTEGER[]", "TIMESTAMP WITH TIME ZONE"]
    assert row[:4] == ("智谱AI", True, pytest.approx(1.5), [1, 2]) and row[4] == datetime.fromisoformat(
        "2026-11-16T02:00:00+00:00"
    )
    assert (tmp_path / "results" / "zhipu.csv").read_text(encoding="utf-8") == (
        'name,core,x,l,t\n智谱AI,true,1.5,"[1, 2]",2026-11-16 10:00:00+08\n'  # Beijing time, as the shell shows it
    )
    assert json.loads((tmp_path / "results" / "zhipu.json").read_text(encoding="utf-8")) == [
        {"name": "智谱AI", "core": True, "x": 1.5, "l": [1, 2], "t": "2026-11-16 10:00:00+08"}
    ]
    assert sorted(p.name for p in (tmp_path / "results").iterdir()) == ["zhipu.csv", "zhipu.json", "zhipu.parquet"]


def test_out_refuses_other_suffixes_before_running(db, tmp_path):
    result = runner.invoke(app, ["sql", "SELECT 1", "--db", str(db), "--out", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "--out must end in .parquet, .csv, .json, not 'x.xlsx'" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_ask_lists_the_questions_with_their_parameters():
    result = runner.invoke(app, ["ask"])
    assert result.exit_code == 0
    for q in questions.all_questions():
        assert f"{q.name:<14} {q.summary}" in result.stdout
    assert "-p weeks=…" in result.stdout and "--company" in result.stdout


def test_ask_runs_a_question_with_options_and_params(db, tmp_path):
    options = ["--company", "zhipu", "--since", "2026-11-16", "--limit", "2", "--db", str(db), "-f", "csv"]
    result = runner.invoke(app, ["ask", "companions", *options])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "entity,companion,kind,articles,entity_stories,share",
        "智谱AI,Kimi,product,1,3,0.333",
        "智谱AI,MiniMax,org,1,3,0.333",
    ]
    quiet = runner.invoke(app, ["ask", "quiet_sources", "--since", "2026-11-16", "-p", "weeks=1", "--db", str(db)])
    assert quiet.exit_code == 0 and "(0 rows)" in quiet.stdout
    out = tmp_path / "attention.parquet"
    saved = runner.invoke(app, ["ask", "attention", "--since", "2026-11-18", "--db", str(db), "--out", str(out)])
    assert saved.stdout == f"wrote 3 rows to {out}\n"
    assert duckdb.sql(f"SELECT day, name, share FROM '{out}' ORDER BY name").fetchall() == [
        (date(2026, 11, 18), "MiniMax", 1.0), (date(2026, 11, 18), "智谱AI", 1.0), (date(2026, 11, 18), "月之暗面", 0.0)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "funding"], "no question named 'funding'; the questions are: attention"),
        (["ask", "new_entities", "--company", "zhipu"], "question 'new_entities' has no parameter company"),
        (["ask", "quiet_sources", "-p", "weeks"], "--param takes NAME=VALUE, not 'weeks'"),
        (["ask", "top_stories", "--since", "last week"], "--since must be an ISO date like 2026-11-01"),
        (["ask", "top_stories", "-f", "xml"], "--format must be one of table, csv, json, markdown"),
    ],
)
def test_ask_mistakes_are_usage_errors(db, args, message):
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.output


def test_ask_says_when_a_company_matches_nothing(db):
    result = runner.invoke(app, ["ask", "top_stories", "--company", "智普", "--since", "2026-11-01", "--db", str(db)])
    assert result.exit_code == 0 and "(0 rows)" in result.stdout
    assert "no rows: is '智普' an entity?" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["sql", QUERY, "--db", "{db}"],
        ["sql", "--db={db}", "--format=markdown", QUERY],
        ["sql", QUERY, "-f", "json", "--db", "{db}", "--wait", "5"],
        ["sql", "--db", "{db}", "SELECT 1", "--allow-files", "{dir}", "--allow-files={dir}"],
        ["sql", "DELETE FROM entities", "--db", "{db}"],
        ["sql", "SELECT 1", "--db", "{dir}/none.duckdb"],
        ["sql", "SELECT 1", "--db", "{db}", "-f", "xml"],
        ["sql", "SELECT 1", "--db", "{db}", "--allow-files", "{dir}/nowhere"],
    ],
)
def test_the_fast_path_answers_as_typer_does(db, tmp_path, capsys, args):
    argv = [a.format(db=db, dir=tmp_path) for a in args]
    code = _fast_sql(argv)
    fast = capsys.readouterr()
    typed = runner.invoke(app, argv)
    assert (code, fast.out, fast.err) == (typed.exit_code, typed.stdout, typed.stderr)


def test_the_fast_path_reads_newsdesk_db_and_leaves_other_forms_to_typer(db, monkeypatch, capsys):
    monkeypatch.setenv("NEWSDESK_DB", str(db))
    assert _fast_sql(["sql", "SELECT count(*) AS n FROM articles"]) == 0
    assert capsys.readouterr().out == "n\n-\n7\n(1 row)\n"
    for argv in (["sql", "--help"], ["sql", "-fcsv", "SELECT 1"], ["sql", "-f=csv", "SELECT 1"], ["sql", "a", "b"],
                 ["sql", "SELECT 1", "--db"], ["sql", "--wait", "soon", "SELECT 1"], ["sql", "--", "SELECT 1"],
                 ["sql", "--db", "a", "--db", "b"], ["ask"], []):  # fmt: skip
        assert _fast_sql(argv) is None, argv
    assert capsys.readouterr().out == ""
