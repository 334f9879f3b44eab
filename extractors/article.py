"""HTML → article: trafilatura with settings chosen for Chinese news pages."""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

import trafilatura
from trafilatura.settings import use_config

from extractors.cleanup import clean_text
from extractors.dates import find_date
from extractors.normalise import Script, detect_lang, detect_script

logger = logging.getLogger(__name__)

# Bump when extraction output can change for the same HTML; stored per article
# so `reprocess` knows what is stale.
EXTRACTOR_VERSION = "2"  # 2: Chinese clean-up rules (extractors/cleanup.py)
# Shorter bodies are navigation or error pages, not articles. 50 Han
# characters is about two sentences; the shortest real brief in the demo
# corpus has ~150.
MIN_TEXT_CHARS = 50
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

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape printed by ``newsdesk extract --json``."""
        return asdict(self)


@cache
def _config():
    config = use_config()
    for key, value in TRAFILATURA_SETTINGS.items():
        config.set("DEFAULT", key, value)
    return config


def _clean_author(author: str | None) -> str | None:
    """Drop the 作者：/记者 label sites put before a byline."""
    if not author:
        return None
    cleaned = _AUTHOR_PREFIX.sub("", author.strip()).strip()
    return cleaned or None


_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<!--.*?-->|<[^>]+>", re.DOTALL | re.IGNORECASE)
# How much of the page's visible text is searched for a written date (bylines sit near the top).
DATE_SEARCH_CHARS = 5000


def _written_date(html: str, fetched_at: datetime | None) -> str | None:
    """A Chinese-written date from the page's visible text (the metadata had none)."""
    body = html[html.lower().find("<body") :] if "<body" in html.lower() else html
    visible = " ".join(_TAGS.sub(" ", body[: DATE_SEARCH_CHARS * 10]).split())[:DATE_SEARCH_CHARS]
    found = find_date(visible, fetched_at or datetime.now(UTC))
    return found.isoformat() if found else None


def extract_article(html: str, url: str | None = None, fetched_at: datetime | None = None) -> Extracted | None:
    """Extract the main article of *html*; ``None`` when there is none.

    The publication date comes from the page's metadata, else from a date
    written in the page (2024年10月11日, 昨天 09:30, 3小时前 — relative to
    *fetched_at*, Asia/Shanghai).

    Comments are excluded (they are other people's words, and noisy); tables
    are kept (funding rounds and model rankings are often tables).
    """
    if not html.strip():
        return None
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            config=_config(),
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on garbage
        logger.info("extraction failed", extra={"url": url, "error": repr(exc)})
        return None
    if doc is None or not doc.text:
        return None
    text = clean_text(doc.text, doc.title).text
    if len(text) < MIN_TEXT_CHARS:
        return None
    return Extracted(
        title=doc.title,
        text=text,
        published=doc.date or _written_date(html, fetched_at),
        author=_clean_author(doc.author),
        sitename=doc.sitename,
        lang=detect_lang(text, getattr(doc, "language", None)),
        script=detect_script(text),
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
    return Extracted(title, text, None, None, None, detect_lang(text), detect_script(text))
