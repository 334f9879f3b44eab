"""The coverage report's reads, by name: what ``newsdesk report`` shows, each a query over the views.

A mixin of :class:`warehouse.database.Warehouse` (``Warehouse(path).core_daily(day)``), kept in its
own module because it only reads. Every method takes the first Beijing day to count and returns
rows as dicts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from warehouse.query import Result

Rows = list[dict[str, Any]]


def event_timeline(
    db: Path, *, company: str | None = None, since: str | None = None, type_: str | None = None
) -> Result:
    """Events newest first (``company_timeline``), for ``newsdesk events list``: a module function rather than a
    :class:`CoverageReads` method so that the command imports no more than a query needs.

    *company* is an entity id or name (as the catalogue or the text writes it), *since* an ISO day.
    """
    from warehouse.query import run_query

    where, params = [], []
    if company:
        where.append("(company_id = ? OR company = ? OR company_id IN (SELECT entity_id FROM entities WHERE name = ?))")
        params += [company, company, company]
    if since:
        where.append("day >= ?")
        params.append(since)
    if type_:
        where.append("type = ?")
        params.append(type_)
    sql = (
        "SELECT day, company, type, what, amount, lead_investors, articles, first_url FROM company_timeline"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY day DESC, company"
    )
    return run_query(db, sql, params)


class CoverageReads:
    """Named read-only queries for the coverage report (see :mod:`flows.report`), on the warehouse at
    ``path``, waiting up to ``wait`` seconds for a lock (the attributes :class:`warehouse.database.Warehouse` sets)."""

    path: Path
    wait: float

    def _dicts(self, sql: str, params: list[Any]) -> Rows:
        from warehouse.query import run_query

        return run_query(self.path, sql, params, wait=self.wait).dicts()

    def unique_stories(self, day: date) -> int:
        """Unique stories published (else fetched) on or after *day*."""
        sql = "SELECT count(*) AS n FROM articles_unique WHERE CAST(coalesce(published_at, fetched_at) AS DATE) >= ?"
        return self._dicts(sql, [day])[0]["n"]

    def core_daily(self, day: date) -> Rows:
        """Stories per core company per day (``core_daily``)."""
        return self._dicts("SELECT company_id, day, articles FROM core_daily WHERE day >= ? ORDER BY day", [day])

    def attention(self, day: date) -> Rows:
        """Each core company's share of all unique stories per day (``attention_daily``)."""
        sql = "SELECT company_id, day, share FROM attention_daily WHERE day >= ? ORDER BY day, company_id"
        return self._dicts(sql, [day])

    def core_share(self, day: date) -> Rows:
        """Each core company's stories since *day* and its share of the six's."""
        sql = """SELECT company_id, name, sum(articles) AS articles, sum(articles) / sum(sum(articles)) OVER () AS share
                 FROM core_daily WHERE day >= ? GROUP BY ALL ORDER BY articles DESC"""
        return self._dicts(sql, [day])

    def companions(self, company_id: str, day: date, limit: int) -> Rows:
        """The entities most often named with a core company (``core_companions``)."""
        sql = """SELECT name, kind, sum(articles) AS articles FROM core_companions WHERE company_id = ? AND day >= ?
                 GROUP BY ALL ORDER BY articles DESC, name LIMIT ?"""
        return self._dicts(sql, [company_id, day, limit])

    def newest_stories(self, company_id: str, day: date, limit: int) -> Rows:
        """A core company's newest stories with their copy counts (``core_stories``)."""
        sql = """SELECT title, url, copies, sources, CAST(first_seen AS DATE) AS day FROM core_stories
                 WHERE company_id = ? AND CAST(first_seen AS DATE) >= ? ORDER BY first_seen DESC, title LIMIT ?"""
        return self._dicts(sql, [company_id, day, limit])

    def top_sources(self, day: date, limit: int) -> Rows:
        """Sources by stories naming a core company (``source_coverage``)."""
        sql = """SELECT source, sum(unique_articles) AS stories, sum(core_articles) AS core_articles
                 FROM source_coverage WHERE day >= ? GROUP BY ALL
                 ORDER BY core_articles DESC, stories DESC, source LIMIT ?"""
        return self._dicts(sql, [day, limit])

    def source_health(self, day: date) -> Rows:
        """Fetch attempts, successes and speed per source (``source_health``)."""
        sql = """SELECT source, sum(attempts) AS attempts, sum(successes) AS successes,
                        sum(successes) / sum(attempts) AS success_rate, sum(new_articles) AS new_articles,
                        median(median_ms) AS median_ms
                 FROM source_health WHERE day >= ? GROUP BY ALL ORDER BY attempts DESC, source"""
        return self._dicts(sql, [day])

    def core_timeline(self, day: date | None) -> Rows:
        """The core companies' funding rounds and launches (``company_timeline``), by company, newest first.

        An event's day may be a month (``2024-03``), so *day* is compared by its month.
        """
        sql = """SELECT company_id, day, type, what, amount, lead_investors, articles, first_url FROM company_timeline
                 WHERE company_id IN (SELECT entity_id FROM entities WHERE core) AND day >= ?
                 ORDER BY company_id, day DESC, type, what"""
        return self._dicts(sql, [day.isoformat()[: len("YYYY-MM")] if day else "0000"])
