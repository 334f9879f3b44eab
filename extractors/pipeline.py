"""One page through the pure stages: decode → extract → normalise → fingerprint → tag.

The flows call :func:`process_page` for fetched pages and
:func:`process_plain_text` for the seed corpus; both return an
:class:`ArticleRecord` ready for the warehouse, or say why there is none.
No I/O happens here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from extractors.article import EXTRACTOR_VERSION, Extracted, article_from_plain_text, extract_article
from extractors.charset import decode_html
from extractors.entities import Catalogue, Mention
from extractors.fingerprint import content_hash
from extractors.minhash import Signature, signature, signature_row
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
        }
        for e in catalogue.entities
    ]


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
    mentions: tuple[Mention, ...] = field(default_factory=tuple)
    signature: Signature | None = None

    def row(self, run_id: str) -> dict[str, object]:
        """The ``articles`` row."""
        data = {k: v for k, v in self.__dict__.items() if k not in ("mentions", "signature")}
        return {**data, "run_id": run_id}

    def signature_row(self) -> dict[str, object]:
        """The ``signatures`` spool row (MinHash values, set size, lookup keys)."""
        return signature_row(self.article_id, self.signature or signature(self.text), self.url)

    def mention_rows(self) -> list[dict[str, object]]:
        return mention_rows(self.article_id, self.mentions, self.url)

    def spool_rows(self, run_id: str) -> dict[str, list[dict[str, object]]]:
        """Every spool row of this article, by table: its ``articles`` row, its ``mentions`` and ``signatures``."""
        return {"articles": [self.row(run_id)], "mentions": self.mention_rows(), "signatures": [self.signature_row()]}


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
    """Fingerprint and tag an extracted article."""
    return ArticleRecord(
        article_id=article_id_for(identity_url),
        url=url,
        canonical_url=identity_url,
        source=source,
        title=extracted.title,
        text=extracted.text,
        published_at=published_timestamp(extracted.published),
        fetched_at=fetched_at,
        lang=extracted.lang,
        script=extracted.script,
        content_hash=content_hash(extracted.text),
        author=extracted.author,
        sitename=extracted.sitename,
        extractor_version=EXTRACTOR_VERSION,
        catalogue_version=catalogue.version,
        extraction_method=extracted.method,
        mentions=tuple(catalogue.tag(extracted.text)),
        signature=signature(extracted.text),
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
