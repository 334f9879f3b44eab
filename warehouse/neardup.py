"""Near-duplicate resolution at load time, against the whole history.

New articles that are not exact copies are looked up by their LSH band keys
and lead hash (indexed tables), never compared all-pairs. Each candidate
pair is confirmed by the estimated Jaccard of the two MinHash signatures:

* at or above ``Thresholds.duplicate`` → the new article joins the older
  one's story: ``duplicate_of`` = that story's root (its earliest article),
  same ``cluster_id``; its own exact copies follow it;
* below, but the shorter one is mostly contained in the longer
  (``Thresholds.related``) → an excerpt or partial reprint: recorded in
  ``related_articles``, not merged.

"Earlier" means loaded earlier (``loaded_seq``): the first copy newsdesk
saw is the story's root.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb

from extractors.minhash import containment, jaccard

# Estimated Jaccard for "same story": reposts with other chrome and
# Traditional editions score > 0.9, a rewrite with a new lead and ~5% edits
# ~0.75–0.85, different articles on the same topic < 0.1 (tests/extractors/
# test_minhash.py). The 16×4 LSH bands find pairs at 0.7 with p ≈ 0.99.
DUPLICATE_JACCARD = 0.7
# An excerpt (the first third) scores ~0.3 Jaccard but ~1.0 containment.
RELATED_CONTAINMENT = 0.8


@dataclass(frozen=True)
class Thresholds:
    duplicate: float = DUPLICATE_JACCARD
    related: float = RELATED_CONTAINMENT


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class NearDupReport:
    duplicates: int = 0
    related: int = 0


# Above this many stored band keys, candidates are fetched through the ART
# indexes (cost per key looked up, ~12 µs here) instead of hash-joining the
# whole table (cost per stored key, ~10 ns here). Crossover measured with
# bench/dedupe_bench.py at ~1.9M keys (≈120k articles); re-measure on new hardware.
INDEX_LOOKUP_ROWS = 2_000_000
# Keys per IN-list statement on the index path.
_IN_CHUNK = 500

# Lookup keys of a new article: its LSH band keys and its lead hash (or None).
Keys = tuple[Sequence[int], int | None]


def _matches(
    con: duckdb.DuckDBPyConnection, table: str, column: str, keys: list[int], use_index: bool
) -> list[tuple[int, str]]:
    """(key, article_id) rows of *table* whose *column* is one of *keys*."""
    if not keys:
        return []
    if not use_index:
        return con.execute(
            f"SELECT t.{column}, t.article_id FROM {table} t JOIN (SELECT DISTINCT unnest(?::BIGINT[]) AS k) q ON t.{column} = q.k",
            [keys],
        ).fetchall()
    rows: list[tuple[int, str]] = []
    for start in range(0, len(keys), _IN_CHUNK):
        chunk = ",".join(str(int(k)) for k in keys[start : start + _IN_CHUNK])  # integers only: safe to inline
        rows += con.execute(f"SELECT {column}, article_id FROM {table} WHERE {column} IN ({chunk})").fetchall()
    return rows


def _use_index(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT count(*) FROM lsh_bands").fetchone()[0] > INDEX_LOOKUP_ROWS


def _candidates(con: duckdb.DuckDBPyConnection, new: Mapping[str, Keys], use_index: bool) -> set[tuple[str, str]]:
    """(new article, other article) pairs sharing an LSH band key or the lead hash."""
    by_band: dict[int, list[str]] = defaultdict(list)
    by_lead: dict[int, list[str]] = defaultdict(list)
    for article_id, (bands, lead) in new.items():
        for key in bands:
            by_band[key].append(article_id)
        if lead is not None:
            by_lead[lead].append(article_id)
    found = _matches(con, "lsh_bands", "band_key", list(by_band), use_index)
    found_lead = _matches(con, "signatures", "lead_hash", list(by_lead), use_index)
    pairs = {(n, o) for key, o in found for n in by_band[key] if n != o}
    pairs |= {(n, o) for key, o in found_lead for n in by_lead[key] if n != o}
    return pairs


def resolve_near_duplicates(
    con: duckdb.DuckDBPyConnection, new: Mapping[str, Keys], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> NearDupReport:
    """Link the *new* articles (already inserted, with signatures and bands) to older near-duplicates.

    *new* maps each new article_id to its lookup keys. Runs inside the caller's transaction.
    """
    if not new:
        return NearDupReport()
    use_index = _use_index(con)
    return _link(con, _candidates(con, new, use_index), use_index, thresholds)


def resolve_new_signatures(
    con: duckdb.DuckDBPyConnection, table: str, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> NearDupReport:
    """:func:`resolve_near_duplicates` for the articles whose signatures are in *table* (``signatures`` spool
    columns; the articles already inserted, with signatures and bands).

    Below ``INDEX_LOOKUP_ROWS`` the candidate pairs come from one join in DuckDB, so
    neither the band keys nor the rows they match travel through Python — among
    them each new article itself, whose keys are stored already. Runs inside the
    caller's transaction.
    """
    use_index = _use_index(con)
    if use_index:
        keys = con.execute(f"SELECT article_id, bands, lead_hash FROM {table}").fetchall()
        new = {article_id: (bands, lead) for article_id, bands, lead in keys}
        return _link(con, _candidates(con, new, use_index), use_index, thresholds)
    pairs = con.execute(
        f"""SELECT n.article_id, b.article_id
            FROM (SELECT article_id, unnest(bands) AS band_key FROM {table}) n
            JOIN lsh_bands b ON b.band_key = n.band_key
            WHERE b.article_id <> n.article_id
            UNION
            SELECT n.article_id, s.article_id
            FROM {table} n JOIN signatures s ON s.lead_hash = n.lead_hash
            WHERE s.article_id <> n.article_id"""
    ).fetchall()
    return _link(con, set(pairs), use_index, thresholds)


def _link(
    con: duckdb.DuckDBPyConnection, pairs: set[tuple[str, str]], use_index: bool, thresholds: Thresholds
) -> NearDupReport:
    """Confirm the candidate *pairs* (new article, other article) by their signatures; link and relate them."""
    if not pairs:
        return NearDupReport()
    involved = sorted({i for pair in pairs for i in pair})
    columns = "a.article_id, a.duplicate_of, a.cluster_id, a.loaded_seq, s.minhash, s.shingles"
    if use_index:  # point lookups through the primary-key indexes
        rows = []
        for start in range(0, len(involved), _IN_CHUNK):
            quoted = ",".join("'" + i.replace("'", "''") + "'" for i in involved[start : start + _IN_CHUNK])
            rows += con.execute(
                f"SELECT {columns} FROM articles a JOIN signatures s USING (article_id) WHERE a.article_id IN ({quoted})"
            ).fetchall()
    else:
        rows = con.execute(
            f"SELECT {columns} FROM articles a JOIN signatures s USING (article_id) WHERE a.article_id IN (SELECT unnest(?::VARCHAR[]))",
            [involved],
        ).fetchall()
    state = {r[0]: {"dup": r[1], "cluster": r[2], "seq": r[3], "sig": r[4], "size": r[5]} for r in rows}
    candidates: dict[str, list[str]] = defaultdict(list)
    for n, o in sorted(pairs):
        if state[o]["seq"] < state[n]["seq"]:  # only older articles can be a story's root
            candidates[n].append(o)
    updates: dict[str, tuple[str, str]] = {}
    related: list[tuple[str, str, str, float, float]] = []
    for n in sorted(candidates, key=lambda i: state[i]["seq"]):  # older new articles settle first
        me = state[n]
        best: tuple[float, int, str] | None = None
        seen_stories: set[str] = set()
        for o in candidates[n]:
            other = state[o]
            j = jaccard(me["sig"], other["sig"])
            if j >= thresholds.duplicate:
                key = (j, -other["seq"], o)
                best = key if best is None or key > best else best
            else:
                c = containment(j, me["size"], other["size"])
                story = other["dup"] or o  # relate to the story's root, once per story
                if c >= thresholds.related and story not in seen_stories:
                    seen_stories.add(story)
                    kind = "excerpt_of" if me["size"] <= other["size"] else "contains"
                    related.append((n, story, kind, round(j, 4), round(c, 4)))
        if best is None or me["dup"] is not None:
            continue  # no near-duplicate, or already an exact copy of something older
        other = state[best[2]]
        root = other["dup"] or best[2]
        if root == n or other["cluster"] == me["cluster"]:
            continue  # already the same story
        me["dup"], me["cluster"] = root, other["cluster"]
        updates[n] = (root, other["cluster"])
    for n, (root, cluster) in updates.items():
        # the article and its own exact copies join the older story
        con.execute(
            "UPDATE articles SET duplicate_of = ?, cluster_id = ? WHERE article_id = ? OR duplicate_of = ?",
            [root, cluster, n, n],
        )
    if related:  # one statement: executemany runs one per row
        con.execute(
            "INSERT OR IGNORE INTO related_articles SELECT unnest(?), unnest(?), unnest(?), unnest(?), unnest(?)",
            [list(column) for column in zip(*related, strict=True)],
        )
    return NearDupReport(len(updates), len(related))


def store_signatures(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Store the signatures held in *table* (``signatures`` spool columns) and their LSH band keys.

    Runs inside the caller's transaction; an article's signature is stored once.
    """
    con.execute(f"INSERT OR IGNORE INTO signatures SELECT article_id, minhash, shingles, lead_hash FROM {table}")
    con.execute(f"INSERT INTO lsh_bands SELECT DISTINCT unnest(bands), article_id FROM {table}")
