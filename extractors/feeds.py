"""Feeds and sitemaps → links to articles.

One entry point, :func:`parse_links`, reads whatever a source serves — RSS
2.0, RDF/RSS 1.0, Atom, a sitemap, a Google News sitemap, a sitemap index,
gzipped or not — and says which article links it lists (with dates where the
document gives them) and which further sitemaps it points to.

Two parsers, each where it is the better tool:

- **Sitemaps** are read with lxml. They are machine-written and regular, but
  one may list 50,000 URLs (5 MB), which lxml's C parser reads in a fraction
  of the time any Python-level parser takes.
- **Feeds** are read with feedparser, the de-facto standard lenient feed
  parser. Real sites serve feeds with an unescaped ``&``, undeclared HTML
  entities such as ``&nbsp;``, truncated entities (``&amp`` without ``;``),
  GB2312 declared over GBK bytes, a charset declaration that is simply
  wrong, or a PHP notice before the XML. lxml's recovery mode cuts text at a
  bad ``&``, drops undeclared entities with the text around them, and finds
  no item at all in a GB2312 feed that uses one GBK-only character.
  feedparser falls back from a strict XML parser to a forgiving SGML one and
  keeps those items. It is given the feed already decoded (newsdesk knows
  Chinese charsets better) and with its ampersands repaired (its SGML parser
  would read ``&lang=zh`` in a URL as an entity); on the rare document it
  raises on, lxml reads the repaired text instead.

Both stay pure transforms of the bytes they are given. lxml is told not to
resolve entities or touch the network. feedparser is only ever handed an
``io.BytesIO``: given a ``str`` or ``bytes`` it first tries the value as a
file name to ``open()`` and, for a ``str`` that looks like a URL, fetches it.
It strips DOCTYPE entity declarations other than plain-text ones, turns off
external entities in its strict parser, resolves none in its loose one, and
ignores processing instructions such as ``<?xml-stylesheet?>``.
"""

from __future__ import annotations

import codecs
import html.entities
import io
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import feedparser
from lxml import etree

from extractors.charset import decode_html

# A gzipped sitemap may expand to at most this many bytes (the sitemap
# protocol caps an uncompressed sitemap at 50 MB).
MAX_EXPANDED_BYTES = 50 * 1024 * 1024

# The encoding an XML declaration names. Searched in the first bytes rather
# than anchored at the start: a PHP notice or a stray BOM may come first.
_DECLARED_ENCODING = re.compile(rb"""<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_DECLARATION_SCAN_BYTES = 1024
# The XML declaration at the start of decoded text, to be replaced by one that says UTF-8.
_LEADING_DECLARATION = re.compile(r"\A\s*<\?xml\s[^>]*?\?>")
_UTF8_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'
# Bytes whose UTF-8 decoding breaks on at most this share of the non-ASCII characters are UTF-8 with a few
# broken sequences. GBK or Big5 text read as UTF-8 breaks on 0.7 of them and more in a whole feed; in a
# title of a few words, on as few as 0.3. So the bar is lower when the feed claims a legacy charset.
_MAX_BROKEN_UTF8_SHARE = {"utf-8": 0.5, "legacy": 0.2}

# An ampersand and what follows it, outside CDATA sections (whose text is literal and left alone).
_AMPERSAND = re.compile(
    r"(?P<cdata><!\[CDATA\[.*?(?:\]\]>|\Z))|&(?P<ref>#[0-9]+;|#[xX][0-9A-Fa-f]+;|[A-Za-z][A-Za-z0-9]*;?)?", re.DOTALL
)
_XML_ENTITIES = {"amp;", "lt;", "gt;", "quot;", "apos;"}

# feedparser's version names for RSS 0.90 and RSS 1.0, both RDF documents.
_RDF_VERSIONS = {"rss090", "rss10"}
# Root elements of feeds, and the kind each is.
_FEED_ROOTS = {"rss": "rss", "rdf": "rdf", "feed": "atom"}


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
    """``{namespace}name`` → ``name``; comments and processing instructions → ``""``.

    Plain string work, not ``etree.QName``: that validates the name and raises on
    ones lxml's recovery lets through, such as ``rdf:RDF`` when the ``rdf``
    prefix is not declared.
    """
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _child_text(element: etree._Element, *names: str) -> str | None:
    for child in element:
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def _absolute(url: str, base_url: str | None) -> str:
    return urljoin(base_url, url) if base_url else url


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


def _parse_feed(body: bytes, base_url: str | None, root: str) -> Discovered | None:
    """RSS, RDF or Atom read by feedparser; None when it is no feed.

    *root* is the root element lxml saw, if any: an ``<rss>`` or ``<rdf:RDF>``
    cut off before its first item is still a feed with no items, though
    feedparser names no version for it.
    """
    text = _as_repaired_utf8(body)
    try:
        parsed = feedparser.parse(
            io.BytesIO(text),  # a stream: a str or bytes it would try to open as a path or URL
            # feedparser resolves relative links against Content-Location and honours xml:base.
            response_headers={"content-location": base_url} if base_url else None,
            # Both only rewrite HTML in descriptions and content, which newsdesk does not keep.
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except Exception:
        # feedparser 6.0.14's loose parser raises KeyError on some broken nesting (``</item>`` inside
        # ``<link>``), its strict one ValueError on some odd namespace names. A source must not fail for that.
        return _parse_feed_tree(text, base_url)
    version: str = parsed.get("version") or ""
    if not version and not parsed.entries and root not in _FEED_ROOTS:
        return None
    links = []
    for entry in parsed.entries:
        if url := _entry_url(entry):
            title = (entry.get("title") or "").strip() or None
            links.append(Link(_absolute(url, base_url), _entry_date(entry), title))
    if version:
        kind = "atom" if version.startswith("atom") else "rdf" if version in _RDF_VERSIONS else "rss"
    else:
        kind = _FEED_ROOTS.get(root, "rss")
    return Discovered(kind, links=links)


def _as_repaired_utf8(body: bytes) -> bytes:
    """The feed re-encoded as UTF-8 (with an XML declaration that says so), its ampersands repaired.

    Decoding once, up front, gives feedparser text it cannot misread: titles
    come out right rather than as windows-1252 mojibake, and no legacy
    decoder swallows markup.
    """
    # A document saved twice with a BOM keeps the second one as text.
    text = _decode_feed(body).lstrip("\ufeff \t\r\n")
    text = _LEADING_DECLARATION.sub(_UTF8_DECLARATION, text, count=1)
    return _repair_ampersands(text).encode("utf-8")


def _decode_feed(body: bytes) -> str:
    """The feed's text, whatever its XML declaration claims.

    Chinese feeds declare GB2312 over GBK bytes, Big5 over Big5-HKSCS, or
    UTF-8 over GBK. :func:`extractors.charset.decode_html` settles such cases
    for web pages (BOM, then a declaration only if the bytes decode cleanly
    with it, GB2312/GBK widened to GB18030, Big5 to Big5-HKSCS, then
    detection); the XML declaration plays the part of the HTTP charset here.

    One case comes first: UTF-8 with a few broken sequences, as a title cut
    mid-character leaves. It is not clean, so decode_html would try the
    declaration or detection, and a GB18030 decoder pairs a stray byte with
    the ``]`` or letter after it, eating the ``]]>`` that closes a CDATA
    section and every item after it. GBK or Big5 text read as UTF-8 breaks
    on most characters, so a low share of broken characters is a safe sign
    of UTF-8.
    """
    if body[:2] in (b"<\x00", b"\x00<"):  # UTF-16 without a byte-order mark
        return body.decode("utf-16-le" if body[0] == ord("<") else "utf-16-be", errors="replace")
    declared = _DECLARED_ENCODING.search(body[:_DECLARATION_SCAN_BYTES])
    charset = declared.group(1).decode("ascii") if declared else None
    if body[:2] not in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        text = body.decode("utf-8", errors="replace")
        non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
        claims_utf8 = charset is None or charset.lower().replace("_", "-") in ("utf-8", "utf8")  # XML's default
        if text.count("\ufffd") <= non_ascii * _MAX_BROKEN_UTF8_SHARE["utf-8" if claims_utf8 else "legacy"]:
            return text
    return decode_html(body, f"application/xml; charset={charset}" if charset else None).text


def _repair_ampersands(text: str) -> str:
    """Make every ``&`` outside CDATA start a reference an XML parser accepts.

    Feeds written by string concatenation leave ``&`` unescaped in links and
    titles, cut ``&amp;`` short to ``&amp``, and use HTML entities no DTD
    declares. feedparser's loose parser reads a bare ``&lang=zh`` or ``&sect=2``
    in a URL as the entity ``〈`` or ``§`` and corrupts the link; lxml drops the
    ``&``. Here, as HTML5 reads attribute values:

    - ``&name;``, ``&#38;`` and ``&#x26;`` stay, except that HTML entity names
      become numeric references, which XML needs no DTD for;
    - a semicolon-less HTML entity name that ends a word (``&amp<``,
      ``&nbsp 开源``) is the truncated entity: its character;
    - any other ``&`` is text: ``&amp;``.

    A well-formed document comes back unchanged.
    """

    def repair(match: re.Match[str]) -> str:
        ref = match.group("ref")
        if match.group("cdata") or (ref and (ref.startswith("#") or ref in _XML_ENTITIES)):
            return match.group(0)
        if ref and ref.endswith(";"):
            # An HTML name becomes numeric; an unknown one is left to feedparser's loose parser.
            return _numeric(html.entities.html5[ref]) if ref in html.entities.html5 else match.group(0)
        following = text[match.end() : match.end() + 1]
        ends_word = following in ("", "<") or following.isspace() or not following.isascii()
        if ref and ends_word and ref in html.entities.html5:  # html5 lists the legacy names without ";"
            return _numeric(html.entities.html5[ref])
        return "&amp;" + (ref or "")

    return _AMPERSAND.sub(repair, text)


def _numeric(characters: str) -> str:
    return "".join(f"&#{ord(c)};" for c in characters)


def _entry_url(entry: feedparser.FeedParserDict) -> str | None:
    """The article URL of one feedparser entry.

    feedparser's ``link`` is an RSS ``<link>``, a permalink ``<guid>``, or an
    Atom ``rel="alternate"`` link to HTML. An Atom alternate of another type,
    or a ``<guid isPermaLink="false">`` that is a web address, also leads to
    the article.
    """
    if link := (entry.get("link") or "").strip():
        return link
    for candidate in entry.get("links", []):
        if candidate.get("rel") == "alternate" and (href := (candidate.get("href") or "").strip()):
            return href
    guid = (entry.get("id") or "").strip()
    return guid if guid.startswith(("http://", "https://")) else None


def _entry_date(entry: feedparser.FeedParserDict) -> datetime | None:
    """Published (else updated) date, keeping the feed's own UTC offset.

    :func:`parse_date` reads the raw text so ``+08:00`` survives; feedparser's
    ``*_parsed`` values (UTC, and it knows more date formats) are the fallback.
    """
    for key in ("published", "updated"):
        if date := parse_date(entry.get(key)):
            return date
        if parsed := entry.get(f"{key}_parsed"):
            return datetime(*parsed[:6], tzinfo=UTC)
    return None


def _parse_feed_tree(text: bytes, base_url: str | None) -> Discovered | None:
    """The feed read with lxml, for the rare document feedparser raises on; None when it is no feed.

    *text* is already decoded and repaired, which spares lxml the failures
    that made feedparser the first choice.
    """
    try:
        root = etree.fromstring(text, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, ValueError):
        return None
    kind = _local(root.tag).lower() if root is not None else ""
    links = []
    if kind == "feed":  # Atom
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
                links.append(Link(_absolute(href, base_url), parse_date(date), _child_text(entry, "title")))
        return Discovered("atom", links=links)
    if kind in ("rss", "rdf"):
        for item in root.iter("{*}item", "item"):
            if url := _child_text(item, "link") or _child_text(item, "guid"):
                date = _child_text(item, "pubDate", "date", "published", "updated")
                links.append(Link(_absolute(url, base_url), parse_date(date), _child_text(item, "title")))
        return Discovered(kind, links=links)
    return None


def _read_sitemap(root: etree._Element, kind: str, base_url: str | None) -> Discovered:
    """A sitemap index's sitemaps, or a (Google News) sitemap's article links."""
    if kind == "sitemapindex":
        locs = [_child_text(s, "loc") for s in root if _local(s.tag) == "sitemap"]
        return Discovered("sitemapindex", sitemaps=[_absolute(u, base_url) for u in locs if u])
    links = []
    for entry in root:
        if _local(entry.tag) != "url" or not (loc := _child_text(entry, "loc")):
            continue
        date = _child_text(entry, "lastmod")
        title = None
        for news in entry.iter("{*}news"):
            date = _child_text(news, "publication_date") or date
            title = _child_text(news, "title")
        links.append(Link(_absolute(loc, base_url), parse_date(date), title))
    return Discovered("sitemap", links=links)


def parse_links(body: bytes, base_url: str | None = None) -> Discovered:
    """Read a feed or sitemap; relative links are resolved against *base_url*.

    lxml reads the document first, and a sitemap is answered from that tree.
    Anything else is offered to feedparser, which reads feeds lxml reads
    badly or not at all.

    Raises:
        FeedError: when the bytes are neither a sitemap nor a feed.
    """
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(io.BytesIO(body.lstrip()), parser).getroot()
    except (etree.XMLSyntaxError, ValueError) as exc:
        root, problem = None, f"not XML: {exc}"
    else:
        problem = "empty or unparseable document"
    kind = _local(root.tag).lower() if root is not None else ""
    if kind in ("sitemapindex", "urlset"):
        return _read_sitemap(root, kind, base_url)
    if (feed := _parse_feed(body, base_url, kind)) is not None:
        return feed
    if root is not None:
        problem = f"unknown document type <{_local(root.tag)}>; expected RSS, Atom, RDF or a sitemap"
    raise FeedError(problem)


__all__ = ["Discovered", "FeedError", "Link", "parse_date", "parse_links"]
