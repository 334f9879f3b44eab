from datetime import UTC, datetime

from flows.demo.site import load_articles, render_article
from flows.processing import MIN_PAGES_FOR_POOL, process_pages_parallel, shutdown_pools


def test_pool_results_equal_in_process_results():
    articles = load_articles()
    now = datetime(2026, 11, 23, tzinfo=UTC)
    pages = [
        (render_article(a, articles[:3]).encode(), f"https://example.com/{i}/{a.slug}.html", None, "text/html", now)
        for i in range(2)
        for a in articles
    ]
    assert len(pages) >= MIN_PAGES_FOR_POOL
    try:
        pooled = process_pages_parallel(pages, workers=2, catalogue_path=None, mobile_hosts={}, relevance=None)
    finally:
        shutdown_pools()
    local = process_pages_parallel(pages, workers=1, catalogue_path=None, mobile_hosts={}, relevance=None)
    assert pooled == local
    assert [p.record.url for p in pooled] == [p[1] for p in pages]  # order kept
