"""Near-duplicate benchmark: MinHash signatures per second, and lookup time against 1k/10k/100k history.

Synthetic articles are drawn from the Han characters of the demo corpus
(3,000 characters each by default). History rows are generated inside
DuckDB with random MinHash values and band keys — the distribution of
unrelated articles — plus real signatures of a few planted near-duplicates,
so the lookups also have something to find. Each lookup measures the full
load-time step for a batch of new articles: band and lead-hash candidates,
Jaccard confirmation, updates; it is rolled back so history stays the same.

    uv run python bench/dedupe_bench.py [--chars 3000] [--sizes 1000,10000,100000] [--batch 100]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from extractors.minhash import BANDS, NUM_PERM, signature
from flows.demo.site import load_articles
from warehouse.migrations import migrate
from warehouse.neardup import resolve_near_duplicates


def synthetic_texts(count: int, chars: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    alphabet = sorted({ch for a in load_articles() for p in a.body for ch in p if "\u4e00" <= ch <= "\u9fff"})
    words = ["".join(rng.choices(alphabet, k=rng.choice((1, 2, 2, 3, 4)))) for _ in range(5000)]
    texts = []
    for _ in range(count):
        out, size = [], 0
        while size < chars:
            w = rng.choice(words)
            out.append(w)
            size += len(w)
            if rng.random() < 0.08:
                out.append("，" if rng.random() < 0.7 else "。\n")
        texts.append("".join(out)[:chars])
    return texts


def history(con: duckdb.DuckDBPyConnection, size: int) -> None:
    con.execute("BEGIN")
    con.execute(
        """INSERT INTO articles (article_id, url, canonical_url, source, text, fetched_at, content_hash, cluster_id, loaded_seq)
           SELECT 'h' || i, 'https://h/' || i, 'https://h/' || i, 'h', '', now(), 'c' || i, 'h' || i, i FROM range(?) t(i)""",
        [size],
    )
    con.execute(
        f"""INSERT INTO signatures SELECT 'h' || i,
               list_transform(range({NUM_PERM}), lambda x: (hash(i * {NUM_PERM} + x) % 4294967296)::UINTEGER), 3000,
               (hash(i, 'lead') >> 1)::BIGINT
           FROM range(?) t(i)""",
        [size],
    )
    con.execute(
        f"INSERT INTO lsh_bands SELECT (hash(i, b) >> 1)::BIGINT, 'h' || i FROM range(?) t(i), range({BANDS}) u(b)",
        [size],
    )
    con.execute("COMMIT")


def add(con: duckdb.DuckDBPyConnection, ids: list[str], sigs: list, seq0: int) -> None:
    con.executemany(
        "INSERT INTO articles (article_id, url, canonical_url, source, text, fetched_at, content_hash, cluster_id, loaded_seq)"
        " VALUES (?, ?, ?, 'n', '', now(), ?, ?, ?)",
        [(i, f"https://n/{i}", f"https://n/{i}", f"c{i}", i, seq0 + k) for k, i in enumerate(ids)],
    )
    con.executemany(
        "INSERT INTO signatures VALUES (?, ?, ?, ?)",
        [(i, list(s.minhash), s.shingles, s.lead_hash) for i, s in zip(ids, sigs, strict=True)],
    )
    con.executemany(
        "INSERT INTO lsh_bands VALUES (?, ?)", [(k, i) for i, s in zip(ids, sigs, strict=True) for k in s.bands]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=3000)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--signatures", type=int, default=2000)
    args = parser.parse_args()

    texts = synthetic_texts(args.signatures, args.chars)
    signature(texts[0])  # build the translate table before timing
    t0 = time.perf_counter()
    sigs = [signature(t) for t in texts]
    sig_s = time.perf_counter() - t0
    print(f"signatures: {len(texts) / sig_s:,.0f} per second on one core ({args.chars}-character articles)")

    planted = [
        t[: len(t) // 2] + "据悉" + t[len(t) // 2 + 2 :] for t in texts[: args.batch // 10]
    ]  # near copies of new ones
    timings = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            con = duckdb.connect(str(Path(tmp) / "bench.duckdb"))
            migrate(con)
            history(con, size)
            add(con, [f"p{k}" for k in range(len(planted))], [signature(t) for t in planted], size)
            con.execute("CHECKPOINT")
            runs = []
            for rep in range(3):
                con.execute("BEGIN")
                ids = [f"n{rep}-{k}" for k in range(args.batch)]
                add(con, ids, sigs[: args.batch], size + 1000)
                t0 = time.perf_counter()
                report = resolve_near_duplicates(
                    con, {i: (s.bands, s.lead_hash) for i, s in zip(ids, sigs, strict=False)}
                )
                runs.append(time.perf_counter() - t0)
                con.execute("ROLLBACK")
            per_article_ms = min(runs) / args.batch * 1000
            timings[size] = per_article_ms
            print(f"history {size:>7,}: {per_article_ms:.3f} ms per article lookup (batch of {args.batch}; "
                  f"found {report.duplicates} of {len(planted)} planted near-duplicates)")  # fmt: skip
            con.close()
    for size in sorted(timings)[1:]:
        print(f"lookup time ratio {size:,} / {min(timings):,} history = {timings[size] / timings[min(timings)]:.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
