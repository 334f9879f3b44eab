"""What became of one URL: :class:`FetchResult`.

Its own small module because extraction workers unpickle thousands of these:
defined next to the fetcher, every worker imported httpx and the settings
(~0.6 s of start-up per process) to read a dataclass.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime


@dataclass(frozen=True)
class FetchResult:
    """One URL fetched (with its redirects and retries)."""

    url: str
    outcome: str
    fetched_at: datetime
    final_url: str | None = None
    status: int | None = None
    error: str | None = None
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    bytes: int = 0
    elapsed_ms: int = 0
    attempts: int = 0
    source_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def fetch_id(self) -> str:
        """Stable key of this attempt (URL and start time), so reloading is idempotent."""
        return hashlib.sha1(f"{self.url}\n{self.fetched_at.isoformat()}".encode()).hexdigest()[:20]

    def with_outcome(self, outcome: str, error: str | None) -> FetchResult:
        return replace(self, outcome=outcome, error=error)

    def without_body(self) -> FetchResult:
        """The result as reported after processing (the body lives on in the archive)."""
        return replace(self, body=None) if self.body is not None else self
