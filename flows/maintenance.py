"""Whole-warehouse maintenance: re-tagging, entity discovery, rebuilding duplicate clusters.

These read and write the warehouse directly (no Prefect run): they are
quick, local, and an analyst runs them by hand after editing the catalogue.
Connections are held per chunk, never for the whole job, so an analyst's
DuckDB session waits seconds at most.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from extractors.discovery import Candidate, candidate_entities
from extractors.entities import Catalogue
from extractors.minhash import Signature, signature
from extractors.pipeline import mention_rows, process_page
from flows.config import Settings
from flows.ingest import entity_rows
from flows.loading import load_spool_for
from warehouse.connection import open_warehouse
from warehouse.neardup import DEFAULT_THRESHOLDS, Thresholds, resolve_near_duplicates
from warehouse.spool import Batch, serialise, spool_source, write_batch

logger = logging.getLogger(__name__)

# Articles tagged per transaction.
RETAG_CHUNK = 2000


@dataclass(frozen=True)
class RetagReport:
    """What a retag changed."""

    catalogue_version: str
    articles: int
    mentions_before: int
    mentions_after: int


def retag(db_path: Path, catalogue: Catalogue, *, everything: bool = False) -> RetagReport:
    """Re-tag articles whose ``catalogue_version`` differs from *catalogue*'s (all with *everything*).

    Idempotent: a second run with the same catalogue finds nothing to do.
    Entities leaving the catalogue are removed once no mention refers to them.
    """
    with open_warehouse(db_path) as con:
        con.execute("BEGIN")
        con.executemany(
            "INSERT OR REPLACE INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [tuple(r.values()) for r in entity_rows(catalogue)],
        )
        con.execute("COMMIT")
        condition = "true" if everything else "catalogue_version IS DISTINCT FROM ?"
        params = [] if everything else [catalogue.version]
        ids = [
            r[0]
            for r in con.execute(
                f"SELECT article_id FROM articles WHERE {condition} ORDER BY article_id", params
            ).fetchall()
        ]
        before = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    for start in range(0, len(ids), RETAG_CHUNK):
        chunk = ids[start : start + RETAG_CHUNK]
        with open_warehouse(db_path) as con:
            texts = con.execute(
                "SELECT article_id, text FROM articles WHERE article_id IN (SELECT unnest(?))", [chunk]
            ).fetchall()
        rows = [row for article_id, text in texts for row in mention_rows(article_id, catalogue.tag(text))]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as out:
            out.write(serialise("mentions", rows))
            rows_path = Path(out.name)
        try:
            with open_warehouse(db_path) as con:
                con.execute("BEGIN")
                con.execute("DELETE FROM mentions WHERE article_id IN (SELECT unnest(?))", [chunk])
                if rows_path.stat().st_size:
                    con.execute(
                        f"INSERT INTO mentions BY NAME SELECT * EXCLUDE (article_url) "
                        f"FROM {spool_source('mentions', rows_path)}"
                    )
                con.execute(
                    "UPDATE articles SET catalogue_version = ? WHERE article_id IN (SELECT unnest(?))",
                    [catalogue.version, chunk],
                )
                con.execute("COMMIT")
        finally:
            rows_path.unlink(missing_ok=True)
        logger.info("retagged %d/%d articles", min(start + RETAG_CHUNK, len(ids)), len(ids))
    with open_warehouse(db_path) as con:
        current = [e.entity_id for e in catalogue.entities]
        con.execute(
            "DELETE FROM entities WHERE entity_id NOT IN (SELECT unnest(?)) AND entity_id NOT IN (SELECT DISTINCT entity_id FROM mentions)",
            [current],
        )
        after = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    return RetagReport(catalogue.version, len(ids), before, after)


def _unique_texts(db_path: Path, since: str | None) -> Iterator[str]:
    from warehouse.query import run_query

    sql = "SELECT text FROM articles_unique"
    params: list = []
    if since:
        sql += " WHERE coalesce(published_at, fetched_at) >= CAST(? AS TIMESTAMPTZ)"
        params.append(since)
    for (text,) in run_query(db_path, sql, params).rows:
        yield text


def discover_entities(
    db_path: Path, catalogue: Catalogue, *, since: str | None = None, limit: int = 30
) -> list[Candidate]:
    """Candidate names from the warehouse's unique stories (read-only)."""
    return candidate_entities(_unique_texts(db_path, since), catalogue, limit=limit)


@dataclass(frozen=True)
class DedupeReport:
    """What a rebuild found."""

    articles: int
    exact_duplicates: int
    near_duplicates: int
    related: int
    stories: int


def rebuild_dedupe(
    db_path: Path, thresholds: Thresholds = DEFAULT_THRESHOLDS, *, chunk: int = RETAG_CHUNK
) -> DedupeReport:
    """Recompute signatures, bands, clusters and relations for the whole warehouse.

    Articles are replayed in load order, so the result is what loading them
    afresh with these thresholds would give — and the same on every rerun.
    Holds the warehouse for the duration (a maintenance operation).
    """
    near = related = 0
    with open_warehouse(db_path) as con:
        con.execute("BEGIN")
        for table in ("signatures", "lsh_bands", "related_articles"):
            con.execute(f"DELETE FROM {table}")
        con.execute(
            """UPDATE articles a SET duplicate_of = nullif(r.root, a.article_id), cluster_id = r.root
               FROM (SELECT article_id, first_value(article_id) OVER (PARTITION BY content_hash ORDER BY loaded_seq) AS root
                     FROM articles) r
               WHERE a.article_id = r.article_id"""
        )
        con.execute("COMMIT")
        ids = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY loaded_seq").fetchall()]
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            texts = con.execute(
                "SELECT article_id, text FROM articles WHERE article_id IN (SELECT unnest(?))", [part]
            ).fetchall()
            sigs = {article_id: signature(text) for article_id, text in texts}
            con.execute("BEGIN")
            _store_signatures(con, sigs)
            report = resolve_near_duplicates(con, {i: (s.bands, s.lead_hash) for i, s in sigs.items()}, thresholds)
            con.execute("COMMIT")
            near, related = near + report.duplicates, related + report.related
            logger.info("dedupe rebuild: %d/%d articles", min(start + chunk, len(ids)), len(ids))
        exact = con.execute(
            """SELECT count(*) FROM articles a JOIN articles r ON a.duplicate_of = r.article_id
               WHERE a.content_hash = r.content_hash"""
        ).fetchone()[0]
        stories = con.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NULL").fetchone()[0]
    return DedupeReport(len(ids), exact, near, related, stories)


@dataclass(frozen=True)
class ReprocessReport:
    """What re-extracting the archive changed."""

    pages: int
    updated: int
    unchanged: int
    added: int
    no_article: int


def reprocess(settings: Settings, since: datetime | None = None) -> ReprocessReport:
    """Re-extract every archived page (fetched since *since*) with the current extractor, without the network.

    Articles already in the warehouse are updated in place (text, metadata, mentions,
    signature, ``extractor_version``); pages that now yield an article and did not
    before are loaded like new ones. Duplicate clusters are rebuilt when any text changed.
    """
    from flows.archive import read_responses
    from flows.processing import catalogue_for

    catalogue = catalogue_for(settings.catalogue)
    pages = updated = unchanged = added = no_article = 0
    for warc in sorted(settings.archive_dir.glob("*.warc.gz")):  # names sort by time: later fetches win
        records = {}
        for response in read_responses(warc, since):
            pages += 1
            page = process_page(response.body or b"", url=response.url, final_url=response.final_url, content_type=response.content_type,
                                fetched_at=response.fetched_at, catalogue=catalogue, mobile_hosts=settings.mobile_hosts,
                               relevance=settings.relevance)  # fmt: skip
            if page.record is None:
                no_article += 1
            else:
                records[page.record.article_id] = page.record
        if not records:
            continue
        with open_warehouse(settings.db, wait=settings.lock_wait) as con:
            sql = (
                "SELECT article_id, content_hash || '|' || coalesce(extractor_version, '') FROM articles"
                " WHERE article_id IN (SELECT unnest(?))"
            )
            known = dict(con.execute(sql, [list(records)]).fetchall())
        new = [r for i, r in records.items() if i not in known]
        stale = [r for i, r in records.items() if i in known and known[i] != f"{r.content_hash}|{r.extractor_version}"]
        unchanged += len(records) - len(new) - len(stale)
        if stale:
            _update_in_place(settings, stale)
            updated += len(stale)
        if new:
            batch = Batch(f"{datetime.now(UTC):%Y%m%dT%H%M%S}-reprocess-{warc.stem}")
            for record in new:
                batch.add_tables(record.spool_rows("reprocess"))
            write_batch(settings.spool_dir, batch)
            added += sum(r.new_articles + r.duplicates for r in load_spool_for(settings))
    if updated:
        rebuild_dedupe(settings.db, settings.thresholds)
    return ReprocessReport(pages, updated, unchanged, added, no_article)


def _update_in_place(settings: Settings, records: list) -> None:
    """Replace text, metadata, mentions and signature of existing articles, in one transaction."""
    with tempfile.TemporaryDirectory() as tmp:
        rows = Path(tmp) / "rows.jsonl"
        rows.write_text(serialise("articles", [r.row("reprocess") for r in records]), encoding="utf-8")
        ids = [r.article_id for r in records]
        with open_warehouse(settings.db, wait=settings.lock_wait) as con:
            con.execute("BEGIN")
            con.execute(
                f"""UPDATE articles SET title = r.title, text = r.text, published_at = r.published_at, lang = r.lang, script = r.script,
                          content_hash = r.content_hash, author = r.author, sitename = r.sitename,
                          extractor_version = r.extractor_version, catalogue_version = r.catalogue_version,
                          extraction_method = r.extraction_method
                   FROM {spool_source("articles", rows)} r
                   WHERE articles.article_id = r.article_id"""
            )
            con.execute("DELETE FROM mentions WHERE article_id IN (SELECT unnest(?))", [ids])
            mentions = [(r.article_id, m.entity_id, m.surface, m.start, m.end) for r in records for m in r.mentions]
            con.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?)", mentions)
            con.execute("DELETE FROM signatures WHERE article_id IN (SELECT unnest(?))", [ids])
            con.execute("DELETE FROM lsh_bands WHERE article_id IN (SELECT unnest(?))", [ids])
            _store_signatures(con, {r.article_id: r.signature or signature(r.text) for r in records})
            con.execute("COMMIT")


def _store_signatures(con: duckdb.DuckDBPyConnection, sigs: Mapping[str, Signature]) -> None:
    """Insert signatures and their LSH band keys (inside the caller's transaction)."""
    con.executemany(
        "INSERT INTO signatures VALUES (?, ?, ?, ?)",
        [(i, list(s.minhash), s.shingles, s.lead_hash) for i, s in sigs.items()],
    )
    con.executemany("INSERT INTO lsh_bands VALUES (?, ?)", [(key, i) for i, s in sigs.items() for key in s.bands])
