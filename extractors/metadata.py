"""Title, publication date, author and site name of a parsed page.

trafilatura's own metadata pass (``with_metadata=True``) costs as much as the
text extraction itself, mostly in htmldate's page-wide date search, and on
Chinese pages without a ``<meta>`` date that search tends to return the
copyright year of the footer. So newsdesk reads what publishers declare —
OpenGraph and ``<meta>`` tags and JSON-LD through trafilatura's
``examine_meta``/``extract_meta_json`` — and, when no date is declared,
reads the date written next to the headline (2024年10月11日, 昨天 18:24,
3小时前; see :mod:`extractors.dates`).

Title, in order: a declared headline (og:title, JSON-LD headline, itemprop);
else the heading or title-named element that the ``<title>`` wraps (``<h2>标题</h2>``
in ``<title>标题 松花江网</title>``: the headline, not the logo's ``<h1>``); else the
page's only ``<h1>`` that is not a link home; else ``<title>`` with the site's name
cut off (``标题_新浪科技_新浪网``, ``标题-新华网``), which gives way, once the article
is known, to the heading just above it when the page does not show it there (a
blog's ``<title>`` names the blog). A forum category tag in front (``[经验分享] 标题``),
private-use characters and trailing dashes are dropped.

Each date comes with its source (:func:`publication_date`): ``metadata``,
``page_text``, ``relative_to_fetch`` (昨天, 3小时前: only with the time of a live
fetch), ``url`` or ``none``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_meta_json

from extractors.dates import FoundDate, find_date
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
# A doubled dash (标题——副题) joins a headline to its subtitle and is no separator.
_SITE_SUFFIX = re.compile(r"\s*(?:_+|[|｜]+|(?<!—)[–—](?!—)|\s-+\s|--|-(?=[\u4e00-\u9fff]+$))\s*([^_|｜–—]{1,24})$")
_FORUM_TAG = re.compile(r"^[\[【]([^\]】]{1,8})[\]】]\s*")
_DATE_LABEL = re.compile(
    r"(发表于|发布于|发布时间|发表时间|发布日期|更新时间|(?<!注册)(?<!登录)(?<!成文)(?:时间|日期))\s*[:：]?\s*(?=\d|[今昨前])"
)
# Labels that name the publication itself, trusted anywhere on the page (时间：/日期： only near the headline).
_PUBLISHED_LABEL = re.compile(r"(发表于|发布于|发布时间|发表时间|发布日期|发表日期)\s*[:：]?\s*(?=\d)")
_BYLINE = re.compile(r"(?:作者|记者|撰文|文)\s*[:：|｜/]\s*([\w·]{2,12})")
# How much visible text after the headline is searched for a written date or byline.
HEADER_WINDOW = 400
# How many places of the headline in the visible text are looked after (a ticker or breadcrumb may come first).
HEADLINE_PLACES = 5
# How much visible text just above the headline is searched when there is no date after it.
ABOVE_WINDOW = 120
# How far (in characters without whitespace) above the article a <title>'s text counts as shown as its headline.
ABOVE_TEXT_WINDOW = 300
# A candidate headline that is only a date or time (a post's timestamp cell).
_DATE_ONLY = re.compile(r"^[\d\s:：/.\-年月日时分秒]+$")
# Without a headline in the visible text, how much from the top.
TOP_WINDOW = 3000


@dataclass(frozen=True)
class PageMeta:
    """What a page declares about itself (every field may be missing)."""

    title: str | None
    published: str | None  # ISO date or timestamp, zoned when the page says so
    author: str | None
    sitename: str | None
    title_source: str = "declared"  # see page_title


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


# Private-use code points: GBK user-defined bytes decode to them; on screen they are blanks or boxes.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_TITLE_TAIL = " -_|｜–—·"
# Headline candidates: headings, and elements a CMS names as the title (class or id).
_TITLE_NAME = re.compile(r"title|headline|biaoti|subject", re.IGNORECASE)
_HEADING_TAGS = frozenset(("h1", "h2", "h3"))
# A candidate is a headline-sized text: at least this many characters …
TITLE_MIN_CHARS = 4
# … at most this many (longer is a paragraph) …
TITLE_MAX_CHARS = 100
# … and, to stand for a <title>, at least this share of it (a logo such as 松花江网 in
# "标题 松花江网" is in the <title> too, but is a small part of it).
TITLE_SHARE = 0.5
# A headline found above the article has at least this many letters (科技频道, 热点推荐 are section names).
HEADLINE_MIN_LETTERS = 6
_LETTERS = re.compile(r"[\w\u4e00-\u9fff]")
_ROOT_HREF = re.compile(r"^(?:https?://[^/]+)?(?:\.{0,2}/)*(?:index\.\w+)?$", re.IGNORECASE)


def _clean_title(title: str) -> str:
    title = _PRIVATE_USE.sub("", " ".join(title.split())).rstrip(_TITLE_TAIL)
    if (m := _FORUM_TAG.match(title)) and len(title) - m.end() >= 6:
        title = title[m.end() :]
    return title


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _is_logo(heading: HtmlElement) -> bool:
    """A heading whose text is one link to the site's home page (``<h1><a href="index.html">博客名</a></h1>``)."""
    links = heading.findall(".//a")
    return (
        len(links) == 1
        and bool(_ROOT_HREF.match(links[0].get("href", "").strip()))
        and (_squeezed(links[0].text_content()) == _squeezed(heading.text_content()))
    )


def _title_like(element: HtmlElement) -> bool:
    if element.tag in _HEADING_TAGS:
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return names != " " and bool(_TITLE_NAME.search(names))


def heading_candidates(tree: HtmlElement) -> list[str]:
    """Texts of the page's headings and title-named elements (headline-sized, logos left out), in page order."""
    found = []
    for element in tree.iter("h1", "h2", "h3", "div", "span", "td", "p", "strong", "b"):
        if not _title_like(element):
            continue
        text = " ".join(element.text_content().split())
        if TITLE_MIN_CHARS <= len(text) <= TITLE_MAX_CHARS and not _is_logo(element):
            found.append(text)
    return found


def heading_in_title(candidates: list[str], html_title: str) -> str | None:
    """The longest candidate that is part of the ``<title>`` and most of it: the headline the ``<title>`` wraps."""
    key = _squeezed(_PRIVATE_USE.sub("", html_title))
    best = None
    for text in candidates:
        squeezed = _squeezed(_PRIVATE_USE.sub("", text))
        if squeezed in key and len(squeezed) >= TITLE_SHARE * len(key) and (best is None or len(text) > len(best)):
            best = text
    return best


def page_title(tree: HtmlElement, declared: str | None) -> tuple[str | None, str | None, str]:
    """``(title, site name found in <title>, how the title was found)`` following the order in the module docstring.

    How: ``declared``, ``heading`` (a heading the ``<title>`` wraps), ``h1`` (the only
    ``<h1>`` that is not a logo), ``html_title`` (the ``<title>`` without the site name),
    or ``none``.
    """
    element = tree.find(".//title")
    raw_title = " ".join((element.text_content() if element is not None else "").split())
    html_title, site = strip_site_name(raw_title)
    if declared:
        return _clean_title(strip_site_name(declared)[0]), site, "declared"
    if raw_title and (heading := heading_in_title(heading_candidates(tree), html_title)):
        return _clean_title(heading), site, "heading"
    h1s = [t for h in tree.iterfind(".//h1") if (t := " ".join(h.text_content().split())) and not _is_logo(h)]
    if len(h1s) == 1:
        return _clean_title(h1s[0]), site, "h1"
    if html_title:
        return _clean_title(html_title), site, "html_title"
    return None, site, "none"


def _first_line_probe(text: str) -> str | None:
    """The first characters of the text's first real line, to find where the article starts in the page."""
    first = next((ln for ln in text.split("\n") if len(_squeezed(ln)) >= 8), None)
    return _squeezed(first)[:8] if first else None


def headline_before(tree: HtmlElement, text: str) -> str | None:
    """The last headline candidate before the extracted *text* starts in the page, or None.

    For pages whose ``<title>`` names the blog or site, not the post: the headline is the
    heading or title-named element nearest above the article.
    """
    probe = _first_line_probe(text)
    if probe is None:
        return None
    last = None
    for event, element in etree.iterwalk(tree, events=("start", "end")):  # document order, tails at "end"
        if not isinstance(element.tag, str):
            continue
        if event == "end":
            if probe in _squeezed(element.tail or ""):
                return last
            continue
        if _title_like(element):
            candidate = " ".join(element.text_content().split())
            if (
                TITLE_MIN_CHARS <= len(candidate) <= TITLE_MAX_CHARS
                and len(_LETTERS.findall(candidate)) >= HEADLINE_MIN_LETTERS
                and not _DATE_ONLY.match(candidate)
                and not _is_logo(element)
            ):
                last = _clean_title(candidate)
        if probe in _squeezed(element.text or ""):
            return last  # the text may open with the headline itself
    return None


def shown_above(visible: str, title: str, text: str) -> bool:
    """Whether *title* stands in the visible text just above where the article *text* starts."""
    probe = _first_line_probe(text)
    squeezed = _squeezed(visible)
    start = squeezed.find(probe) if probe else -1
    return start >= 0 and _squeezed(title) in squeezed[max(0, start - ABOVE_TEXT_WINDOW) : start]


def article_headline(tree: HtmlElement, meta: PageMeta, visible: str, text: str) -> str | None:
    """The headline, once the article's text is known.

    A declared title, a heading the ``<title>`` wraps, or a lone ``<h1>`` stand. A title
    taken from ``<title>`` stands when the page shows it just above the article;
    otherwise (a blog's name, a site's name, no ``<title>``) the headline candidate
    nearest above the article replaces it (:func:`headline_before`).
    """
    if meta.title_source not in ("html_title", "none"):
        return meta.title
    if meta.title and shown_above(visible, meta.title, text):
        return meta.title
    return headline_before(tree, text) or meta.title


def header_windows(visible: str, title: str | None) -> list[str]:
    """The visible text after each place the headline stands (a ticker or breadcrumb may repeat it first).

    Each window is ``HEADER_WINDOW`` characters, the headline itself left out; at most
    ``HEADLINE_PLACES`` windows. Without the headline in the text: the top of the page.
    """
    if title:
        for key in (title, title[:12]):
            starts, at = [], visible.find(key)
            while at >= 0 and len(starts) < HEADLINE_PLACES:
                starts.append(at + len(key))
                at = visible.find(key, at + len(key))
            if starts:
                return [visible[start : start + HEADER_WINDOW] for start in starts]
    return [visible[:TOP_WINDOW]]


def header_text(visible: str, title: str | None) -> str:
    """The visible text right after the headline, where bylines and dates stand (the headline itself left out)."""
    return header_windows(visible, title)[0]


def _resolved(found: FoundDate | None) -> tuple[str, str] | None:
    if found is None or found.when is None:
        return None
    return found.when.isoformat(), "relative_to_fetch" if found.relative else "page_text"


def written_date(visible: str, title: str | None, fetched_at: datetime | None) -> tuple[str, str] | None:
    """``(ISO date, date_source)`` of a date written near the headline, or None.

    In order: a date after a label (发布于, 发表时间：, 日期：…) in the header, which
    wins over the first date there (on a forum that may be the poster's registration
    date); the first date in the header; a date labelled as the publication date anywhere on the page (a
    发布日期 line under the article); a date just above the headline. A relative
    date (昨天, 3小时前, 10月11日) counts only with *fetched_at*; when the header
    shows one and there is no fetch time, the date is unknown and None is returned.

    ``date_source`` is ``page_text``, or ``relative_to_fetch`` when the date was
    counted from *fetched_at*.
    """
    for header in header_windows(visible, title):
        labelled = _DATE_LABEL.search(fold(header))
        if labelled and (found := _resolved(find_date(header[labelled.end() : labelled.end() + 40], fetched_at))):
            return found
        first = find_date(header, fetched_at)
        if first is not None:
            return _resolved(first)
    for labelled in _PUBLISHED_LABEL.finditer(fold(visible)):
        if found := _resolved(find_date(visible[labelled.end() : labelled.end() + 40], fetched_at)):
            return found
    at = visible.find(title) if title else -1
    if at > 0:
        return _resolved(find_date(visible[max(0, at - ABOVE_WINDOW) : at], fetched_at))
    return None


_URL_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?!\d)")


def url_date(url: str | None) -> str | None:
    """The date in an article URL's path (``/2024/0510/``, ``/2024-05-10/``, ``t20240510_1.html``), as ISO."""
    if not url:
        return None
    path = url.split("://", 1)[-1].partition("/")[2].split("?", 1)[0]
    for m in _URL_DATE.finditer(path):
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            continue
    return None


def publication_date(
    declared: str | None, visible: str, title: str | None, fetched_at: datetime | None, url: str | None
) -> tuple[str | None, str]:
    """``(published, date_source)``: declared in metadata, else written on the page, else in the URL.

    Args:
        declared: the date the page declares (:func:`declared_date`).
        visible: the page's visible text, whitespace collapsed.
        title: the headline, where the date is looked for after.
        fetched_at: the time of a live fetch; None for a file or an archived page.
        url: the page's URL, if known.

    Returns:
        The ISO date (or timestamp) and how it was found: ``metadata``, ``page_text``,
        ``relative_to_fetch``, ``url``, or ``none`` (with None).
    """
    if declared:
        return declared, "metadata"
    if found := written_date(visible, title, fetched_at):
        return found
    if day := url_date(url):
        return day, "url"
    return None, "none"


def page_metadata(tree: HtmlElement) -> PageMeta:
    """What the page declares: meta tags, OpenGraph, JSON-LD, ``<title>``/``<h1>``.

    Read before any pruning (JSON-LD lives in ``<script>`` elements).
    """
    meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as exc:  # trafilatura's JSON-LD parser trips over odd payloads
        logger.debug("JSON-LD metadata unreadable: %r", exc)
    title, site, title_source = page_title(tree, meta.title)
    return PageMeta(title, declared_date(tree), meta.author or None, meta.sitename or site, title_source)


def written_byline(header: str) -> str | None:
    """An author named in the header text (作者：张三, 记者 | 李四)."""
    m = _BYLINE.search(header)
    return m[1] if m else None
