"""Extraction quality on hand-made Chinese news pages: newsdesk vs plain trafilatura.

For every page of ``tests/fixtures/extraction`` (see its gold.toml: title,
date and body as a reader sees them, and the page chrome that must stay out),
scores

  newsdesk    — ``decode_html`` + ``extract_article`` (the pipeline's extractor)
  trafilatura — ``trafilatura.extract(bytes)`` with its defaults for the body;
                ``extract(..., with_metadata=True, output_format="json")`` for title and date

and prints per-page character-level precision / recall / F1, title exact
match and date accuracy, then the means side by side and the time per page.

    uv run python bench/extraction_eval.py [--fixtures tests/fixtures/extraction] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

from extractors.article import extract_article
from extractors.charset import decode_html
from extractors.evaluation import GoldPage, load_gold, same_day, same_title, score_text

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "extraction"
DEFAULT_FETCHED_AT = datetime(2025, 11, 1, tzinfo=UTC)


def newsdesk(page: GoldPage, body: bytes) -> tuple[str | None, str | None, str | None, str]:
    """(text, title, date, method) from newsdesk's extractor."""
    fetched = datetime.fromisoformat(page.fetched_at) if page.fetched_at else DEFAULT_FETCHED_AT
    found = extract_article(decode_html(body, None).text, f"https://example.com/{page.file}", fetched)
    if found is None:
        return None, None, None, "none"
    return found.text, found.title, found.published, getattr(found, "method", "trafilatura")


def plain_trafilatura(body: bytes) -> tuple[str | None, str | None, str | None, str]:
    """(text, title, date, method) from trafilatura with its defaults."""
    text = trafilatura.extract(body)
    meta = trafilatura.extract(body, with_metadata=True, output_format="json")
    data = json.loads(meta) if meta else {}
    return text, data.get("title"), data.get("date"), "defaults"


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--quiet", action="store_true", help="only the summary")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    pages = load_gold(args.fixtures / "gold.toml")
    totals: dict[str, list[tuple[float, float, float, bool, bool]]] = {"newsdesk": [], "trafilatura": []}
    if not args.quiet:
        print(f"{'page':<30} {'newsdesk P/R/F1':>19} T D {'method':<11}| {'trafilatura P/R/F1':>19} T D")
    for page in pages:
        body = (args.fixtures / "pages" / page.file).read_bytes()
        cells = []
        for name, (text, title, date, method) in (
            ("newsdesk", newsdesk(page, body)),
            ("trafilatura", plain_trafilatura(body)),
        ):
            s = score_text(text, page.text)
            row = (s.precision, s.recall, s.f1, same_title(title, page.title), same_day(date, page.date))
            totals[name].append(row)
            mark = "".join("✓" if ok else "✗" for ok in row[3:])
            cells.append(
                f"{s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}  {mark[0]} {mark[1]}"
                + (f" {method:<11}" if name == "newsdesk" else "")
            )
        if not args.quiet:
            print(f"{page.file[:30]:<30} {cells[0]}| {cells[1]}")
    n = len(pages)
    bodies = [(page, (args.fixtures / "pages" / page.file).read_bytes()) for page in pages]
    ours = min(timed(lambda: [newsdesk(page, body) for page, body in bodies]) for _ in range(3))
    theirs = min(timed(lambda: [trafilatura.extract(body) for _, body in bodies]) for _ in range(3))
    print(
        f"\ntime per page (best of 3): newsdesk {ours / n * 1000:.2f} ms, trafilatura.extract {theirs / n * 1000:.2f} ms"
    )
    print(f"\n{n} pages{'':<10} {'precision':>9} {'recall':>7} {'F1':>6} {'title':>6} {'date':>6}")
    for name, rows in totals.items():
        p, r, f = (sum(row[i] for row in rows) / n for i in range(3))
        t, d = (sum(row[i] for row in rows) for i in (3, 4))
        print(f"{name:<17} {p:9.3f} {r:7.3f} {f:6.3f} {t:>3}/{n} {d:>3}/{n}")


if __name__ == "__main__":
    main()
