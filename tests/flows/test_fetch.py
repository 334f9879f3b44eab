"""Every bad response ends as an outcome with a message; the rest of the batch completes."""

import gzip
import socket
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from flows.config import Settings
from flows.fetch import fetch_batch

ARTICLE = "<html><body><article><p>智谱AI发布新模型。</p></article></body></html>".encode()


@pytest.fixture
def settings() -> Settings:
    return Settings(total_timeout=1.5, read_timeout=1.0, connect_timeout=1.0, max_bytes=64 * 1024, max_redirects=3)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_outcomes_for_a_hostile_batch(httpserver, settings):
    html = {"Content-Type": "text/html; charset=utf-8"}
    httpserver.expect_request("/ok").respond_with_data(ARTICLE, headers=html)
    httpserver.expect_request("/missing").respond_with_data("nope", status=404)
    httpserver.expect_request("/error").respond_with_data("boom", status=503)
    httpserver.expect_request("/pdf").respond_with_data(b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    httpserver.expect_request("/empty").respond_with_data(b"", headers=html)
    httpserver.expect_request("/big").respond_with_data(b"<html>" + b"x" * 200_000, headers=html)
    bomb = gzip.compress(b"<html>" + b" " * 5_000_000)
    httpserver.expect_request("/bomb").respond_with_data(bomb, headers={**html, "Content-Encoding": "gzip"})
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    httpserver.expect_request("/untyped").respond_with_data(b"\x00\x01binary")
    urls = {
        "ok": httpserver.url_for("/ok"),
        "http_error": httpserver.url_for("/missing"),
        "server_error": httpserver.url_for("/error"),
        "not_html": httpserver.url_for("/pdf"),
        "empty": httpserver.url_for("/empty"),
        "too_large": httpserver.url_for("/big"),
        "bomb": httpserver.url_for("/bomb"),
        "too_many_redirects": httpserver.url_for("/loop"),
        "untyped": httpserver.url_for("/untyped"),
        "connection_error": f"http://127.0.0.1:{_closed_port()}/x",
        "invalid_url": "ftp://127.0.0.1/file",
    }
    results = {r.url: r for r in fetch_batch(list(urls.values()), settings)}
    got = {name: results[url].outcome for name, url in urls.items()}
    assert got == {
        "ok": "ok",
        "http_error": "http_error",
        "server_error": "http_error",
        "not_html": "not_html",
        "empty": "empty",
        "too_large": "too_large",
        "bomb": "too_large",
        "too_many_redirects": "too_many_redirects",
        "untyped": "not_html",
        "connection_error": "connection_error",
        "invalid_url": "invalid_url",
    }
    assert results[urls["ok"]].body == ARTICLE
    assert results[urls["http_error"]].error == "HTTP 404 NOT FOUND"
    assert all(r.error for r in results.values() if not r.ok)  # every failure says why, in one line
    assert all("\n" not in r.error for r in results.values() if r.error)


def test_a_slow_server_times_out(settings):
    def slow(_request):
        time.sleep(2.5)
        return Response(ARTICLE, content_type="text/html")

    with HTTPServer() as server:  # its own server: the sleeping handler blocks it
        server.expect_request("/slow").respond_with_handler(slow)
        started = time.monotonic()
        [result] = fetch_batch([server.url_for("/slow")], settings)
        assert result.outcome == "timeout"
        assert time.monotonic() - started < 2.5


def test_user_agent_identifies_newsdesk(httpserver, settings):
    httpserver.expect_request("/ua", headers={"User-Agent": settings.user_agent}).respond_with_data(
        ARTICLE, headers={"Content-Type": "text/html"}
    )
    [result] = fetch_batch([httpserver.url_for("/ua")], settings)
    assert result.ok
    assert "newsdesk" in settings.user_agent
