"""HTML → article: trafilatura with settings chosen for Chinese news pages."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from copy import copy, deepcopy
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import cache
from typing import Any

import lxml.html
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from trafilatura.baseline import baseline
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor, use_config
from trafilatura.utils import is_dubious_html, repair_faulty_html
from trafilatura.xml import xmltotxt

from extractors.chrome import remove_chrome, strip_code
from extractors.cleanup import clean_text
from extractors.density import density_text
from extractors.metadata import article_headline, header_text, page_metadata, publication_date, written_byline
from extractors.normalise import Script, detect_lang, detect_script
from extractors.prune import prune

logger = logging.getLogger(__name__)

# Bump when extraction output can change for the same HTML; stored per article
# so `reprocess` knows what is stale.
# 2: Chinese clean-up rules (extractors/cleanup.py)
# 3: chrome removal before extraction, declared metadata + written dates, density fallback
# 4: zh_dev rules (comments, share and toolbar widgets, layout lists, notices, datelines), list
#    pages are no article, headline candidates, relative dates only against a live fetch, date_source
EXTRACTOR_VERSION = "4"
# Shorter bodies are navigation or error pages, not articles. 50 Han
# characters is about two sentences; the shortest real brief in the demo
# corpus has ~150.
MIN_TEXT_CHARS = 50
# Below this many characters trafilatura's text is checked against the density fallback …
FALLBACK_BELOW = 250
# … which replaces it when at least this many times longer.
FALLBACK_GAIN = 2.0
# trafilatura's main text is extracted again in recall mode when it is shorter than this …
RETRY_BELOW_CHARS = 3000
# … and than this share of the (chrome-pruned) page's text; the retry is kept when this many times longer.
RETRY_PAGE_SHARE = 0.2
RETRY_GAIN = 1.5
# A text where this share of lines are menu-sized is a page dump, not an article.
NOISY_SHARE = 0.4
SHORT_LINE_CHARS = 12
# The densest block replaces a dump when this share of its paragraphs are in it.
CORE_SHARE = 0.8
# An article has at least this share of its characters in sentences, and less than this share in
# link texts (see is_article_text). On zh_dev the articles score 0.83–1.0 and 0.0–0.08, the list,
# index and forum-board pages 0.0–0.01 and 0.60–0.99; re-run bench/extraction_eval.py after a change.
PROSE_MIN_SHARE = 0.2
LINK_MAX_SHARE = 0.5
# A line without a 。 is still a sentence when it is this long and has a comma.
PROSE_LINE_CHARS = 50
_SENTENCE = re.compile(r"。|[a-z]{2}[.!?](?:\s|$)")
_CLAUSE = re.compile(r"[，,]")
# What may stand before a link's text in a list line: bullets, numbers, dates.
_LIST_LEAD = re.compile(r"^[-•·*\d:./年月日\[\]【】()（）]+")
# trafilatura's size thresholds are counted in characters and tuned for
# Latin text (250 characters ≈ 40 English words). A Han character carries
# about a word, so a 240-character Chinese brief is a full article; at the
# default, such pages fall through to the fallback extractors, which keep
# bylines and collapse paragraphs. Values chosen on the demo corpus.
TRAFILATURA_SETTINGS = {
    "MIN_EXTRACTED_SIZE": "120",
    "MIN_OUTPUT_SIZE": "30",
    "MIN_EXTRACTED_COMM_SIZE": "30",
    "MIN_OUTPUT_COMM_SIZE": "30",
    "EXTRACTION_TIMEOUT": "0",  # signals do not work off the main thread
}
# trafilatura's parser settings, with element classes looked up in C: lxml.html's own lookup
# is a Python method called for every element proxy created (hundreds a page, ~4% of a
# page's cost), and only picks form-specific classes that neither trafilatura nor we use.
_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)
_AUTHOR_PREFIX = re.compile(r"^(?:作者|记者|文|撰文|编辑|責任編輯|责任编辑|作者名)\s*[:：|丨]?\s*")


@dataclass(frozen=True)
class Extracted:
    """What a page says, independent of where it was found."""

    title: str | None
    text: str
    published: str | None  # ISO date, as found in the page
    author: str | None
    sitename: str | None
    lang: str | None
    script: Script | None
    method: str = "trafilatura"  # or "density": which extractor produced the text (see choose_text)
    date_source: str = "none"  # how published was found: metadata, page_text, relative_to_fetch, url, none

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape printed by ``newsdesk extract --json``."""
        return asdict(self)


@cache
def _config():
    config = use_config()
    for key, value in TRAFILATURA_SETTINGS.items():
        config.set("DEFAULT", key, value)
    return config


def trafilatura_options(output_format: str = "python", with_metadata: bool = False) -> Extractor:
    """The options newsdesk runs trafilatura with (``bench/extraction_eval.py`` runs trafilatura alone with them).

    Args:
        output_format: ``"python"`` for ``bare_extraction`` (newsdesk), ``"txt"`` for ``extract``.
        with_metadata: trafilatura's own metadata pass; newsdesk reads metadata itself
            (:mod:`extractors.metadata`), so it is off in the pipeline.
    """
    return Extractor(
        config=_config(),
        output_format=output_format,
        fast=True,  # trafilatura's own fallback (readability + jusText) is replaced by choose_text's
        comments=False,
        tables=True,
        dedup=False,
        with_metadata=with_metadata,
    )


@cache
def _options() -> Extractor:
    """trafilatura's options, built once (building them per page costs ~0.1 ms)."""
    return trafilatura_options()


def _clean_author(author: str | None) -> str | None:
    """Drop the 作者：/记者 label sites put before a byline."""
    if not author:
        return None
    cleaned = _AUTHOR_PREFIX.sub("", author.strip()).strip()
    return cleaned or None


def _parse(data: str | bytes) -> HtmlElement | None:
    try:
        return lxml.html.fromstring(data, parser=_PARSER)
    except Exception:  # lxml refuses some garbage outright ("Document is empty", encoding declarations)
        return None


def parse_html(html: str) -> HtmlElement | None:
    """The page's tree, as ``trafilatura.utils.load_html`` builds it (repairs, byte fallback, dubious check)."""
    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair_faulty_html(html, beginning)
    tree = _parse(html)
    if tree is None or len(tree) < 1:
        tree = _parse(html.encode("utf-8", "surrogatepass"))
    if tree is None or (dubious and len(tree) < 2):
        return None
    return tree


@cache
def _recall_options() -> Extractor:
    """trafilatura's options in recall mode, for the retry in :func:`_trafilatura_text`."""
    options = copy(_options())
    options.focus = "recall"
    return options


def _pruned(tree: HtmlElement) -> HtmlElement:
    """A copy of *tree* pruned as trafilatura prunes a raw page (comments and comment lists are never content here)."""
    return prune(deepcopy(tree))


def _main_text(tree: HtmlElement, options: Extractor, url: str | None) -> tuple[Any, str]:
    """trafilatura's main extractor (``extract_content``) on a copy of *tree*: (its body element, its text)."""
    return extract_content(convert_tags(tree_cleaning(_pruned(tree), options), options, url), options)


def _spaced_len(tree: HtmlElement) -> int:
    """The length of *tree*'s text with each run of whitespace counted as one space."""
    return len(" ".join(tree.text_content().split()))


def _trafilatura_text(tree: HtmlElement, url: str | None) -> str:
    """The main text by trafilatura's extractor, rescued or retried when short, as ``bare_extraction`` does.

    These are the stages of trafilatura's cascade that serve newsdesk, called
    directly (forum pages' JSON-LD markers, which trafilatura checks before pruning
    comment blocks, went with the scripts in :func:`~extractors.chrome.strip_code`):

    1. the main extractor, on the pruned, cleaned and converted tree;
    2. (the comparison with readability and jusText is off: fast mode);
    3. below ``min_extracted_size`` characters, trafilatura's baseline on the pruned
       tree, when it finds more;
    4. a text shorter than ``RETRY_BELOW_CHARS`` and than ``RETRY_PAGE_SHARE`` of the
       page's is extracted again in recall mode, kept when ``RETRY_GAIN`` times longer.

    The retry is decided on the chrome-pruned tree's text length (whitespace runs
    counted once), where trafilatura measures a cleaned copy of the page (~2 ms a page).
    """
    options = _options()
    try:
        body, text = _main_text(tree, options, url)
        if len(text) < options.min_extracted_size:
            b_body, b_text, b_len = baseline(_pruned(tree))
            if b_len > len(text):
                body, text = b_body, b_text
        if 0 < len(text) < RETRY_BELOW_CHARS and len(text) < RETRY_PAGE_SHARE * _spaced_len(tree):
            r_body, r_text = _main_text(tree, _recall_options(), url)
            if len(r_text) >= options.min_extracted_size and len(r_text) > RETRY_GAIN * len(text):
                body, text = r_body, r_text
    except Exception as exc:  # trafilatura raises assorted lxml errors on garbage
        logger.info("extraction failed", extra={"url": url, "error": repr(exc)})
        return ""
    if len(text) < options.min_output_size:
        return ""
    return xmltotxt(body, options.formatting)


def choose_text(trafilatura_text: str, density: Callable[[], str | None], title: str | None) -> tuple[str, str]:
    """``(text, method)``: trafilatura's text, unless it is missing or far too short.

    The rule, per page. The densest block (:mod:`extractors.density`) is
    extracted too when trafilatura's cleaned text is

    * *too little*: shorter than ``FALLBACK_BELOW`` characters — the block is
      taken when it is at least ``FALLBACK_GAIN`` times longer (a 200-character
      flash that trafilatura reads right stays: its densest block is that text);
    * *a page dump*: at least ``NOISY_SHARE`` of its lines are menu-sized
      (≤ ``SHORT_LINE_CHARS``), which is what trafilatura's fast mode returns
      when it recovers "wild" text from the whole page — the block is taken
      when ``CORE_SHARE`` of its paragraphs are in trafilatura's text (it is
      the article inside the dump) and it is shorter (the dump's chrome goes).
    """
    text = clean_text(trafilatura_text, title).text
    lines = text.split("\n")
    noisy = sum(len(ln) <= SHORT_LINE_CHARS for ln in lines) >= NOISY_SHARE * len(lines)
    if len(text) >= FALLBACK_BELOW and not noisy:
        return text, "trafilatura"
    alternative = clean_text(density() or "", title).text
    if len(alternative) < MIN_TEXT_CHARS:
        return text, "trafilatura"
    if len(alternative) >= FALLBACK_GAIN * len(text):
        return alternative, "density"
    if noisy:
        core = alternative.split("\n")
        if sum(ln in text for ln in core) >= CORE_SHARE * len(core) and len(alternative) < len(text):
            return alternative, "density"
    return text, "trafilatura"


def _squeezed(text: str) -> str:
    return "".join(text.split())


def prose_share(text: str) -> float:
    """The share of *text*'s characters in lines that are sentences (a 。, a Latin full stop, or a long clause)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    total = sum(map(len, lines)) or 1
    prose = sum(len(ln) for ln in lines if _SENTENCE.search(ln) or (len(ln) >= PROSE_LINE_CHARS and _CLAUSE.search(ln)))
    return prose / total


def link_share(text: str, tree: HtmlElement) -> float:
    """The share of *text*'s characters in lines that are the text of a link on the page (a bullet or date before it allowed)."""
    anchors = {t for a in tree.iter("a") if len(t := _squeezed(a.text_content())) >= 4}
    if not anchors:
        return 0.0
    lines = [_squeezed(ln) for ln in text.split("\n")]
    total = sum(map(len, lines)) or 1
    return sum(len(ln) for ln in lines if ln in anchors or _LIST_LEAD.sub("", ln) in anchors) / total


def is_article_text(text: str, tree: HtmlElement) -> bool:
    """Whether *text* reads as an article rather than a list of headlines, an index or a forum board.

    An article is written in sentences: at least ``PROSE_MIN_SHARE`` of its characters
    stand in lines with a 。 (or a Latin full stop, or a long clause), and less than
    ``LINK_MAX_SHARE`` are the texts of the page's links. A list page extracted whole
    is short lines without sentences, most of them links.
    """
    return prose_share(text) >= PROSE_MIN_SHARE and link_share(text, tree) < LINK_MAX_SHARE


def extract_article(html: str, url: str | None = None, fetched_at: datetime | None = None) -> Extracted | None:
    """Extract the main article of *html*; ``None`` when there is none.

    Steps: parse once; read declared metadata (:mod:`extractors.metadata`);
    remove Chinese page chrome (:mod:`extractors.chrome`); trafilatura in fast
    mode, with the density fallback chosen per page by :func:`choose_text`;
    Chinese clean-up rules (:mod:`extractors.cleanup`); a text that is not
    written in sentences, or is mostly link texts, is a list, index or forum
    board, not an article (:func:`is_article_text`). The publication date is the
    declared one, else the date written on the page, else the one in the URL;
    ``Extracted.date_source`` says which.

    Comments are excluded (other people's words, and noisy); data tables are
    kept (funding rounds and model rankings are often tables).

    Args:
        html: the decoded page (:func:`extractors.charset.decode_html`).
        url: where the page was found, if known (a date in its path is the last resort).
        fetched_at: the time of a live fetch. Relative dates (昨天 18:24, 3小时前, a
            month and day without a year) are counted back from it, Asia/Shanghai;
            without it (a file, an archived copy of unknown age) they give no date.
    """
    if not html.strip():
        return None
    tree = parse_html(html)
    if tree is None:
        logger.info("unparseable HTML", extra={"url": url})
        return None
    meta = page_metadata(tree)
    strip_code(tree)
    body = tree.find(".//body")
    page_text = (body if body is not None else tree).text_content()
    visible = " ".join(page_text.split())
    remove_chrome(tree, len(page_text.strip()), meta.title)
    text, method = choose_text(_trafilatura_text(tree, url), lambda: density_text(tree), meta.title)
    if len(text) < MIN_TEXT_CHARS:
        return None
    if not is_article_text(text, tree):
        logger.info("a list of links, not an article", extra={"url": url})
        return None
    title = article_headline(tree, meta, visible, text)
    if title != meta.title:
        text = clean_text(text, title).text  # the headline may open the text
    published, date_source = publication_date(meta.published, visible, title, fetched_at, url)
    return Extracted(
        title=title,
        text=text,
        published=published,
        author=_clean_author(meta.author) or written_byline(header_text(visible, title)),
        sitename=meta.sitename,
        lang=detect_lang(text, None),
        script=detect_script(text),
        method=method,
        date_source=date_source,
    )


def article_from_plain_text(content: str) -> Extracted | None:
    """A plain-text article whose first non-blank line is its title (the seed format)."""
    lines = content.replace("\r\n", "\n").strip().split("\n")
    if not lines or not lines[0].strip():
        return None
    title = lines[0].strip()
    text = clean_text("\n".join(lines[1:]), title).text
    if not text:
        return None
    return Extracted(title, text, None, None, None, detect_lang(text), detect_script(text), "plain_text")
