"""Whole-warehouse maintenance: re-tagging, entity discovery, re-extraction, rebuilding duplicate clusters.

Orchestration only: what to recompute comes from the extractors, every write
is a :class:`warehouse.database.Warehouse` method. These run without Prefect:
they are quick, local, and an analyst runs them by hand after editing the
catalogue or upgrading the extractor.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from extractors.discovery import Candidate
from extractors.entities import Catalogue, Mention
from extractors.events import extract_events
from extractors.pipeline import (
    entity_rows,
    event_rows,
    mention_rows,
    merged_mentions,
    process_page,
    provisional_entity_rows,
    tag_article,
)
from flows.config import Settings
from warehouse.database import DedupeReport, EventsReport, RetagReport, Warehouse
from warehouse.neardup import DEFAULT_THRESHOLDS, Thresholds
from warehouse.spool import Batch, write_batch

logger = logging.getLogger(__name__)


def retag(db_path: Path, catalogue: Catalogue, *, everything: bool = False) -> RetagReport:
    """Re-tag articles whose ``catalogue_version`` differs from *catalogue*'s (all with *everything*).

    Idempotent: a second run with the same catalogue finds nothing to do.
    """

    def tag(article_id: str, text: str) -> tuple[list, list]:
        known, provisional = tag_article(text, catalogue)
        return mention_rows(article_id, merged_mentions(known, provisional)), provisional_entity_rows(provisional)

    return Warehouse(db_path).retag(catalogue.version, entity_rows(catalogue), tag, everything=everything)


def discover_entities(db_path: Path, *, since: str | None = None, limit: int = 30) -> list[Candidate]:
    """Provisional entities in the warehouse's unique stories, most promising first (read-only).

    Ranked by stories naming them, then by how many of those also name a catalogue entity. No
    catalogue is needed: what it lacks was decided when the articles were tagged.
    """
    found = Warehouse(db_path).provisional_entities(since, limit)
    return [
        Candidate(
            f["name"],
            f["kind"],
            f["articles"],
            f["occurrences"],
            f["with_known"],
            f["top_companion"],
            score=f["articles"] + 0.5 * f["with_known"],
            entity_id=f["entity_id"],
            evidence=f["evidence"],
            surfaces=tuple(f["surfaces"]),
        )
        for f in found
    ]


def rebuild_dedupe(db_path: Path, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> DedupeReport:
    """Recompute signatures, bands, clusters and relations for the whole warehouse, in load order."""
    return Warehouse(db_path, thresholds=thresholds).rebuild_dedupe()


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
        known = settings.warehouse().article_versions(list(records))
        new = [r for i, r in records.items() if i not in known]
        stale = [r for i, r in records.items() if i in known and known[i] != f"{r.content_hash}|{r.extractor_version}"]
        unchanged += len(records) - len(new) - len(stale)
        if stale:
            settings.warehouse().update_articles(
                [r.row("reprocess") for r in stale],
                [row for r in stale for row in r.mention_rows()],
                [r.signature_row() for r in stale],
                [row for r in stale for row in r.event_rows()],
            )
            updated += len(stale)
        if new:
            batch = Batch(f"{datetime.now(UTC):%Y%m%dT%H%M%S}-reprocess-{warc.stem}")
            for record in new:
                batch.add_tables(record.spool_rows("reprocess"))
            write_batch(settings.spool_dir, batch)
            added += sum(r.new_articles + r.duplicates for r in settings.warehouse().load_spool(settings.spool_dir))
    if updated:
        settings.warehouse().rebuild_dedupe()
    return ReprocessReport(pages, updated, unchanged, added, no_article)


def rebuild_events(db_path: Path, catalogue: Catalogue) -> EventsReport:
    """Re-derive every article's events with the current extractor, from its stored text and mentions."""

    def extract(article_id: str, url: str, text: str, published_at: str | None, mentions: list | None) -> list:
        tagged = [  # the catalogue's mentions, as when the article was loaded
            Mention(entity_id, surface, start, end)
            for entity_id, surface, start, end in mentions or []
            if entity_id in catalogue.by_id
        ]
        published = date.fromisoformat(published_at[:10]) if published_at else None
        found = extract_events(text, tagged, published, catalogue=catalogue)
        return event_rows(article_id, found, published_at, url)

    return Warehouse(db_path).rebuild_events(extract)
