"""Loading spooled batches into the warehouse, with exact-duplicate resolution.

Pending batches load in short transactions, consecutive batches of one run
together (up to ``MAX_BATCHES_PER_TRANSACTION``: each statement and commit has
a fixed cost, and ten batches in one transaction load ~1.5× faster than one by
one). Per transaction:

1. stage the batches' articles; drop those whose ``article_id`` (derived from
   the canonical URL) the warehouse already has — a rerun adds nothing;
2. for each new article, find its story's root: the earliest article with
   the same ``content_hash``, in history or earlier in these batches. A copy
   gets ``duplicate_of`` = root and the root's ``cluster_id``; it is stored,
   never dropped;
3. store the new articles' MinHash signatures and LSH band keys, and link
   near-duplicates and excerpts (:mod:`warehouse.neardup`);
4. insert mentions of the new articles, the fetch log, entities and run rows,
   each keyed so that loading the same batch twice changes nothing.

Dedupe runs here, not before spooling, so a batch spooled while an analyst
held the file is still compared with everything loaded in the meantime.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.connection import DEFAULT_WRITE_WAIT, open_warehouse
from warehouse.exceptions import WarehouseLocked
from warehouse.neardup import DEFAULT_THRESHOLDS, Thresholds, resolve_near_duplicates
from warehouse.schema import TABLES
from warehouse.spool import pending_batches, spool_source

logger = logging.getLogger(__name__)


# Batches loaded in one transaction at most (4,000 articles at the default batch size): most of
# the saving, a transaction under a second, and a bounded footprint — groups of 20 raised the
# 100,000-page benchmark's peak RSS from ~870 to ~1,000 MiB.
MAX_BATCHES_PER_TRANSACTION = 8
# DuckDB runs a query on as many threads as there are cores. The loader's statements are
# batch-sized, where one thread is faster (6,000–6,300 against 5,200–5,800 articles/s in
# alternating runs of bench/pipeline.py's loader alone), and a run's loader works beside its
# extraction workers, which a second thread would take a core from. (Maintenance commands
# keep DuckDB's default.)
LOADER_THREADS = 1


@dataclass(frozen=True)
class LoadReport:
    """What loading some batches (in one transaction) changed."""

    batches: tuple[str, ...]
    new_articles: int = 0
    duplicates: int = 0
    known: int = 0
    mentions: int = 0
    fetches: int = 0
    near_duplicates: int = 0
    related: int = 0


def _quoted(columns: dict[str, str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _articles_in_order(paths: Sequence[Path]) -> str:
    """SQL for the batches' articles with ``ord``: batch order, then order in the file."""
    return " UNION ALL ".join(
        f"SELECT *, CAST({i} AS BIGINT) * 1000000000 + row_number() OVER () AS ord FROM {spool_source('articles', p)}"
        for i, p in enumerate(paths)
    )


def load_batches(
    con: duckdb.DuckDBPyConnection, batch_dirs: Sequence[Path], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> LoadReport:
    """Load spooled batches, in order, inside the caller's open connection, in one transaction."""
    present: dict[str, list[Path]] = {}
    for table in TABLES:
        files = [d / f"{table}.jsonl" for d in batch_dirs]
        if found := [f for f in files if f.exists() and f.stat().st_size > 0]:
            present[table] = found
    report = {
        "new_articles": 0,
        "duplicates": 0,
        "known": 0,
        "mentions": 0,
        "fetches": 0,
        "near_duplicates": 0,
        "related": 0,
    }
    con.execute("BEGIN TRANSACTION")
    try:
        if "entities" in present:
            con.execute(
                f"INSERT OR REPLACE INTO entities BY NAME SELECT DISTINCT ON (entity_id) * "
                f"FROM {spool_source('entities', present['entities'])}"
            )
        if "articles" in present:
            con.execute(f"CREATE OR REPLACE TEMP TABLE stage_articles AS {_articles_in_order(present['articles'])}")
            con.execute(  # keys only: the texts are copied once, from the stage into the table
                """CREATE OR REPLACE TEMP TABLE new_articles AS
                   SELECT article_id, content_hash, ord FROM stage_articles s
                   WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = s.article_id)
                   QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY ord) = 1"""
            )
            staged, new = con.execute(
                "SELECT (SELECT count(*) FROM stage_articles), (SELECT count(*) FROM new_articles)"
            ).fetchone()
            report["known"] = staged - new
            con.execute(
                """INSERT INTO articles BY NAME
                   WITH hist AS (
                       SELECT content_hash,
                              arg_min(coalesce(duplicate_of, article_id), loaded_seq) AS root_id,
                              arg_min(cluster_id, loaded_seq) AS root_cluster
                       FROM articles
                       WHERE content_hash IN (SELECT content_hash FROM new_articles)
                       GROUP BY content_hash),
                   batch AS (
                       SELECT content_hash, arg_min(article_id, ord) AS root_id
                       FROM new_articles GROUP BY content_hash),
                   roots AS (
                       SELECT b.content_hash,
                              coalesce(h.root_id, b.root_id) AS root_id,
                              coalesce(h.root_cluster, b.root_id) AS root_cluster
                       FROM batch b LEFT JOIN hist h USING (content_hash))
                   SELECT s.* EXCLUDE (ord),
                          nullif(r.root_id, n.article_id) AS duplicate_of,
                          r.root_cluster AS cluster_id,
                          -- load order = batch order; nextval() would not follow ORDER BY under parallelism
                          (SELECT coalesce(max(loaded_seq), 0) FROM articles) + row_number() OVER (ORDER BY n.ord) AS loaded_seq
                   FROM new_articles n JOIN stage_articles s USING (ord) JOIN roots r ON r.content_hash = n.content_hash"""
            )
            if "signatures" in present:
                con.execute(  # read once, used three times
                    f"""CREATE OR REPLACE TEMP TABLE new_signatures AS
                        SELECT * FROM {spool_source("signatures", present["signatures"])}
                        WHERE article_id IN (SELECT article_id FROM new_articles)"""
                )
                con.execute(
                    "INSERT OR IGNORE INTO signatures SELECT article_id, minhash, shingles, lead_hash FROM new_signatures"
                )
                con.execute("INSERT INTO lsh_bands SELECT DISTINCT unnest(bands), article_id FROM new_signatures")
                keys = con.execute("SELECT article_id, bands, lead_hash FROM new_signatures").fetchall()
                near = resolve_near_duplicates(con, {i: (bands, lead) for i, bands, lead in keys}, thresholds)
                report["near_duplicates"], report["related"] = near.duplicates, near.related
            report["new_articles"], report["duplicates"] = con.execute(
                """SELECT count(*) FILTER (WHERE duplicate_of IS NULL), count(*) FILTER (WHERE duplicate_of IS NOT NULL)
                   FROM articles WHERE article_id IN (SELECT article_id FROM new_articles)"""
            ).fetchone()
            if "mentions" in present:
                before = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
                con.execute(
                    # DISTINCT: two URLs of one article in a batch (redirects) bring its mentions twice
                    f"""INSERT INTO mentions BY NAME
                        SELECT DISTINCT * FROM {spool_source("mentions", present["mentions"])}
                        WHERE article_id IN (SELECT article_id FROM new_articles)"""
                )
                report["mentions"] = con.execute("SELECT count(*) FROM mentions").fetchone()[0] - before
        if "fetches" in present:
            before = con.execute("SELECT count(*) FROM fetches").fetchone()[0]
            con.execute(
                f"INSERT OR IGNORE INTO fetches BY NAME SELECT * FROM {spool_source('fetches', present['fetches'])}"
            )
            report["fetches"] = con.execute("SELECT count(*) FROM fetches").fetchone()[0] - before
        if "runs" in present:
            columns = _quoted(TABLES["runs"])
            con.execute(
                f"INSERT OR REPLACE INTO runs ({columns}) SELECT * FROM {spool_source('runs', present['runs'])}"
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return LoadReport(tuple(d.name for d in batch_dirs), **report)


def _run_of(batch_name: str) -> str:
    """The run part of a ``<time>-<run>-<label>`` batch name (see flows.ingest); other names stand alone."""
    parts = batch_name.split("-")
    return parts[1] if len(parts) >= 3 else batch_name


def transaction_groups(batches: Sequence[Path], limit: int = MAX_BATCHES_PER_TRANSACTION) -> list[list[Path]]:
    """Consecutive batches of the same run, at most *limit* to a group: what one transaction loads."""
    groups: list[list[Path]] = []
    for batch in batches:
        if groups and len(groups[-1]) < limit and _run_of(groups[-1][-1].name) == _run_of(batch.name):
            groups[-1].append(batch)
        else:
            groups.append([batch])
    return groups


def load_spool(
    db_path: Path, spool_dir: Path, *, wait: float = DEFAULT_WRITE_WAIT, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> list[LoadReport]:
    """Load every pending batch, oldest first, deleting each once committed.

    Raises:
        WarehouseLocked: the file stayed locked for *wait* seconds; every batch
            not yet loaded is still in the spool for the next attempt.
    """
    batches = pending_batches(spool_dir)
    if not batches:
        return []
    reports: list[LoadReport] = []
    try:
        with open_warehouse(db_path, wait=wait) as con:
            con.execute(f"SET threads = {LOADER_THREADS}")
            for group in transaction_groups(batches):
                report = load_batches(con, group, thresholds)
                for batch_dir in group:
                    shutil.rmtree(batch_dir, ignore_errors=True)
                logger.info(
                    "loaded batches",
                    extra={"batches": report.batches, "new": report.new_articles, "duplicates": report.duplicates},
                )
                reports.append(report)
    except WarehouseLocked:
        left = len(batches) - sum(len(r.batches) for r in reports)
        logger.warning("warehouse locked; %d batch(es) left in %s for the next run", left, spool_dir)
        raise
    return reports
