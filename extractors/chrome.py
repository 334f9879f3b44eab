"""Page chrome removed from the parsed tree before extraction (Chinese CMS conventions).

trafilatura discards boilerplate by English class names (``sidebar``,
``related``, ``share``…). Chinese sites name the same blocks in English *and*
pinyin (``xgxw`` 相关新闻, ``zeren`` 责任编辑, ``tuijian`` 推荐, ``laiyuan``
来源) and still lay pages out with tables. Four rules, each visible in
``tests/fixtures/extraction``:

``layout_tables``
    A ``<table>`` holding blocks (nested tables, ``<div>``/``<p>``/headings,
    forms) or a long cell of ``<br>``-separated text is page layout, not data:
    its table tags become ``<div>`` so extraction sees paragraphs, not a
    ``| cell | cell |`` grid. Data tables (short cells: funding rounds,
    rankings) stay tables.
``label_tables``
    A data table whose cells are mostly labels (``索引号：``, ``发布机构：``,
    ``成文日期：``) is a record card about the document, not its content.
``chrome_blocks``
    Elements whose class or id names a known chrome block (editor credit,
    copyright notice, recommendations, rankings, QR/app prompts, paywall notes,
    author cards, counters) are removed.
``headed_lists``
    A block headed 相关新闻 / 推荐阅读 / 热门 / 最新电报 … whose items are all
    short (or mostly links) is a list of other stories, whatever its class.

Guards: nothing holding the page's ``<h1>`` or more than half of its text is
ever removed, so a site that calls its article container ``hot-news`` keeps it.
"""

from __future__ import annotations

import re

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
    # meta lines: 关键词, 当前位置, 来源; footers and pagers
    r"keywords?$", r"weizhi", r"crumbs?$", r"^path$", r"laiyuan", r"news_about", r"detail-?ops",
    r"^foot(?:er)?(?:[-_]|$)", r"^pager?$", r"^pagination", r"page-?nav", r"^pgs?$",
)  # fmt: skip
# One search over "class id": ^ and $ in a token mean the start and end of one name.
_CHROME = re.compile("|".join(t.replace("^", r"(?<!\S)").replace("$", r"(?!\S)") for t in CHROME_TOKENS), re.IGNORECASE)
_LIST_HEADING_WORDS = ("相关", "相關", "推荐", "推薦", "延伸", "热门", "熱門", "热点", "熱點", "最新", "猜你", "大家都在", "更多",
                       "往期", "24小时", "今日", "热榜", "排行", "精彩", "图片新闻", "圖片新聞")  # fmt: skip
_LIST_HEADING = re.compile(r"^[【\[]?(" + "|".join(_LIST_HEADING_WORDS) + r")[^。！？]{0,8}[】\]]?[:：]?$")
# What a list heading's text can start with: elements whose own text starts otherwise are skipped unread.
_HEADING_FIRST = frozenset("【[" + "".join(w[0] for w in _LIST_HEADING_WORDS))
_BLOCK_TAGS = frozenset(("div", "p", "table", "h1", "h2", "h3", "h4", "form", "ul", "ol", "section", "article"))
_TABLE_TAGS = frozenset(("table", "tbody", "thead", "tfoot", "tr", "td", "th"))
# A table cell longer than this is running text, not a data cell.
LAYOUT_CELL_CHARS = 120
# Items of a headed list are this short (headlines); an article paragraph is longer.
LIST_ITEM_CHARS = 60


def _text(element: HtmlElement) -> str:
    return "".join(element.itertext()).strip()


def _text_len(element: HtmlElement) -> int:
    return len(_text(element))


def _protected(element: HtmlElement, page_chars: int) -> bool:
    """Never remove the headline's container or the bulk of the page."""
    return element.find(".//h1") is not None or _text_len(element) > page_chars / 2


def _drop_all(elements: list[HtmlElement]) -> int:
    """Remove *elements* (their tail text stays); returns how many."""
    for element in elements:
        if element.getparent() is not None:
            element.drop_tree()
    return len(elements)


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


def chrome_blocks(tree: HtmlElement, page_chars: int) -> int:
    """Remove elements whose class or id names a chrome block; returns how many."""
    doomed = []
    for element in tree.iter("div", "p", "span", "section", "aside", "ul", "ol", "td", "table", "em"):
        attrs = element.attrib
        if "class" not in attrs and "id" not in attrs:
            continue
        names = f"{attrs.get('class', '')} {attrs.get('id', '')}"
        if _CHROME.search(names) and not _protected(element, page_chars):
            doomed.append(element)
    return _drop_all(doomed)


def headed_lists(tree: HtmlElement, page_chars: int) -> int:
    """Remove blocks headed 相关新闻/推荐阅读/热门… made of short items; returns how many."""
    doomed = []
    for heading in tree.iter("h2", "h3", "h4", "h5", "b", "strong", "div", "span", "p"):
        if len(heading) > 1:  # a heading holds its text, or one link or span around it
            continue
        lead = (heading.text or "").lstrip()
        if lead and lead[0] not in _HEADING_FIRST:  # most paragraphs: no need to gather their text
            continue
        text = _text(heading)
        if not text or len(text) > 14 or not _LIST_HEADING.match(text):
            continue
        block = heading.getparent()
        if block is None or block.tag in ("body", "html") or _protected(block, page_chars):
            continue
        items = [t for el in block if el is not heading and (t := _text(el))]
        links = sum(_text_len(a) for a in block.iter("a"))
        total = max(_text_len(block) - len(text), 1)
        if all(len(t) <= LIST_ITEM_CHARS for t in items) or links / total > 0.5:
            doomed.append(block)
    return _drop_all(doomed)


def strip_code(tree: HtmlElement) -> None:
    """Remove scripts, styles and templates (after the metadata, which reads JSON-LD, was taken)."""
    etree.strip_elements(tree, "script", "style", "noscript", "template", with_tail=False)


def remove_chrome(tree: HtmlElement, page_chars: int | None = None) -> dict[str, int]:
    """Apply the four rules in place; returns what each removed or rewrote.

    *page_chars* is the length of the page's (body's) stripped text, when the
    caller has already gathered it.
    """
    if page_chars is None:
        body = tree.find(".//body")
        page_chars = _text_len(body if body is not None else tree)
    return {
        "layout_tables": layout_tables(tree),
        "label_tables": label_tables(tree),
        "chrome_blocks": chrome_blocks(tree, page_chars),
        "headed_lists": headed_lists(tree, page_chars),
    }
