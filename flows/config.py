"""All of newsdesk's settings, in one typed place.

Every field can be set by an environment variable named ``NEWSDESK_`` plus
the field name in upper case (``NEWSDESK_DB``, ``NEWSDESK_BATCH_SIZE``…);
CLI options override both. Defaults are what a single analyst's laptop
wants.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from extractors.relevance import DEFAULT_KEYWORDS, DEFAULT_THRESHOLD, Relevance
from warehouse.connection import DEFAULT_WRITE_MEMORY
from warehouse.neardup import Thresholds

if TYPE_CHECKING:
    from warehouse.database import Warehouse

DEFAULT_DB = Path("data/newsdesk.duckdb")
DEFAULT_USER_AGENT = "newsdesk/0.1 (news research crawler; respects robots.txt)"


class Settings(BaseSettings):
    """Runtime configuration."""

    model_config = SettingsConfigDict(env_prefix="NEWSDESK_", extra="ignore")

    db: Path = Field(DEFAULT_DB, description="The DuckDB warehouse file.")
    data_dir: Path | None = Field(None, description="Spool and raw archive live here; default: the warehouse's folder.")
    catalogue: Path | None = Field(None, description="Entity catalogue TOML; default: the one shipped with newsdesk.")
    user_agent: str = Field(
        DEFAULT_USER_AGENT, description="Sent with every request; identifies newsdesk to site owners."
    )
    concurrency: int = Field(16, ge=1, description="Requests in flight at once, over all hosts.")
    per_host_concurrency: int = Field(2, ge=1, description="Requests in flight at once to one host.")
    connect_timeout: float = Field(10.0, gt=0, description="Seconds to establish a connection.")
    read_timeout: float = Field(20.0, gt=0, description="Seconds between two received chunks.")
    total_timeout: float = Field(60.0, gt=0, description="Seconds for one URL, redirects and body included.")
    max_bytes: int = Field(8 * 1024 * 1024, ge=1024, description="Largest body accepted, after decompression.")
    max_redirects: int = Field(5, ge=0, description="Redirects followed before giving up.")
    per_host_delay: float = Field(1.0, ge=0, description="Minimum seconds between two requests to one host.")
    max_crawl_delay: float = Field(
        30.0, ge=0, description="Cap on a robots.txt Crawl-delay (a site asking for more is read at this pace)."
    )
    retries: int = Field(3, ge=0, description="Extra attempts after a connection error, 429 or 5xx.")
    backoff: float = Field(1.0, ge=0, description="First retry delay in seconds; doubles per attempt, with jitter.")
    max_retry_after: float = Field(
        120.0, ge=0, description="Longest Retry-After honoured; a longer one ends the URL as rate_limited."
    )
    respect_robots: bool = Field(True, description="Obey robots.txt (RFC 9309). Only turn off for your own sites.")
    allow_hosts: list[str] = Field(
        default_factory=list,
        description="Hosts, IPs or CIDR ranges that may be fetched although private/loopback (SSRF guard exceptions).",
    )
    mobile_hosts: dict[str, str] = Field(
        default_factory=dict, description='Mobile host → canonical host, e.g. {"m.example.com": "example.com"}.'
    )
    sources: Path | None = Field(None, description="Sources file; default: the catalogue shipped with newsdesk.")
    url_file_dir: Path | None = Field(
        None,
        description="The folder a backfill started through the Prefect API may read its url_file from "
        "(unset: such runs cannot name a file). Runs started by the CLI are not limited.",
    )
    lookback_days: float = Field(
        7.0,
        gt=0,
        description="Daily runs fetch every listed item not yet in the warehouse unless it states a publication "
        "time older than this many days; failed fetches are retried within the same window.",
    )
    workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        ge=0,
        description="Extraction processes beside the flow's own (default: one per core; 0: extract in-process).",
    )
    load_interval: float = Field(
        10.0,
        ge=0,
        description="During a run, spooled batches are loaded at most this often (seconds; once the last batch "
        "is on its way, as soon as the last load is done; always at the end). "
        "Each load opens the warehouse and checkpoints it on close, so loading every batch of a long backfill "
        "costs more than the rows; 0 loads after every batch.",
    )
    pipeline_depth: int = Field(
        2, ge=1, description="Batches in flight at once (fetching one while extracting another)."
    )
    batch_size: int = Field(
        200, ge=1, description="URLs per batch: one fetch task, one spool file, one load transaction."
    )
    schedule_cron: str = Field("0 6 * * *", description="When `newsdesk serve` runs the daily flow (cron).")
    schedule_timezone: str = Field("Asia/Shanghai", description="Time zone of schedule_cron.")
    duplicate_jaccard: float = Field(
        0.7,
        gt=0,
        le=1,
        description="Estimated Jaccard at or above which an article is a near-duplicate (then: dedupe --rebuild).",
    )
    related_containment: float = Field(
        0.8,
        gt=0,
        le=1,
        description="Share of a shorter article contained in another that links them as related (excerpts).",
    )
    relevance_keywords: list[str] = Field(
        default_factory=lambda: list(DEFAULT_KEYWORDS),
        description="Words that make a page relevant besides catalogue entities.",
    )
    relevance_threshold: float = Field(
        DEFAULT_THRESHOLD, ge=0, description="Pages scoring below this are recorded as off_topic (0: keep everything)."
    )
    dask_address: str | None = Field(
        None, description="Scheduler of the Dask cluster `--task-runner dask` uses (unset: a local cluster)."
    )
    duckdb_memory: str = Field(
        DEFAULT_WRITE_MEMORY,
        description="DuckDB's memory limit while loading (beyond it, indexes and joins spill next to the warehouse).",
    )
    history_file: Path = Field(
        Path("~/.newsdesk_history"), description="Where the interactive `newsdesk sql` shell keeps its history."
    )
    lock_wait: float = Field(
        30.0, ge=0, description="Seconds the loader waits for a locked warehouse before leaving the batch in the spool."
    )

    @property
    def relevance(self) -> Relevance:
        return Relevance(tuple(self.relevance_keywords), self.relevance_threshold)

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.duplicate_jaccard, self.related_containment)

    @property
    def base_dir(self) -> Path:
        return self.data_dir or self.db.parent

    @property
    def spool_dir(self) -> Path:
        return self.base_dir / "spool"

    @property
    def archive_dir(self) -> Path:
        return self.base_dir / "archive"

    def warehouse(self) -> Warehouse:
        """The warehouse these settings name, opened with their lock wait, memory limit and dedupe thresholds."""
        from warehouse.database import Warehouse

        return Warehouse(self.db, wait=self.lock_wait, memory_limit=self.duckdb_memory, thresholds=self.thresholds)
