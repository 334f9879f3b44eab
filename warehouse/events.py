"""Events in the warehouse: one ``events`` row per real-world event, derived from its ``event_mentions``.

Each article's reports of funding rounds and launches are stored as
``event_mentions`` rows (with the sentence as evidence), keyed by an
``event_id`` that the same event gets in every article that reports it, in
either script (:func:`extractors.pipeline.event_rows`). The ``events`` row is
then recomputed from all of its mentions by one rule, :func:`refresh_events`:
values from the earliest report that states them (the first loaded of
reports at the same time), investors' entity ids
from every report, the first report's time and article, and the number of articles.
Loading new mentions and rebuilding from scratch both end with it, so the two
cannot disagree.
"""

from __future__ import annotations

import duckdb

# Values an event takes from its earliest report that states them (NULLs and empty lists skipped):
# surfaces as that report wrote them, so a Traditional edition adds no second spelling.
_EARLIEST = ("type", "company", "company_id", "round", "round_raw", "amount_raw", "amount_low", "amount_high",
             "currency", "investors", "lead_investors", "product", "product_id", "event_date", "details")  # fmt: skip
_LISTS = ("investors", "lead_investors")
# Entity ids an event gathers from every report.
_UNION = ("investor_ids", "lead_investor_ids")
# Reports in order: by publication (else fetch) time, then load order. The pair as one HUGEINT, time in µs
# × 10^12 + loaded_seq (which stays below 10^12): it sorts as the pair does, and arg_min compares it faster
# than a struct.
_ORDER = "epoch_us(coalesce(published_at, fetched_at))::HUGEINT * 1000000000000 + loaded_seq"


def _refresh_sql(scope: str) -> str:
    def stated(column: str) -> str:
        return f"len(m.{column}) > 0" if column in _LISTS else f"m.{column} IS NOT NULL"

    earliest = ",\n".join(f"arg_min(m.{c}, r.ord) FILTER (WHERE {stated(c)}) AS {c}" for c in _EARLIEST)
    union = ",\n".join(f"list_sort(list_distinct(flatten(list(coalesce(m.{c}, []))))) AS {c}" for c in _UNION)
    return f"""INSERT OR REPLACE INTO events BY NAME
               SELECT m.event_id, {earliest}, {union},
                      min(r.at) AS first_reported_at, arg_min(m.article_id, r.ord) AS first_article_id,
                      count(DISTINCT m.article_id) AS articles
               FROM event_mentions m
               JOIN (SELECT article_id, coalesce(published_at, fetched_at) AS at,
                            {_ORDER} AS ord FROM articles) r USING (article_id)
               WHERE {scope}
               GROUP BY m.event_id"""


def refresh_events(
    con: duckdb.DuckDBPyConnection, event_ids_table: str | None = None, *, mentions_removed: bool = True
) -> None:
    """Recompute the ``events`` rows of the event ids in table *event_ids_table* (any table with an ``event_id``
    column), or of every event; events left without a mention are removed. Runs inside the caller's transaction.

    A caller that only added mentions (the loader) passes ``mentions_removed=False``: every event in scope
    still has one, and the search for events left without is skipped.
    """
    if event_ids_table is None:
        con.execute("DELETE FROM events")
        con.execute(_refresh_sql("true"))
        return
    con.execute(_refresh_sql(f"m.event_id IN (SELECT event_id FROM {event_ids_table})"))
    if mentions_removed:
        con.execute(
            f"""DELETE FROM events WHERE event_id IN (SELECT event_id FROM {event_ids_table})
                AND event_id NOT IN (SELECT event_id FROM event_mentions)"""
        )
