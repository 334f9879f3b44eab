"""Pure transforms: HTML → article, feeds → links, normalisation, fingerprints, tagging.

Nothing in this package does I/O beyond reading its own packaged data files.
"""

import logging

from extractors.article import EXTRACTOR_VERSION, Extracted, article_from_plain_text, extract_article
from extractors.charset import Decoded, decode_html
from extractors.entities import Catalogue, CatalogueError, Entity, Mention, load_catalogue
from extractors.feeds import Discovered, FeedError, Link, parse_links
from extractors.fingerprint import content_hash
from extractors.normalise import detect_lang, detect_script, fold, normalise_for_hash, to_simplified
from extractors.pipeline import ArticleRecord, PageResult, process_page, process_plain_text
from extractors.urls import InvalidURL, article_id_for, canonical_url, parse_url_list

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "EXTRACTOR_VERSION",
    "ArticleRecord",
    "Catalogue",
    "CatalogueError",
    "Decoded",
    "Discovered",
    "Entity",
    "Extracted",
    "FeedError",
    "InvalidURL",
    "Link",
    "Mention",
    "PageResult",
    "article_from_plain_text",
    "article_id_for",
    "canonical_url",
    "content_hash",
    "decode_html",
    "detect_lang",
    "detect_script",
    "extract_article",
    "fold",
    "load_catalogue",
    "normalise_for_hash",
    "parse_links",
    "parse_url_list",
    "process_page",
    "process_plain_text",
    "to_simplified",
]
