"""End-to-end benchmark: the backfill flow against trafilatura alone, on the same pages.

In one run, on the corpus of ``bench/corpus.py`` served from a separate
process on 4 loopback hosts:

  (a) ``trafilatura.extract`` alone over the pages' bytes, one process;
  (b) the full backfill flow (fetch → archive → extract → normalise → dedupe
      → tag → spool → load) with 1 extraction worker;
  (c) the same with 2 extraction workers;

then prints pages/s, the ratios b/a and c/a, Prefect task runs per flow,
each flow's phases (its start until the first batch is processed, the
steady rate, its end after the last batch), CPU per page by process, the
per-stage cost in one process (where the time goes), the warehouse load
rate in the flows and alone, and peak RSS. (a) runs before and after the
flows, and the ratios use the mean: on a shared VM the machine's speed
drifts within minutes.

    uv run python bench/pipeline.py [--pages 10000] [--batch-size 500]
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import trafilatura
from corpus import HOSTS, page, render_to, url
from loopback_site import serve_in_process

from extractors.article import extract_article
from extractors.charset import decode_html
from extractors.entities import load_catalogue
from extractors.minhash import signature
from extractors.pipeline import process_page
from flows.processing import ChunkContext, process_chunk
from flows.results import FetchResult
from warehouse.spool import Batch, write_batch


def timed(fn, *args, **kw) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args, **kw)
    return time.perf_counter() - started, result


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
    """pid → role of every live process below *root* (Linux /proc): site, worker, prefect or other."""
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
            role = ("worker" if b"spawn_main" in cmdline else "other" if b"resource_tracker" in cmdline
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


def cpu_by_role() -> dict[str, float]:
    """CPU seconds used so far by this process ("flow") and its descendants, summed by role."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    totals = {"flow": usage.ru_utime + usage.ru_stime}
    for pid, role in _descendants(os.getpid()).items():
        totals[role] = totals.get(role, 0.0) + _cpu_seconds(pid)
    return totals


def stage_profile(n: int) -> dict[str, float]:
    """Milliseconds per page for each pure stage, in this process."""
    catalogue = load_catalogue()
    pages = [page(i) for i in range(n)]
    decoded = [decode_html(body, ctype).text for ctype, body in pages]
    now = datetime.now(UTC)
    for c, b in pages[:20]:  # warm up: tables, jieba, trafilatura's caches
        process_page(b, url="https://x/w", final_url=None, content_type=c, fetched_at=now, catalogue=catalogue)
    costs = {}
    costs["decode (charset)"], _ = timed(lambda: [decode_html(body, ctype) for ctype, body in pages])
    costs["extract (trafilatura + metadata)"], articles = timed(lambda: [extract_article(text) for text in decoded])
    texts = [a.text for a in articles if a]
    costs["tag (catalogue)"], _ = timed(lambda: [catalogue.tag(t) for t in texts])
    costs["minhash signature"], _ = timed(lambda: [signature(t) for t in texts])
    costs["whole page (process_page)"], records = timed(
        lambda: [
            process_page(b, url=f"https://x/{i}", final_url=None, content_type=c, fetched_at=now, catalogue=catalogue)
            for i, (c, b) in enumerate(pages)
        ]
    )
    with tempfile.TemporaryDirectory() as tmp:
        batch = Batch("0001")
        for r in (p.record for p in records if p.record):
            batch.add_tables(r.spool_rows("bench"))
        costs["spool (write JSONL)"], _ = timed(write_batch, Path(tmp) / "spool", batch)
    return {k: v / n * 1000 for k, v in costs.items()}


def load_alone(n: int, batch_size: int = 500) -> tuple[float, int]:
    """(seconds, batches) for the loader alone: *n* pages' rows spooled as one run's batches, one load_spool call.

    The same call the flow makes every ``load_interval`` seconds: open the file,
    one transaction per run of up to MAX_BATCHES_PER_TRANSACTION (8) batches, checkpoint on close.
    """
    from warehouse.loader import load_spool  # here: spawned workers import this script, and need no DuckDB

    context = ChunkContext("bench", None)
    with tempfile.TemporaryDirectory() as tmp:
        spool_dir = Path(tmp) / "spool"
        batches = 0
        for start in range(0, n, batch_size):
            done = process_chunk([_result(i) for i in range(start, min(n, start + batch_size))], context)
            batch = Batch(f"20261123T000000-bench-{batches:06d}")
            for table, text in done.lines.items():
                batch.add_serialised(table, text)
            write_batch(spool_dir, batch)
            batches += 1
        seconds, _ = timed(load_spool, Path(tmp) / "wh.duckdb", spool_dir)
    return seconds, batches


def _result(i: int) -> FetchResult:
    ctype, body = page(i)
    return FetchResult(url=f"https://bench.example/{i}", outcome="ok", fetched_at=datetime.now(UTC),
                       final_url=f"https://bench.example/{i}", status=200, content_type=ctype, body=body, bytes=len(body))  # fmt: skip


def run_flows(runs: str, site_pages: Path, n: int, batch_size: int) -> tuple[dict, dict, dict]:
    """(b) and (c), as *runs* asks: for each, (seconds, result), CPU ms a page by process role, and its phases."""
    # Imported here, not at the top: spawned extraction workers import this script as their
    # __main__, and the CLI's workers do not pay for importing Prefect either.
    from flows.ingest import backfill_flow

    results, cpu, timeline = {}, {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        backfill_flow([], db=str(Path(tmp) / "warmup.duckdb"))  # start Prefect's server outside the timings
    with serve_in_process(list(HOSTS), pages=site_pages) as ports:
        url_file = site_pages / "urls.txt"  # by file: Prefect refuses flow parameters over 512 kB
        url_file.write_text("".join(url(i, ports) + "\n" for i in range(n)), encoding="utf-8")
        for label, workers in (("b", 1), ("c", 2)):
            if label not in runs:
                continue
            with tempfile.TemporaryDirectory() as tmp:
                options = {"allow_hosts": list(HOSTS), "per_host_delay": 0.0, "workers": workers, "batch_size": batch_size,
                           "concurrency": 8, "per_host_concurrency": 2}  # fmt: skip
                before, started = cpu_by_role(), datetime.now(UTC)
                seconds, result = timed(
                    backfill_flow, db=str(Path(tmp) / "wh.duckdb"), options=options, url_file=str(url_file)
                )
                after = cpu_by_role()
                results[label] = (seconds, result)
                records = task_runs(result["run_id"])
                timeline[label] = phases(records, started, seconds, batch_size, n)
                cpu[label] = {role: (after[role] - before.get(role, 0.0)) / n * 1000 for role in after}
                print(f"({label}) backfill flow, {workers} worker{'s' if workers > 1 else ' '} : {n / seconds:8.1f} pages/s "
                      f"({seconds:.1f}s; new {result['new_articles']}, duplicates {result['duplicates']}, "
                      f"failed {result['failed']}; {len(records)} task runs for {result['summary']['batches']} batches)",
                      flush=True)  # fmt: skip
    return results, cpu, timeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--profile-pages", type=int, default=1000, help="pages for the per-stage profile (0: skip)")
    parser.add_argument(
        "--load-articles", type=int, default=5000, help="pages for the loader-alone measurement (0: skip)"
    )
    parser.add_argument(
        "--runs",
        default="abc",
        help="which of (a), (b), (c) to run, e.g. 'c' for a memory run, '' for the per-stage profile and the "
        "loader alone in a process that ran no flow",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    n = args.pages
    site_pages = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    if set(args.runs) & set("abc"):
        rendered, _ = timed(render_to, site_pages, n)  # outside the timings: the site only reads files
        print(f"corpus: {n} pages rendered in {rendered:.0f}s to {site_pages}", flush=True)

    # (a) reads the same bytes the site serves, one page at a time (no whole-corpus list)
    def extract_all() -> None:
        for i in range(n):
            trafilatura.extract((site_pages / str(i)).read_bytes().partition(b"\n")[2])

    a_times = []
    if "a" in args.runs:
        a_times.append(timed(extract_all)[0])
        print(f"(a) trafilatura.extract alone : {n / a_times[0]:8.1f} pages/s ({a_times[0]:.1f}s)", flush=True)

    results, cpu, timeline = (
        run_flows(args.runs, site_pages, n, args.batch_size) if set(args.runs) & set("bc") else ({}, {}, {})
    )
    if a_times and results:
        # once more after the flows: this VM's speed drifts by ±15% within minutes; the ratios use the mean
        a_times.append(timed(extract_all)[0])
        print(f"(a) again, after the flows    : {n / a_times[1]:8.1f} pages/s ({a_times[1]:.1f}s)", flush=True)
    shutil.rmtree(site_pages, ignore_errors=True)
    a_s = sum(a_times) / len(a_times) if a_times else 0.0
    for label, target in (("b", 0.8), ("c", 1.7)):
        if a_times and label in results:
            print(f"ratio {label}/a = {a_s / results[label][0]:.2f}   (target ≥ {target}; (a) = mean of its runs)")
    for label, parts in timeline.items():
        if parts:
            start, steady, end = parts
            ratio = f" = {steady * a_s / n:.2f} × (a)" if a_times else ""
            fixed = start - args.batch_size / steady + end  # the start beyond one steady batch, and the end
            print(f"({label}) phases: start {start:.1f}s (until the first batch is processed), "
                  f"steady {steady:.1f} pages/s{ratio}, end {end:.1f}s (after the last batch); "
                  f"fixed costs ≈ {fixed:.1f}s")  # fmt: skip
    for label, (_, result) in results.items():
        load = result["summary"].get("load_seconds")
        if load:
            print(f"({label}) warehouse load: {result['new_articles'] + result['duplicates']} articles in {load:.1f}s "
                  f"= {(result['new_articles'] + result['duplicates']) / load:,.0f} articles/s")  # fmt: skip

    if cpu:
        print("\nCPU per page by process in the flow runs (ms; wall time per page in brackets):")
        for label, roles in cpu.items():
            shares = ", ".join(
                f"{role} {ms:.2f}" for role, ms in sorted(roles.items(), key=lambda kv: -kv[1]) if ms >= 0.005
            )
            print(f"  ({label}) [{results[label][0] / n * 1000:.2f}] {shares}; total {sum(roles.values()):.2f}")
    if args.profile_pages:
        print(f"\nper-stage cost in one process ({args.profile_pages} pages, after a warm-up):")
        for stage, ms in stage_profile(args.profile_pages).items():
            print(f"  {stage:<34} {ms:7.3f} ms/page")
    if args.load_articles:
        seconds, batches = load_alone(args.load_articles, args.batch_size)
        print(f"\nwarehouse load alone: {args.load_articles} pages' rows in {batches} batches, one load call "
              f"(open, transactions, checkpoint): {seconds:.2f}s = {args.load_articles / seconds:,.0f} articles/s")  # fmt: skip
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak RSS: {own:.0f} MiB (this process), {children:.0f} MiB (largest child: site or extraction worker)")


if __name__ == "__main__":
    main()
