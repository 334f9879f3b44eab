"""trafilatura's raw-tree prune (infinite-scroll containers, share widgets, comment blocks), in Python.

trafilatura prunes a raw page with XPath expressions that test class and id names by
EXSLT ``re:test``. libxml2 evaluates each predicate on every element of the page, and
lxml answers each ``re:test`` by calling back into Python, although the expressions select
nothing on most pages. :data:`MATCHERS` states each expression as a Python test of one
element (its tag, its ``id`` and ``class``, whether it holds an ``<h1>``), run over the
page's elements of the expression's tags: about a quarter of the time on real-size pages
(docs/benchmarks.md, ninth session).

A matcher belongs to one exact expression: it is keyed by a digest of the expression's
source, so an expression a trafilatura upgrade changes runs as trafilatura's own XPath
(correct, only slower) until its matcher is rewritten. ``tests/extractors/test_prune.py``
checks that every expression has its matcher and that both prune zh_dev's pages alike.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import delete_element
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

RAW_PRUNE: tuple[XPath, ...] = (*RAW_TREE_PRUNE_XPATH, *REMOVE_COMMENTS_AND_LISTS_XPATH)


def digest(expression: XPath) -> str:
    """A short digest of an XPath expression's source (what a matcher is keyed by)."""
    return hashlib.sha1(expression.path.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Matcher:
    """An XPath expression ``.//*[self::t1 or self::t2 …][test]`` as Python: its tags and its test.

    ``re:test(@a, P)`` is ``re.search(P, value of a, or "")``: lxml's EXSLT functions read a
    missing attribute as the empty string.
    """

    tags: tuple[str, ...]
    test: Callable[[HtmlElement, str, str], bool]  # (element, id, class)


_SCROLL = re.compile(r"mvp-post-add-(?:box|wrap)|infinite-?scroll").search
_MVP = re.compile(r"mvp-post-add-(?:box|wrap)").search
_COMMENT_ID = re.compile(r"^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)").search
_COMMENT_LIST_ID = re.compile(r"^(?:[Cc]omment(?!ary)|comol)").search
_COMMENT_CLASS = re.compile(r"^[Cc]omment(?!ary)|(?:article|post)-comments").search

MATCHERS: dict[str, Matcher] = {
    # infinite-scroll containers, kept when they hold the headline (unless named mvp-post-add-…)
    "c15751070b078a64": Matcher(
        ("div", "section", "aside"),
        lambda el, id_, class_: (
            bool(_SCROLL(id_) or _SCROLL(class_)) and (el.find(".//h1") is None or bool(_MVP(id_) or _MVP(class_)))
        ),
    ),
    # contains(@class, 'elementor-share-buttons')
    "12b073ccb20e9633": Matcher(
        ("div", "section", "aside"), lambda el, id_, class_: "elementor-share-buttons" in class_
    ),
    # comment blocks, and ol/ul comment lists (without the disqus ids)
    "7e7d885e629a5119": Matcher(
        ("div", "list", "section", "details", "ol", "ul"),
        lambda el, id_, class_: (
            bool(_COMMENT_ID(id_) or _COMMENT_CLASS(class_))
            and (el.tag not in ("ol", "ul") or bool(_COMMENT_LIST_ID(id_) or _COMMENT_CLASS(class_)))
        ),
    ),
}


def matches(tree: HtmlElement, expression: XPath, matchers: dict[str, Matcher] = MATCHERS) -> list[HtmlElement]:
    """What *expression* selects on *tree*, in document order: by its matcher when it has one."""
    matcher = matchers.get(digest(expression))
    if matcher is None:
        return expression(tree)
    found = []
    for element in tree.iterdescendants(*matcher.tags):
        attrs = element.attrib
        if matcher.test(element, attrs.get("id", ""), attrs.get("class", "")):
            found.append(element)
    return found


def prune(tree: HtmlElement, expressions: Sequence[XPath] = RAW_PRUNE) -> HtmlElement:
    """Delete what each of *expressions* selects, one after the other, tails kept.

    The same as ``trafilatura.htmlprocessing.prune_unwanted_nodes(tree, expressions)``.
    """
    for expression in expressions:
        for element in matches(tree, expression):
            delete_element(element)
    return tree
