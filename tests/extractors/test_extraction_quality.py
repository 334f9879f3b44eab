"""The extraction-quality gate: every hand-made page of tests/fixtures/extraction, against its gold.

Floors, not snapshots: each page must keep its article (longest and last
paragraphs present, F1 ≥ PAGE_F1), lose its chrome (no `chrome` string of the
gold file in the body), and name its title and day; the set as a whole must
reach the issue's target and stay ahead of plain trafilatura.
bench/extraction_eval.py prints the same numbers as a table.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import trafilatura

from extractors.article import extract_article
from extractors.charset import decode_html
from extractors.evaluation import GoldPage, load_gold, same_day, same_title, score_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extraction"
PAGES = load_gold(FIXTURES / "gold.toml")
PAGE_F1 = 0.9
MEAN_F1 = 0.95


def _extract(page: GoldPage):
    body = (FIXTURES / "pages" / page.file).read_bytes()
    fetched = datetime.fromisoformat(page.fetched_at) if page.fetched_at else datetime(2025, 11, 1, tzinfo=UTC)
    return extract_article(decode_html(body, None).text, f"https://example.com/{page.file}", fetched)


def test_the_set_is_big_and_varied():
    assert len(PAGES) >= 25
    encodings = {p.encoding for p in PAGES}
    assert {"gbk", "big5"} <= encodings or {"gb2312", "big5"} <= encodings
    assert all((FIXTURES / "pages" / p.file).exists() for p in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.file)
def test_page_keeps_the_article_and_drops_the_chrome(page):
    found = _extract(page)
    assert found is not None, f"{page.file}: no article"
    paragraphs = page.text.split("\n")
    squeezed = "".join(found.text.split())  # code blocks lose their indentation; that is not a miss
    for paragraph in (max(paragraphs, key=len), paragraphs[-1]):
        assert "".join(paragraph.split())[:20] in squeezed, f"{page.file}: lost {paragraph[:20]}"
    leaked = [c for c in page.chrome if c in found.text]
    assert not leaked, f"{page.file}: chrome in the body: {leaked}"
    assert score_text(found.text, page.text).f1 >= PAGE_F1
    assert same_title(found.title, page.title), found.title
    assert same_day(found.published, page.date), found.published


def test_mean_f1_meets_the_target_and_beats_plain_trafilatura():
    ours = [score_text(getattr(_extract(p), "text", None), p.text).f1 for p in PAGES]
    theirs = [score_text(trafilatura.extract((FIXTURES / "pages" / p.file).read_bytes()), p.text).f1 for p in PAGES]
    assert sum(ours) / len(ours) >= MEAN_F1
    assert sum(ours) > sum(theirs)


def test_density_fallback_is_chosen_where_trafilatura_loses_the_body():
    folded = next(p for p in PAGES if p.file.startswith("27-"))
    assert _extract(folded).method == "density"
    assert _extract(PAGES[0]).method == "trafilatura"
