"""Column contracts shared by the spool writer and the loader.

Each mapping is ``column → DuckDB type`` in table order. The spool stores
rows as JSON objects with these keys; the loader reads them with exactly
these types, so a field added here without a migration fails loudly rather
than being dropped (schema policy: *evolve by migration only*).

``article_url`` in ``mentions``, ``signatures`` and ``event_mentions`` rows is
the spool's only column that is not stored: the requested URL of the article row they were
made from. Two URLs that redirect to one page give two copies of one
``article_id``; the loader keeps one copy and takes its mentions and
signature by this key, never a mix of both.
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
    "date_source": "VARCHAR",
}
MENTION_COLUMNS: dict[str, str] = {
    "article_id": "VARCHAR",
    "entity_id": "VARCHAR",
    "surface": "VARCHAR",
    "start": "INTEGER",
    "end": "INTEGER",
    "article_url": "VARCHAR",
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
    "curated": "BOOLEAN",
    "evidence": "VARCHAR",
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
    "article_url": "VARCHAR",
}
EVENT_MENTION_COLUMNS: dict[str, str] = {
    "article_id": "VARCHAR",
    "event_id": "VARCHAR",
    "type": "VARCHAR",
    "company": "VARCHAR",
    "company_id": "VARCHAR",
    "round": "VARCHAR",
    "round_raw": "VARCHAR",
    "amount_raw": "VARCHAR",
    "amount_low": "DOUBLE",
    "amount_high": "DOUBLE",
    "currency": "VARCHAR",
    "valuation_raw": "VARCHAR",
    "investors": "VARCHAR[]",
    "investor_ids": "VARCHAR[]",
    "lead_investors": "VARCHAR[]",
    "lead_investor_ids": "VARCHAR[]",
    "product": "VARCHAR",
    "product_id": "VARCHAR",
    "event_date": "VARCHAR",
    "date_raw": "VARCHAR",
    "details": "JSON",
    "sentence": "VARCHAR",
    "start": "INTEGER",
    "end": "INTEGER",
    "article_url": "VARCHAR",
}
TABLES: dict[str, dict[str, str]] = {
    "articles": ARTICLE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "fetches": FETCH_COLUMNS,
    "entities": ENTITY_COLUMNS,
    "runs": RUN_COLUMNS,
    "signatures": SIGNATURE_COLUMNS,
    "event_mentions": EVENT_MENTION_COLUMNS,
}

# Columns a row is useless without: a batch with NULL (or absent) values here is set aside whole.
REQUIRED: dict[str, tuple[str, ...]] = {
    "articles": ("article_id", "url", "canonical_url", "text", "content_hash", "fetched_at"),
    "mentions": ("article_id", "entity_id", "surface", "start", "end"),
    "fetches": ("fetch_id", "url", "outcome"),
    "entities": ("entity_id", "name", "kind"),
    "runs": ("run_id", "flow"),
    "signatures": ("article_id", "minhash", "bands"),
    "event_mentions": ("article_id", "event_id", "type", "sentence", "start", "end"),
}
