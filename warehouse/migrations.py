"""Versioned schema migrations, applied in order on first read-write use.

Each migration is a (version, name, statements) entry; applied versions are
recorded in ``schema_version``. A migration runs in one transaction, so a
crash leaves the warehouse at the previous version. Never edit a released
migration: add the next one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "walking skeleton: articles, entities, mentions, fetches, runs",
        (
            "CREATE SEQUENCE article_seq START 1",
            """CREATE TABLE runs (
                run_id VARCHAR PRIMARY KEY, flow VARCHAR NOT NULL,
                started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, status VARCHAR,
                discovered INTEGER, fetched INTEGER, extracted INTEGER,
                new_articles INTEGER, duplicates INTEGER, mentions INTEGER, failed INTEGER,
                summary JSON)""",
            """CREATE TABLE articles (
                article_id VARCHAR PRIMARY KEY,
                url VARCHAR NOT NULL,
                canonical_url VARCHAR NOT NULL UNIQUE,
                source VARCHAR NOT NULL,
                title VARCHAR,
                text VARCHAR NOT NULL,
                published_at TIMESTAMPTZ,
                fetched_at TIMESTAMPTZ NOT NULL,
                lang VARCHAR,
                script VARCHAR,
                content_hash VARCHAR NOT NULL,
                duplicate_of VARCHAR,
                cluster_id VARCHAR NOT NULL,
                run_id VARCHAR,
                author VARCHAR,
                sitename VARCHAR,
                extractor_version VARCHAR,
                catalogue_version VARCHAR,
                loaded_seq BIGINT NOT NULL)""",
            "CREATE INDEX articles_content_hash ON articles (content_hash)",
            """CREATE TABLE entities (
                entity_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL,
                parent_id VARCHAR, core BOOLEAN NOT NULL DEFAULT false,
                english VARCHAR[], aliases VARCHAR[], catalogue_version VARCHAR)""",
            """CREATE TABLE mentions (
                article_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
                surface VARCHAR NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                PRIMARY KEY (article_id, start, entity_id))""",
            """CREATE TABLE fetches (
                fetch_id VARCHAR PRIMARY KEY, url VARCHAR NOT NULL, final_url VARCHAR,
                status INTEGER, outcome VARCHAR NOT NULL, error VARCHAR, bytes BIGINT,
                elapsed_ms INTEGER, fetched_at TIMESTAMPTZ NOT NULL, run_id VARCHAR,
                content_type VARCHAR, encoding VARCHAR, article_id VARCHAR)""",
            "CREATE VIEW articles_unique AS SELECT * FROM articles WHERE duplicate_of IS NULL",
            """CREATE VIEW entity_mentions_daily AS
                SELECT e.entity_id, e.name, e.core,
                       CAST(coalesce(a.published_at, a.fetched_at) AS DATE) AS day,
                       count(DISTINCT a.article_id) AS articles, count(*) AS mentions
                FROM mentions m
                JOIN articles_unique a USING (article_id)
                JOIN entities e USING (entity_id)
                GROUP BY ALL""",
        ),
    ),
    Migration(
        2,
        "polite fetching: per-source fetch log, validators, attempts; source_health view",
        (
            "ALTER TABLE fetches ADD COLUMN source_id VARCHAR",
            "ALTER TABLE fetches ADD COLUMN attempts INTEGER",
            "ALTER TABLE fetches ADD COLUMN etag VARCHAR",
            "ALTER TABLE fetches ADD COLUMN last_modified VARCHAR",
            "CREATE INDEX fetches_url ON fetches (url)",
            # One row per source and Beijing day. A source is the configured
            # source id, else the host of the URL.
            """CREATE VIEW source_health AS
                SELECT coalesce(f.source_id, regexp_extract(f.url, '^[a-zA-Z]+://([^/:?#]+)', 1)) AS source,
                       CAST(f.fetched_at AS DATE) AS day,
                       count(*) AS attempts,
                       count(*) FILTER (WHERE f.outcome IN ('ok', 'not_modified')) AS successes,
                       round(count(*) FILTER (WHERE f.outcome IN ('ok', 'not_modified')) / count(*), 3) AS success_rate,
                       histogram(f.outcome) AS outcomes,
                       count(a.article_id) FILTER (WHERE a.duplicate_of IS NULL AND a.run_id = f.run_id) AS new_articles,
                       median(f.elapsed_ms) AS median_ms
                FROM fetches f LEFT JOIN articles a ON a.article_id = f.article_id
                GROUP BY ALL""",
        ),
    ),
    Migration(
        3,
        "tagging views: entity_counts, entity_daily, co_mentions",
        (
            "DROP VIEW entity_mentions_daily",
            # Per article and entity: how often it is named.
            """CREATE VIEW entity_counts AS
                SELECT article_id, entity_id, count(*) AS mentions, min(start) AS first_offset
                FROM mentions GROUP BY ALL""",
            # Per entity and Beijing day, over unique stories (copies do not inflate coverage).
            """CREATE VIEW entity_daily AS
                SELECT e.entity_id, e.name, e.kind, e.core,
                       CAST(coalesce(a.published_at, a.fetched_at) AS DATE) AS day,
                       count(*) AS articles, sum(c.mentions) AS mentions
                FROM entity_counts c
                JOIN articles_unique a USING (article_id)
                JOIN entities e USING (entity_id)
                GROUP BY ALL""",
            # Unordered pairs of entities named in the same unique story.
            """CREATE VIEW co_mentions AS
                SELECT x.entity_id AS entity_a, ea.name AS name_a, y.entity_id AS entity_b, eb.name AS name_b,
                       count(*) AS articles
                FROM entity_counts x
                JOIN entity_counts y ON x.article_id = y.article_id AND x.entity_id < y.entity_id
                JOIN articles_unique a ON a.article_id = x.article_id
                JOIN entities ea ON ea.entity_id = x.entity_id
                JOIN entities eb ON eb.entity_id = y.entity_id
                GROUP BY ALL""",
        ),
    ),
    Migration(
        4,
        "near duplicates: MinHash signatures, LSH bands, related articles; story views",
        (
            """CREATE TABLE signatures (
                article_id VARCHAR PRIMARY KEY, minhash UINTEGER[] NOT NULL, shingles INTEGER NOT NULL, lead_hash BIGINT)""",
            "CREATE INDEX signatures_lead ON signatures (lead_hash)",
            "CREATE TABLE lsh_bands (band_key BIGINT NOT NULL, article_id VARCHAR NOT NULL)",
            "CREATE INDEX lsh_bands_key ON lsh_bands (band_key)",
            """CREATE TABLE related_articles (
                article_id VARCHAR NOT NULL, related_id VARCHAR NOT NULL, relation VARCHAR NOT NULL,
                jaccard DOUBLE, containment DOUBLE, PRIMARY KEY (article_id, related_id))""",
            # One row per story (cluster): every source and URL that carried it.
            """CREATE VIEW story_sources AS
                SELECT cluster_id,
                       any_value(title) FILTER (WHERE duplicate_of IS NULL) AS title,
                       min(coalesce(published_at, fetched_at)) AS first_seen,
                       count(*) AS copies,
                       list(DISTINCT source ORDER BY source) AS sources,
                       list(url ORDER BY loaded_seq) AS urls
                FROM articles GROUP BY cluster_id""",
            # Excerpts and other partial overlaps, with both titles.
            """CREATE VIEW article_relations AS
                SELECT r.article_id, a.title, r.relation, r.related_id, b.title AS related_title,
                       r.jaccard, r.containment
                FROM related_articles r
                JOIN articles a ON a.article_id = r.article_id
                JOIN articles b ON b.article_id = r.related_id""",
        ),
    ),
    Migration(
        5,
        "coverage report views: core_mentions, core_daily, core_companions, core_stories, source_coverage",
        (
            # Every mention of a core company, directly or through its products and people.
            """CREATE VIEW core_mentions AS
                SELECT m.article_id, CASE WHEN e.core THEN e.entity_id ELSE p.entity_id END AS company_id,
                       m.entity_id, m.surface, m.start
                FROM mentions m JOIN entities e USING (entity_id) LEFT JOIN entities p ON p.entity_id = e.parent_id
                WHERE e.core OR p.core""",
            # Unique stories per core company and Beijing day.
            """CREATE VIEW core_daily AS
                SELECT c.company_id, e.name, CAST(coalesce(a.published_at, a.fetched_at) AS DATE) AS day,
                       count(DISTINCT c.article_id) AS articles, count(*) AS mentions
                FROM core_mentions c JOIN articles_unique a USING (article_id) JOIN entities e ON e.entity_id = c.company_id
                GROUP BY ALL""",
            # Entities named in the same unique stories as a core company (its own products and people excluded).
            """CREATE VIEW core_companions AS
                SELECT c.company_id, ce.name AS company, o.entity_id, oe.name, oe.kind,
                       CAST(coalesce(a.published_at, a.fetched_at) AS DATE) AS day, count(DISTINCT c.article_id) AS articles
                FROM (SELECT DISTINCT article_id, company_id FROM core_mentions) c
                JOIN articles_unique a USING (article_id)
                JOIN entity_counts o ON o.article_id = c.article_id
                JOIN entities oe ON oe.entity_id = o.entity_id
                JOIN entities ce ON ce.entity_id = c.company_id
                WHERE o.entity_id <> c.company_id AND coalesce(oe.parent_id, '') <> c.company_id
                GROUP BY ALL""",
            # Stories naming each core company, with how many copies were seen.
            """CREATE VIEW core_stories AS
                SELECT c.company_id, e.name AS company, s.cluster_id, s.title, s.first_seen, s.copies, s.sources, s.urls[1] AS url
                FROM (SELECT DISTINCT m.company_id, a.cluster_id FROM core_mentions m JOIN articles a USING (article_id)) c
                JOIN story_sources s USING (cluster_id)
                JOIN entities e ON e.entity_id = c.company_id""",
            # Articles per source and Beijing day: all, unique, and naming a core company.
            """CREATE VIEW source_coverage AS
                SELECT a.source, CAST(coalesce(a.published_at, a.fetched_at) AS DATE) AS day,
                       count(*) AS articles, count(*) FILTER (WHERE a.duplicate_of IS NULL) AS unique_articles,
                       count(*) FILTER (WHERE a.article_id IN (SELECT article_id FROM core_mentions)) AS core_articles
                FROM articles a GROUP BY ALL""",
        ),
    ),
    Migration(
        6,
        "articles.extraction_method: which extractor produced the text (trafilatura, density, plain_text)",
        ("ALTER TABLE articles ADD COLUMN extraction_method VARCHAR",),
    ),
    # Measured on the pipeline benchmark (docs/benchmarks.md): ART indexes that
    # no query needs cost a third of the load, and DuckDB's default string
    # compression for article text (FSST) most of the checkpoint. The loader
    # keeps the dropped constraints itself: a mention is inserted only with its
    # new article, in the same transaction, and article_id is the hash of
    # canonical_url. zstd also stores the text in less space.
    Migration(
        7,
        "faster loads: article text stored with zstd; indexes no query uses dropped (mentions key, "
        "articles.canonical_url unique, articles.content_hash, fetches.url)",
        (
            "DROP INDEX articles_content_hash",
            "DROP INDEX fetches_url",
            "ALTER TABLE articles RENAME TO articles_v6",
            """CREATE TABLE articles (
                article_id VARCHAR PRIMARY KEY,
                url VARCHAR NOT NULL,
                canonical_url VARCHAR NOT NULL,
                source VARCHAR NOT NULL,
                title VARCHAR,
                text VARCHAR USING COMPRESSION zstd NOT NULL,
                published_at TIMESTAMPTZ,
                fetched_at TIMESTAMPTZ NOT NULL,
                lang VARCHAR,
                script VARCHAR,
                content_hash VARCHAR NOT NULL,
                duplicate_of VARCHAR,
                cluster_id VARCHAR NOT NULL,
                run_id VARCHAR,
                author VARCHAR,
                sitename VARCHAR,
                extractor_version VARCHAR,
                catalogue_version VARCHAR,
                loaded_seq BIGINT NOT NULL,
                extraction_method VARCHAR)""",
            "INSERT INTO articles SELECT * FROM articles_v6 ORDER BY loaded_seq",
            "DROP TABLE articles_v6",
            "ALTER TABLE mentions RENAME TO mentions_v6",
            """CREATE TABLE mentions (
                article_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
                surface VARCHAR NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL)""",
            "INSERT INTO mentions SELECT * FROM mentions_v6 ORDER BY article_id, start",
            "DROP TABLE mentions_v6",
        ),
    ),
    # runs.summary was spooled as a string of JSON, so the column held a JSON string, not an
    # object: summary->>'$.outcomes' found nothing. Runs write an object now; old rows are unwrapped.
    Migration(
        8,
        "runs.summary holds a JSON object, not a JSON string",
        ("UPDATE runs SET summary = json(summary->>'$') WHERE json_type(summary) = 'VARCHAR'",),
    ),
    # How published_at was found: metadata, page_text, relative_to_fetch, url or none. Rows
    # extracted before it was recorded say 'none' when they have no date; for a date their
    # source is unknown (it may have been counted back from the fetch or the extraction
    # time), so it stays NULL until `newsdesk reprocess` extracts them again. articles_unique
    # (SELECT *) shows the new column without being recreated: DuckDB binds a view's * when
    # the view is queried.
    Migration(
        9,
        "articles.date_source: how published_at was found (metadata, page_text, relative_to_fetch, url, none)",
        (
            "ALTER TABLE articles ADD COLUMN date_source VARCHAR",
            "UPDATE articles SET date_source = 'none' WHERE published_at IS NULL",
        ),
    ),
    # Names the catalogue lacks become provisional entities (extractors/provisional.py): rows with
    # curated = false, an id starting "prov:", and the pattern that found them. Catalogue rows are curated.
    Migration(
        10,
        "entities.curated and entities.evidence: provisional entities beside the catalogue's",
        (
            "ALTER TABLE entities ADD COLUMN curated BOOLEAN DEFAULT true",
            "UPDATE entities SET curated = true",
            "ALTER TABLE entities ADD COLUMN evidence VARCHAR",
        ),
    ),
    # AI-industry events (extractors/events.py). event_mentions holds what each article says, with
    # the sentence as evidence; events holds one row per real-world event, derived from its mentions
    # by warehouse.events.REFRESH_EVENTS (values from the earliest report that states them).
    Migration(
        11,
        "events and event_mentions; views funding_rounds, launches, company_timeline",
        (
            """CREATE TABLE event_mentions (
                article_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, type VARCHAR NOT NULL,
                company VARCHAR, company_id VARCHAR, round VARCHAR, round_raw VARCHAR,
                amount_raw VARCHAR, amount_low DOUBLE, amount_high DOUBLE, currency VARCHAR, valuation_raw VARCHAR,
                investors VARCHAR[], investor_ids VARCHAR[], lead_investors VARCHAR[], lead_investor_ids VARCHAR[],
                product VARCHAR, product_id VARCHAR, event_date VARCHAR, date_raw VARCHAR, details JSON,
                sentence VARCHAR NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL)""",
            """CREATE TABLE events (
                event_id VARCHAR PRIMARY KEY, type VARCHAR NOT NULL, company VARCHAR, company_id VARCHAR,
                round VARCHAR, round_raw VARCHAR, amount_raw VARCHAR, amount_low DOUBLE, amount_high DOUBLE,
                currency VARCHAR, investors VARCHAR[], investor_ids VARCHAR[], lead_investors VARCHAR[],
                lead_investor_ids VARCHAR[], product VARCHAR, product_id VARCHAR, event_date VARCHAR,
                details JSON, first_reported_at TIMESTAMPTZ, first_article_id VARCHAR, articles INTEGER)""",
            """CREATE VIEW funding_rounds AS
                SELECT ev.event_id, ev.company_id, coalesce(en.name, ev.company) AS company, ev.round, ev.round_raw,
                       ev.amount_raw AS amount, ev.amount_low, ev.amount_high, ev.currency, ev.investors,
                       ev.lead_investors, ev.event_date, ev.first_reported_at, ev.articles, a.url AS first_url
                FROM events ev LEFT JOIN entities en ON en.entity_id = ev.company_id
                LEFT JOIN articles a ON a.article_id = ev.first_article_id
                WHERE ev.type = 'funding'""",
            """CREATE VIEW launches AS
                SELECT ev.event_id, ev.company_id, coalesce(en.name, ev.company) AS company, ev.product,
                       ev.product_id, ev.event_date, ev.first_reported_at, ev.articles, a.url AS first_url
                FROM events ev LEFT JOIN entities en ON en.entity_id = ev.company_id
                LEFT JOIN articles a ON a.article_id = ev.first_article_id
                WHERE ev.type = 'launch'""",
            """CREATE VIEW company_timeline AS
                SELECT ev.company_id, coalesce(en.name, ev.company) AS company,
                       coalesce(ev.event_date, strftime(timezone('Asia/Shanghai', ev.first_reported_at), '%Y-%m-%d')) AS day,
                       ev.type, coalesce(ev.round_raw, ev.product, ev.type) AS what, ev.amount_raw AS amount,
                       ev.lead_investors, ev.first_reported_at, ev.articles, a.url AS first_url, ev.event_id
                FROM events ev LEFT JOIN entities en ON en.entity_id = ev.company_id
                LEFT JOIN articles a ON a.article_id = ev.first_article_id""",
        ),
    ),
    # Media Cloud's "attention": a company's stories as a share of all stories that day, so a busy news
    # day does not read as a surge. Days are Beijing days whatever the session's TimeZone (timezone()
    # rather than a cast), and every core company has a row for every day with stories (0 when not named),
    # so a share series has no holes.
    Migration(
        12,
        "attention_daily view: each core company's share of all unique stories per Beijing day",
        (
            """CREATE VIEW attention_daily AS
                WITH stories AS (
                    SELECT article_id, CAST(timezone('Asia/Shanghai', coalesce(published_at, fetched_at)) AS DATE) AS day
                    FROM articles_unique
                ), totals AS (
                    SELECT day, count(*) AS all_articles FROM stories GROUP BY day
                ), named AS (
                    SELECT c.company_id, s.day, count(DISTINCT c.article_id) AS articles
                    FROM core_mentions c JOIN stories s USING (article_id) GROUP BY ALL
                )
                SELECT e.entity_id AS company_id, e.name, t.day, coalesce(n.articles, 0) AS articles, t.all_articles,
                       coalesce(n.articles, 0) / t.all_articles AS share
                FROM entities e CROSS JOIN totals t
                LEFT JOIN named n ON n.company_id = e.entity_id AND n.day = t.day
                WHERE e.core""",
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The applied schema version; 0 for an empty file."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version' AND table_schema = 'main'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every pending migration; returns the versions applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version"
        " (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ DEFAULT now())"
    )
    applied: list[int] = []
    version = current_version(con)
    for migration in MIGRATIONS:
        if migration.version <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in migration.statements:
                con.execute(statement)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [migration.version, migration.name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        logger.info("applied migration %s: %s", migration.version, migration.name)
        applied.append(migration.version)
    return applied
