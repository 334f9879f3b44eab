"""Feed and sitemap parsing time: ``extractors.feeds.parse_links`` against an older copy of it.

Documents are generated: a 50,000-URL sitemap (the protocol's maximum) plain
and gzipped, a well-formed 100-item UTF-8 RSS feed, and the same feed as
sites break it (GB2312 declared over GBK bytes, unescaped ``&``). Each is
parsed ``--runs`` times; the best time is reported, with the link count so a
faster parser that finds less shows up.

    uv run python bench/feeds_bench.py [--baseline OLD_FEEDS_PY] [--runs 5]

To compare with the code before a change:
``git show REV:extractors/feeds.py > /tmp/old_feeds.py`` and pass that file.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import sys
import time
from collections.abc import Callable
from types import ModuleType

from extractors import feeds


def sitemap(count: int = 50_000) -> bytes:
    urls = "".join(
        f"<url><loc>https://www.example.cn/news/2024/11/{i}.html</loc><lastmod>2024-11-11T08:00:00+08:00</lastmod></url>"
        for i in range(count)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def rss(items: int = 100, *, broken: bool = False) -> bytes:
    amp = "&" if broken else "&amp;"
    body = "".join(
        f"<item><title>智谱与月之暗面发布第{i}号大模型 {amp} 华为昇腾适配</title>"
        f"<link>https://www.example.cn/news/{i}.html?from=rss{amp}id={i}</link>"
        f"<description>{'人工智能产业发展迅速，' * 20}</description>"
        f"<pubDate>Mon, 11 Nov 2024 09:30:00 +0800</pubDate><guid>https://www.example.cn/news/{i}.html</guid></item>"
        for i in range(items)
    )
    encoding = "gb2312" if broken else "utf-8"
    text = f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>科技</title>{body}</channel></rss>'
    return text.encode("gbk" if broken else "utf-8")


def best_time(parse: Callable[[bytes], feeds.Discovered], body: bytes, runs: int) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        found = len(parse(body).links)
        times.append(time.perf_counter() - start)
    return min(times), found


def load(path: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location("baseline_feeds", path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="an older extractors/feeds.py to compare with")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    big = sitemap()
    documents = {
        "sitemap, 50,000 URLs": big,
        "sitemap, 50,000 URLs, gzipped": gzip.compress(big),
        "RSS, 100 items": rss(),
        "RSS, 100 items, GB2312 over GBK, bare &": rss(broken=True),
    }
    parsers = {"current": feeds.parse_links}
    if args.baseline:
        parsers["baseline"] = load(args.baseline).parse_links
    print(f"{'document':42} {'bytes':>10} " + " ".join(f"{name + ' ms':>12} {'links':>6}" for name in parsers))
    for label, body in documents.items():
        row = [f"{label:42} {len(body):>10,}"]
        for parse in parsers.values():
            seconds, found = best_time(parse, body, args.runs)
            row.append(f"{seconds * 1000:>12.1f} {found:>6}")
        print(" ".join(row))


if __name__ == "__main__":
    main()
