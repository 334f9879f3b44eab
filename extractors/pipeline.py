"""One page through the pure stages: decode → extract → normalise → fingerprint → tag.

The flows call :func:`process_page` for fetched pages and
:func:`process_plain_text` for the seed corpus; both return an
:class:`ArticleRecord` ready for the warehouse, or say why there is none.
No I/O happens here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from extractors.article import EXTRACTOR_VERSION, Extracted, article_from_plain_text, extract_article
from extractors.charset import decode_html
from extractors.entities import Catalogue, Mention
from extractors.events import Event, event_key, extract_events
from extractors.fingerprint import content_hash
from extractors.minhash import Signature, signature, signature_row
from extractors.provisional import ProvisionalMention, find_provisional
from extractors.relevance import Relevance, relevance_score
from extractors.urls import article_id_for, canonical_url, url_host

DEFAULT_RELEVANCE = Relevance()
# Dates without a time or zone are Beijing dates: the press we read writes them so.
DEFAULT_UTC_OFFSET = "+08:00"


def mention_rows(
    article_id: str, mentions: Iterable[Mention], article_url: str | None = None
) -> list[dict[str, object]]:
    """The ``mentions`` spool rows of an article's mentions (for retag as for new articles).

    *article_url* names the copy the offsets belong to (see :mod:`warehouse.schema`).
    """
    return [{"article_id": article_id, **m.__dict__, "article_url": article_url} for m in mentions]


def entity_rows(catalogue: Catalogue) -> list[dict[str, object]]:
    """The catalogue as ``entities`` rows (loaded with every run, replaced by retag)."""
    return [
        {
            "entity_id": e.entity_id,
            "name": e.name,
            "kind": e.kind,
            "parent_id": e.parent_id,
            "core": e.core,
            "english": list(e.english),
            "aliases": list(e.aliases + e.ambiguous),
            "catalogue_version": catalogue.version,
            "curated": True,
            "evidence": None,
        }
        for e in catalogue.entities
    ]


def provisional_entity_rows(found: Iterable[ProvisionalMention]) -> list[dict[str, object]]:
    """``entities`` rows (``curated`` false) for the provisional entities of *found*, one per entity."""
    rows: dict[str, dict[str, object]] = {}
    for p in found:
        rows.setdefault(p.entity_id, {
            "entity_id": p.entity_id, "name": p.name, "kind": p.kind, "parent_id": None, "core": False,
            "english": [], "aliases": [], "catalogue_version": None, "curated": False, "evidence": p.evidence,
        })  # fmt: skip
    return list(rows.values())


def tag_article(text: str, catalogue: Catalogue) -> tuple[list[Mention], list[ProvisionalMention]]:
    """The catalogue's mentions in *text*, and the names it lacks (provisional entities, see
    :mod:`extractors.provisional`); the two never overlap."""
    known = catalogue.tag(text)
    return known, find_provisional(text, known)


def merged_mentions(known: Iterable[Mention], provisional: Iterable[ProvisionalMention]) -> list[Mention]:
    """Catalogue and provisional mentions as one list in text order: what ``mentions`` stores."""
    return sorted([*known, *(p.as_mention() for p in provisional)], key=lambda m: (m.start, m.end))


def event_id_for(event: Event, published: str | None) -> str:
    """The id every report of the same real-world event gets (see :func:`extractors.events.event_key`).

    A funding round without a named round is told apart by month (the event's date, else the
    article's): two unnamed rounds of one company in different months are two events.
    """
    key = event_key(event)
    if event.type == "funding" and event.round == "unknown":
        key += "|" + (event.date or published or "")[:7]
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def event_rows(
    article_id: str, events: Iterable[Event], published: str | None, article_url: str | None = None
) -> list[dict[str, object]]:
    """The ``event_mentions`` spool rows of an article's events (values as written, normalised ones, evidence)."""
    rows = []
    for e in events:
        amount, valuation = e.amount, e.valuation
        rows.append({
            "article_id": article_id, "event_id": event_id_for(e, published), "type": e.type,
            "company": e.company, "company_id": e.company_id, "round": e.round, "round_raw": e.round_raw,
            "amount_raw": amount.raw if amount else None, "amount_low": amount.low if amount else None,
            "amount_high": amount.high if amount else None, "currency": amount.currency if amount else None,
            "valuation_raw": valuation.raw if valuation else None,
            "investors": [p.surface for p in e.investors], "investor_ids": [p.entity_id for p in e.investors if p.entity_id],
            "lead_investors": [p.surface for p in e.lead_investors],
            "lead_investor_ids": [p.entity_id for p in e.lead_investors if p.entity_id],
            "product": e.product, "product_id": e.product_id, "event_date": e.date, "date_raw": e.date_raw,
            "details": dict(e.details) or None, "sentence": e.sentence, "start": e.start, "end": e.end,
            "article_url": article_url,
        })  # fmt: skip
    return rows


@dataclass(frozen=True)
class ArticleRecord:
    """An extracted, fingerprinted, tagged article (warehouse ``articles`` row + mentions)."""

    article_id: str
    url: str
    canonical_url: str
    source: str
    title: str | None
    text: str
    published_at: str | None
    fetched_at: datetime
    lang: str | None
    script: str | None
    content_hash: str
    author: str | None
    sitename: str | None
    extractor_version: str
    catalogue_version: str
    extraction_method: str | None = None
    date_source: str | None = None  # how published_at was found: metadata, page_text, relative_to_fetch, url, none
    mentions: tuple[Mention, ...] = field(default_factory=tuple)  # the catalogue's and provisional ones, in order
    signature: Signature | None = None
    events: tuple[Event, ...] = field(default_factory=tuple)
    provisional: tuple[ProvisionalMention, ...] = field(default_factory=tuple)

    def row(self, run_id: str) -> dict[str, object]:
        """The ``articles`` row."""
        data = {k: v for k, v in self.__dict__.items() if k not in ("mentions", "signature", "events", "provisional")}
        return {**data, "run_id": run_id}

    def signature_row(self) -> dict[str, object]:
        """The ``signatures`` spool row (MinHash values, set size, lookup keys)."""
        return signature_row(self.article_id, self.signature or signature(self.text), self.url)

    def mention_rows(self) -> list[dict[str, object]]:
        return mention_rows(self.article_id, self.mentions, self.url)

    def spool_rows(self, run_id: str) -> dict[str, list[dict[str, object]]]:
        """Every spool row of this article, by table: its ``articles`` row, its ``mentions``, ``signatures`` and
        ``event_mentions``, and ``entities`` rows for its provisional entities."""
        return {"articles": [self.row(run_id)], "mentions": self.mention_rows(), "signatures": [self.signature_row()],
                "event_mentions": self.event_rows(), "entities": provisional_entity_rows(self.provisional)}  # fmt: skip

    def event_rows(self) -> list[dict[str, object]]:
        return event_rows(self.article_id, self.events, self.published_at, self.url)


@dataclass(frozen=True)
class PageResult:
    """What processing made of one page: a record, or why not."""

    record: ArticleRecord | None
    encoding: str | None = None
    outcome: str = "ok"
    error: str | None = None


def published_timestamp(published: str | None) -> str | None:
    """An ISO date (``2024-10-11``) or timestamp as a zoned ISO timestamp."""
    if not published:
        return None
    try:
        parsed = datetime.fromisoformat(published)
    except ValueError:
        return None
    if len(published) == 10:  # date only
        return f"{published}T00:00:00{DEFAULT_UTC_OFFSET}"
    if parsed.tzinfo is None:
        return parsed.isoformat() + DEFAULT_UTC_OFFSET
    return parsed.isoformat()


def build_record(
    extracted: Extracted,
    *,
    url: str,
    identity_url: str,
    source: str,
    fetched_at: datetime,
    catalogue: Catalogue,
) -> ArticleRecord:
    """Fingerprint and tag an extracted article, and find the events it reports."""
    known, provisional = tag_article(extracted.text, catalogue)
    mentions = tuple(merged_mentions(known, provisional))
    published_at = published_timestamp(extracted.published)
    published = date.fromisoformat(published_at[:10]) if published_at else None
    return ArticleRecord(
        article_id=article_id_for(identity_url),
        url=url,
        canonical_url=identity_url,
        source=source,
        title=extracted.title,
        text=extracted.text,
        published_at=published_at,
        fetched_at=fetched_at,
        lang=extracted.lang,
        script=extracted.script,
        content_hash=content_hash(extracted.text),
        author=extracted.author,
        sitename=extracted.sitename,
        extractor_version=EXTRACTOR_VERSION,
        catalogue_version=catalogue.version,
        extraction_method=extracted.method,
        date_source=extracted.date_source,
        mentions=mentions,
        signature=signature(extracted.text),
        events=tuple(extract_events(extracted.text, known, published, catalogue=catalogue)),
        provisional=tuple(provisional),
    )


def process_page(
    body: bytes,
    *,
    url: str,
    final_url: str | None,
    content_type: str | None,
    fetched_at: datetime,
    catalogue: Catalogue,
    mobile_hosts: Mapping[str, str] | None = None,
    relevance: Relevance | None = DEFAULT_RELEVANCE,
) -> PageResult:
    """Turn a fetched HTML body into an article record (``off_topic`` when it scores below *relevance*)."""
    decoded = decode_html(body, content_type)
    extracted = extract_article(decoded.text, final_url or url, fetched_at)
    if extracted is None:
        return PageResult(
            None,
            decoded.encoding,
            "no_article",
            f"no article text found in {len(body)} bytes of HTML (navigation, error or empty page?)",
        )
    identity = canonical_url(final_url or url, mobile_hosts)
    record = build_record(
        extracted, url=url, identity_url=identity, source=url_host(identity), fetched_at=fetched_at, catalogue=catalogue
    )
    if relevance is not None:
        score = relevance_score(record.text, record.mentions, catalogue, relevance.keywords)
        if score < relevance.threshold:
            why = f"relevance {score:g} < {relevance.threshold:g}: names no catalogue entity and no keyword; kept in the archive"
            return PageResult(None, decoded.encoding, "off_topic", why)
    return PageResult(record, decoded.encoding)


def process_plain_text(
    content: str, *, name: str, fetched_at: datetime, catalogue: Catalogue, source: str = "seed"
) -> PageResult:
    """A plain-text article (first line = title), identified as ``<source>:<name>``."""
    extracted = article_from_plain_text(content)
    if extracted is None:
        return PageResult(None, None, "no_article", f"{name}: no title line or no text")
    identity = f"{source}:{name}"
    record = build_record(
        extracted, url=identity, identity_url=identity, source=source, fetched_at=fetched_at, catalogue=catalogue
    )
    return PageResult(record, "utf-8")
