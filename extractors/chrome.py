"""Page chrome removed from the parsed tree before extraction (Chinese CMS conventions).

trafilatura discards boilerplate by English class names (``sidebar``,
``related``, ``share``…). Chinese sites name the same blocks in English *and*
pinyin (``xgxw`` 相关新闻, ``zeren`` 责任编辑, ``tuijian`` 推荐, ``laiyuan``
来源, ``pinglun`` 评论, ``gentie`` 跟贴) and still lay pages out with tables.
The rules, in the order :func:`remove_chrome` applies them:

``empty_tables``
    A table without text (an ad slot once its ``<iframe>`` or script is gone)
    goes; the text after it is the article going on.
``layout_tables``
    A ``<table>`` holding blocks (nested tables, ``<div>``/``<p>``/headings,
    forms) or a long cell of ``<br>``-separated text is page layout, not data:
    its table tags become ``<div>`` so extraction sees paragraphs, not a
    ``| cell | cell |`` grid. Data tables (short cells: funding rounds,
    rankings) stay tables.
``loose_text``
    Text standing loose between the paragraphs of a body (a paragraph cut in
    two by a misnested ``<span>`` in Word-made HTML, a paragraph after an ad
    block) becomes a ``<p>`` of its own, which extraction keeps.
``layout_lists``
    A ``<ul>`` whose items hold paragraphs and headings is a page's columns:
    its list tags become ``<div>``.
``label_tables``
    A data table whose cells are mostly labels (``索引号：``, ``发布机构：``,
    ``成文日期：``) is a record card about the document, not its content.
``headed_lists``
    A block headed 相关新闻 / 推荐阅读 / 今日推荐 / 热门 … whose items are all
    short (or mostly links) is a list of other stories, whatever its class;
    a block headed 最新评论 / 网友评论 / 讨论区 is reader comments, whatever
    its items.
``chrome_blocks``
    Elements whose class or id names a known chrome block (editor credit,
    copyright notice, recommendations, rankings, QR/app prompts, paywall notes,
    author cards, counters, comments, share buttons, toolbars) are removed.

Guards: nothing holding the headline's ``<h1>`` or more than half of the page's
text is ever removed, so a site that calls its article container ``hot-news``
keeps it (a comment box with an ``<h1>`` of its own does not count as the headline).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

# class/id fragments (case-insensitive) of chrome blocks on Chinese news sites, by kind.
CHROME_TOKENS = (
    # credits and notices: 责任编辑, 版权声明, 免责声明
    r"(?:news|article|art|post|ad)[-_]?editor$", r"^edit(?:or)?$", r"zeren", r"bianji",
    r"copyright", r"statement", r"disclaimer", r"mzsm", r"declare",
    # other stories: 推荐, 相关新闻, 热点, 排行
    r"recommend", r"tuijian", r"xgxw", r"xgwz", r"news_tj", r"hot[-_]?(?:news|list|article)", r"side_?hot",
    r"rank", r"paihang", r"most-?read",
    # prompts and ads: QR codes, apps, subscriptions, paywalls, 广告
    r"qr_?code", r"^qr", r"erweima", r"app-?(?:promo|download)", r"download-?app", r"subscribe", r"dingyue",
    r"paywall", r"ad-?box", r"^adin", r"^ad_", r"guanggao", r"promo",
    # author cards and counters
    r"author-?(?:card|info)", r"voters", r"read-?count", r"item-?actions", r"more-?toolbox",
    # reader comments and their forms: 评论, 跟贴, 留言板, 讨论区; trackbacks
    r"comment", r"pinglun", r"gentie", r"(?<![a-z])tie-?areas?", r"message-?board", r"liuyan", r"trackback",
    # share buttons and prompts (百度分享, JiaThis, 微信 tips), font-size toolbars
    r"share", r"jiathis", r"wx-?tips?", r"toolbar",
    # meta lines: 关键词, 当前位置, 来源; footers and pagers
    r"keywords?$", r"weizhi", r"crumbs?$", r"^path$", r"laiyuan", r"news_about", r"detail-?ops",
    r"^foot(?:er)?(?:[-_]|$)", r"^pager?$", r"^pagination", r"page-?nav", r"^pgs?$",
)  # fmt: skip
# One search over "class id": ^ and $ in a token mean the start and end of one name.
_CHROME = re.compile("|".join(t.replace("^", r"(?<!\S)").replace("$", r"(?!\S)") for t in CHROME_TOKENS), re.IGNORECASE)
_LIST_HEADING_WORDS = ("相关", "相關", "推荐", "推薦", "延伸", "热门", "熱門", "热点", "熱點", "最新", "猜你", "大家都在", "更多",
                       "往期", "24小时", "今日", "热榜", "排行", "精彩", "图片新闻", "圖片新聞")  # fmt: skip
_LIST_HEADING = re.compile(r"^[【\[]?(" + "|".join(_LIST_HEADING_WORDS) + r")[^。！？]{0,8}[】\]]?[:：]?$")
# Headings of reader comments (·最新评论·, 网友评论, 討論區): the block goes whatever its items' length.
_COMMENT_HEADING_WORDS = ("最新评论", "热门评论", "全部评论", "网友评论", "读者评论", "精彩评论", "发表评论", "我要评论", "网友跟帖",
                          "网友跟贴", "最新留言", "网友留言", "读者留言", "评论区", "留言板", "讨论区", "最新評論", "熱門評論",
                          "全部評論", "網友評論", "讀者評論", "精彩評論", "發表評論", "網友留言", "評論區", "討論區")  # fmt: skip
_COMMENT_HEADING = re.compile(r"^[·•【\[]?(" + "|".join(_COMMENT_HEADING_WORDS) + r")[^。！？]{0,6}[·•】\]]?[:：]?$")
# What a list heading's text can start with: elements whose own text starts otherwise are skipped unread.
_HEADING_FIRST = frozenset("【[·•" + "".join(w[0] for w in _LIST_HEADING_WORDS + _COMMENT_HEADING_WORDS))
_BLOCK_TAGS = frozenset(("div", "p", "table", "h1", "h2", "h3", "h4", "form", "ul", "ol", "section", "article"))
_TABLE_TAGS = frozenset(("table", "tbody", "thead", "tfoot", "tr", "td", "th"))
# A table cell longer than this is running text, not a data cell.
LAYOUT_CELL_CHARS = 120
# Loose text between paragraphs becomes a paragraph when it has at least this many characters.
LOOSE_TEXT_CHARS = 10
# Inline elements that end a run of loose text as a block would.
_LOOSE_BREAKS = frozenset(("hr", "center", "ul", "ol", "li", "dl", "blockquote", "pre", "h5", "h6", "iframe", "img"))
# A list or comment heading is at most this long (相关新闻, 今日推荐, ·最新评论·).
HEADING_CHARS = 14
# Items of a headed list are this short (headlines); an article paragraph is longer.
LIST_ITEM_CHARS = 60


def _text(element: HtmlElement) -> str:
    return "".join(element.itertext()).strip()


def _text_len(element: HtmlElement) -> int:
    return len(_text(element))


def headline_ancestors(tree: HtmlElement, title: str | None) -> frozenset[HtmlElement]:
    """The ``<h1>`` elements that hold the headline, and every element around them.

    With several ``<h1>`` (a site logo, a section name, a comment box's heading),
    the headline is the one whose text is, or is part of, *title*; when none
    matches, or without a title, every ``<h1>`` counts.
    """
    h1s = list(tree.iter("h1"))
    key = "".join((title or "").split())
    if key and len(h1s) > 1:
        matching = [h for h in h1s if (t := "".join(_text(h).split())) and (t in key or key in t)]
        h1s = matching or h1s
    return frozenset(el for h in h1s for el in (h, *h.iterancestors()))


def _protected(element: HtmlElement, page_chars: int, guarded: frozenset[HtmlElement] | None = None) -> bool:
    """Never remove the headline's container or the bulk of the page."""
    held = element in guarded if guarded is not None else element.find(".//h1") is not None
    return held or _text_len(element) > page_chars / 2


def _drop_all(elements: list[HtmlElement]) -> int:
    """Remove *elements* (their tail text stays); returns how many."""
    for element in elements:
        if element.getparent() is not None:
            element.drop_tree()
    return len(elements)


def empty_tables(tree: HtmlElement) -> int:
    """Remove tables without text (an ad slot once its frame or script is gone); returns how many.

    The text after such a table is the article going on; left behind an empty layout
    block, extraction drops it as stray text.
    """
    return _drop_all([table for table in tree.iter("table") if not table.text_content().strip()])


def _paragraph(container: HtmlElement, text: str | None = None) -> HtmlElement:
    p = container.makeelement("p", {})
    p.text = text
    return p


def _wrap_loose(container: HtmlElement) -> int:
    """Gather the text and inline elements between *container*'s block children into ``<p>``; returns how many."""
    made: list[HtmlElement] = []
    run: HtmlElement | None = None
    text, container.text = container.text, None
    if text and text.strip():
        run = _paragraph(container, text)
        container.insert(0, run)
        made.append(run)
    for child in list(container):
        if child is run:
            continue
        if (
            child.tag in _BLOCK_TAGS
            or child.tag in _LOOSE_BREAKS
            or next(child.iter("p", "div", "table"), None) is not None
        ):
            run = None
            tail, child.tail = child.tail, None
            if tail and tail.strip():
                run = _paragraph(container, tail)
                child.addnext(run)
                made.append(run)
        else:
            if run is None:
                run = _paragraph(container)
                child.addprevious(run)
                made.append(run)
            run.append(child)  # the child's tail moves with it
    undone = [p for p in made if not _prose_run(p)]
    for p in undone:  # separators, a stray word, a row of links: unwrapped again
        p.drop_tag()
    return len(made) - len(undone)


def _prose_run(run: HtmlElement) -> bool:
    """A run of loose text long enough to be a paragraph, and not mostly links (tags, a menu)."""
    chars = _text_len(run)
    return chars >= LOOSE_TEXT_CHARS and sum(_text_len(a) for a in run.iter("a")) * 2 < chars


def loose_text(tree: HtmlElement) -> int:
    """Wrap text standing loose between paragraphs into paragraphs of its own; returns how many.

    Word-made and old CMS pages close a ``<span>`` or ``<font>`` around a ``<p>`` and
    leave the rest of the paragraph outside it, or put a paragraph's text after an ad
    block; trafilatura keeps ``<p>`` and drops such stray text. Only containers that
    already hold ``<p>`` children (an article body) are repaired.
    """
    return sum(_wrap_loose(c) for c in list(tree.iter("div", "td", "font", "span", "p")) if c.find("p") is not None)


def layout_tables(tree: HtmlElement) -> int:
    """Turn layout tables into divs; returns how many."""
    turned = 0
    for table in tree.xpath("//table[not(ancestor::table)]"):
        cells = table.xpath(".//td|.//th")
        nested = any(
            el.tag in _BLOCK_TAGS for cell in cells for el in cell.iterdescendants() if isinstance(el.tag, str)
        )
        long_cell = any(_text_len(cell) > LAYOUT_CELL_CHARS for cell in cells)
        if nested or long_cell:
            for el in table.iter(*_TABLE_TAGS):
                el.tag = "div"
            turned += 1
    return turned


def label_tables(tree: HtmlElement) -> int:
    """Remove key–value record cards (half the cells end with a colon); returns how many."""
    doomed = []
    for table in tree.iter("table"):
        cells = [_text(c) for c in table.iter("td", "th")]
        labels = sum(1 for c in cells if c.endswith(("：", ":")))
        if cells and labels * 2 >= len(cells) - labels and labels >= 2:
            doomed.append(table)
    return _drop_all(doomed)


@lru_cache(maxsize=8192)
def _chrome_name(class_: str, id_: str) -> bool:
    """Whether a class and id name a chrome block (pages repeat a few class names on many elements)."""
    return _CHROME.search(f"{class_} {id_}") is not None


def chrome_blocks(tree: HtmlElement, page_chars: int, guarded: frozenset[HtmlElement] | None = None) -> int:
    """Remove elements whose class or id names a chrome block; returns how many."""
    doomed = []
    for element in tree.iter("div", "p", "span", "section", "aside", "ul", "ol", "td", "table", "em", "dl"):
        attrs = element.attrib
        if "class" not in attrs and "id" not in attrs:
            continue
        if _chrome_name(attrs.get("class", ""), attrs.get("id", "")) and not _protected(element, page_chars, guarded):
            doomed.append(element)
    return _drop_all(doomed)


def _heading_text(heading: HtmlElement) -> str | None:
    """The text of a would-be list heading, spaces removed (今 日 推 荐), or None when it cannot be one.

    A heading holds its text, one link or span around it, or its characters one per line
    (``今<br>日<br>推<br>荐`` in a narrow table cell). Most elements are ruled out by their
    first character or their size before their whole text is read.
    """
    lead = (heading.text or "").strip()
    if lead and (lead[0] not in _HEADING_FIRST or len(lead) > HEADING_CHARS):  # most paragraphs: not read further
        return None
    if len(heading) > 1 and sum(child.tag != "br" for child in heading) > 1:
        return None
    parts, size = [], 0
    for piece in heading.itertext():
        squeezed = "".join(piece.split())
        if not squeezed:
            continue
        if not parts and squeezed[0] not in _HEADING_FIRST:
            return None
        size += len(squeezed)
        if size > HEADING_CHARS:  # a wrapper is not read whole
            return None
        parts.append(squeezed)
    text = "".join(parts)
    if not text or not (_LIST_HEADING.match(text) or _COMMENT_HEADING.match(text)):
        return None
    return text


def _list_block(heading: HtmlElement) -> tuple[HtmlElement, HtmlElement] | None:
    """``(block, child)``: the block a list heading heads, and its child that holds the heading.

    The block is the heading's parent; a table cell holding nothing but the heading
    (``<td><b>今<br>日<br>推<br>荐</b></td>``) heads its row instead.
    """
    child, block = heading, heading.getparent()
    while block is not None and block.tag in ("td", "th") and not (block.text or "").strip() and len(block) == 1:
        child, block = block, block.getparent()
    if block is None or block.tag in ("body", "html"):
        return None
    return block, child


def headed_lists(tree: HtmlElement, page_chars: int, guarded: frozenset[HtmlElement] | None = None) -> int:
    """Remove blocks headed 相关新闻/推荐阅读/热门… made of short items, and blocks headed 最新评论/讨论区…; returns how many."""
    doomed = []
    for heading in tree.iter("h2", "h3", "h4", "h5", "b", "strong", "div", "span", "p", "td", "dt"):
        text = _heading_text(heading)
        found = _list_block(heading) if text is not None else None
        if found is None or _protected(found[0], page_chars, guarded):
            continue
        block, child = found
        items = [t for el in block if el is not child and (t := _text(el))]
        links = sum(_text_len(a) for a in block.iter("a"))
        total = max(_text_len(block) - len(text or ""), 1)
        comments = bool(_COMMENT_HEADING.match(text or ""))
        if comments or all(len(t) <= LIST_ITEM_CHARS for t in items) or links / total > 0.5:
            doomed.append(block)
    return _drop_all(doomed)


def layout_lists(tree: HtmlElement) -> int:
    """Turn lists used as page columns into divs; returns how many.

    A ``<li>`` holding headings, paragraphs or divs with more than
    ``LAYOUT_CELL_CHARS`` characters of text is a column of the page, not a
    list item: rendered as an item, the whole article would become one bullet.
    """
    turned = 0
    for ul in tree.xpath("//ul[not(ancestor::ul or ancestor::ol)]|//ol[not(ancestor::ul or ancestor::ol)]"):
        columns = [
            li for li in ul.iterchildren("li")
            if any(el.tag in _BLOCK_TAGS for el in li.iterdescendants()) and _text_len(li) > LAYOUT_CELL_CHARS
        ]  # fmt: skip
        if columns:
            for el in ul.iter("ul", "ol", "li"):
                el.tag = "div"
            turned += 1
    return turned


def strip_code(tree: HtmlElement) -> None:
    """Remove scripts, styles, templates and embedded frames (after the metadata, which reads JSON-LD, was taken).

    The text after an element (its tail) stays: old portals put an ad ``<iframe>`` in the
    middle of the article, and the paragraph after it is the tail of that frame.
    """
    etree.strip_elements(tree, "script", "style", "noscript", "template", "iframe", "embed", "object", with_tail=False)


def remove_chrome(tree: HtmlElement, page_chars: int | None = None, title: str | None = None) -> dict[str, int]:
    """Apply the rules in place; returns what each removed or rewrote.

    Args:
        tree: the parsed page, after :func:`strip_code`.
        page_chars: the length of the page's (body's) stripped text, when the caller has
            already gathered it.
        title: the page's headline, so that its ``<h1>`` is told apart from other ``<h1>``
            (see :func:`headline_ancestors`).
    """
    if page_chars is None:
        body = tree.find(".//body")
        page_chars = _text_len(body if body is not None else tree)
    guarded = headline_ancestors(tree, title)
    return {
        "empty_tables": empty_tables(tree),
        "layout_tables": layout_tables(tree),
        "loose_text": loose_text(tree),
        "layout_lists": layout_lists(tree),
        "label_tables": label_tables(tree),
        "headed_lists": headed_lists(tree, page_chars, guarded),  # before chrome_blocks, which may take the heading
        "chrome_blocks": chrome_blocks(tree, page_chars, guarded),
    }
