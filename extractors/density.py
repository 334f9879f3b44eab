"""Text-density extraction: the fallback when trafilatura finds nothing or far too little.

The method of CETD and GNE, which work well on Chinese pages: an article is
the block where much non-link text sits under few tags, broken by many
sentence marks. For every block element, in one bottom-up pass,

    density = (chars − link chars) / max(tags − link tags, 1)
    score   = density × log(punctuation + 2) × log(paragraphs + 2) × (1 − link chars / chars)

and the highest-scoring block is the article. It needs no class names, so
it still works where a site's names collide with trafilatura's boilerplate
list (a body inside ``class="content expand"`` behind a 展开全文 button).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lxml.html import HtmlElement

CANDIDATE_TAGS = frozenset(("div", "section", "article", "main", "td", "body"))
BLOCK_TAGS = frozenset(
    ("p", "div", "section", "article", "main", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "blockquote",
     "pre", "figure", "figcaption", "header", "footer", "ul", "ol", "table", "dd", "dt")
)  # fmt: skip
PARAGRAPH_TAGS = frozenset(("p", "br", "h2", "h3", "h4", "li", "section", "pre"))
PUNCTUATION = frozenset("，。！？；：、,.!?;:")


@dataclass
class _Stats:
    chars: int = 0
    link_chars: int = 0
    tags: int = 0
    link_tags: int = 0
    punctuation: int = 0
    paragraphs: int = 0

    def add_text(self, text: str | None) -> None:
        if text:
            self.chars += len(text.strip())
            self.punctuation += sum(1 for c in text if c in PUNCTUATION)


def score(stats: _Stats) -> float:
    """The block score of the module docstring (0 for a block without text)."""
    if stats.chars == 0:
        return 0.0
    density = (stats.chars - stats.link_chars) / max(stats.tags - stats.link_tags, 1)
    link_share = stats.link_chars / stats.chars
    return density * math.log(stats.punctuation + 2) * math.log(stats.paragraphs + 2) * (1 - link_share)


def densest_block(root: HtmlElement) -> HtmlElement | None:
    """The block element with the highest score, or None on a page without text."""
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    stats: dict[HtmlElement, _Stats] = {}
    best, best_score = None, 0.0
    for element in reversed(elements):  # reversed document order: children before parents
        s = _Stats()
        s.add_text(element.text)
        for child in element:
            if isinstance(child.tag, str):
                c = stats[child]
                s.chars += c.chars
                s.link_chars += c.link_chars
                s.tags += c.tags + 1
                s.link_tags += c.link_tags
                s.punctuation += c.punctuation
                s.paragraphs += c.paragraphs + (child.tag in PARAGRAPH_TAGS)
            s.add_text(child.tail)
        if element.tag == "a":
            s.link_chars, s.link_tags = s.chars, s.tags + 1
        stats[element] = s
        if element.tag in CANDIDATE_TAGS and (value := score(s)) > best_score:
            best, best_score = element, value
    return best


def _render(element: HtmlElement, out: list[str]) -> None:
    block = element.tag in BLOCK_TAGS or element.tag == "br"
    if block:
        out.append("\n")
    if element.text:
        out.append(element.text)
    for child in element:
        if isinstance(child.tag, str):
            _render(child, out)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append("\n")


def block_text(element: HtmlElement) -> str:
    """The block's text, one paragraph per line."""
    out: list[str] = []
    _render(element, out)
    return "\n".join(line for raw in "".join(out).split("\n") if (line := " ".join(raw.split())))


def density_text(root: HtmlElement) -> str | None:
    """The densest block's text, or None."""
    block = densest_block(root)
    return block_text(block) if block is not None else None
