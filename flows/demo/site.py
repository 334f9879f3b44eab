"""A small sample news site on 127.0.0.1, for ``newsdesk demo`` and the tests.

It serves, like a real outlet: an RSS feed (with ``utm_*``-tagged links),
a sitemap, article pages wrapped in navigation, breadcrumbs, a related-
articles list and a footer; one page in GBK, the Traditional one in Big5;
one article mirrored under a second URL; and one sitemap entry that is gone
(404). Real HTTP over loopback — nothing is faked.
"""

from __future__ import annotations

import hashlib
import html
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

SITE_NAME = "示例科技网"
GONE_SLUG = "withdrawn-story"
_SHANGHAI = ZoneInfo("Asia/Shanghai")
_CODECS = {"utf-8": "utf-8", "gbk": "gbk", "big5": "big5hkscs"}


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    date: datetime
    author: str
    encoding: str
    mirror: bool
    body: tuple[str, ...]


def load_articles() -> list[DemoArticle]:
    """The demo corpus, from the TOML shipped beside this module."""
    data = tomllib.loads((resources.files("flows.demo") / "articles.toml").read_text(encoding="utf-8"))
    return [
        DemoArticle(
            slug=row["slug"],
            title=row["title"],
            date=datetime.strptime(row["date"], "%Y-%m-%d %H:%M").replace(tzinfo=_SHANGHAI),
            author=row["author"],
            encoding=row.get("encoding", "utf-8"),
            mirror=bool(row.get("mirror", False)),
            body=tuple(row["body"]),
        )
        for row in data["article"]
    ]


def render_article(article: DemoArticle, others: list[DemoArticle]) -> str:
    """An article page with the chrome real outlets put around the story."""
    esc = html.escape
    related = "".join(f'<li><a href="/news/{o.slug}.html">{esc(o.title)}</a></li>' for o in others[:4])
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in article.body)
    stamp = article.date.strftime("%Y-%m-%d %H:%M")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="{article.encoding}">
<title>{esc(article.title)}_{SITE_NAME}</title>
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:title" content="{esc(article.title)}">
<meta name="author" content="{esc(article.author)}">
<meta property="article:published_time" content="{article.date.isoformat()}">
</head><body>
<div class="topbar"><a href="/">首页</a> | <a href="/ai">人工智能</a> | <a href="/auto">汽车</a> | <a href="/login">登录</a></div>
<nav class="channels"><ul><li><a href="/ai">AI</a></li><li><a href="/chips">芯片</a></li><li><a href="/startups">创投</a></li></ul></nav>
<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/ai">人工智能</a> &gt; 正文</div>
<article>
<h1>{esc(article.title)}</h1>
<div class="meta"><span class="time">{stamp}</span> <span class="author">作者：{esc(article.author)}</span> <span class="source">来源：{SITE_NAME}</span></div>
<div class="content">{paragraphs}</div>
</article>
<aside class="related"><h3>相关阅读</h3><ul>{related}</ul></aside>
<footer><p>关于我们 | 联系我们 | 广告服务</p><p>Copyright &copy; 2026 {SITE_NAME} 版权所有</p></footer>
</body></html>"""


def render_feed(base: str, articles: list[DemoArticle]) -> str:
    items = "".join(
        f"<item><title>{html.escape(a.title)}</title>"
        f"<link>{base}/news/{a.slug}.html?utm_source=rss&amp;utm_medium=feed</link>"
        f"<pubDate>{a.date.strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate></item>"
        for a in articles
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{SITE_NAME}</title><link>{base}/</link>{items}</channel></rss>'


def render_sitemap(base: str, articles: list[DemoArticle]) -> str:
    urls = [(f"{base}/news/{a.slug}.html", a.date.isoformat()) for a in articles]
    urls += [(f"{base}/reprint/{a.slug}.html", a.date.isoformat()) for a in articles if a.mirror]
    urls.append((f"{base}/news/{GONE_SLUG}.html", "2026-11-08T10:00:00+08:00"))
    body = "".join(f"<url><loc>{loc}</loc><lastmod>{mod}</lastmod></url>" for loc, mod in urls)
    return f'<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'


class DemoSite:
    """Pre-rendered responses, keyed by path."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.articles = load_articles()
        self.pages: dict[str, tuple[str, bytes]] = {}
        for a in self.articles:
            others = [o for o in self.articles if o is not a]
            # Chrome characters outside a legacy charset become &#NNNN; references, as on real sites.
            body = render_article(a, others).encode(_CODECS[a.encoding], errors="xmlcharrefreplace")
            page = (f"text/html; charset={a.encoding}", body)
            self.pages[f"/news/{a.slug}.html"] = page
            if a.mirror:
                self.pages[f"/reprint/{a.slug}.html"] = page
        self.pages["/feed.xml"] = ("application/rss+xml; charset=utf-8", render_feed(base, self.articles).encode())
        self.pages["/sitemap.xml"] = ("application/xml; charset=utf-8", render_sitemap(base, self.articles).encode())
        self.pages["/robots.txt"] = ("text/plain", f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n".encode())

    @property
    def feed_url(self) -> str:
        return f"{self.base}/feed.xml"

    @property
    def sitemap_url(self) -> str:
        return f"{self.base}/sitemap.xml"


def _handler(site_ref: dict[str, Any]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            page = site_ref["site"].pages.get(path)
            if page is None:
                body, ctype, status = (
                    "<html><body><h1>404 页面不存在</h1></body></html>".encode(),
                    "text/html; charset=utf-8",
                    404,
                )
            else:
                (ctype, body), status = page, 200
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)  # conditional GET, as real feeds answer it
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if status == 200:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return  # quiet: the pipeline's fetch log records every request

    return Handler


@contextmanager
def serve_demo_site(host: str = "127.0.0.1", port: int = 0) -> Iterator[DemoSite]:
    """Run the demo site in a background thread for the duration of the block."""
    ref: dict[str, Any] = {}
    server = ThreadingHTTPServer((host, port), _handler(ref))
    server.daemon_threads = True
    ref["site"] = DemoSite(f"http://{host}:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, name="newsdesk-demo-site", daemon=True)
    thread.start()
    try:
        yield ref["site"]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
