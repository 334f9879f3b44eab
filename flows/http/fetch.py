"""Fetching with httpx: polite, bounded, and every URL accounted for.

A :class:`Fetcher` holds one run's shared state — the httpx client, the
robots.txt cache, one gate per host (concurrency and minimum delay) — and
never raises for a URL's sake: each URL ends as a :class:`FetchResult` whose
``outcome`` says what happened and whose ``error`` says it in one line.

Outcomes: ``ok``, ``not_modified`` (304), ``http_error``, ``rate_limited``,
``timeout``, ``connection_error``, ``redirect_loop``, ``too_many_redirects``,
``too_large`` (including decompression bombs), ``not_html``, ``empty``,
``invalid_url``, ``blocked`` (SSRF guard), ``robots_disallowed``; processing
later adds ``no_article``.

Redirects are followed here rather than by httpx so that every hop passes
the SSRF pre-check and robots.txt, and a loop is reported as a loop. The
guard itself sits under the client (see :func:`guarded_transport`): every
connection, on every attempt and hop, goes to an address it has checked.
"""

from __future__ import annotations

import asyncio
import logging
import random
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from extractors.urls import InvalidURL, canonical_url, url_host
from flows.config import Settings
from flows.http.netguard import AllowList, BlockedAddress, GuardedBackend, blocked_reason
from flows.http.robots import RobotsCache
from flows.results import FetchResult

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECTS = (301, 302, 303, 307, 308)
# Bodies with no Content-Type are sniffed: these prefixes mean HTML.
_HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")
# Validators for conditional GET: url → (ETag, Last-Modified).
Validators = Mapping[str, tuple[str | None, str | None]]


class _TooLarge(Exception):
    pass


@dataclass
class _Answer:
    """One HTTP exchange: a final response, a redirect, or a retryable failure."""

    kind: str  # "final", "redirect", "retry"
    outcome: str = "ok"
    error: str | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    location: str | None = None
    retry_after: float | None = None


def _is_html(content_type: str | None, head: bytes) -> bool:
    if content_type:
        return content_type.split(";")[0].strip().lower() in HTML_TYPES
    return head.lstrip()[:15].lower().startswith(_HTML_SNIFF)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@cache
def _tls_context() -> ssl.SSLContext:
    """Certificate verification as httpx sets it up, built once per process.

    Loading the CA bundle takes ~40 ms; a client is built per batch, and in a
    profile of the benchmark this was 4% of the flow process's CPU.
    """
    return httpx.create_ssl_context()


def guarded_transport(settings: Settings) -> httpx.AsyncHTTPTransport:
    """httpx's own transport (TLS, pool limits), its connections opened through :class:`GuardedBackend`.

    httpx 0.28 takes no network backend, so the httpcore pool it built is
    replaced by one built the same way plus ``network_backend``. That touches
    one private attribute, ``_pool``; should httpx rename it, this fails
    loudly rather than fetch unguarded.
    """
    limits = httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency)
    transport = httpx.AsyncHTTPTransport(verify=_tls_context(), limits=limits, trust_env=False)
    if not isinstance(getattr(transport, "_pool", None), httpcore.AsyncConnectionPool):
        raise RuntimeError("httpx.AsyncHTTPTransport keeps no httpcore pool in _pool: cannot install the SSRF guard")
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=_tls_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=GuardedBackend(AllowList.parse(settings.allow_hosts)),
    )
    return transport


def build_client(settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The one client a batch shares: timeouts, User-Agent, the guarded transport; redirects are ours.

    No proxy, not even one named in the environment (``trust_env=False``; an
    explicit transport also makes httpx ignore them): a proxy would resolve
    and connect on newsdesk's behalf, where the guard cannot see. A
    *transport* given here (tests) replaces the guarded one.
    """
    return httpx.AsyncClient(
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        follow_redirects=False,
        headers={"User-Agent": settings.user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
        transport=transport or guarded_transport(settings),
        trust_env=False,
    )


# When each host may be visited next, across Fetchers: a run fetches batch after batch, each with
# a new Fetcher, and the pause a host is owed must not reset at a batch boundary.
_next_visit: dict[str, float] = {}


class HostGate:
    """Per-host politeness: at most *concurrency* requests in flight, starts *delay* seconds apart."""

    def __init__(self, host: str, concurrency: int, delay: float) -> None:
        self.delay = delay
        self.host = host
        self._slots = asyncio.Semaphore(concurrency)
        self._turn = asyncio.Lock()

    @asynccontextmanager
    async def slot(self):
        async with self._slots:
            async with self._turn:
                wait = _next_visit.get(self.host, 0.0) - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                _next_visit[self.host] = time.monotonic() + self.delay
            yield


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
            raise _TooLarge(f"body exceeds the {limit}-byte limit (after decompression)")
        chunks.append(chunk)
    return b"".join(chunks)


class Fetcher:
    """Fetch many URLs politely; use as ``async with Fetcher(settings) as f``."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        validators: Validators | None = None,
        host_delays: Mapping[str, float] | None = None,
        on_result: Callable[[FetchResult], None] | None = None,
    ) -> None:
        self.settings = settings
        self.validators = validators or {}
        self.host_delays = dict(host_delays or {})
        self.on_result = on_result
        self.allow = AllowList.parse(settings.allow_hosts)
        self._transport = transport
        self._gates: dict[str, HostGate] = {}
        self._overall = asyncio.Semaphore(settings.concurrency)
        self.agent = settings.user_agent
        self.robots = RobotsCache(settings.user_agent, self._get_robots)
        self.client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        self.client = build_client(self.settings, self._transport)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.client is not None:
            await self.client.aclose()

    def gate(self, host: str) -> HostGate:
        if host not in self._gates:
            delay = max(self.settings.per_host_delay, self.host_delays.get(host, 0.0))
            self._gates[host] = HostGate(host, self.settings.per_host_concurrency, delay)
        return self._gates[host]

    async def _get_robots(self, robots_url: str) -> tuple[int, bytes] | str:
        """GET robots.txt for :class:`RobotsCache` (fetch() has pre-checked its host).

        Raises:
            BlockedAddress: the guard refused the connection; fetch() records the URL as ``blocked``.
        """
        answer = await self._exchange(robots_url, {}, html_only=False)
        if answer.outcome == "blocked":
            raise BlockedAddress(answer.error)
        if answer.kind == "redirect":
            return 404, b""  # a redirected robots.txt is treated as absent
        if answer.status is None:
            return answer.error or answer.outcome
        return answer.status, answer.body or b""

    async def _exchange(self, url: str, headers: dict[str, str], *, html_only: bool) -> _Answer:
        """One request through the host gate, within the total timeout."""
        assert self.client is not None, "use Fetcher as an async context manager"
        s = self.settings
        try:
            async with (
                self.gate(url_host(url)).slot(),  # host pacing first: a wait must not hold a global slot
                self._overall,
                asyncio.timeout(s.total_timeout),
                self.client.stream("GET", url, headers=headers) as response,
            ):
                status, rheaders = response.status_code, dict(response.headers)
                if status in REDIRECTS and "location" in response.headers:
                    return _Answer("redirect", status=status, headers=rheaders, location=response.headers["location"])
                if status == 304:
                    return _Answer(
                        "final", "not_modified", "304 Not Modified: unchanged since the last fetch", status, rheaders
                    )
                reason = f"HTTP {status} {response.reason_phrase}".strip()
                if status == 429 or status >= 500:
                    retry_after = parse_retry_after(response.headers.get("retry-after"))
                    return _Answer("retry", "rate_limited" if status == 429 else "http_error", reason, status, rheaders,
                                   retry_after=retry_after)  # fmt: skip
                if status >= 400:
                    return _Answer("final", "http_error", reason, status, rheaders)
                ctype = response.headers.get("content-type")
                if html_only and ctype and not _is_html(ctype, b""):
                    return _Answer(
                        "final", "not_html", f"content type {ctype!r} is not HTML; skipped", status, rheaders
                    )
                body = await _read_capped(response, s.max_bytes)
                if not body.strip():
                    return _Answer("final", "empty", "server returned an empty body", status, rheaders)
                if html_only and not _is_html(ctype, body[:64]):
                    return _Answer("final", "not_html", "no Content-Type and the body does not look like HTML",
                                   status, rheaders, body=None)  # fmt: skip
                return _Answer("final", "ok", None, status, rheaders, body=body)
        except BlockedAddress as exc:  # raised by the guard under httpx, when it opens a connection
            return _Answer("final", "blocked", str(exc))
        except _TooLarge as exc:
            return _Answer("final", "too_large", str(exc))
        except TimeoutError:
            return _Answer(
                "final", "timeout", f"no complete response within {s.total_timeout:g}s (slow or endless body?)"
            )
        except httpx.ConnectTimeout:
            return _Answer("retry", "connection_error", f"could not connect within {s.connect_timeout:g}s")
        except httpx.TimeoutException as exc:
            return _Answer("final", "timeout", f"{type(exc).__name__}: the server stopped sending")
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:  # InvalidURL: e.g. host 010.8.8.8
            return _Answer("final", "invalid_url", str(exc))
        except (httpx.TransportError, httpx.DecodingError) as exc:
            detail = str(exc).strip() or "connection failed"
            return _Answer("retry", "connection_error", f"{type(exc).__name__}: {detail}")

    async def _with_retries(self, url: str, headers: dict[str, str], *, html_only: bool) -> tuple[_Answer, int]:
        s = self.settings
        attempt = 0
        while True:
            attempt += 1
            answer = await self._exchange(url, headers, html_only=html_only)
            if answer.kind != "retry":
                return answer, attempt
            if answer.retry_after is not None and answer.retry_after > s.max_retry_after:
                answer.error = (
                    f"{answer.error}; Retry-After {answer.retry_after:.0f}s exceeds the {s.max_retry_after:g}s cap"
                )
                return answer, attempt
            if attempt > s.retries:
                answer.error = f"{answer.error} (after {attempt} attempts)"
                return answer, attempt
            delay = answer.retry_after
            if delay is None:
                delay = s.backoff * 2 ** (attempt - 1) * (0.5 + random.random())  # exponential, jittered
            logger.info("retrying %s in %.2fs: %s", url, delay, answer.error)
            await asyncio.sleep(delay)

    async def fetch(self, url: str, *, html_only: bool = True, source_id: str | None = None) -> FetchResult:
        """Fetch one URL, following redirects; every failure becomes an outcome."""
        started = datetime.now(UTC)
        clock = time.monotonic()
        attempts = 0

        def result(outcome: str, error: str | None, **kw: Any) -> FetchResult:
            elapsed = int((time.monotonic() - clock) * 1000)
            return FetchResult(url=url, outcome=outcome, fetched_at=started, error=error, elapsed_ms=elapsed,
                               attempts=attempts, source_id=source_id, **kw)  # fmt: skip

        try:
            seen = [canonical_url(url)]
        except InvalidURL as exc:
            return result("invalid_url", str(exc))
        current = url
        etag, modified = self.validators.get(url, (None, None))
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
        while True:
            host = url_host(current)
            try:
                reason = await blocked_reason(host, self.allow)
            except OSError as exc:
                return result("connection_error", f"cannot resolve {host}: {exc.strerror or exc}", final_url=current)
            if reason:
                return result("blocked", reason, final_url=current)
            if self.settings.respect_robots:
                try:
                    rules = await self.robots.rules_for(current)
                except BlockedAddress as exc:  # the host passed the pre-check, then resolved elsewhere
                    return result("blocked", str(exc), final_url=current)
                if rules.unreachable:
                    return result("connection_error", rules.reason, final_url=current)
                if not rules.allowed(current, self.robots.agent):
                    why = (
                        rules.reason
                        or f"robots.txt of {host} disallows {urlsplit(current).path or '/'} for {self.robots.agent}"
                    )
                    return result("robots_disallowed", why, final_url=current)
                if rules.crawl_delay:
                    gate = self.gate(host)
                    gate.delay = max(gate.delay, min(rules.crawl_delay, self.settings.max_crawl_delay))
            answer, tries = await self._with_retries(current, headers, html_only=html_only)
            attempts += tries
            meta = {"final_url": current, "status": answer.status, "headers": answer.headers,
                    "content_type": answer.headers.get("content-type")}  # fmt: skip
            if answer.kind != "redirect":
                body = answer.body
                return result(answer.outcome, answer.error, body=body, bytes=len(body or b""), **meta)
            target = urljoin(current, answer.location or "")
            try:
                canon = canonical_url(target)
            except InvalidURL as exc:
                return result("invalid_url", f"redirect to an unusable URL {target!r}: {exc}", **meta)
            if canon in seen:
                chain = " → ".join([*seen[seen.index(canon) :], canon])
                return result("redirect_loop", f"redirect loop: {chain}", **meta)
            if len(seen) > self.settings.max_redirects:
                return result("too_many_redirects", f"more than {self.settings.max_redirects} redirects", **meta)
            seen.append(canon)
            current, headers = target, {}

    async def fetch_all(
        self, urls: Sequence[str], *, html_only: bool = True, source_of: Mapping[str, str] | None = None
    ) -> list[FetchResult]:
        """Fetch *urls* concurrently; results in input order."""

        async def one(url: str) -> FetchResult:
            outcome = await self.fetch(url, html_only=html_only, source_id=(source_of or {}).get(url))
            if self.on_result:
                self.on_result(outcome)
            return outcome

        return list(await asyncio.gather(*(one(u) for u in urls)))


async def fetch_many(urls: Sequence[str], settings: Settings, **kw: Any) -> list[FetchResult]:
    """Fetch *urls* with a fresh :class:`Fetcher` (see its arguments)."""
    html_only = kw.pop("html_only", True)
    source_of = kw.pop("source_of", None)
    async with Fetcher(settings, **kw) as fetcher:
        return await fetcher.fetch_all(urls, html_only=html_only, source_of=source_of)


def fetch_batch(urls: Sequence[str], settings: Settings, **kw: Any) -> list[FetchResult]:
    """Synchronous wrapper for tasks and scripts."""
    return asyncio.run(fetch_many(urls, settings, **kw))
