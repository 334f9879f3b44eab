"""Fetching pages with httpx: bounded, streamed, and every attempt accounted for.

:func:`fetch_many` never raises for a URL's sake: each URL ends as a
:class:`FetchResult` whose ``outcome`` says what happened, with a one-line
human-readable ``error`` when it was not ``ok``.

Outcomes: ``ok``, ``http_error``, ``timeout``, ``connection_error``,
``too_many_redirects``, ``too_large``, ``not_html``, ``empty``,
``invalid_url`` (and, set later by processing, ``no_article``).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import httpx

from extractors.urls import InvalidURL, canonical_url, url_host
from flows.config import Settings

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Bodies with no Content-Type are sniffed: these prefixes mean HTML.
_HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")


@dataclass(frozen=True)
class FetchResult:
    """One URL attempt."""

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

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def fetch_id(self) -> str:
        """Stable key of this attempt (URL and start time), so reloading is idempotent."""
        return hashlib.sha1(f"{self.url}\n{self.fetched_at.isoformat()}".encode()).hexdigest()[:20]

    def with_outcome(self, outcome: str, error: str | None) -> FetchResult:
        return replace(self, outcome=outcome, error=error)


class _TooLarge(Exception):
    pass


def _is_html(content_type: str | None, head: bytes) -> bool:
    if content_type:
        return content_type.split(";")[0].strip().lower() in HTML_TYPES
    return head.lstrip()[:15].lower().startswith(_HTML_SNIFF)


def build_client(settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The one client a run shares: timeouts, pool limits, redirects, User-Agent."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        limits=httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency),
        follow_redirects=True,
        max_redirects=settings.max_redirects,
        headers={"User-Agent": settings.user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
        transport=transport,
    )


async def _read_capped(response: httpx.Response, limit: int) -> bytes:
    """Read the (decompressed) body, aborting as soon as it exceeds *limit*.

    Counting decoded bytes is what stops decompression bombs: a 10 kB gzip
    that expands to 10 GB is cut off at *limit*.
    """
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit and "content-encoding" not in response.headers:
        raise _TooLarge(f"Content-Length {declared} exceeds the {limit}-byte limit")
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise _TooLarge(f"body exceeds the {limit}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


async def fetch_one(client: httpx.AsyncClient, url: str, settings: Settings, *, html_only: bool = True) -> FetchResult:
    """Fetch one URL; every failure becomes an outcome, never an exception.

    *html_only* is off for feeds and sitemaps, which are XML (or gzip).
    """
    started = datetime.now(UTC)
    clock = time.monotonic()

    def result(outcome: str, error: str | None = None, **kw: object) -> FetchResult:
        elapsed = int((time.monotonic() - clock) * 1000)
        return FetchResult(url=url, outcome=outcome, fetched_at=started, error=error, elapsed_ms=elapsed, **kw)  # type: ignore[arg-type]

    try:
        canonical_url(url)
    except InvalidURL as exc:
        return result("invalid_url", str(exc))
    try:
        async with asyncio.timeout(settings.total_timeout):
            async with client.stream("GET", url) as response:
                meta = {
                    "final_url": str(response.url),
                    "status": response.status_code,
                    "content_type": response.headers.get("content-type"),
                    "headers": dict(response.headers),
                }
                if response.status_code >= 400:
                    return result("http_error", f"HTTP {response.status_code} {response.reason_phrase}".strip(), **meta)
                if html_only and meta["content_type"] and not _is_html(meta["content_type"], b""):
                    return result("not_html", f"content type {meta['content_type']!r} is not HTML; skipped", **meta)
                body = await _read_capped(response, settings.max_bytes)
                if not body.strip():
                    return result("empty", "server returned an empty body", **meta)
                if html_only and not _is_html(meta["content_type"], body[:64]):
                    return result(
                        "not_html", "no Content-Type and the body does not look like HTML", bytes=len(body), **meta
                    )
                return result("ok", None, body=body, bytes=len(body), **meta)
    except _TooLarge as exc:
        return result("too_large", str(exc))
    except TimeoutError:
        return result("timeout", f"no complete response within {settings.total_timeout:g}s")
    except httpx.TimeoutException as exc:
        return result("timeout", f"{type(exc).__name__}: the server stopped answering")
    except httpx.TooManyRedirects:
        return result("too_many_redirects", f"more than {settings.max_redirects} redirects (a loop?)")
    except httpx.UnsupportedProtocol as exc:
        return result("invalid_url", str(exc))
    except (httpx.TransportError, httpx.DecodingError) as exc:
        return result("connection_error", f"{type(exc).__name__}: {exc}".strip().rstrip(":"))


async def fetch_many(
    urls: Sequence[str],
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    on_result: Callable[[FetchResult], None] | None = None,
    html_only: bool = True,
) -> list[FetchResult]:
    """Fetch *urls* concurrently (globally and per host bounded); results in input order."""
    per_host: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(settings.per_host_concurrency))
    overall = asyncio.Semaphore(settings.concurrency)

    async with build_client(settings, transport) as client:

        async def guarded(url: str) -> FetchResult:
            async with overall, per_host[url_host(url)]:
                outcome = await fetch_one(client, url, settings, html_only=html_only)
            if on_result:
                on_result(outcome)
            return outcome

        return list(await asyncio.gather(*(guarded(u) for u in urls)))


def fetch_batch(urls: Sequence[str], settings: Settings, **kw: object) -> list[FetchResult]:
    """Synchronous wrapper for tasks and scripts."""
    return asyncio.run(fetch_many(urls, settings, **kw))  # type: ignore[arg-type]
