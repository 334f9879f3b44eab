"""End-to-end benchmark on real-size pages: the backfill flow against trafilatura alone, on the same pages.

In one run, on the corpus of ``bench/realistic.py`` (zh_dev's 40 real pages as templates, each
article body replaced by a generated AI-industry article; ``--corpus small`` for the 3–9 KB pages
of ``bench/corpus.py``, the figures of issue 9) served from a separate process on 4 loopback hosts:

  (a)  ``trafilatura.extract`` with its default settings on each page's text — the files the
       site serves, read and decoded outside the timing —, one process: what a user would run
       instead of newsdesk;
  (a') ``trafilatura.extract`` with the options newsdesk passes it
       (``extractors.article.trafilatura_options``), on the same texts: the pipeline's own floor;
  (b)  the full backfill flow (fetch → archive → extract → normalise → dedupe → tag → spool →
       load, and whatever else ``flows`` and ``extractors`` do per page) with 1 extraction worker;
  (c)  the same with 2 extraction workers;

then prints the corpus's size distribution beside zh_dev's, pages/s, Prefect task runs per
flow, each flow's phases (its start until the first batch is processed, the steady rate, its end
after the last batch), CPU per page by process and what limits each flow, the per-stage cost in
one process, the warehouse load rate in the flows and alone (on articles of the corpus's real
length and name density; alone, the median of three loads of the same spool), peak RSS, and last
the four ratios ``b/a``, ``b/a'``, ``c/a``, ``c/a'``. (a) and (a') run interleaved page by page,
before and after the flows, and the ratios use the means: on a shared VM the machine's speed
drifts within minutes.

    uv run python bench/pipeline.py [--pages 1500] [--batch-size 200] [--corpus realistic]
    uv run python bench/pipeline.py --pages 20000 --runs c --profile-pages 0 --load-articles 0   # memory
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing as mp
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as small
import realistic
import trafilatura
from corpus import HOSTS, url
from loopback_site import serve_in_process

from extractors.article import extract_article, trafilatura_options
from extractors.charset import decode_html, header_charset
from extractors.entities import load_catalogue
from extractors.minhash import signature
from extractors.pipeline import process_page
from flows.processing import ChunkContext, process_chunk
from flows.results import FetchResult
from warehouse.spool import Batch, write_batch

PageFn = Callable[[int], tuple[str, bytes]]
CORPORA: dict[str, PageFn] = {"realistic": realistic.page, "small": small.page}
# The loader's input: the corpus's stories in plain pages (the same articles, without the chrome's cost to make).
ARTICLE_PAGES: dict[str, PageFn] = {"realistic": realistic.article_page, "small": small.page}
TARGETS = {"b/a": 1.1, "b/a'": 0.9, "c/a": 2.0, "c/a'": 1.75}
_ND_OPTIONS = trafilatura_options(output_format="txt")


def timed(fn, *args, **kw) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args, **kw)
    return time.perf_counter() - started, result


def page_text(i: int, content_type: str, body: bytes, corpus_name: str) -> str:
    """Page *i* decoded as its reader would: with the codec it is written in (the template's, or the served charset)."""
    if corpus_name == "realistic":
        return body.decode(realistic.codec(i))
    return body.decode(header_charset(content_type) or "utf-8")


def baselines(site_pages: Path, n: int, corpus_name: str) -> tuple[float, float]:
    """Seconds of (a) and (a') over the served pages, interleaved page by page (reading and decoding untimed)."""
    a = a2 = 0.0
    for i in range(n):
        ctype, _, body = (site_pages / str(i)).read_bytes().partition(b"\n")
        text = page_text(i, ctype.decode(), body, corpus_name)
        for first in (i % 2 == 0, i % 2 == 1):  # alternate which goes first
            started = time.perf_counter()
            if first:
                trafilatura.extract(text)
                a += time.perf_counter() - started
            else:
                trafilatura.extract(text, options=_ND_OPTIONS)
                a2 += time.perf_counter() - started
    return a, a2


def task_runs(run_id: str) -> list:
    """The flow run's task runs (Prefect's records: name, start and end times)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    flow_filter = FlowRunFilter(id=FlowRunFilterId(any_=[run_id]))
    runs: list = []
    with get_client(sync_client=True) as client:
        while True:  # the API returns at most 200 a call
            found = client.read_task_runs(flow_run_filter=flow_filter, limit=200, offset=len(runs))
            runs.extend(found)
            if len(found) < 200:
                return runs


def phases(
    runs: list, started: datetime, seconds: float, batch_size: int, pages: int
) -> tuple[float, float, float] | None:
    """``(start, steady pages/s, end)``: where a flow's wall time went, from its process task runs.

    *start* runs until the first batch is processed: the fixed costs of a run's
    start (worker processes' start-up, the first fetch). *end* follows the last
    batch: the final load, the run's record, Prefect finishing the flow run.
    Between them, the steady rate.
    """
    ends = sorted(r.end_time for r in runs if r.name.startswith("process") and r.end_time)
    if len(ends) < 2:
        return None
    first, last = ((e - started).total_seconds() for e in (ends[0], ends[-1]))
    steady_pages = min(pages, batch_size * len(ends)) - batch_size
    return first, steady_pages / (last - first), seconds - last


def _descendants(root: int) -> dict[int, str]:
    """pid → role of every live process below *root* (Linux /proc): site, worker, fork server, prefect or other."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = {}, [root]
    own = Path(f"/proc/{root}/cmdline").read_bytes()
    while frontier:
        parent = frontier.pop()
        for pid in [p for p, pp in parents.items() if pp == parent]:
            frontier.append(pid)
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            forked = b"multiprocessing.forkserver" in cmdline  # the fork server, and the workers it forked
            role = ("worker" if b"spawn_main" in cmdline or (forked and found.get(parent) == "fork server")
                    else "fork server" if forked else "other" if b"resource_tracker" in cmdline
                    else "site" if cmdline == own else "prefect" if b"prefect" in cmdline or b"uvicorn" in cmdline
                    else "other")  # fmt: skip
            found[pid] = role
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _peak_rss(pid: int) -> float:
    """The process's peak resident set (VmHWM) in MiB, 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_rss_by_role(seen: dict[str, float]) -> None:
    """Raise *seen* (role → MiB) to the peak RSS of each live process below this one, by role."""
    for pid, role in _descendants(os.getpid()).items():
        seen[role] = max(seen.get(role, 0.0), _peak_rss(pid))


def cpu_by_role() -> dict[str, float]:
    """CPU seconds used so far by this process ("flow") and its descendants, summed by role."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    totals = {"flow": usage.ru_utime + usage.ru_stime}
    for pid, role in _descendants(os.getpid()).items():
        totals[role] = totals.get(role, 0.0) + _cpu_seconds(pid)
    return totals


def stage_profile(n: int, page: PageFn, corpus_name: str, round_pages: int = 20) -> dict[str, float]:
    """CPU milliseconds per page for (a), (a') and each pure stage, in this process.

    The stages take turns, *round_pages* pages at a time (each stage on the same
    pages, the order rotating), and each is timed in this process's CPU time: the
    machine's drift and its neighbours then fall on every stage alike, and the
    stages add up to the whole page (timed one after the other, they did not).
    """
    catalogue = load_catalogue()
    pages = [page(i) for i in range(n)]
    texts = [page_text(i, c, b, corpus_name) for i, (c, b) in enumerate(pages)]
    decoded = [decode_html(body, ctype).text for ctype, body in pages]
    now = datetime.now(UTC)
    for c, b in pages[:20]:  # warm up: tables, jieba, trafilatura's caches
        process_page(b, url="https://x/w", final_url=None, content_type=c, fetched_at=now, catalogue=catalogue)
    found = [a.text if (a := extract_article(text)) else "" for text in decoded]  # the input of tag and minhash

    def whole(i: int) -> object:
        ctype, body = pages[i]
        return process_page(body, url=f"https://x/{i}", final_url=None, content_type=ctype, fetched_at=now,
                            catalogue=catalogue)  # fmt: skip

    stages: dict[str, Callable[[int], object]] = {
        "(a) trafilatura.extract, defaults": lambda i: trafilatura.extract(texts[i]),
        "(a') trafilatura, newsdesk's options": lambda i: trafilatura.extract(texts[i], options=_ND_OPTIONS),
        "decode (charset)": lambda i: decode_html(pages[i][1], pages[i][0]),
        "extract (extract_article)": lambda i: extract_article(decoded[i]),
        "tag (catalogue)": lambda i: found[i] and catalogue.tag(found[i]),
        "minhash signature": lambda i: found[i] and signature(found[i]),
        "whole page (process_page)": whole,
    }
    costs = dict.fromkeys(stages, 0.0)
    records = []
    names = list(stages)
    for turn, first in enumerate(range(0, n, round_pages)):
        for name in names[turn % len(names) :] + names[: turn % len(names)]:
            started = time.process_time()
            done = [stages[name](i) for i in range(first, min(n, first + round_pages))]
            costs[name] += time.process_time() - started
            if name == "whole page (process_page)":
                records.extend(p.record for p in done if p.record)
    parts = ("decode (charset)", "extract (extract_article)", "tag (catalogue)", "minhash signature")
    costs["  rest of process_page (records, relevance, events …)"] = costs["whole page (process_page)"] - sum(
        costs[s] for s in parts
    )
    with tempfile.TemporaryDirectory() as tmp:
        batch = Batch("0001")
        for record in records:
            batch.add_tables(record.spool_rows("bench"))
        started = time.process_time()
        write_batch(Path(tmp) / "spool", batch)
        costs["spool (write JSONL)"] = time.process_time() - started
    return {k: v / n * 1000 for k, v in costs.items()}


def _chunk_lines(corpus_name: str, start: int, stop: int) -> dict[str, str]:
    """The spool text of pages start..stop-1 of the loader's input (run in a worker process)."""
    context = ChunkContext("bench", None)
    page = ARTICLE_PAGES[corpus_name]
    return process_chunk([_result(i, page) for i in range(start, stop)], context).lines


def load_alone(
    n: int, corpus_name: str, batch_size: int = 200, repeats: int = 3
) -> tuple[list[float], int, float, float]:
    """(seconds of each repeat, batches, characters and mention rows an article) for the loader alone: one
    load_spool call, *repeats* times on copies of the same spool, each into a new warehouse.

    *n* of the corpus's articles (their real length and density of names) are processed
    beforehand on every core and spooled as one run's batches; the timed call is the one the
    flow makes every ``load_interval`` seconds: open the file, one transaction per run of up to
    MAX_BATCHES_PER_TRANSACTION batches, checkpoint on close. The warehouse is created (empty)
    before the timing, as the flow's loads find it: creating the schema is once in a warehouse's life.
    """
    # here: spawned workers import this script, and need no DuckDB
    from warehouse.connection import open_warehouse
    from warehouse.loader import load_spool

    with tempfile.TemporaryDirectory() as tmp:
        spool_dir = Path(tmp) / "spool"
        articles = mentions = chars = 0
        starts = range(0, n, batch_size)
        # spawned, not forked: this process runs Prefect's threads, which must not be copied mid-flight
        with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=mp.get_context("spawn")) as pool:
            chunks = pool.map(
                _chunk_lines, [corpus_name] * len(starts), starts, [min(n, s + batch_size) for s in starts]
            )
            for index, lines in enumerate(chunks):
                batch = Batch(f"20261123T000000-bench-{index:06d}")
                for table, text in lines.items():
                    batch.add_serialised(table, text)
                write_batch(spool_dir, batch)
                articles += lines.get("articles", "").count("\n")
                mentions += lines.get("mentions", "").count("\n")
                chars += _text_chars(lines.get("articles", ""))
        seconds = []
        for repeat in range(repeats):
            spool, db = Path(tmp) / f"spool-{repeat}", Path(tmp) / f"wh-{repeat}.duckdb"
            shutil.copytree(spool_dir, spool)
            with open_warehouse(db):
                pass
            seconds.append(timed(load_spool, db, spool)[0])
    return seconds, len(starts), chars / max(1, articles), mentions / max(1, articles)


def _text_chars(jsonl: str) -> int:
    import orjson

    return sum(len(orjson.loads(line)["text"]) for line in jsonl.splitlines() if line)


def _result(i: int, page: PageFn) -> FetchResult:
    ctype, body = page(i)
    return FetchResult(url=f"https://bench.example/{i}", outcome="ok", fetched_at=datetime.now(UTC),
                       final_url=f"https://bench.example/{i}", status=200, content_type=ctype, body=body, bytes=len(body))  # fmt: skip


def run_flows(runs: str, site_pages: Path, n: int, batch_size: int, peaks: dict[str, float]) -> tuple[dict, dict, dict]:
    """(b) and (c), as *runs* asks: for each, (seconds, result), CPU ms a page by process role, and its phases.

    *peaks* gets the peak RSS of the processes below this one, by role (the workers, Prefect's server, the site).
    """
    # Imported here, not at the top: the processes load_alone spawns import this script as their
    # __main__, and need no Prefect.
    from flows.ingest import backfill_flow
    from flows.local import local_runs
    from flows.processing import shutdown_pools

    results, cpu, timeline = {}, {}, {}
    # local_runs: the settings `newsdesk backfill` runs its flow with
    with serve_in_process(list(HOSTS), pages=site_pages) as ports, local_runs():
        # Outside the timings, as (a)'s imports are: Prefect's server, and this process's imports of
        # every stage (a few pages in-process), which otherwise only the first flow timed would pay.
        with tempfile.TemporaryDirectory() as tmp:
            warm = [url(i, ports) for i in range(3)]
            backfill_flow(
                warm,
                db=str(Path(tmp) / "warmup.duckdb"),
                options={"allow_hosts": list(HOSTS), "workers": 0, "per_host_delay": 0.0},
            )
        url_file = site_pages / "urls.txt"  # by file: Prefect refuses flow parameters over 512 kB
        url_file.write_text("".join(url(i, ports) + "\n" for i in range(n)), encoding="utf-8")
        for label, workers in (("b", 1), ("c", 2)):
            if label not in runs:
                continue
            shutdown_pools()  # each run starts its own workers (and fork server), as a run in a new process does
            with tempfile.TemporaryDirectory() as tmp:
                options = {"allow_hosts": list(HOSTS), "per_host_delay": 0.0, "workers": workers, "batch_size": batch_size,
                           "concurrency": 8, "per_host_concurrency": 2}  # fmt: skip
                before, started = cpu_by_role(), datetime.now(UTC)
                seconds, result = timed(
                    backfill_flow, db=str(Path(tmp) / "wh.duckdb"), options=options, url_file=str(url_file)
                )
                after = cpu_by_role()
                peak_rss_by_role(peaks)
                results[label] = (seconds, result)
                records = task_runs(result["run_id"])
                timeline[label] = phases(records, started, seconds, batch_size, n)
                cpu[label] = {role: (after[role] - before.get(role, 0.0)) / n * 1000 for role in after}
                outcomes = ", ".join(f"{k} {v}" for k, v in sorted(result["summary"]["outcomes"].items()))
                print(f"({label})  backfill flow, {workers} worker{'s' if workers > 1 else ' '}    : {n / seconds:7.1f} pages/s "
                      f"({seconds:.1f}s; new {result['new_articles']}, duplicates {result['duplicates']}, outcomes {outcomes}; "
                      f"{len(records)} task runs for {result['summary']['batches']} batches)",
                      flush=True)  # fmt: skip
    return results, cpu, timeline


def limits(label: str, roles: dict[str, float], wall_ms: float) -> str:
    """What held a flow back: its extraction worker(s) busy all the time, or both cores full, or neither."""
    workers = 1 if label == "b" else 2
    worker = roles.get("worker", 0.0) / (wall_ms * workers)
    cores = sum(roles.values()) / (wall_ms * (os.cpu_count() or 1))
    if worker >= 0.85:
        verdict = "the extraction worker (process_page + serialising), busy all along"
    elif cores >= 0.85:
        verdict = "CPU: both cores full (the workers, fetching and loading in the flow's process, Prefect, the site)"
    else:
        verdict = "waiting: neither the workers nor the cores are full (start-up, fetching, the final load)"
    return (f"  ({label}) extraction worker{'s' if workers > 1 else ''} busy {worker:.0%} of the run, "
            f"cores {cores:.0%} → limited by {verdict}")  # fmt: skip


def print_sizes(site_pages: Path, n: int) -> None:
    sizes = [(site_pages / str(i)).stat().st_size for i in range(n)]
    print(f"  page sizes, corpus ({n} pages): {realistic.size_summary(sizes)}")
    zh_dev = realistic.zh_dev_sizes()
    print(f"  page sizes, zh_dev ({len(zh_dev)} pages)  : {realistic.size_summary(zh_dev)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages",
        type=int,
        default=1500,
        help="pages in (a), (b) and (c); the default run takes ~4 minutes on 2 idle cores",
    )
    parser.add_argument("--batch-size", type=int, default=200, help="URLs per batch (the flows' default: 200)")
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="realistic")
    parser.add_argument("--profile-pages", type=int, default=200, help="pages for the per-stage profile (0: skip)")
    parser.add_argument(
        "--load-articles", type=int, default=5000, help="articles for the loader-alone measurement (0: skip)"
    )
    parser.add_argument(
        "--runs",
        default="abc",
        help="which of (a) (with (a')), (b), (c) to run, e.g. 'c' for a memory run, '' for the per-stage profile "
        "and the loader alone in a process that ran no flow",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    n, page = args.pages, CORPORA[args.corpus]
    site_pages = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    if args.corpus == "realistic":
        elapsed, found = timed(realistic.corpus)
        print(f"corpus: zh_dev's pages as templates — {len(found.templates)} article templates, "
              f"{len(found.non_articles)} non-article pages served as they are, skipped: "
              f"{', '.join(found.skipped) or 'none'} (read and checked in {elapsed:.1f}s)", flush=True)  # fmt: skip
    if set(args.runs) & set("abc"):
        rendered, _ = timed(small.render_to, site_pages, n, page)  # outside the timings: the site only reads files
        print(f"corpus: {n} pages rendered in {rendered:.0f}s to {site_pages}", flush=True)
        if args.corpus == "realistic":
            print_sizes(site_pages, n)

    a_times: list[tuple[float, float]] = []
    if "a" in args.runs:
        a_times.append(baselines(site_pages, n, args.corpus))
        a, a2 = a_times[0]
        print(f"(a)  trafilatura.extract, defaults   : {n / a:7.1f} pages/s ({a:.1f}s)", flush=True)
        print(f"(a') trafilatura, newsdesk's options : {n / a2:7.1f} pages/s ({a2:.1f}s)", flush=True)

    peaks: dict[str, float] = {}
    results, cpu, timeline = (
        run_flows(args.runs, site_pages, n, args.batch_size, peaks) if set(args.runs) & set("bc") else ({}, {}, {})
    )
    if a_times and results:
        # once more after the flows: this VM's speed drifts by ±15% within minutes; the ratios use the mean
        a_times.append(baselines(site_pages, n, args.corpus))
        a, a2 = a_times[1]
        print(f"(a)  again, after the flows          : {n / a:7.1f} pages/s ({a:.1f}s)", flush=True)
        print(f"(a') again, after the flows          : {n / a2:7.1f} pages/s ({a2:.1f}s)", flush=True)
    shutil.rmtree(site_pages, ignore_errors=True)
    a_s = sum(t[0] for t in a_times) / len(a_times) if a_times else 0.0
    a2_s = sum(t[1] for t in a_times) / len(a_times) if a_times else 0.0
    for label, parts in timeline.items():
        if parts:
            start, steady, end = parts
            ratio = f" = {steady * a_s / n:.2f} × (a), {steady * a2_s / n:.2f} × (a')" if a_times else ""
            fixed = start - args.batch_size / steady + end  # the start beyond one steady batch, and the end
            print(f"({label}) phases: start {start:.1f}s (until the first batch is processed), "
                  f"steady {steady:.1f} pages/s{ratio}, end {end:.1f}s (after the last batch); "
                  f"fixed costs ≈ {fixed:.1f}s")  # fmt: skip
    for label, (_, result) in results.items():
        load = result["summary"].get("load_seconds")
        if load:
            print(f"({label}) warehouse load in the flow: {result['new_articles'] + result['duplicates']} articles "
                  f"in {load:.1f}s = {(result['new_articles'] + result['duplicates']) / load:,.0f} articles/s")  # fmt: skip

    if cpu:
        print("\nCPU per page by process in the flow runs (ms; wall time per page in brackets):")
        for label, roles in cpu.items():
            shares = ", ".join(
                f"{role} {ms:.2f}" for role, ms in sorted(roles.items(), key=lambda kv: -kv[1]) if ms >= 0.005
            )
            print(f"  ({label}) [{results[label][0] / n * 1000:.2f}] {shares}; total {sum(roles.values()):.2f}")
        if a_times:
            print(f"  (a) {a_s / n * 1000:.2f}, (a') {a2_s / n * 1000:.2f} ms a page on one core (mean of the runs)")
        print("what limits each flow:")
        for label, roles in cpu.items():
            print(limits(label, roles, results[label][0] / n * 1000))
    if args.profile_pages:
        print(
            f"\nper-stage cost in one process (CPU; {args.profile_pages} pages, after a warm-up, the stages taking turns):"
        )
        for stage, ms in stage_profile(args.profile_pages, page, args.corpus).items():
            print(f"  {stage:<55} {ms:7.3f} ms/page")
    if args.load_articles:
        repeats, batches, chars, mentions = load_alone(args.load_articles, args.corpus, args.batch_size)
        seconds = statistics.median(repeats)
        print(f"\nwarehouse load alone: {args.load_articles} articles ({chars:,.0f} characters and {mentions:.1f} "
              f"mention rows an article) in {batches} batches, one load call into an empty warehouse (open, "
              f"transactions, checkpoint), the median of {len(repeats)}: {seconds:.2f}s = "
              f"{args.load_articles / seconds:,.0f} articles/s (target ≥ 5,000; each: "
              f"{', '.join(f'{args.load_articles / t:,.0f}' for t in repeats)})")  # fmt: skip
    # children's ru_maxrss would count the parent's pages copied at fork, before their exec: read VmHWM instead
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    during = "".join(f", {role} {mib:.0f}" for role, mib in sorted(peaks.items(), key=lambda kv: -kv[1]))
    if during:
        during += " (the largest of each kind of process below it during the flows)"
    whose = " (the flows' own)" if results else ""
    print(f"\npeak RSS (MiB): this process{whose} {own:.0f}{during}")
    if a_times and results:
        targets = ", ".join(f"{k} ≥ {v}" for k, v in TARGETS.items())
        print(f"ratios ((a), (a') = the mean of their runs; targets {targets}):")
        for label in ("b", "c"):
            if label in results:
                print(f"{label}/a = {a_s / results[label][0]:.2f}")
                print(f"{label}/a' = {a2_s / results[label][0]:.2f}")


if __name__ == "__main__":
    main()
