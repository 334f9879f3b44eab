"""Every setting comes from one typed place: flows.config.Settings."""

import re
from pathlib import Path

from flows.config import Settings

ROOT = Path(__file__).resolve().parents[1]
ENV_READ = re.compile(r"""(os\.environ(\.get)?|os\.getenv)\s*[\[(]\s*["']NEWSDESK_""")


# The one exception: the read-only seat (`newsdesk sql`, warehouse.connect) finds the warehouse without
# importing Settings, which would load the extraction code it never uses (see tests/test_cli_imports.py).
# It reads NEWSDESK_DB exactly as Settings does; the test below holds the two to the same answer.


def test_no_module_reads_a_newsdesk_variable_behind_settings_back():
    offenders = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for package in ("flows", "warehouse", "extractors")
        for path in sorted((ROOT / package).rglob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if ENV_READ.search(line)
    ]
    assert len(offenders) == 1 and offenders[0].startswith("warehouse/connection.py: return Path(os.environ.get(")


def test_the_read_only_seat_finds_the_warehouse_where_settings_do(monkeypatch, tmp_path):
    from warehouse.connection import default_path

    assert default_path() == Settings().db
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "elsewhere.duckdb"))
    assert default_path() == Settings().db == tmp_path / "elsewhere.duckdb"


def test_the_settings_once_read_elsewhere_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("NEWSDESK_DUCKDB_MEMORY", "300MB")
    monkeypatch.setenv("NEWSDESK_DASK_ADDRESS", "tcp://scheduler:8786")
    settings = Settings()
    assert (settings.duckdb_memory, settings.dask_address) == ("300MB", "tcp://scheduler:8786")
