"""Title, publication date, author and site name of a parsed page.

trafilatura's own metadata pass (``with_metadata=True``) costs as much as the
text extraction itself, mostly in htmldate's page-wide date search, and on
Chinese pages without a ``<meta>`` date that search tends to return the
copyright year of the footer. So newsdesk reads what publishers declare —
OpenGraph and ``<meta>`` tags and JSON-LD through trafilatura's
``examine_meta``/``extract_meta_json`` — and, when no date is declared,
reads the date written next to the headline (2024年10月11日, 昨天 18:24,
3小时前; see :mod:`extractors.dates`).

Title, in order: a declared headline (og:title, JSON-LD headline, itemprop),
else the page's only ``<h1>``, else ``<title>`` with the site's name cut
off (``标题_新浪科技_新浪网``, ``标题-新华网``). A forum category tag in front
(``[经验分享] 标题``) is dropped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_meta_json

from extractors.dates import find_date
from extractors.normalise import fold

logger = logging.getLogger(__name__)

# <meta> names and properties that declare the publication time (lower-cased).
DATE_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "article:published",
    "pubdate", "publishdate", "publish_date", "publish-date", "publication_date", "publishtime", "publish_time",
    "weibo: article:create_at", "datepublished", "dc.date.issued", "dc.date", "dcterms.created", "date",
    "parsely-pub-date", "sailthru.date", "article:modified_time",
)  # fmt: skip
_DATE_META_SET = frozenset(DATE_META)
_JSON_DATE = re.compile(r'"(?:datePublished|dateCreated|pubDate)"\s*:\s*"([^"]{8,40})"')
# A site name after the headline: 标题_新浪科技, 标题 | 36氪, 标题 - 知乎, 标题-新华网 (a bare hyphen only before Han text).
_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜–—]+|\s-+\s|--|-(?=[\u4e00-\u9fff]+$))\s*([^_|｜–—]{1,24})$")
_FORUM_TAG = re.compile(r"^[\[【]([^\]】]{1,8})[\]】]\s*")
_DATE_LABEL = re.compile(
    r"(发表于|发布于|发布时间|发表时间|发布日期|更新时间|(?<!注册)(?<!登录)(?<!成文)(?:时间|日期))\s*[:：]?\s*(?=\d|[今昨前])"
)
_BYLINE = re.compile(r"(?:作者|记者|撰文|文)\s*[:：|｜/]\s*([\w·]{2,12})")
# How much visible text after the headline is searched for a written date or byline.
HEADER_WINDOW = 400
# Without a headline in the visible text, how much from the top.
TOP_WINDOW = 3000


@dataclass(frozen=True)
class PageMeta:
    """What a page declares about itself (every field may be missing)."""

    title: str | None
    published: str | None  # ISO date or timestamp, zoned when the page says so
    author: str | None
    sitename: str | None


def _iso(value: str) -> str | None:
    """A declared date as ISO 8601 (``2025/03/21 10:12`` → ``2025-03-21T10:12:00``), or None."""
    text = value.strip().replace("/", "-").replace("Z", "+00:00")
    if len(text) > 10 and text[10] == " ":
        text = text[:10] + "T" + text[11:].strip()
    for candidate in (text, text[:19], text[:10]):
        try:
            parsed = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        if not 1990 <= parsed.year <= 2100:
            return None
        return candidate if len(candidate) == 10 else parsed.isoformat()
    return None


def declared_date(tree: HtmlElement) -> str | None:
    """The publication date a page declares in ``<meta>``, JSON-LD or ``<time datetime>``."""
    found: dict[str, str] = {}
    for meta in tree.iterfind(".//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _DATE_META_SET and key not in found:
            found[key] = meta.get("content", "")
    for key in DATE_META:
        if key in found and (iso := _iso(found[key])):
            return iso
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        if script.text and (m := _JSON_DATE.search(script.text)) and (iso := _iso(m[1])):
            return iso
    for time in tree.iterfind(".//time[@datetime]"):
        if iso := _iso(time.get("datetime", "")):
            return iso
    return None


def strip_site_name(title: str) -> tuple[str, str | None]:
    """``(headline, site)`` from a ``<title>`` such as ``标题_新浪科技_新浪网``."""
    site = None
    while (m := _SITE_SUFFIX.search(title)) and len(title[: m.start()].strip()) >= 6 and not m[1].strip().isdigit():
        site = site or m[1].strip()
        title = title[: m.start()].rstrip()
    return title.strip(), site


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if (m := _FORUM_TAG.match(title)) and len(title) - m.end() >= 6:
        title = title[m.end() :]
    return title


def page_title(tree: HtmlElement, declared: str | None) -> tuple[str | None, str | None]:
    """``(title, site name found in <title>)`` following the order in the module docstring."""
    element = tree.find(".//title")
    html_title, site = strip_site_name(" ".join((element.text_content() if element is not None else "").split()))
    if declared:
        return _clean_title(strip_site_name(declared)[0]), site
    h1s = [t for h in tree.iterfind(".//h1") if (t := " ".join(h.text_content().split()))]
    if len(h1s) == 1:
        return _clean_title(h1s[0]), site
    return (_clean_title(html_title) if html_title else None), site


def header_text(visible: str, title: str | None) -> str:
    """The visible text right after the headline, where bylines and dates stand."""
    at = visible.find(title) if title else -1
    if at < 0 and title:
        at = visible.find(title[:12])
    return visible[at : at + len(title or "") + HEADER_WINDOW] if at >= 0 else visible[:TOP_WINDOW]


def written_date(visible: str, title: str | None, fetched_at: datetime) -> str | None:
    """A date written near the headline (else near the top), as ISO, or None.

    A date after a label (发布于, 发表时间：, 日期：…) wins over the first date
    in the header, which may be a poster's registration date on a forum.
    """
    header = header_text(visible, title)
    labelled = _DATE_LABEL.search(fold(header))
    found = find_date(header[labelled.end() : labelled.end() + 40], fetched_at) if labelled else None
    found = found or find_date(header, fetched_at)
    if found is None and title:
        found = find_date(visible[:TOP_WINDOW], fetched_at)
    return found.isoformat() if found else None


def page_metadata(tree: HtmlElement) -> PageMeta:
    """What the page declares: meta tags, OpenGraph, JSON-LD, ``<title>``/``<h1>``.

    Read before any pruning (JSON-LD lives in ``<script>`` elements).
    """
    meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as exc:  # trafilatura's JSON-LD parser trips over odd payloads
        logger.debug("JSON-LD metadata unreadable: %r", exc)
    title, site = page_title(tree, meta.title)
    return PageMeta(title, declared_date(tree), meta.author or None, meta.sitename or site)


def written_byline(header: str) -> str | None:
    """An author named in the header text (作者：张三, 记者 | 李四)."""
    m = _BYLINE.search(header)
    return m[1] if m else None
