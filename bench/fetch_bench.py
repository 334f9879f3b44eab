"""Fetch benchmark: newsdesk's polite fetcher vs a bare httpx loop, same pages, same concurrency.

1,000 pages across 10 loopback hosts (127.0.0.1–10), served by a separate
process. newsdesk runs its whole per-URL path — SSRF check, robots.txt
(cached per host), per-host gates, streaming with size cap, outcome
bookkeeping — with the per-host delay set to 0, so the ratio is the cost of
that machinery, not of deliberate pauses. Prints pages/s and the ratio.

    uv run python bench/fetch_bench.py [--pages 1000] [--hosts 10] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loopback_site import serve_in_process

from flows.config import Settings
from flows.http.fetch import fetch_many


async def bare_httpx(urls: list[str], concurrency: int) -> int:
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits) as client:

        async def one(url: str) -> int:
            async with gate:
                return len((await client.get(url)).content)

        sizes = await asyncio.gather(*(one(u) for u in urls))
    return sum(1 for s in sizes if s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    hosts = [f"127.0.0.{i}" for i in range(1, args.hosts + 1)]
    with serve_in_process(hosts) as ports:
        urls = [
            f"http://{hosts[i % len(hosts)]}:{ports[hosts[i % len(hosts)]]}/news/{i}.html" for i in range(args.pages)
        ]
        settings = Settings(
            allow_hosts=hosts, per_host_delay=0.0, concurrency=args.concurrency,
            per_host_concurrency=max(2, args.concurrency // len(hosts) + 1),
        )  # fmt: skip
        asyncio.run(bare_httpx(urls[:20], args.concurrency))  # warm up both paths once
        t0 = time.perf_counter()
        bare_ok = asyncio.run(bare_httpx(urls, args.concurrency))
        bare_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        results = asyncio.run(fetch_many(urls, settings))
        ours_s = time.perf_counter() - t0
    ours_ok = sum(r.ok for r in results)
    print(f"pages={args.pages} hosts={args.hosts} concurrency={args.concurrency}")
    print(f"bare httpx loop : {bare_ok / bare_s:8.1f} pages/s ({bare_ok} ok in {bare_s:.2f}s)")
    print(f"newsdesk Fetcher: {ours_ok / ours_s:8.1f} pages/s ({ours_ok} ok in {ours_s:.2f}s)")
    print(f"ratio newsdesk / bare = {(ours_ok / ours_s) / (bare_ok / bare_s):.2f}")


if __name__ == "__main__":
    main()
