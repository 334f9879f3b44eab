"""The warehouse's invariants, checked read-only (``newsdesk check``, and the test suite).

The schema holds few of its rules itself: DuckDB has no cheap foreign keys, and
migration 7 dropped the mentions key because the loader keeps it. So the rules
live here, each as one named SQL query that returns the offending rows (their
keys and a few short fields, never the article text). A warehouse is sound when every query returns
nothing. To add a rule, add an :class:`Invariant` to :data:`INVARIANTS`; the
CLI and the tests pick it up.

The rules are chosen so that one fault is reported once, by the rule that
names its cause: e.g. a ``duplicate_of`` pointing at a missing article breaks
``duplicate_of_root`` only, because ``cluster_id_matches_root`` looks only at
articles whose pointers are themselves valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse.connection import open_warehouse
from warehouse.exceptions import WarehouseError
from warehouse.migrations import LATEST_VERSION, current_version

# Offending rows shown per violated rule: enough to start debugging, short enough for one line.
SAMPLE_SIZE = 3


@dataclass(frozen=True)
class Invariant:
    """One rule: *sql* selects the keys of the rows that break it; *message* names one such row
    (it is printed as ``<count> × <message>``)."""

    name: str
    message: str
    sql: str


@dataclass(frozen=True)
class Violation:
    """A rule that does not hold: how many rows break it, and the first few (ordered, so reruns agree)."""

    rule: str
    message: str
    count: int
    columns: tuple[str, ...]
    sample: tuple[tuple[Any, ...], ...]

    def line(self) -> str:
        """One line for a terminal or a test failure: rule, count, message, sample."""
        rows = "; ".join(
            "(" + ", ".join(f"{c}={v!r}" for c, v in zip(self.columns, row, strict=True)) + ")" for row in self.sample
        )
        more = f"; … {self.count - len(self.sample)} more" if self.count > len(self.sample) else ""
        return f"{self.rule}: {self.count} × {self.message} — e.g. {rows}{more}"


# Articles that are their story's root: the targets of duplicate_of and cluster_id.
_ROOTS = "SELECT article_id FROM articles WHERE duplicate_of IS NULL"

INVARIANTS: tuple[Invariant, ...] = (
    Invariant(
        "mention_offsets",
        "mention whose surface is not the article text at its offsets",
        """SELECT m.article_id, m.entity_id, m.start, m."end", m.surface,
                  substr(a.text, m.start + 1, m."end" - m.start) AS text_there
           FROM mentions m JOIN articles a USING (article_id)
           WHERE substr(a.text, m.start + 1, m."end" - m.start) IS DISTINCT FROM m.surface""",
    ),
    Invariant(
        "mentions_have_article",
        "mention of an article that is not in articles",
        """SELECT m.article_id, m.entity_id, m.start FROM mentions m
           WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = m.article_id)""",
    ),
    Invariant(
        "mentions_have_entity",
        "mention of an entity that is not in entities",
        """SELECT m.entity_id, m.article_id, m.start FROM mentions m
           WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.entity_id = m.entity_id)""",
    ),
    Invariant(
        "duplicate_of_root",
        "copy whose duplicate_of is not an existing root article",
        """SELECT a.article_id, a.duplicate_of,
                  CASE WHEN t.article_id IS NULL THEN 'missing' ELSE 'a copy of ' || t.duplicate_of END AS target
           FROM articles a LEFT JOIN articles t ON t.article_id = a.duplicate_of
           WHERE a.duplicate_of IS NOT NULL AND (t.article_id IS NULL OR t.duplicate_of IS NOT NULL)""",
    ),
    Invariant(
        "cluster_id_root",
        "article whose cluster_id is not an existing root article",
        """SELECT a.article_id, a.cluster_id,
                  CASE WHEN t.article_id IS NULL THEN 'missing' ELSE 'a copy of ' || t.duplicate_of END AS target
           FROM articles a LEFT JOIN articles t ON t.article_id = a.cluster_id
           WHERE t.article_id IS NULL OR t.duplicate_of IS NOT NULL""",
    ),
    Invariant(
        # A root's cluster is its own id, a copy's is its root's (the loader and
        # the near-duplicate pass both set them together). Only articles whose
        # pointers are valid are judged here; the two rules above report the rest.
        "cluster_id_matches_root",
        "article whose cluster_id is not its story's root (its own id for a root, duplicate_of for a copy)",
        f"""SELECT article_id, duplicate_of, cluster_id FROM articles
            WHERE cluster_id <> coalesce(duplicate_of, article_id)
              AND cluster_id IN ({_ROOTS})
              AND (duplicate_of IS NULL OR duplicate_of IN ({_ROOTS}))""",
    ),
    Invariant(
        # Every path that adds an article adds its signature (seeds included),
        # and an article without one is invisible to near-duplicate detection.
        "one_signature_per_article",
        "article without exactly one MinHash signature",
        """SELECT a.article_id, count(s.article_id) AS signatures
           FROM articles a LEFT JOIN signatures s USING (article_id)
           GROUP BY a.article_id HAVING count(s.article_id) <> 1""",
    ),
    Invariant(
        "signatures_have_article",
        "signature of an article that is not in articles",
        """SELECT s.article_id FROM signatures s
           WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = s.article_id)""",
    ),
    Invariant(
        "lsh_bands_have_article",
        "article id with LSH band keys but no row in articles",
        """SELECT b.article_id, count(*) AS band_keys FROM lsh_bands b
           WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = b.article_id)
           GROUP BY b.article_id""",
    ),
    Invariant(
        "related_articles_have_articles",
        "relation with an end that is not in articles",
        """SELECT r.article_id, r.related_id, r.relation,
                  CASE WHEN a.article_id IS NULL AND b.article_id IS NULL THEN 'both'
                       WHEN a.article_id IS NULL THEN 'article_id' ELSE 'related_id' END AS missing
           FROM related_articles r
           LEFT JOIN articles a ON a.article_id = r.article_id
           LEFT JOIN articles b ON b.article_id = r.related_id
           WHERE a.article_id IS NULL OR b.article_id IS NULL""",
    ),
    Invariant(
        # README: related_id is "the story's root" — an excerpt is linked to the story, not to one copy of it.
        "related_id_root",
        "relation whose related_id is an existing article but not a story's root",
        """SELECT r.article_id, r.related_id, b.duplicate_of AS related_root
           FROM related_articles r JOIN articles b ON b.article_id = r.related_id
           WHERE b.duplicate_of IS NOT NULL""",
    ),
    Invariant(
        "event_sentence_offsets",
        "event mention whose sentence is not the article text at its offsets",
        """SELECT m.article_id, m.event_id, m.start, m."end" FROM event_mentions m JOIN articles a USING (article_id)
           WHERE substr(a.text, m.start + 1, m."end" - m.start) IS DISTINCT FROM m.sentence""",
    ),
    Invariant(
        "event_mentions_have_article",
        "event mention of an article that is not in articles",
        """SELECT m.article_id, m.event_id FROM event_mentions m
           WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = m.article_id)""",
    ),
    Invariant(
        # events rows are derived from their mentions (warehouse.events.refresh_events), never written alone.
        "events_match_their_mentions",
        "event without a mention, or event mention without its event",
        """SELECT e.event_id, 'no mention' AS problem FROM events e
           WHERE NOT EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.event_id)
           UNION ALL
           SELECT DISTINCT m.event_id, 'no event' FROM event_mentions m
           WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = m.event_id)""",
    ),
)


def check_connection(con: duckdb.DuckDBPyConnection, invariants: tuple[Invariant, ...] = INVARIANTS) -> list[Violation]:
    """Run every rule on an open connection (read-only is enough); the rules that fail, in rule order.

    Raises:
        WarehouseError: the file is not a newsdesk warehouse at the current schema
            version (the rules name its tables and columns).
    """
    version = current_version(con)
    if version == 0:
        raise WarehouseError("not a newsdesk warehouse (it has no schema_version table)")
    if version < LATEST_VERSION:
        raise WarehouseError(
            f"the warehouse is at schema version {version}, older than this newsdesk's {LATEST_VERSION}; "
            "any newsdesk command that writes to it migrates it first"
        )
    violations = []
    for rule in invariants:
        try:
            (count,) = con.execute(f"SELECT count(*) FROM ({rule.sql})").fetchone()
            if not count:
                continue
            cursor = con.execute(f"SELECT * FROM ({rule.sql}) ORDER BY ALL LIMIT {SAMPLE_SIZE}")
        except duckdb.Error as exc:
            raise WarehouseError(f"invariant {rule.name} could not run: {exc}") from None
        columns = tuple(d[0] for d in cursor.description)
        violations.append(Violation(rule.name, rule.message, count, columns, tuple(cursor.fetchall())))
    return violations


def check_warehouse(db_path: Path, *, wait: float | None = None) -> list[Violation]:
    """Check every invariant on the warehouse at *db_path*, opened read-only; an empty list means sound.

    Raises:
        NoWarehouse, WarehouseLocked: see :func:`warehouse.connection.open_warehouse`.
        WarehouseError: not a DuckDB file, not a newsdesk warehouse, or an older schema.
    """
    with open_warehouse(db_path, read_only=True, wait=wait) as con:
        try:
            return check_connection(con)
        except WarehouseError as exc:
            raise WarehouseError(f"{db_path}: {exc}") from None
