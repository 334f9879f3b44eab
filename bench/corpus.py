"""A deterministic corpus of small (3–9 KB) generated Chinese news pages for benchmarks.

Real pages are 10–300 KB: ``bench/realistic.py`` builds those, and ``bench/pipeline.py`` runs
them by default. This corpus stays for ``--corpus small`` (the figures of issue 9) and for
the hosts and URLs both share.

Page *i* is a pure function of *i*: any process can render it without
sharing state, so the loopback site (another process) and the benchmark
agree on the corpus without shipping it around. Articles are assembled from
the sentences of the demo corpus (fictional) into 8–16 paragraph stories
(~1,500–3,000 characters), wrapped in one of three outlet layouts with
navigation, breadcrumbs, related links and comments. About 10% of pages
repeat an earlier story (a syndicated copy, often in another layout) and 5%
are Traditional-script editions.
"""

from __future__ import annotations

import html
import math
import multiprocessing as mp
import os
import random
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

from extractors.normalise import to_traditional
from flows.demo.site import load_articles

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
DUPLICATE_SHARE = 0.10
TRADITIONAL_SHARE = 0.05


@cache
def _sentences() -> tuple[str, ...]:
    text = "".join(p for a in load_articles() for p in a.body)
    return tuple(s for s in re.split(r"(?<=[。！？])", text) if len(s) > 8)


@cache
def _vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """20,000 pseudo-words over the demo corpus's characters, and the catalogue's names.

    Real stories share names and stock phrases but little running text; stories built
    from a few dozen sentences would all look like near-duplicates of each other.
    """
    from extractors.entities import load_catalogue

    rng = random.Random(20261123)
    alphabet = sorted({ch for s in _sentences() for ch in s if "\u4e00" <= ch <= "\u9fff"})
    words = tuple("".join(rng.choices(alphabet, k=rng.choice((1, 2, 2, 2, 3, 4)))) for _ in range(20_000))
    names = tuple(e.name for e in load_catalogue().entities)
    return words, names


def _sentence(rng: random.Random) -> str:
    words, names = _vocabulary()
    if rng.random() < 0.05:
        return rng.choice(_sentences())  # now and then a stock sentence, as real reports share them
    parts = [rng.choice(names) if rng.random() < 0.04 else rng.choice(words) for _ in range(rng.randint(8, 18))]
    return "".join(p + ("，" if rng.random() < 0.12 else "") for p in parts).rstrip("，") + "。"


def story(i: int) -> tuple[str, list[str]]:
    """Title and paragraphs of story *i*."""
    rng = random.Random(i * 7919)
    paragraphs = ["".join(_sentence(rng) for _ in range(rng.randint(3, 6))) for _ in range(rng.randint(8, 16))]
    return _sentence(rng)[:20].rstrip("，。") + f"（{i}）", paragraphs


def page(i: int) -> tuple[str, bytes]:
    """(content type, body) of page *i*."""
    rng = random.Random(i)
    source = i
    if i >= 20 and rng.random() < DUPLICATE_SHARE:
        source = rng.randrange(0, i)  # a copy of an earlier story
    title, paragraphs = story(source)
    if rng.random() < TRADITIONAL_SHARE:
        title, paragraphs = to_traditional(title), [to_traditional(p) for p in paragraphs]
    layout = rng.randrange(3)
    body = _LAYOUTS[layout](title, paragraphs, rng)
    if layout == 2 and "（" in title and rng.random() < 0.5:
        return "text/html; charset=gbk", body.encode("gbk", errors="xmlcharrefreplace")
    return "text/html; charset=utf-8", body.encode("utf-8")


def _render_range(directory: Path, start: int, stop: int, page_fn: Callable[[int], tuple[str, bytes]]) -> None:
    for i in range(start, stop):
        ctype, body = page_fn(i)
        (directory / str(i)).write_bytes(ctype.encode() + b"\n" + body)


def render_to(directory: Path, n: int, page_fn: Callable[[int], tuple[str, bytes]] = page) -> None:
    """Write pages 0..n-1 of *page_fn* (this corpus's by default) for the loopback site.

    File ``<i>`` holds the content type, a newline, the body. Rendered on every core (pages are
    pure functions of their number); 100,000 small pages take ~2 minutes.
    """
    directory.mkdir(parents=True, exist_ok=True)
    workers = os.cpu_count() or 1
    step = max(1, min(2_000, math.ceil(n / (4 * workers))))
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn")) as pool:
        jobs = [pool.submit(_render_range, directory, i, min(i + step, n), page_fn) for i in range(0, n, step)]
        for future in jobs:
            future.result()


def url(i: int, ports: dict[str, int]) -> str:
    host = HOSTS[i % len(HOSTS)]
    return f"http://{host}:{ports[host]}/news/{i}.html"


def _related(rng: random.Random) -> str:
    return "".join(
        f"<li><a href='/news/{rng.randrange(10**6)}.html'>{html.escape(story(rng.randrange(10**6))[0])}</a></li>"
        for _ in range(5)
    )


def _portal(title: str, paragraphs: list[str], rng: random.Random) -> str:
    ps = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>{html.escape(title)}_科技频道</title>"
            f"<meta property='article:published_time' content='2026-11-{rng.randint(1, 22):02d}T09:00:00+08:00'></head><body>"
            "<div class='top'><a href='/'>首页</a> 新闻 财经 科技 汽车 房产 <a href='/login'>登录</a></div>"
            f"<div class='crumb'>首页 &gt; 科技 &gt; 正文</div><div class='article'><h1>{html.escape(title)}</h1>"
            f"<div class='info'>2026-11-{rng.randint(1, 22):02d} 09:00 来源：示例网 编辑：张三</div>{ps}</div>"
            f"<div class='side'><h3>热门推荐</h3><ul>{_related(rng)}</ul></div>"
            "<div class='foot'>关于我们 | 联系方式 | 网站地图 © 2026 示例网 版权所有</div></body></html>")  # fmt: skip


def _tech(title: str, paragraphs: list[str], rng: random.Random) -> str:
    ps = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)} | 科技媒体</title></head><body>"
            "<header><nav><a href='/'>快讯</a><a href='/ai'>AI</a><a href='/chips'>芯片</a><a href='/vc'>创投</a></nav></header>"
            f"<main><article><h1>{html.escape(title)}</h1><p class='byline'>文 | 李四</p>{ps}"
            "<p class='copyright'>本文为原创文章，未经授权禁止转载。</p></article>"
            f"<section class='comments'><h3>评论</h3><div>网友A：写得好</div><div>网友B：期待后续</div></section>"
            f"<aside><h3>相关阅读</h3><ul>{_related(rng)}</ul></aside></main><footer>© 科技媒体</footer></body></html>")  # fmt: skip


def _gbk_portal(title: str, paragraphs: list[str], rng: random.Random) -> str:
    ps = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=gbk'><title>{html.escape(title)}</title></head>"
            f"<body><table><tr><td class='nav'>首页 | 资讯 | 论坛</td></tr><tr><td><h2>{html.escape(title)}</h2>"
            f"<div class='content'>{ps}</div></td><td class='ad'>广告位招租 {_related(rng)}</td></tr></table>"
            "<div class='copy'>Copyright 示例门户</div></body></html>")  # fmt: skip


_LAYOUTS = (_portal, _tech, _gbk_portal)
