"""Hostile servers: every misbehaviour ends as a recorded outcome, and the rest of the batch completes.

All cases run in one batch through one Fetcher, as in a real run. Timing
assertions read the loopback server's own request log, never a sleep in
the test.
"""

import itertools
import time

import pytest

from extractors.charset import decode_html
from flows.config import Settings
from flows.http.fetch import fetch_batch, parse_retry_after
from tests.flows.hostile import (
    HostileServer,
    conditional,
    connection_reset,
    endless_body,
    flaky,
    gzip_bomb,
    respond,
    slow_drip,
)

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
PAGE = "<html><body><p>智谱AI发布新一代大模型。</p></body></html>"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def settings(**overrides) -> Settings:
    base = dict(allow_hosts=list(HOSTS), per_host_delay=0.0, total_timeout=2.0, read_timeout=1.0, connect_timeout=1.0,
                max_bytes=1024 * 1024, retries=2, backoff=0.05, max_retry_after=5.0, max_redirects=4)  # fmt: skip
    return Settings(**{**base, **overrides})


@pytest.fixture(scope="module")
def server():
    with HostileServer(HOSTS) as s:
        _a, b, c = HOSTS[:3]
        s.route("/robots.txt", respond("200 OK", b"User-agent: *\nDisallow: /private\n"), host=b)
        s.route("/robots.txt", respond("200 OK", b"User-agent: *\nCrawl-delay: 0.4\n"), host=c)
        s.route("/robots.txt", respond("503 Service Unavailable", b""), host=HOSTS[3])
        yield s


@pytest.fixture(scope="module")
def batch(server):
    """The whole hostile batch, fetched once; maps case name → FetchResult."""
    _a, b, _c, d = HOSTS
    ok_page = respond("200 OK", PAGE.encode(), HTML)
    cases = {
        "ok": server.route("/ok", ok_page),
        "slow_drip": server.route("/drip", slow_drip),
        "endless_body": server.route("/endless", endless_body),
        "gzip_bomb": server.route("/bomb", gzip_bomb(50 * 1024 * 1024)),
        "ten_mb_page": server.route("/big", respond("200 OK", b"<html>" + b"x" * 10_000_000, HTML)),
        "wrong_charset": server.route("/gbk", respond("200 OK", PAGE.encode("gbk"), HTML)),  # GBK declared as UTF-8
        "big5_page": server.route(
            "/big5",
            respond(
                "200 OK",
                "<html><body><p>階躍星辰發布新模型。</p></body></html>".encode("big5"),
                {"Content-Type": "text/html; charset=big5"},
            ),
        ),
        "redirect_loop": server.route("/loop-a", respond("302 Found", b"", {"Location": "/loop-b"})),
        "too_many_redirects": server.route("/hop0", respond("301 Moved", b"", {"Location": "/hop1"})),
        "redirect_ok": server.route("/old", respond("301 Moved", b"", {"Location": "/ok"})),
        "rate_limited_then_ok": server.route(
            "/429", flaky(respond("429 Too Many Requests", b"", {"Retry-After": "1"}), ok_page)
        ),
        "rate_limited_too_long": server.route(
            "/429-long", respond("429 Too Many Requests", b"", {"Retry-After": "3600"})
        ),
        "unavailable_then_ok": server.route("/503", flaky(respond("503 Service Unavailable"), ok_page)),
        "always_unavailable": server.route("/503-always", respond("503 Service Unavailable")),
        "not_found": server.route("/404", respond("404 Not Found", b"gone", HTML)),
        "robots_disallow": server.url("/private/page", host=b),
        "robots_allow": server.route("/public", ok_page, host=b),
        "robots_unavailable": server.route("/page", ok_page, host=d),
        "non_html": server.route("/img", respond("200 OK", b"\x89PNG\r\n", {"Content-Type": "image/png"})),
        "empty_200": server.route("/empty", respond("200 OK", b"", HTML)),
        "connection_reset": server.route("/reset", connection_reset),
        "not_modified": server.route("/cond", conditional('"v1"', PAGE.encode())),
        "redirect_to_private": server.route(
            "/to-private", respond("302 Found", b"", {"Location": "http://127.0.0.9/secret"})
        ),
        "ssrf_private_target": "http://127.0.0.5/admin",
        "bad_scheme": "file:///etc/passwd",
    }
    for i in range(1, 8):
        server.route(f"/hop{i}", respond("301 Moved", b"", {"Location": f"/hop{i + 1}"}))
    server.route("/loop-b", respond("302 Found", b"", {"Location": "/loop-a"}))
    urls = list(cases.values())
    started = time.monotonic()
    results = fetch_batch(urls, settings(), validators={cases["not_modified"]: ('"v1"', None)})
    elapsed = time.monotonic() - started
    by_url = {r.url: r for r in results}
    return {name: by_url[url] for name, url in cases.items()}, elapsed


EXPECTED = {
    "ok": "ok",
    "slow_drip": "timeout",
    "endless_body": "too_large",
    "gzip_bomb": "too_large",
    "ten_mb_page": "too_large",
    "wrong_charset": "ok",
    "big5_page": "ok",
    "redirect_loop": "redirect_loop",
    "too_many_redirects": "too_many_redirects",
    "redirect_ok": "ok",
    "rate_limited_then_ok": "ok",
    "rate_limited_too_long": "rate_limited",
    "unavailable_then_ok": "ok",
    "always_unavailable": "http_error",
    "not_found": "http_error",
    "robots_disallow": "robots_disallowed",
    "robots_allow": "ok",
    "robots_unavailable": "robots_disallowed",
    "non_html": "not_html",
    "empty_200": "empty",
    "connection_reset": "connection_error",
    "not_modified": "not_modified",
    "redirect_to_private": "blocked",
    "ssrf_private_target": "blocked",
    "bad_scheme": "invalid_url",
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_outcome(batch, case):
    results, _ = batch
    result = results[case]
    assert result.outcome == EXPECTED[case], result.error
    if result.outcome != "ok":
        assert result.error and "\n" not in result.error  # one human-readable line


def test_the_batch_is_bounded_in_time(batch):
    _, elapsed = batch
    assert elapsed < 15  # slow and endless responses do not hold the batch


def test_details(batch, server):
    results, _ = batch
    assert results["redirect_ok"].final_url.endswith("/ok")
    assert "/loop-a → " in results["redirect_loop"].error
    assert "Retry-After 3600s exceeds" in results["rate_limited_too_long"].error
    assert results["always_unavailable"].attempts == 3 and "after 3 attempts" in results["always_unavailable"].error
    assert results["unavailable_then_ok"].attempts == 2
    assert "127.0.0.9" in results["redirect_to_private"].error
    assert not server.seen("/secret")  # the private target was never contacted
    assert "RFC 9309" in results["robots_unavailable"].error
    assert decode_html(results["wrong_charset"].body, results["wrong_charset"].content_type).encoding == "gb18030"
    big5 = results["big5_page"]
    assert "階躍星辰" in decode_html(big5.body, big5.content_type).text


def test_retry_after_is_honoured(batch, server):
    first, second = server.seen("/429")
    assert second.at - first.at >= 0.95


def test_robots_disallowed_path_was_never_requested(batch, server):
    assert not server.seen("/private/page", host=HOSTS[1])
    assert len(server.seen("/robots.txt", host=HOSTS[1])) == 1  # cached per host


@pytest.mark.parametrize(("value", "expected"), [("5", 5.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("soon", None)])
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value) == expected


def test_retry_after_http_date_in_the_future():
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30.0


# ── politeness, measured on the server side ────────────────────────────────


def _gaps(requests) -> list[float]:
    times = sorted(r.at for r in requests)
    return [b - a for a, b in itertools.pairwise(times)]


def test_per_host_delay_and_hosts_in_parallel():
    with HostileServer(("127.0.0.1", "127.0.0.2")) as server:
        page = respond("200 OK", PAGE.encode(), HTML)
        urls = [server.route(f"/p{i}", page, host=h) for h in server.hosts for i in range(4)]
        results = fetch_batch(urls, settings(per_host_delay=0.3, per_host_concurrency=2))
        assert all(r.ok for r in results)
        for host in server.hosts:
            pages = [r for r in server.seen(host=host) if r.path != "/robots.txt"]
            assert min(_gaps(server.seen(host=host))) >= 0.28  # robots.txt counts as a request too
            assert len(pages) == 4
        # paced independently, not through one gate: the hosts' requests go out side by side, where one gate
        # would put 0.3 s between any two (a gap, not the run's duration: it holds on a loaded machine too)
        a, b = (server.seen(host=host) for host in server.hosts)
        assert min(abs(x.at - y.at) for x in a for y in b) < 0.15


def test_crawl_delay_from_robots():
    with HostileServer(("127.0.0.3",)) as server:
        server.route("/robots.txt", respond("200 OK", b"User-agent: *\nCrawl-delay: 0.4\n"))
        page = respond("200 OK", PAGE.encode(), HTML)
        urls = [server.route(f"/c{i}", page) for i in range(3)]
        assert all(r.ok for r in fetch_batch(urls, settings(per_host_delay=0.0)))
        gaps = _gaps([r for r in server.seen() if r.path != "/robots.txt"])
        assert min(gaps) >= 0.38


def test_crawl_delay_is_capped():
    with HostileServer(("127.0.0.3",)) as server:
        server.route("/robots.txt", respond("200 OK", b"User-agent: *\nCrawl-delay: 3600\n"))
        page = respond("200 OK", PAGE.encode(), HTML)
        urls = [server.route(f"/c{i}", page) for i in range(2)]
        started = time.monotonic()
        assert all(r.ok for r in fetch_batch(urls, settings(max_crawl_delay=0.2)))
        assert time.monotonic() - started < 5


def test_crawl_delay_parsing_prefers_own_group():
    from flows.http.robots import crawl_delay

    text = "User-agent: *\nCrawl-delay: 10\n\nUser-agent: newsdesk\nUser-agent: other\nCrawl-delay: 0.5\nDisallow: /x\n"
    assert crawl_delay(text, "newsdesk") == 0.5
    assert crawl_delay(text, "somebot") == 10.0
    assert crawl_delay("User-agent: *\nCrawl-delay: soon\n", "newsdesk") is None


def test_user_agent_identifies_newsdesk(batch, server):
    agents = {r.headers.get("user-agent") for r in server.log}
    assert agents == {Settings().user_agent}
    assert Settings().user_agent.startswith("newsdesk/")
