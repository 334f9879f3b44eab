"""The warehouse as one object: every write, and the reads the flows need, by name.

Like sqlite-utils' ``Database``, a :class:`Warehouse` knows its file and how
to open it (how long to wait for a lock, how much memory a write may use, the
dedupe thresholds), and each method is one unit of work: it opens the file,
does its job in short transactions, and closes it, so an analyst's session
waits seconds at most. Nothing outside this package writes to the file.

The rules that several writes share live once, below or in the modules named:

- an exact copy's story root is the earliest loaded article with its
  ``content_hash`` (:mod:`warehouse.loader` for new articles,
  :meth:`Warehouse.rebuild_dedupe` for all);
- signatures and LSH band keys are stored by :func:`warehouse.neardup.store_signatures`;
- an article's mentions and event mentions are replaced by :func:`_replace_rows`;
- an ``events`` row is derived from its mentions by :func:`warehouse.events.refresh_events`.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from extractors.minhash import signature, signature_row
from warehouse.connection import DEFAULT_WRITE_MEMORY, DEFAULT_WRITE_WAIT, open_warehouse
from warehouse.coverage import CoverageReads
from warehouse.events import refresh_events
from warehouse.loader import LoadReport, load_spool
from warehouse.neardup import (
    DEFAULT_THRESHOLDS,
    Thresholds,
    resolve_near_duplicates,
    store_signatures,
)
from warehouse.query import run_query
from warehouse.schema import TABLES
from warehouse.spool import Row, serialise, spool_source

logger = logging.getLogger(__name__)

# Articles handled per transaction by the whole-warehouse jobs (retag, dedupe rebuild).
CHUNK = 2000

# Columns of ``articles`` that re-extraction replaces; identity, fetch and run stay (and load order and story links,
# which are not spool columns).
EXTRACTED_COLUMNS = tuple(
    c for c in TABLES["articles"] if c not in ("article_id", "url", "canonical_url", "source", "fetched_at", "run_id")
)


@dataclass(frozen=True)
class RetagReport:
    """What a retag changed."""

    catalogue_version: str
    articles: int
    mentions_before: int
    mentions_after: int


@dataclass(frozen=True)
class DedupeReport:
    """What a rebuild found."""

    articles: int
    exact_duplicates: int
    near_duplicates: int
    related: int
    stories: int


# A function from an article's (id, text) to its ``mentions`` rows and the ``entities`` rows of the
# provisional entities among them: how retag asks the tagger.
Tagger = Callable[[str, str], tuple[list[Row], list[Row]]]
# A function from an article's (id, url, text, published_at ISO or None, mentions as (entity_id, surface,
# start, end) tuples or None) to its ``event_mentions`` rows: how an events rebuild asks the extractor.
EventExtractor = Callable[[str, str, str, str | None, list[tuple] | None], list[Row]]


@dataclass(frozen=True)
class EventsReport:
    """What an events rebuild found."""

    articles: int
    event_mentions: int
    events: int


class Warehouse(CoverageReads):
    """The DuckDB file at *path*, opened per unit of work with these settings."""

    def __init__(
        self,
        path: Path,
        *,
        wait: float = DEFAULT_WRITE_WAIT,
        memory_limit: str = DEFAULT_WRITE_MEMORY,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
    ) -> None:
        self.path = Path(path)
        self.wait = wait
        self.memory_limit = memory_limit
        self.thresholds = thresholds

    def __repr__(self) -> str:
        return f"Warehouse({str(self.path)!r})"

    @contextmanager
    def _writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection (the file is created and migrated when needed)."""
        with open_warehouse(self.path, wait=self.wait, memory_limit=self.memory_limit) as con:
            yield con

    def _read(self, sql: str, params: list[Any] | None = None, *, wait: float | None = None) -> list[tuple]:
        """Rows of a named read, through the same sandboxed read-only path as ``newsdesk sql``."""
        return run_query(self.path, sql, params, wait=self.wait if wait is None else wait).rows

    # ── loading ────────────────────────────────────────────────────────────

    def load_spool(self, spool_dir: Path) -> list[LoadReport]:
        """Every pending batch of *spool_dir*, oldest first (see :func:`warehouse.loader.load_spool`).

        Raises:
            WarehouseLocked: the file stayed locked for ``wait`` seconds; the batches stay in the spool.
        """
        return load_spool(
            self.path, spool_dir, wait=self.wait, thresholds=self.thresholds, memory_limit=self.memory_limit
        )

    def put_entities(self, rows: Sequence[Row]) -> None:
        """Insert or replace ``entities`` rows (the catalogue, as :func:`extractors.pipeline.entity_rows` gives it)."""
        with self._writing() as con:
            _put_entities(con, rows)

    # ── whole-warehouse jobs ───────────────────────────────────────────────

    def retag(
        self, catalogue_version: str, entities: Sequence[Row], tag: Tagger, *, everything: bool = False
    ) -> RetagReport:
        """Re-tag articles tagged with another catalogue version (all with *everything*) using *tag*.

        Idempotent: a second run with the same catalogue finds nothing to do. Entities leaving the
        catalogue, and provisional entities the catalogue now knows, are removed once no mention
        refers to them.
        """
        with self._writing() as con:
            _put_entities(con, entities)
            condition = "true" if everything else "catalogue_version IS DISTINCT FROM ?"
            params = [] if everything else [catalogue_version]
            sql = f"SELECT article_id FROM articles WHERE {condition} ORDER BY article_id"
            ids = [r[0] for r in con.execute(sql, params).fetchall()]
            before = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            with self._writing() as con:
                texts = con.execute(
                    "SELECT article_id, text FROM articles WHERE article_id IN (SELECT unnest(?))", [chunk]
                ).fetchall()
            rows, found = [], {}
            for article_id, text in texts:
                mentions, provisional = tag(article_id, text)
                rows += mentions
                found.update((e["entity_id"], e) for e in provisional)
            with self._writing() as con, _transaction(con):
                _put_entities(con, list(found.values()))
                _replace_rows(con, "mentions", chunk, rows)
                con.execute(
                    "UPDATE articles SET catalogue_version = ? WHERE article_id IN (SELECT unnest(?))",
                    [catalogue_version, chunk],
                )
            logger.info("retagged %d/%d articles", min(start + CHUNK, len(ids)), len(ids))
        with self._writing() as con:
            current = [row["entity_id"] for row in entities]
            con.execute(
                "DELETE FROM entities WHERE entity_id NOT IN (SELECT unnest(?))"
                " AND entity_id NOT IN (SELECT DISTINCT entity_id FROM mentions)",
                [current],
            )
            after = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
        return RetagReport(catalogue_version, len(ids), before, after)

    def update_articles(
        self,
        articles: Sequence[Row],
        mentions: Sequence[Row],
        signatures: Sequence[Row],
        event_mentions: Sequence[Row] = (),
    ) -> None:
        """Replace the extracted columns, mentions, signatures and events of articles already stored, in one
        transaction.

        *articles* are ``articles`` spool rows (only :data:`EXTRACTED_COLUMNS` are used), *mentions*,
        *signatures* and *event_mentions* the spool rows of the same articles. Story links are not touched: the caller
        rebuilds them (:meth:`rebuild_dedupe`) once texts have changed.
        """
        ids = [row["article_id"] for row in articles]
        with self._writing() as con, _transaction(con):
            _rows_table(con, "updated", "articles", articles)
            assignments = ", ".join(f'"{c}" = u."{c}"' for c in EXTRACTED_COLUMNS)
            con.execute(f"UPDATE articles SET {assignments} FROM updated u WHERE articles.article_id = u.article_id")
            _replace_rows(con, "mentions", ids, mentions)
            _replace_events(con, ids, event_mentions)
            con.execute("DELETE FROM signatures WHERE article_id IN (SELECT unnest(?))", [ids])
            con.execute("DELETE FROM lsh_bands WHERE article_id IN (SELECT unnest(?))", [ids])
            _rows_table(con, "updated_signatures", "signatures", signatures)
            store_signatures(con, "updated_signatures")

    def rebuild_dedupe(self, *, chunk: int = CHUNK) -> DedupeReport:
        """Recompute signatures, bands, clusters and relations for the whole warehouse.

        Articles are replayed in load order, so the result is what loading them afresh with these thresholds
        would give — and the same on every rerun. Holds the warehouse for the duration.
        """
        near = related = 0
        with self._writing() as con:
            with _transaction(con):
                for table in ("signatures", "lsh_bands", "related_articles"):
                    con.execute(f"DELETE FROM {table}")
                con.execute(  # the exact-copy rule: a story's root is the earliest loaded article with its hash
                    """UPDATE articles a SET duplicate_of = nullif(r.root, a.article_id), cluster_id = r.root
                       FROM (SELECT article_id,
                                    first_value(article_id) OVER (PARTITION BY content_hash ORDER BY loaded_seq) AS root
                             FROM articles) r
                       WHERE a.article_id = r.article_id"""
                )
            ids = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY loaded_seq").fetchall()]
            for start in range(0, len(ids), chunk):
                part = ids[start : start + chunk]
                texts = con.execute(
                    "SELECT article_id, text FROM articles WHERE article_id IN (SELECT unnest(?))", [part]
                ).fetchall()
                rows = [signature_row(article_id, signature(text)) for article_id, text in texts]
                with _transaction(con):
                    _rows_table(con, "rebuilt_signatures", "signatures", rows)
                    store_signatures(con, "rebuilt_signatures")
                    keys = {r["article_id"]: (r["bands"], r["lead_hash"]) for r in rows}
                    report = resolve_near_duplicates(con, keys, self.thresholds)
                near, related = near + report.duplicates, related + report.related
                logger.info("dedupe rebuild: %d/%d articles", min(start + chunk, len(ids)), len(ids))
            exact = con.execute(
                """SELECT count(*) FROM articles a JOIN articles r ON a.duplicate_of = r.article_id
                   WHERE a.content_hash = r.content_hash"""
            ).fetchone()[0]
            stories = con.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NULL").fetchone()[0]
        return DedupeReport(len(ids), exact, near, related, stories)

    def rebuild_events(self, extract: EventExtractor, *, chunk: int = CHUNK) -> EventsReport:
        """Re-derive every article's event mentions with *extract*, then every ``events`` row.

        Idempotent: a second run with the same extractor leaves the same rows.
        """
        with self._writing() as con:
            ids = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY loaded_seq").fetchall()]
            for start in range(0, len(ids), chunk):
                part = ids[start : start + chunk]
                articles = con.execute(
                    """SELECT a.article_id, a.url, a.text, strftime(a.published_at, '%Y-%m-%dT%H:%M:%S%z'),
                              list((m.entity_id, m.surface, m.start, m."end") ORDER BY m.start)
                                  FILTER (WHERE m.entity_id IS NOT NULL)
                       FROM articles a LEFT JOIN mentions m USING (article_id)
                       WHERE a.article_id IN (SELECT unnest(?)) GROUP BY ALL""",
                    [part],
                ).fetchall()
                rows = [row for article in articles for row in extract(*article)]
                with _transaction(con):
                    _replace_rows(con, "event_mentions", part, rows)
                logger.info("events rebuild: %d/%d articles", min(start + chunk, len(ids)), len(ids))
            with _transaction(con):
                refresh_events(con)
            mentions, events = con.execute(
                "SELECT (SELECT count(*) FROM event_mentions), (SELECT count(*) FROM events)"
            ).fetchone()
        return EventsReport(len(ids), mentions, events)

    # ── named reads ────────────────────────────────────────────────────────

    def stored_urls(self, canonical: Sequence[str], requested: Sequence[str]) -> set[str]:
        """Which of *canonical* are stored articles' canonical URLs, and which of *requested* were
        fetched before and led to a stored article (a URL that redirected is stored under another)."""
        sql = """SELECT canonical_url FROM articles WHERE canonical_url IN (SELECT unnest(?))
                 UNION
                 SELECT f.url FROM fetches f JOIN articles a USING (article_id)
                 WHERE f.url IN (SELECT unnest(?))"""
        return {row[0] for row in self._read(sql, [sorted(set(canonical)), sorted(set(requested))])}

    def validators(self, urls: Sequence[str], *, wait: float = 2.0) -> dict[str, tuple[str | None, str | None]]:
        """ETag / Last-Modified last seen for *urls*, for conditional GET."""
        sql = """SELECT url, arg_max(etag, fetched_at), arg_max(last_modified, fetched_at) FROM fetches
                 WHERE url IN (SELECT unnest(?)) AND outcome = 'ok' AND (etag IS NOT NULL OR last_modified IS NOT NULL)
                 GROUP BY url"""
        return {u: (e, m) for u, e, m in self._read(sql, [list(urls)], wait=wait)}

    def retry_candidates(
        self, exclude: Sequence[str], *, hours: float, retryable: Sequence[str], max_tries: int, wait: float = 2.0
    ) -> dict[str, str | None]:
        """URLs fetched within *hours* (but not *exclude*) that never gave an article, whose last outcome is
        *retryable* (``http_error_5xx`` names a 5xx answer) and that were tried fewer than *max_tries* times
        → their source."""
        sql = """
            SELECT url, arg_max(source_id, fetched_at) FROM fetches
            WHERE fetched_at > now() - to_seconds(? * 3600) AND url NOT IN (SELECT unnest(?))
            GROUP BY url
            HAVING bool_and(article_id IS NULL)
               AND arg_max(CASE WHEN outcome = 'http_error' AND status >= 500 THEN 'http_error_5xx' ELSE outcome END,
                           fetched_at) IN (SELECT unnest(?))
               AND count(*) < ?"""
        return dict(self._read(sql, [float(hours), list(exclude), list(retryable), max_tries], wait=wait))

    def article_versions(self, ids: Sequence[str]) -> dict[str, str]:
        """``content_hash|extractor_version`` of the stored articles among *ids*: what re-extraction compares."""
        sql = """SELECT article_id, content_hash || '|' || coalesce(extractor_version, '') FROM articles
                 WHERE article_id IN (SELECT unnest(?))"""
        if not self.path.exists():
            return {}
        return dict(self._read(sql, [list(ids)]))

    def provisional_entities(self, since: str | None = None, limit: int = 30) -> list[dict[str, Any]]:
        """Provisional entities (``curated`` false) by the unique stories naming them (since *since*), with the
        catalogue entity they stand beside most: what ``newsdesk entities discover`` shows for curation."""
        where = "WHERE coalesce(a.published_at, a.fetched_at) >= CAST(? AS TIMESTAMPTZ)" if since else ""
        sql = f"""
            WITH named AS (
                SELECT m.entity_id, m.article_id, m.surface FROM mentions m JOIN articles_unique a USING (article_id)
                {where}),
            prov AS (
                SELECT n.* FROM named n JOIN entities e USING (entity_id) WHERE NOT coalesce(e.curated, true)),
            known AS (
                SELECT DISTINCT n.article_id, e.name FROM named n JOIN entities e USING (entity_id)
                WHERE coalesce(e.curated, true)),
            beside AS (
                SELECT p.entity_id, k.name, count(DISTINCT p.article_id) AS n
                FROM prov p JOIN known k USING (article_id) GROUP BY ALL)
            SELECT e.entity_id, e.name, e.kind, e.evidence,
                   count(DISTINCT p.article_id) AS articles, count(*) AS occurrences,
                   list_sort(list_distinct(list(p.surface))) AS surfaces,
                   (SELECT count(DISTINCT p2.article_id) FROM prov p2 JOIN known k USING (article_id)
                    WHERE p2.entity_id = e.entity_id) AS with_known,
                   (SELECT arg_max(b.name, b.n) FROM beside b WHERE b.entity_id = e.entity_id) AS top_companion
            FROM prov p JOIN entities e USING (entity_id)
            GROUP BY ALL ORDER BY articles DESC, with_known DESC, occurrences DESC, e.name LIMIT ?"""
        cursor_rows = self._read(sql, [since, limit] if since else [limit])
        columns = ("entity_id", "name", "kind", "evidence", "articles", "occurrences", "surfaces", "with_known",
                   "top_companion")  # fmt: skip
        return [dict(zip(columns, row, strict=True)) for row in cursor_rows]

    def provisional_entity(self, entity_id: str) -> dict[str, Any] | None:
        """One provisional entity with its stories, forms and evidence, or None when there is no such entity."""
        sql = """SELECT e.name, e.kind, e.evidence, count(DISTINCT m.article_id) AS articles,
                        list_sort(list_distinct(list(m.surface) FILTER (WHERE m.surface IS NOT NULL))) AS surfaces
                 FROM entities e LEFT JOIN mentions m USING (entity_id)
                 WHERE e.entity_id = ? AND NOT coalesce(e.curated, true) GROUP BY ALL"""
        rows = self._read(sql, [entity_id])
        if not rows:
            return None
        name, kind, evidence, articles, surfaces = rows[0]
        return {"name": name, "kind": kind, "evidence": evidence, "articles": articles, "surfaces": surfaces or []}

    def unique_texts(self, since: str | None = None) -> Iterator[str]:
        """Texts of the unique stories (published, else fetched, since *since*)."""
        sql, params = "SELECT text FROM articles_unique", []
        if since:
            sql += " WHERE coalesce(published_at, fetched_at) >= CAST(? AS TIMESTAMPTZ)"
            params.append(since)
        for (text,) in self._read(sql, params):
            yield text


# ── the shared write rules ─────────────────────────────────────────────────


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _rows_table(con: duckdb.DuckDBPyConnection, name: str, table: str, rows: Sequence[Row]) -> None:
    """A temporary table *name* holding spool *rows* of *table*, read with the spool's own column types.

    Rows go through a JSONL file as a batch does (:func:`warehouse.spool.spool_source`): one reading
    rule for every write, and far faster than inserting row by row.
    """
    columns = TABLES[table]
    spec = ", ".join(f'"{c}" {kind}' for c, kind in columns.items())
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({spec})")
    if not rows:
        return
    with tempfile.TemporaryDirectory(prefix="newsdesk-") as tmp:
        path = Path(tmp) / f"{table}.jsonl"
        path.write_text(serialise(table, rows), encoding="utf-8")
        con.execute(f"INSERT INTO {name} SELECT * FROM {spool_source(table, path)}")


def _put_entities(con: duckdb.DuckDBPyConnection, rows: Sequence[Row]) -> None:
    _rows_table(con, "put_entities", "entities", rows)
    con.execute("INSERT OR REPLACE INTO entities BY NAME SELECT * FROM put_entities")


def _replace_events(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], rows: Sequence[Row]) -> None:
    """The articles' event mentions become *rows*; the events they reported, before or now, are refreshed."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE touched_events AS
           SELECT DISTINCT event_id FROM event_mentions WHERE article_id IN (SELECT unnest(?))""",
        [list(article_ids)],
    )
    _replace_rows(con, "event_mentions", article_ids, rows)
    con.execute("INSERT INTO touched_events SELECT DISTINCT event_id FROM replacing_event_mentions")
    refresh_events(con, "touched_events")


def _replace_rows(con: duckdb.DuckDBPyConnection, table: str, article_ids: Sequence[str], rows: Sequence[Row]) -> None:
    """The articles' rows of *table* (``mentions`` or ``event_mentions``) become *rows* (spool rows of that table),
    inside the caller's transaction."""
    con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [list(article_ids)])
    _rows_table(con, f"replacing_{table}", table, rows)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * EXCLUDE (article_url) FROM replacing_{table}")
