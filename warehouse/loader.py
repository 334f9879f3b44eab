"""Loading spooled batches into the warehouse, with exact-duplicate resolution.

Pending batches load in short transactions, consecutive batches of one run
together (up to ``MAX_BATCHES_PER_TRANSACTION`` batches and
``MAX_BYTES_PER_TRANSACTION`` of files: each statement and commit has a fixed
cost). The batches of a transaction are first read into temporary stage
tables, one statement per table for all of them, with the spool's column
types; when that fails they are read again one by one, and a batch that
cannot be read (cut short, wrong types, required values missing) is set aside
in the quarantine while the others load. Then, in one transaction:

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
import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.connection import DEFAULT_WRITE_MEMORY, DEFAULT_WRITE_WAIT, open_warehouse
from warehouse.events import refresh_events
from warehouse.exceptions import WarehouseLocked
from warehouse.neardup import DEFAULT_THRESHOLDS, Thresholds, resolve_new_signatures, store_signatures
from warehouse.quarantine import one_line, quarantine, quarantine_dir
from warehouse.schema import REQUIRED, TABLES
from warehouse.spool import pending_batches, spool_source, sql_list

logger = logging.getLogger(__name__)


# What one transaction loads at most: most of the saving of loading batches together, a
# transaction under a second, and a bounded footprint. The footprint follows the bytes staged, not
# the number of batches: 48 MiB is what 8 batches of 500 articles of ~1,900 characters take (~45 MB,
# the group the loader's memory budget was set with; groups of 20 such batches overran it), and it
# holds 16 batches of 200 articles of ~2,300 characters (~3.1 MB each). The number of batches is
# bounded too: each adds a file per table to the statements that stage them.
MAX_BYTES_PER_TRANSACTION = 48 * 2**20
MAX_BATCHES_PER_TRANSACTION = 20
# DuckDB runs a query on as many threads as there are cores. The loader's statements are
# batch-sized, where one thread is faster (docs/benchmarks.md), and a run's loader works beside its
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
    index and, where order matters, the row's position in what was read."""
    for table, columns in TABLES.items():
        spec = ", ".join(
            f'"{name}" {kind}' + (" NOT NULL" if name in REQUIRED[table] else "") for name, kind in columns.items()
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE stage_{table} ({spec}, batch BIGINT NOT NULL, pos BIGINT)")


def _stage_table(con: duckdb.DuckDBPyConnection, table: str, batches: Sequence[tuple[int, Path]]) -> int:
    """Read *table*'s file of each (index, directory) of *batches* into ``stage_<table>``, in one statement
    (each statement, and each ``read_json`` call, has a fixed cost); the rows staged.

    A failure stages nothing: the statement is one unit, and the table's
    constraints (NOT NULL on required values and on the batch index) hold for
    all its rows. From several files, a row's batch is found by its file's
    name; ``pos`` follows the files' order and the rows' order in each file.
    """
    files = [
        (index, path)
        for index, batch_dir in batches
        if (path := batch_dir / f"{table}.jsonl").exists() and path.stat().st_size > 0
    ]
    if not files:
        return 0
    paths = [path for _, path in files]
    if len(files) == 1:
        batch = str(files[0][0])
    else:
        batch = "[" + ", ".join(str(index) for index, _ in files) + f"][list_position({sql_list(paths)}, filename)]"
    columns = ", ".join(f'"{c}"' for c in TABLES[table])
    pos = "row_number() OVER ()" if table in _ORDERED else "NULL"
    source = spool_source(table, paths, filename=len(files) > 1)
    return con.execute(f"INSERT INTO stage_{table} SELECT {columns}, {batch}, {pos} FROM {source}").fetchone()[0]


def _stage_batch(con: duckdb.DuckDBPyConnection, index: int, batch_dir: Path) -> None:
    """Read one batch's files into the stage tables, or none of them.

    Raises:
        BatchRejected: the batch cannot be loaded (its rows are removed from the stage again).
    """
    try:
        for table in TABLES:
            _stage_table(con, table, [(index, batch_dir)])
    except (duckdb.Error, OSError) as exc:
        for name in TABLES:
            con.execute(f"DELETE FROM stage_{name} WHERE batch = {index}")
        raise BatchRejected(f"{table}.jsonl: {type(exc).__name__}: {exc}") from exc


def _stage(con: duckdb.DuckDBPyConnection, batch_dirs: Sequence[Path]) -> tuple[dict[str, int], dict[str, str]]:
    """Read the batches into the stage tables: the rows staged by table, and the batches left out (name → error).

    Every file is parsed here, with the spool's column types and its required
    values, before the load's transaction. All batches are read at once, one
    statement per table; when one of them cannot be read, the stage is emptied
    and read again batch by batch, so that a batch cut short or holding a
    value of the wrong type fails alone, not the group it would have shared a
    transaction with.
    """
    _stage_tables(con)
    try:
        return {table: _stage_table(con, table, list(enumerate(batch_dirs))) for table in TABLES}, {}
    except (duckdb.Error, OSError) as exc:
        logger.info("a group of %d batches failed to stage (%s); staging them one by one", len(batch_dirs), exc)
        _stage_tables(con)
    rejected: dict[str, str] = {}
    for index, batch_dir in enumerate(batch_dirs):
        try:
            _stage_batch(con, index, batch_dir)
        except BatchRejected as exc:
            rejected[batch_dir.name] = str(exc)
    counts = ", ".join(f"(SELECT count(*) FROM stage_{table})" for table in TABLES)
    return dict(zip(TABLES, con.execute(f"SELECT {counts}").fetchone(), strict=True)), rejected


def load_batches(
    con: duckdb.DuckDBPyConnection, batch_dirs: Sequence[Path], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> LoadReport:
    """Load spooled batches, in order, inside the caller's open connection, in one transaction.

    Batches that cannot be read are left out and named in ``LoadReport.rejected``
    (the caller sets them aside); the others load.
    """
    staged, rejected = _stage(con, batch_dirs)
    loaded = [d.name for d in batch_dirs if d.name not in rejected]
    counts = _load_staged(con, staged, thresholds) if loaded else {}
    return LoadReport(tuple(loaded), **counts, rejected=tuple(rejected.items()))


def _load_staged(con: duckdb.DuckDBPyConnection, staged: dict[str, int], thresholds: Thresholds) -> dict[str, int]:
    """The staged rows (*staged*: their number by table) into the warehouse, in one transaction; the counts for
    :class:`LoadReport`."""
    report = dict.fromkeys(
        ("new_articles", "duplicates", "known", "mentions", "fetches", "near_duplicates", "related"), 0
    )
    con.execute("BEGIN TRANSACTION")
    try:
        if staged["entities"]:
            # The latest row of each entity (by batch, then position), unless it is stored as it is:
            # every batch carries the provisional entities its articles name, mostly the same rows again.
            columns = ", ".join(f'"{c}"' for c in TABLES["entities"])
            row = "{" + ", ".join(f"'{c}': \"{c}\"" for c in TABLES["entities"]) + "}"
            con.execute(
                f"""INSERT OR REPLACE INTO entities BY NAME
                    SELECT unnest(arg_max({row}, (batch, pos))) FROM stage_entities GROUP BY entity_id
                    EXCEPT SELECT {columns} FROM entities"""
            )
        if staged["articles"]:
            # One copy per new article: the first staged. Two URLs redirecting to one page give two
            # copies of an article_id; its mentions and signature are taken from the copy kept (by
            # batch and requested URL), so their offsets match the stored text.
            # seq: the article's place in this load (load order = batch order), numbered here, on narrow
            # rows; nextval() would not follow ORDER BY under parallelism.
            new = con.execute(
                """CREATE OR REPLACE TEMP TABLE new_articles AS
                   SELECT *, row_number() OVER (ORDER BY ord) AS seq FROM (
                       SELECT article_id, content_hash, url, batch, batch * 1000000000 + pos AS ord
                       FROM stage_articles s
                       WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = s.article_id)
                       QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY batch, pos) = 1)"""
            ).fetchone()[0]
            report["known"] = staged["articles"] - new
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
                          (SELECT coalesce(max(loaded_seq), 0) FROM articles) + n.seq AS loaded_seq
                   FROM new_articles n JOIN stage_articles s ON s.batch * 1000000000 + s.pos = n.ord
                   JOIN roots r ON r.content_hash = n.content_hash"""
            )
            if staged["signatures"]:
                con.execute(  # used three times
                    f"""CREATE OR REPLACE TEMP TABLE new_signatures AS
                        SELECT s.* FROM stage_signatures s JOIN new_articles n ON {_SAME_COPY}
                        QUALIFY row_number() OVER (PARTITION BY s.article_id ORDER BY s.pos) = 1"""
                )
                store_signatures(con, "new_signatures")
                near = resolve_new_signatures(con, "new_signatures", thresholds)
                report["near_duplicates"], report["related"] = near.duplicates, near.related
            report["new_articles"], report["duplicates"] = con.execute(
                """SELECT count(*) FILTER (WHERE duplicate_of IS NULL), count(*) FILTER (WHERE duplicate_of IS NOT NULL)
                   FROM articles WHERE article_id IN (SELECT article_id FROM new_articles)"""
            ).fetchone()
            if staged["mentions"]:
                report["mentions"] = con.execute(
                    # DISTINCT: a batch spooled twice under one name brings the same rows again
                    f"""INSERT INTO mentions BY NAME
                        SELECT DISTINCT s.article_id, s.entity_id, s.surface, s.start, s."end"
                        FROM stage_mentions s JOIN new_articles n ON {_SAME_COPY}"""
                ).fetchone()[0]
            if staged["event_mentions"]:
                con.execute(  # used twice: stored, then the events they report are refreshed
                    f"""CREATE OR REPLACE TEMP TABLE new_event_mentions AS
                        SELECT DISTINCT s.* EXCLUDE (batch, pos, article_url)
                        FROM stage_event_mentions s JOIN new_articles n ON {_SAME_COPY}"""
                )
                con.execute("INSERT INTO event_mentions BY NAME SELECT * FROM new_event_mentions")
                refresh_events(con, "new_event_mentions", mentions_removed=False)
        if staged["fetches"]:
            report["fetches"] = con.execute(  # the rows inserted: those of fetches already stored are ignored
                "INSERT OR IGNORE INTO fetches BY NAME SELECT * EXCLUDE (batch, pos) FROM stage_fetches"
            ).fetchone()[0]
        if staged["runs"]:
            columns = ", ".join(f'"{c}"' for c in TABLES["runs"])
            con.execute(f"INSERT OR REPLACE INTO runs ({columns}) SELECT * EXCLUDE (batch, pos) FROM stage_runs")
        for table in _WORK_TABLES:  # dropped before COMMIT, which would otherwise store their rows
            con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return report


# Temporary tables that one transaction creates and uses.
_WORK_TABLES = ("new_articles", "new_signatures", "new_event_mentions")
# Rows of the copy kept (``n``, a row of new_articles): same article, same batch, same requested URL.
# Rows spooled before article_url existed have none, and go with their article and batch.
_SAME_COPY = "s.article_id = n.article_id AND s.batch = n.batch AND coalesce(s.article_url = n.url, true)"


def _run_of(batch_name: str) -> str:
    """The run part of a ``<time>-<run>-<label>`` batch name (see flows.ingest); other names stand alone."""
    parts = batch_name.split("-")
    return parts[1] if len(parts) >= 3 else batch_name


def _size(batch_dir: Path) -> int:
    """The bytes of a batch's files (0 for a batch that is gone)."""
    try:
        with os.scandir(batch_dir) as entries:
            return sum(entry.stat().st_size for entry in entries if entry.is_file())
    except FileNotFoundError:
        return 0


def transaction_groups(
    batches: Sequence[Path], limit: int = MAX_BATCHES_PER_TRANSACTION, max_bytes: int = MAX_BYTES_PER_TRANSACTION
) -> list[list[Path]]:
    """Consecutive batches of the same run, at most *limit* and *max_bytes* of files to a group (a larger batch
    alone): what one transaction loads."""
    groups: list[list[Path]] = []
    group_bytes = 0
    for batch in batches:
        size = _size(batch)
        if (
            groups
            and len(groups[-1]) < limit
            and group_bytes + size <= max_bytes
            and _run_of(groups[-1][-1].name) == _run_of(batch.name)
        ):
            groups[-1].append(batch)
            group_bytes += size
        else:
            groups.append([batch])
            group_bytes = size
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
        # Committed batches are deleted on another thread, while DuckDB (which releases the GIL) loads
        # the next group or checkpoints on close; all are gone when the executor's block ends.
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="spool-delete") as deleting,
            open_warehouse(db_path, wait=wait, memory_limit=memory_limit) as con,
        ):
            con.execute(f"SET threads = {LOADER_THREADS}")
            for group in transaction_groups(batches):
                for report in _load_group(con, group, thresholds):
                    for name in report.batches:
                        deleting.submit(shutil.rmtree, spool_dir / name, ignore_errors=True)
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
