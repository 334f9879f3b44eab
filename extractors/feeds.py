"""Feeds and sitemaps → links to articles.

One entry point, :func:`parse_links`, reads whatever a source serves — RSS
2.0, RDF/RSS 1.0, Atom, a sitemap, a Google News sitemap, a sitemap index,
gzipped or not — and says which article links it lists (with dates where the
document gives them) and which further sitemaps it points to.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from lxml import etree

# A gzipped sitemap may expand to at most this many bytes (the sitemap
# protocol caps an uncompressed sitemap at 50 MB).
MAX_EXPANDED_BYTES = 50 * 1024 * 1024


class FeedError(ValueError):
    """The document is not a feed or sitemap newsdesk can read."""


@dataclass(frozen=True)
class Link:
    """An article URL found in a feed or sitemap."""

    url: str
    published: datetime | None = None
    title: str | None = None


@dataclass(frozen=True)
class Discovered:
    """What one feed or sitemap document lists."""

    kind: str  # rss, rdf, atom, sitemap, sitemapindex
    links: list[Link] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def _gunzip(body: bytes) -> bytes:
    """Expand a gzip body, refusing to grow past MAX_EXPANDED_BYTES."""
    stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = stream.decompress(body, MAX_EXPANDED_BYTES + 1)
    if len(out) > MAX_EXPANDED_BYTES or stream.unconsumed_tail:
        raise FeedError(f"gzipped document expands beyond {MAX_EXPANDED_BYTES} bytes")
    return out


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(element: etree._Element, *names: str) -> str | None:
    for child in element:
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_date(value: str | None) -> datetime | None:
    """Dates as feeds write them: RFC 822 (RSS) or ISO 8601 (Atom, sitemaps)."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_links(body: bytes, base_url: str | None = None) -> Discovered:
    """Read a feed or sitemap.

    Raises:
        FeedError: when the bytes are not XML of a known kind.
    """
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(io.BytesIO(body.lstrip()), parser).getroot()
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise FeedError(f"not XML: {exc}") from None
    if root is None:
        raise FeedError("empty or unparseable document")
    kind = _local(root.tag).lower()

    def absolute(url: str) -> str:
        return urljoin(base_url, url) if base_url else url

    if kind == "sitemapindex":
        locs = [_child_text(s, "loc") for s in root if _local(s.tag) == "sitemap"]
        return Discovered("sitemapindex", sitemaps=[absolute(u) for u in locs if u])
    if kind == "urlset":
        links = []
        for entry in root:
            if _local(entry.tag) != "url" or not (loc := _child_text(entry, "loc")):
                continue
            date = _child_text(entry, "lastmod")
            title = None
            for news in entry.iter("{*}news"):
                date = _child_text(news, "publication_date") or date
                title = _child_text(news, "title")
            links.append(Link(absolute(loc), parse_date(date), title))
        return Discovered("sitemap", links=links)
    if kind == "feed":  # Atom
        links = []
        for entry in root:
            if _local(entry.tag) != "entry":
                continue
            href = None
            for link in entry:
                if _local(link.tag) == "link" and link.get("rel", "alternate") == "alternate":
                    href = link.get("href")
                    break
            if href:
                date = _child_text(entry, "published", "updated")
                links.append(Link(absolute(href), parse_date(date), _child_text(entry, "title")))
        return Discovered("atom", links=links)
    if kind in ("rss", "rdf"):
        links = []
        for item in root.iter("{*}item", "item"):
            url = _child_text(item, "link") or _child_text(item, "guid")
            if url:
                date = _child_text(item, "pubDate", "date", "published", "updated")
                links.append(Link(absolute(url), parse_date(date), _child_text(item, "title")))
        return Discovered("rss" if kind == "rss" else "rdf", links=links)
    raise FeedError(f"unknown document type <{_local(root.tag)}>; expected RSS, Atom, RDF or a sitemap")


__all__ = ["Discovered", "FeedError", "Link", "parse_date", "parse_links"]
