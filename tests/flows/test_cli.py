import json
import sys

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.demo.site import load_articles, render_article
from warehouse.query import run_query

runner = CliRunner()
COMMANDS = [
    "demo",
    "import-seeds",
    "backfill",
    "run",
    "serve",
    "export",
    "extract",
    "sql",
    "sources list",
    "sources check",
    "check",
    "spool list",
    "spool load",
    "spool retry",
    "spool drop",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Example: newsdesk" in " ".join(result.output.split())


def test_sql_refuses_writes_without_a_traceback(db_path):
    from warehouse.connection import open_warehouse

    with open_warehouse(db_path):
        pass
    result = runner.invoke(app, ["sql", "DELETE FROM articles", "--db", str(db_path)])
    assert result.exit_code == 1
    assert "refused: a DELETE statement would change the warehouse" in result.output
    assert "Traceback" not in result.output


def test_sql_formats_and_missing_warehouse(db_path, tmp_path):
    missing = runner.invoke(app, ["sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no warehouse at" in missing.output
    from warehouse.connection import open_warehouse

    with open_warehouse(db_path):
        pass
    out = runner.invoke(app, ["sql", "SELECT 42 AS answer, '智谱' AS name", "--db", str(db_path), "--format", "json"])
    assert json.loads(out.stdout) == [{"answer": 42, "name": "智谱"}]
    csv = runner.invoke(app, ["sql", "SELECT 42 AS answer", "--db", str(db_path), "-f", "csv"])
    assert csv.stdout.strip() == "answer\n42"
    bad = runner.invoke(app, ["sql", "SELECT 1", "--db", str(db_path), "-f", "xml"])
    assert bad.exit_code == 2


def test_extract_json_from_file_and_url(tmp_path, demo_site):
    articles = load_articles()
    page = tmp_path / "page.html"
    page.write_bytes(render_article(articles[2], articles[:2]).encode("gbk", errors="xmlcharrefreplace"))
    url = f"{demo_site.base}/news/{articles[5].slug}.html"
    result = runner.invoke(
        app, ["extract", str(page), url, str(tmp_path / "missing.html"), "--json", "--allow-host", "127.0.0.1"]
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1  # one input failed
    assert lines[0]["title"] == articles[2].title and lines[0]["script"] == "Hans"
    assert set(lines[0]) == {"input", "title", "text", "published", "date_source", "author", "sitename", "lang", "script",
                             "method"}  # fmt: skip
    assert lines[1]["script"] == "Hant" and lines[1]["published"].startswith("2026-11-13T")
    assert lines[2]["error"].startswith("cannot read")


@pytest.mark.usefixtures("prefect_server")
def test_backfill_reports_bad_lines_and_reads_stdin(tmp_path, demo_site, db_path):
    listing = tmp_path / "urls.txt"
    good = f"{demo_site.base}/news/{load_articles()[0].slug}.html"
    listing.write_text(f"# collected links\n\n{good}\nnot-a-url\nmailto:x@example.com\n", encoding="utf-8")
    result = runner.invoke(app, ["backfill", str(listing), "--db", str(db_path), "--allow-host", "127.0.0.1"])
    assert result.exit_code == 0, result.output
    assert f"{listing}:4: skipped 'not-a-url'" in result.output
    assert f"{listing}:5: skipped 'mailto:x@example.com'" in result.output
    assert "new              1" in result.output
    again = runner.invoke(app, ["backfill", "-", "--db", str(db_path), "--allow-host", "127.0.0.1"], input=f"{good}\n")
    assert again.exit_code == 0
    assert "new              0" in again.output


@pytest.mark.usefixtures("prefect_server")
def test_a_run_whose_every_batch_failed_on_an_internal_error_exits_non_zero(tmp_path, demo_site, db_path):
    """A file where the archive folder should be fails every batch: the run says so and exits 1."""
    db_path.parent.mkdir(parents=True)
    (db_path.parent / "archive").write_text("a file where the archive folder should be")
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{demo_site.base}/news/{load_articles()[0].slug}.html\n", encoding="utf-8")
    result = runner.invoke(app, ["backfill", str(listing), "--db", str(db_path), "--allow-host", "127.0.0.1"])
    assert result.exit_code == 1, result.output
    assert "error: every batch of the run failed: " in result.output
    assert run_query(db_path, "SELECT status FROM runs").rows == [("failed",)]


def test_backfill_of_a_list_larger_than_prefect_takes_as_parameters(tmp_path, db_path):
    """6,000 URLs (~0.3 MB) exceed Prefect's 512 kB limit on flow parameters; the list goes by file."""
    listing = tmp_path / "urls.txt"  # private addresses: refused by the SSRF guard, no network needed
    listing.write_text("".join(f"http://10.9.8.7/news/{i}-{'x' * 40}.html\n" for i in range(6000)))
    result = runner.invoke(app, ["backfill", str(listing), "--db", str(db_path), "--batch-size", "2000"])
    assert result.exit_code == 0, result.output
    assert run_query(db_path, "SELECT discovered, failed FROM runs").rows == [(6000, 6000)]
    assert run_query(db_path, "SELECT count(*), any_value(outcome) FROM fetches").rows == [(6000, "blocked")]


def test_backfill_without_usable_urls_fails_clearly(tmp_path, db_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("garbage\n", encoding="utf-8")
    result = runner.invoke(app, ["backfill", str(listing), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "no usable URLs" in result.output
    missing = runner.invoke(app, ["backfill", str(tmp_path / "nope.txt"), "--db", str(db_path)])
    assert missing.exit_code == 1 and "cannot read" in missing.output


def test_dask_task_runner_without_the_extra_says_how_to_get_it(tmp_path, db_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "prefect_dask", None)  # as where the extra is not installed: import fails
    listing = tmp_path / "urls.txt"
    listing.write_text("https://example.com/a\n", encoding="utf-8")
    result = runner.invoke(app, ["backfill", str(listing), "--db", str(db_path), "--task-runner", "dask"])
    assert result.exit_code == 2
    assert "uv sync --extra dask" in result.output


def test_spool_commands_list_retry_and_drop_quarantined_batches(db_path):
    from warehouse.loader import load_spool
    from warehouse.spool import Batch, write_batch

    spool_dir = db_path.parent / "spool"
    for name in ("T1-r1-000000", "T2-r2-000000"):
        batch = Batch(name)
        batch.add("fetches", [{"fetch_id": name, "url": "https://example.com/1", "outcome": "ok"}])
        path = write_batch(spool_dir, batch) / "fetches.jsonl"
        path.write_text(path.read_text()[:20])  # cut short
    load_spool(db_path, spool_dir)

    listed = runner.invoke(app, ["spool", "list", "--db", str(db_path)])
    assert listed.exit_code == 0
    assert "0 batch(es) waiting" in listed.output and "2 batch(es) in the quarantine" in listed.output
    assert "T1-r1-000000" in listed.output and "Malformed JSON" in listed.output

    refused = runner.invoke(app, ["spool", "drop", "T2-r2-000000", "--db", str(db_path)])
    assert refused.exit_code == 2 and "--yes" in refused.output
    dropped = runner.invoke(app, ["spool", "drop", "T2-r2-000000", "--yes", "--db", str(db_path)])
    assert dropped.exit_code == 0
    unknown = runner.invoke(app, ["spool", "retry", "nope", "--db", str(db_path)])
    assert unknown.exit_code == 1 and "no quarantined batch named 'nope'" in unknown.output

    retried = runner.invoke(app, ["spool", "retry", "T1-r1-000000", "--db", str(db_path)])
    assert retried.exit_code == 0 and (spool_dir / "T1-r1-000000").is_dir()
    again = runner.invoke(app, ["spool", "load", "--db", str(db_path)])  # still broken: set aside again
    assert again.exit_code == 1 and "set aside T1-r1-000000" in again.output
    assert "Traceback" not in again.output
