"""Column contracts shared by the spool writer and the loader.

Each mapping is ``column → DuckDB type`` in table order. The spool stores
rows as JSON objects with these keys; the loader reads them with exactly
these types, so a field added here without a migration fails loudly rather
than being dropped (schema policy: *evolve by migration only*).
"""

from __future__ import annotations

ARTICLE_COLUMNS: dict[str, str] = {
    "article_id": "VARCHAR",
    "url": "VARCHAR",
    "canonical_url": "VARCHAR",
    "source": "VARCHAR",
    "title": "VARCHAR",
    "text": "VARCHAR",
    "published_at": "TIMESTAMPTZ",
    "fetched_at": "TIMESTAMPTZ",
    "lang": "VARCHAR",
    "script": "VARCHAR",
    "content_hash": "VARCHAR",
    "run_id": "VARCHAR",
    "author": "VARCHAR",
    "sitename": "VARCHAR",
    "extractor_version": "VARCHAR",
    "catalogue_version": "VARCHAR",
    "extraction_method": "VARCHAR",
}
MENTION_COLUMNS: dict[str, str] = {
    "article_id": "VARCHAR",
    "entity_id": "VARCHAR",
    "surface": "VARCHAR",
    "start": "INTEGER",
    "end": "INTEGER",
}
FETCH_COLUMNS: dict[str, str] = {
    "fetch_id": "VARCHAR",
    "url": "VARCHAR",
    "final_url": "VARCHAR",
    "status": "INTEGER",
    "outcome": "VARCHAR",
    "error": "VARCHAR",
    "bytes": "BIGINT",
    "elapsed_ms": "INTEGER",
    "fetched_at": "TIMESTAMPTZ",
    "run_id": "VARCHAR",
    "content_type": "VARCHAR",
    "encoding": "VARCHAR",
    "article_id": "VARCHAR",
    "source_id": "VARCHAR",
    "attempts": "INTEGER",
    "etag": "VARCHAR",
    "last_modified": "VARCHAR",
}
ENTITY_COLUMNS: dict[str, str] = {
    "entity_id": "VARCHAR",
    "name": "VARCHAR",
    "kind": "VARCHAR",
    "parent_id": "VARCHAR",
    "core": "BOOLEAN",
    "english": "VARCHAR[]",
    "aliases": "VARCHAR[]",
    "catalogue_version": "VARCHAR",
}
RUN_COLUMNS: dict[str, str] = {
    "run_id": "VARCHAR",
    "flow": "VARCHAR",
    "started_at": "TIMESTAMPTZ",
    "finished_at": "TIMESTAMPTZ",
    "status": "VARCHAR",
    "discovered": "INTEGER",
    "fetched": "INTEGER",
    "extracted": "INTEGER",
    "new_articles": "INTEGER",
    "duplicates": "INTEGER",
    "mentions": "INTEGER",
    "failed": "INTEGER",
    "summary": "JSON",
}
SIGNATURE_COLUMNS: dict[str, str] = {
    "article_id": "VARCHAR",
    "minhash": "UINTEGER[]",
    "shingles": "INTEGER",
    "lead_hash": "BIGINT",
    "bands": "BIGINT[]",
}
TABLES: dict[str, dict[str, str]] = {
    "articles": ARTICLE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "fetches": FETCH_COLUMNS,
    "entities": ENTITY_COLUMNS,
    "runs": RUN_COLUMNS,
    "signatures": SIGNATURE_COLUMNS,
}
