"""Tagging benchmark: catalogue tagging vs plain jieba segmentation, same text, one core.

The seed corpus is repeated (article by article) to ~10 MB of UTF-8, then
timed through ``Catalogue.tag`` (fold + one trie regex + jieba only around
ambiguous short forms) and through ``jieba.lcut``. Prints characters per
second for each and the ratio (target: tagging ≥ 2× segmentation).

    uv run python bench/tagging_bench.py [--seeds ../shared/seeds] [--megabytes 10]
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

import jieba

from extractors.entities import load_catalogue


def corpus(seeds: Path, megabytes: float) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no seed texts in {seeds}")
    out, size, target = [], 0, megabytes * 1024 * 1024
    while size < target:
        for text in texts:
            out.append(text)
            size += len(text.encode("utf-8"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "seeds")
    parser.add_argument("--megabytes", type=float, default=10.0)
    args = parser.parse_args()
    texts = corpus(args.seeds, args.megabytes)
    chars = sum(map(len, texts))
    catalogue = load_catalogue()
    catalogue.tag(texts[0])  # build the fold table, the regex and jieba's dictionary before timing
    jieba.setLogLevel(logging.WARNING)
    jieba.lcut(texts[0])

    t0 = time.perf_counter()
    mentions = sum(len(catalogue.tag(t)) for t in texts)
    tag_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    tokens = sum(len(jieba.lcut(t)) for t in texts)
    seg_s = time.perf_counter() - t0

    print(
        f"corpus: {len(texts)} articles, {chars:,} characters ({args.megabytes:g} MB UTF-8), {len(catalogue.entities)} entities"
    )
    print(f"newsdesk tagging : {chars / tag_s / 1e6:6.2f} M chars/s  ({mentions:,} mentions in {tag_s:.2f}s)")
    print(f"jieba.lcut       : {chars / seg_s / 1e6:6.2f} M chars/s  ({tokens:,} tokens in {seg_s:.2f}s)")
    print(f"ratio tagging / segmentation = {seg_s / tag_s:.1f}x")


if __name__ == "__main__":
    main()
