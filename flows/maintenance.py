"""Whole-warehouse maintenance: re-tagging, entity discovery, rebuilding duplicate clusters.

These read and write the warehouse directly (no Prefect run): they are
quick, local, and an analyst runs them by hand after editing the catalogue.
Connections are held per chunk, never for the whole job, so an analyst's
DuckDB session waits seconds at most.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extractors.discovery import Candidate, candidate_entities
from extractors.entities import Catalogue
from extractors.minhash import signature
from flows.ingest import entity_rows
from warehouse.connection import open_warehouse
from warehouse.neardup import DEFAULT_THRESHOLDS, Thresholds, resolve_near_duplicates

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
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as out:
            for article_id, text in texts:
                for m in catalogue.tag(text):
                    row = {
                        "article_id": article_id,
                        "entity_id": m.entity_id,
                        "surface": m.surface,
                        "start": m.start,
                        "end": m.end,
                    }
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
            rows_path = Path(out.name)
        try:
            with open_warehouse(db_path) as con:
                con.execute("BEGIN")
                con.execute("DELETE FROM mentions WHERE article_id IN (SELECT unnest(?))", [chunk])
                if rows_path.stat().st_size:
                    con.execute(
                        "INSERT INTO mentions BY NAME SELECT * FROM read_json(?, format = 'newline_delimited', columns = "
                        "{'article_id': 'VARCHAR', 'entity_id': 'VARCHAR', 'surface': 'VARCHAR', 'start': 'INTEGER', 'end': 'INTEGER'})",
                        [str(rows_path)],
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
            con.executemany(
                "INSERT INTO signatures VALUES (?, ?, ?, ?)",
                [(i, list(s.minhash), s.shingles, s.lead_hash) for i, s in sigs.items()],
            )
            con.executemany(
                "INSERT INTO lsh_bands VALUES (?, ?)", [(key, i) for i, s in sigs.items() for key in s.bands]
            )
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
