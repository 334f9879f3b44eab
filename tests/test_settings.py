"""Every setting comes from one typed place: flows.config.Settings."""

import re
from pathlib import Path

from flows.config import Settings

ROOT = Path(__file__).resolve().parents[1]
ENV_READ = re.compile(r"""(os\.environ(\.get)?|os\.getenv)\s*[\[(]\s*["']NEWSDESK_""")


def test_no_module_reads_a_newsdesk_variable_behind_settings_back():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("flows", "warehouse", "extractors")
        for path in sorted((ROOT / package).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ENV_READ.search(line)
    ]
    assert offenders == []


def test_the_settings_once_read_elsewhere_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("NEWSDESK_DUCKDB_MEMORY", "300MB")
    monkeypatch.setenv("NEWSDESK_DASK_ADDRESS", "tcp://scheduler:8786")
    settings = Settings()
    assert (settings.duckdb_memory, settings.dask_address) == ("300MB", "tcp://scheduler:8786")
