"""Each command imports only what it uses: `newsdesk sql`, `ask`, the shell and every `--help` never load
the extraction code, Prefect or the settings. Guarded by what is imported, not by timing
(bench/cli_startup.py times it); one fresh interpreter runs the commands as the console script does."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.warehouse.test_attention import build_hand_counted

REPO = Path(__file__).resolve().parents[1]
# What a query never needs: extraction (trafilatura, jieba, lxml, numpy), the flows (Prefect, httpx), the settings.
HEAVY = ("trafilatura", "jieba", "lxml", "numpy", "prefect", "httpx", "extractors", "flows.config", "pydantic_settings")

# Runs newsdesk as its console script does (`app()` with sys.argv), one command after another, and
# records the modules each one added.
PROBE = textwrap.dedent("""
    import io, json, sys
    steps = json.loads(sys.argv[1])
    seen = set(sys.modules)
    from flows.cli import app
    import typer.main

    def commands(group, path):
        for name, command in group.commands.items():
            yield from commands(command, [*path, name]) if hasattr(command, "commands") else [[*path, name]]

    every = list(commands(typer.main.get_command(app), []))
    steps[2:2] = [[f"help {' '.join(c)}", [*c, "--help"], ""] for c in every]  # after --help and the fast sql
    report = []
    for name, argv, stdin in steps:
        sys.argv = ["newsdesk", *argv]
        sys.stdin = io.StringIO(stdin)
        out, sys.stdout = sys.stdout, io.StringIO()
        try:
            app()
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        printed, sys.stdout = sys.stdout.getvalue(), out
        report.append({"step": name, "code": code, "printed": printed, "modules": sorted(set(sys.modules) - seen)})
        seen = set(sys.modules)
    print(json.dumps(report))
""")


def run_probe(steps: list[tuple[str, list[str], str]]) -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(steps)], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    return {entry["step"]: entry for entry in json.loads(done.stdout.splitlines()[-1])}


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_hand_counted(tmp_path_factory.mktemp("imports") / "newsdesk.duckdb")


def test_queries_and_help_import_only_what_they_use(db):
    # In this order: each step's modules are those it added, so `newsdesk --help` and the fast `sql` come first.
    steps = [
        ("help ", ["--help"], ""),
        ("sql", ["sql", "SELECT count(*) AS n FROM entities", "--db", str(db)], ""),
        # then every command's --help (listed by the probe from the app itself)
        ("sql by typer", ["sql", "-fcsv", "SELECT 42 AS answer", "--db", str(db)], ""),  # a form only typer reads
        ("shell", ["sql", "--db", str(db)], "SELECT 1 AS one;\n.tables\n"),
        ("ask list", ["ask"], ""),
        ("ask", ["ask", "top_stories", "--since", "2026-11-01", "--db", str(db), "-f", "markdown"], ""),
    ]
    report = run_probe(steps)
    help_modules = sorted({m for name, entry in report.items() if name.startswith("help") for m in entry["modules"]})
    assert {"help sql", "help ask", "help demo", "help spool list"} <= set(report)
    assert all(entry["code"] == 0 for entry in report.values()), {n: e["code"] for n, e in report.items()}
    # help: not even DuckDB or rich (help is plain text); `newsdesk --help` not even pydantic (no option to validate)
    assert heavy(help_modules) == []
    assert not {"duckdb", "rich"} & {m.split(".")[0] for m in help_modules}
    assert not {"duckdb", "rich", "pydantic"} & {m.split(".")[0] for m in report["help "]["modules"]}
    assert report["sql"]["printed"].startswith("n\n-\n6\n")
    assert "duckdb" in report["sql"]["modules"] and "pydantic" not in report["sql"]["modules"]  # the fast path
    assert report["sql by typer"]["printed"] == "answer\n42\n"
    assert report["shell"]["printed"].startswith("one\n---\n1\n(1 row)\nname")
    assert "智谱AI完成新一轮融资" in report["ask"]["printed"]
    for name in ("sql", "sql by typer", "shell", "ask list", "ask"):
        assert heavy(report[name]["modules"]) == [], (name, heavy(report[name]["modules"]))
