"""Loading spooled batches into the warehouse, with exact-duplicate resolution.

Pending batches load in short transactions, consecutive batches of one run
together (up to ``MAX_BATCHES_PER_TRANSACTION``: each statement and commit has
a fixed cost, and ten batches in one transaction load ~1.5× faster than one by
one). Each batch is first read into temporary stage tables on its own, with
the spool's column types: one that cannot be read (cut short, wrong types,
required values missing) is set aside in the quarantine and the others load.
Then, in one transaction:

1. keep one staged copy per new ``article_id`` (derived from the canonical
   URL); those the warehouse already has are dropped — a rerun adds nothing;
2. for each new article, find its story's root: the earliest article with
   the same ``content_hash``, in history or earlier in these batches. A copy
   gets ``duplicate_of`` = root and the root's ``cluster_id``; it is stored,
   never dropped;
3. store the new articles' MinHash signatures and LSH band keys, and link
   near-duplicates and excerpts (:mod:`warehouse.neardup`);
4. insert mentions and event mentions of the new articles (of the copy
   kept) and refresh the events they report (:mod:`warehouse.events`), the
   fetch log, entities and run rows, each keyed so that loading the same
   batch twice changes nothing.

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

from warehouse.connection import DEFAULT_WRITE_MEMORY, DEFAULT_WRITE_WAIT, open_warehouse
from warehouse.events import refresh_events
from warehouse.exceptions import WarehouseLocked
from warehouse.neardup import DEFAULT_THRESHOLDS, Thresholds, resolve_near_duplicates, store_signatures
from warehouse.quarantine import one_line, quarantine, quarantine_dir
from warehouse.schema import REQUIRED, TABLES
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
    rejected: tuple[tuple[str, str], ...] = ()  # (batch, error) of batches that could not be loaded


class BatchRejected(Exception):
    """A batch whose files cannot be read as the spool's rows (bad JSON, wrong types, required values missing)."""


# Tables whose rows are taken in file order (the first copy of an article, the latest entity row).
_ORDERED = ("articles", "signatures", "entities")


def _stage_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Empty temporary ``stage_<table>`` tables: the spool's columns (required ones NOT NULL), plus the batch
    index and, where order matters, the row's position in its file."""
    for table, columns in TABLES.items():
        spec = ", ".join(
            f'"{name}" {kind}' + (" NOT NULL" if name in REQUIRED[table] else "") for name, kind in columns.items()
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE stage_{table} ({spec}, batch BIGINT, pos BIGINT)")


def _stage_batch(con: duckdb.DuckDBPyConnection, index: int, batch_dir: Path) -> None:
    """Read one batch's files into the stage tables, or none of them.

    Each file is parsed here, with the spool's column types and its required
    values, before the load's transaction: a batch cut short or holding a value
    of the wrong type fails alone, not the group it would have shared a
    transaction with.

    Raises:
        BatchRejected: the batch cannot be loaded (its rows are removed from the stage again).
    """
    try:
        for table in TABLES:
            path = batch_dir / f"{table}.jsonl"
            if not path.exists() or path.stat().st_size == 0:
                continue
            pos = "row_number() OVER ()" if table in _ORDERED else "NULL"
            con.execute(f"INSERT INTO stage_{table} SELECT *, {index}, {pos} FROM {spool_source(table, path)}")
    except (duckdb.Error, OSError) as exc:
        for table in TABLES:
            con.execute(f"DELETE FROM stage_{table} WHERE batch = {index}")
        raise BatchRejected(f"{table}.jsonl: {type(exc).__name__}: {exc}") from exc


def load_batches(
    con: duckdb.DuckDBPyConnection, batch_dirs: Sequence[Path], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> LoadReport:
    """Load spooled batches, in order, inside the caller's open connection, in one transaction.

    Batches that cannot be read are left out and named in ``LoadReport.rejected``
    (the caller sets them aside); the others load.
    """
    _stage_tables(con)
    rejected: dict[str, str] = {}
    loaded: list[Path] = []
    for index, batch_dir in enumerate(batch_dirs):
        try:
            _stage_batch(con, index, batch_dir)
        except BatchRejected as exc:
            rejected[batch_dir.name] = str(exc)
        else:
            loaded.append(batch_dir)
    counts = _load_staged(con, thresholds) if loaded else {}
    return LoadReport(tuple(d.name for d in loaded), **counts, rejected=tuple(rejected.items()))


def _staged(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return con.execute(f"SELECT EXISTS (FROM stage_{table})").fetchone()[0]


def _load_staged(con: duckdb.DuckDBPyConnection, thresholds: Thresholds) -> dict[str, int]:
    """The staged rows into the warehouse, in one transaction; the counts for :class:`LoadReport`."""
    report = dict.fromkeys(
        ("new_articles", "duplicates", "known", "mentions", "fetches", "near_duplicates", "related"), 0
    )
    con.execute("BEGIN TRANSACTION")
    try:
        if _staged(con, "entities"):
            con.execute(
                "INSERT OR REPLACE INTO entities BY NAME SELECT * EXCLUDE (batch, pos) FROM stage_entities "
                "QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY batch DESC, pos DESC) = 1"
            )
        if _staged(con, "articles"):
            # One copy per new article: the first staged. Two URLs redirecting to one page give two
            # copies of an article_id; its mentions and signature are taken from the copy kept (by
            # batch and requested URL), so their offsets match the stored text.
            con.execute(
                """CREATE OR REPLACE TEMP TABLE new_articles AS
                   SELECT article_id, content_hash, url, batch, batch * 1000000000 + pos AS ord FROM stage_articles s
                   WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = s.article_id)
                   QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY batch, pos) = 1"""
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
                   SELECT s.* EXCLUDE (batch, pos),
                          nullif(r.root_id, n.article_id) AS duplicate_of,
                          r.root_cluster AS cluster_id,
                          -- load order = batch order; nextval() would not follow ORDER BY under parallelism
                          (SELECT coalesce(max(loaded_seq), 0) FROM articles) + row_number() OVER (ORDER BY n.ord) AS loaded_seq
                   FROM new_articles n JOIN stage_articles s ON s.batch * 1000000000 + s.pos = n.ord
                   JOIN roots r ON r.content_hash = n.content_hash"""
            )
            if _staged(con, "signatures"):
                con.execute(  # used three times
                    f"""CREATE OR REPLACE TEMP TABLE new_signatures AS
                        SELECT s.* FROM stage_signatures s JOIN new_articles n ON {_SAME_COPY}
                        QUALIFY row_number() OVER (PARTITION BY s.article_id ORDER BY s.pos) = 1"""
                )
                store_signatures(con, "new_signatures")
                keys = con.execute("SELECT article_id, bands, lead_hash FROM new_signatures").fetchall()
                near = resolve_near_duplicates(con, {i: (bands, lead) for i, bands, lead in keys}, thresholds)
                report["near_duplicates"], report["related"] = near.duplicates, near.related
            report["new_articles"], report["duplicates"] = con.execute(
                """SELECT count(*) FILTER (WHERE duplicate_of IS NULL), count(*) FILTER (WHERE duplicate_of IS NOT NULL)
                   FROM articles WHERE article_id IN (SELECT article_id FROM new_articles)"""
            ).fetchone()
            if _staged(con, "mentions"):
                report["mentions"] = con.execute(
                    # DISTINCT: a batch spooled twice under one name brings the same rows again
                    f"""INSERT INTO mentions BY NAME
                        SELECT DISTINCT s.article_id, s.entity_id, s.surface, s.start, s."end"
                        FROM stage_mentions s JOIN new_articles n ON {_SAME_COPY}"""
                ).fetchone()[0]
            if _staged(con, "event_mentions"):
                con.execute(  # used twice: stored, then the events they report are refreshed
                    f"""CREATE OR REPLACE TEMP TABLE new_event_mentions AS
                        SELECT DISTINCT s.* EXCLUDE (batch, pos, article_url)
                        FROM stage_event_mentions s JOIN new_articles n ON {_SAME_COPY}"""
                )
                con.execute("INSERT INTO event_mentions BY NAME SELECT * FROM new_event_mentions")
                refresh_events(con, "new_event_mentions")
        if _staged(con, "fetches"):
            before = con.execute("SELECT count(*) FROM fetches").fetchone()[0]
            con.execute("INSERT OR IGNORE INTO fetches BY NAME SELECT * EXCLUDE (batch, pos) FROM stage_fetches")
            report["fetches"] = con.execute("SELECT count(*) FROM fetches").fetchone()[0] - before
        if _staged(con, "runs"):
            columns = ", ".join(f'"{c}"' for c in TABLES["runs"])
            con.execute(f"INSERT OR REPLACE INTO runs ({columns}) SELECT * EXCLUDE (batch, pos) FROM stage_runs")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return report


# Rows of the copy kept (``n``, a row of new_articles): same article, same batch, same requested URL.
# Rows spooled before article_url existed have none, and go with their article and batch.
_SAME_COPY = "s.article_id = n.article_id AND s.batch = n.batch AND coalesce(s.article_url = n.url, true)"


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


def _load_group(con: duckdb.DuckDBPyConnection, group: list[Path], thresholds: Thresholds) -> list[LoadReport]:
    """Load one transaction group; when the transaction itself fails, each batch alone, so a bad one fails alone."""
    try:
        return [load_batches(con, group, thresholds)]
    except duckdb.Error as exc:
        if len(group) == 1:
            return [LoadReport((), rejected=((group[0].name, f"{type(exc).__name__}: {exc}"),))]
        logger.warning("a group of %d batches failed to load (%s); loading them one by one", len(group), exc)
        return [report for batch in group for report in _load_group(con, [batch], thresholds)]


def load_spool(
    db_path: Path,
    spool_dir: Path,
    *,
    wait: float = DEFAULT_WRITE_WAIT,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    memory_limit: str = DEFAULT_WRITE_MEMORY,
) -> list[LoadReport]:
    """Load every pending batch, oldest first, deleting each once committed.

    A batch that cannot be loaded for any reason but a lock is moved to the
    quarantine beside the spool (:mod:`warehouse.quarantine`) and named in its
    report's ``rejected``; the other batches load.

    Raises:
        WarehouseLocked: the file stayed locked for *wait* seconds; every batch
            not yet loaded is still in the spool for the next attempt.
    """
    batches = pending_batches(spool_dir)
    if not batches:
        return []
    reports: list[LoadReport] = []
    try:
        with open_warehouse(db_path, wait=wait, memory_limit=memory_limit) as con:
            con.execute(f"SET threads = {LOADER_THREADS}")
            for group in transaction_groups(batches):
                for report in _load_group(con, group, thresholds):
                    for name in report.batches:
                        shutil.rmtree(spool_dir / name, ignore_errors=True)
                    for name, error in report.rejected:
                        quarantine(spool_dir / name, error)
                        logger.warning("batch %s set aside in %s: %s", name, quarantine_dir(spool_dir), one_line(error))
                    logger.info(
                        "loaded batches",
                        extra={"batches": report.batches, "new": report.new_articles, "duplicates": report.duplicates},
                    )
                    reports.append(report)
    except WarehouseLocked:
        left = len(batches) - sum(len(r.batches) + len(r.rejected) for r in reports)
        logger.warning("warehouse locked; %d batch(es) left in %s for the next run", left, spool_dir)
        raise
    return reports
