"""extractors.prune states trafilatura's raw-tree prune expressions in Python: it must select what they select."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from trafilatura.htmlprocessing import prune_unwanted_nodes

from extractors.article import parse_html
from extractors.charset import decode_html
from extractors.prune import MATCHERS, RAW_PRUNE, digest, matches, prune

# Every branch of the three expressions: names that match, near misses, missing attributes, an <h1> inside.
PAGE = """<html><body>
<div id="comments">c</div><div id="commentary">keep</div><div class="Comment-list">c</div>
<section id="comol-3">c</section><div id="disqus_thread">c</div><ul id="disqus_thread">keep</ul>
<ul class="post-comments"><li>c</li></ul><ol id="comment-7"><li>c</li></ol><ol class="x comment">keep</ol>
<details class="article-comments">c</details><div class="my-comments">keep</div><span id="comments">keep</span>
<div class="infinite-scroll"><p>gone</p></div><div id="infinitescroll"><h1>kept: holds the headline</h1></div>
<aside class="mvp-post-add-box"><h1>gone despite its h1</h1></aside><div class="mvp-post-add-">keep</div>
<section class="a elementor-share-buttons b">gone</section><p class="elementor-share-buttons">keep</p>
<div>no attributes</div><div id="">empty id</div>
</body></html>"""


def _trees(zh_dev: Path) -> list[lxml.html.HtmlElement]:
    trees = [lxml.html.fromstring(PAGE)]
    for page in sorted(zh_dev.glob("*.html")):
        tree = parse_html(decode_html(page.read_bytes(), None).text)
        assert tree is not None
        trees.append(tree)
    return trees


def test_every_expression_has_its_matcher():
    """A trafilatura upgrade that changes an expression leaves it unmatched: this test says so."""
    assert {digest(e) for e in RAW_PRUNE} == set(MATCHERS)


def test_matchers_select_what_the_expressions_select(zh_dev_dir):
    trees = _trees(zh_dev_dir)
    for tree in trees:
        for expression in RAW_PRUNE:
            assert matches(tree, expression) == expression(tree)
    assert sum(len(e(trees[0])) for e in RAW_PRUNE) == 10  # the crafted page's gone and c blocks


def test_prune_prunes_as_trafilatura_does(zh_dev_dir):
    for tree in _trees(zh_dev_dir):
        ours, theirs = deepcopy(tree), deepcopy(tree)
        assert etree.tostring(prune(ours)) == etree.tostring(prune_unwanted_nodes(theirs, list(RAW_PRUNE)))


def test_an_expression_without_matcher_runs_as_xpath():
    tree = lxml.html.fromstring(PAGE)
    changed = etree.XPath(RAW_PRUNE[0].path + "[1]", namespaces={"re": "http://exslt.org/regular-expressions"})
    assert digest(changed) not in MATCHERS
    assert matches(tree, changed) == changed(tree)


@pytest.mark.parametrize("tag", ["div", "ul"])
def test_a_fragment_root_is_never_selected(tag):
    """``.//*`` starts below the context node: a fragment parsed to a lone <div id="comments"> stays."""
    root = lxml.html.fromstring(f'<{tag} id="comments"><p>text</p></{tag}>')
    assert root.tag == tag
    assert all(matches(root, e) == e(root) == [] for e in RAW_PRUNE)
