"""Extraction quality and speed on real Chinese pages (zh_dev): newsdesk vs trafilatura, in one run.

Reads the 40 pages of ``../shared/zh_dev`` (relative to the repository root; ``--data`` for
another folder of ``NNN.html`` + ``NNN.json`` in the same format) and runs three extractors on
the same bytes:

  newsdesk            — ``decode_html`` + ``extract_article``, as ``newsdesk extract page.html``
                        calls them (no URL, no fetch time: an archived file)
  trafilatura         — ``trafilatura.extract(raw bytes)`` with its defaults (trafilatura decodes
                        the bytes itself); title and date from a second, untimed call with
                        ``with_metadata=True``
  trafilatura+nd      — trafilatura with the options newsdesk passes it
                        (``extractors.article.trafilatura_options``) on the text ``decode_html``
                        made: what newsdesk's chrome removal, density fallback, clean-up and
                        metadata add on top

Scores follow zh_dev's ``score.py`` (``extractors.evaluation``: whitespace removed, nothing else
normalised): phrase recall (must_contain found), boilerplate leak (must_not_contain found), char
F1 against the gold text, non-article pages answered with nothing, titles exactly equal (ignoring
whitespace), dates naming the gold day (of pages with a gold date) and dates invented (a date
given where the page shows none). Speed: each extractor over all pages, timed in this process,
best of ``--repeat`` rounds, page by page in turn; one process is one core.

    uv run python bench/extraction_eval.py [--data ../shared/zh_dev] [--quiet] [--repeat 5] [--predictions DIR]

``--predictions DIR`` also writes newsdesk's text per page, so that zh_dev's own scorer can
confirm the figures: ``python3 ../shared/zh_dev/score.py DIR``.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from trafilatura.settings import Extractor

from extractors.article import extract_article, trafilatura_options
from extractors.charset import decode_html
from extractors.evaluation import beijing_day, char_f1, phrase_share, squeeze

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "zh_dev"
EXTRACTORS = ("newsdesk", "trafilatura", "trafilatura+nd")


@dataclass(frozen=True)
class Page:
    """One zh_dev page: its bytes and its annotation."""

    id: str
    site: str
    is_article: bool
    title: str
    published: str | None
    text: str | None
    must_contain: list[str]
    must_not_contain: list[str]
    body: bytes


@dataclass(frozen=True)
class Answer:
    """What an extractor made of a page (``text`` None: "no article")."""

    text: str | None
    title: str | None = None
    date: str | None = None
    date_source: str = ""


@dataclass(frozen=True)
class Score:
    """One page's scores for one extractor (None where the measure does not apply)."""

    recall: float | None
    leak: float
    f1: float | None
    empty: bool
    title_ok: bool | None
    date_ok: bool | None  # gold date given and named
    invented: bool  # a date where the page shows none


def load_pages(data: Path) -> list[Page]:
    """Every ``NNN.json`` with its ``NNN.html`` in *data*."""
    pages = []
    for path in sorted(data.glob("[0-9][0-9][0-9].json")):
        r = json.loads(path.read_text(encoding="utf-8"))
        body = path.with_suffix(".html").read_bytes()
        pages.append(Page(r["id"], r["site"], r["is_article"], r["title"], r["published"], r["text"],
                          r["must_contain"], r["must_not_contain"], body))  # fmt: skip
    return pages


def newsdesk(body: bytes) -> Answer:
    """newsdesk's extraction of a file: decode, extract, clean up, metadata (no URL, no fetch time)."""
    found = extract_article(decode_html(body).text, None)
    if found is None:
        return Answer(None)
    return Answer(found.text, found.title, found.published, found.date_source)


def plain_trafilatura(body: bytes) -> str | None:
    """trafilatura's text with its default settings, from the raw bytes."""
    return trafilatura.extract(body)


def _with_metadata(data: bytes | str, options: Extractor | None = None) -> Answer:
    """trafilatura's text, title and date (its metadata pass, htmldate included)."""
    kwargs = {"with_metadata": True} if options is None else {"options": options}
    doc = trafilatura.bare_extraction(data, **kwargs)
    if doc is None:
        return Answer(None)
    return Answer(doc.text or None, doc.title, doc.date)


_ND_TEXT = trafilatura_options(output_format="txt")
_ND_META = trafilatura_options(output_format="python", with_metadata=True)


def newsdesk_settings_trafilatura(body: bytes) -> str | None:
    """trafilatura with newsdesk's options, on newsdesk's decoding of *body*."""
    return trafilatura.extract(decode_html(body).text, options=_ND_TEXT)


def answers(page: Page) -> dict[str, Answer]:
    """Each extractor's answer for *page* (texts from the timed calls, titles and dates from metadata calls)."""
    plain = _with_metadata(page.body)
    tuned = _with_metadata(decode_html(page.body).text, _ND_META)
    return {
        "newsdesk": newsdesk(page.body),
        "trafilatura": Answer(plain_trafilatura(page.body), plain.title, plain.date),
        "trafilatura+nd": Answer(newsdesk_settings_trafilatura(page.body), tuned.title, tuned.date),
    }


def score(page: Page, answer: Answer) -> Score:
    """*answer* scored against *page*'s annotation."""
    out = answer.text or ""
    day = beijing_day(answer.date)
    return Score(
        recall=phrase_share(out, page.must_contain) if page.is_article else None,
        leak=phrase_share(out, page.must_not_contain),
        f1=char_f1(out, page.text) if page.is_article and page.text else None,
        empty=not squeeze(out),
        title_ok=squeeze(answer.title or "") == squeeze(page.title) if page.is_article else None,
        date_ok=(day is not None and day.isoformat() == page.published) if page.published else None,
        invented=page.published is None and day is not None,
    )


def timings(bodies: list[bytes], repeat: int) -> dict[str, float]:
    """Seconds per page of each timed extractor: per round, every page through every extractor in turn.

    Interleaving page by page spreads a busy moment of a shared machine over all three;
    the best round of each extractor counts.
    """
    fns = {"newsdesk": newsdesk, "trafilatura": plain_trafilatura, "trafilatura+nd": newsdesk_settings_trafilatura}
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeat):
        spent = dict.fromkeys(fns, 0.0)
        for body in bodies:
            for name, fn in fns.items():
                started = time.perf_counter()
                fn(body)
                spent[name] += time.perf_counter() - started
        best = {name: min(best[name], spent[name]) for name in fns}
    return {name: seconds / len(bodies) for name, seconds in best.items()}


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def _cell(s: Score) -> str:
    if s.recall is None:
        return f"{'no art' if s.empty else 'TEXT':>6} L{s.leak:.2f}".ljust(21)
    f1 = f"{s.f1:.3f}" if s.f1 is not None else "  -  "
    t = "✓" if s.title_ok else "✗"
    d = {True: "✓", False: "✗", None: "!" if s.invented else "-"}[s.date_ok]
    return f"R{s.recall:.2f} L{s.leak:.2f} F{f1} {t}{d}"


def summary(pages: list[Page], scores: dict[str, list[Score]], per_page: dict[str, float]) -> list[str]:
    """The overall table, one extractor per column (markdown)."""
    articles = [i for i, p in enumerate(pages) if p.is_article]
    gold = [i for i in articles if pages[i].text]
    non = [i for i, p in enumerate(pages) if not p.is_article]
    dated = [i for i, p in enumerate(pages) if p.published]
    undated = [i for i, p in enumerate(pages) if not p.published]
    rows: list[tuple[str, Callable[[list[Score]], str], str]] = [
        (f"phrase recall ({len(articles)} articles)", lambda s: f"{_mean([s[i].recall or 0 for i in articles]):.3f}",
         "≥ 0.99"),
        ("articles with all phrases found", lambda s: f"{sum(s[i].recall == 1 for i in articles)}/{len(articles)}", ""),
        ("boilerplate leak (articles)", lambda s: f"{_mean([s[i].leak for i in articles]):.3f}", "≤ 0.01"),
        (f"mean char F1 ({len(gold)} gold texts)", lambda s: f"{_mean([s[i].f1 or 0 for i in gold]):.3f}", "≥ 0.98"),
        ("non-articles → no article", lambda s: f"{sum(s[i].empty for i in non)}/{len(non)}", f"{len(non)}/{len(non)}"),
        ("boilerplate leak (non-articles)", lambda s: f"{_mean([s[i].leak for i in non]):.3f}", ""),
        ("titles exact", lambda s: f"{sum(bool(s[i].title_ok) for i in articles)}/{len(articles)}", "≥ 95 %"),
        ("dates exact (pages showing a date)", lambda s: f"{sum(bool(s[i].date_ok) for i in dated)}/{len(dated)}",
         "≥ 95 %"),
        ("dates invented (pages showing none)", lambda s: f"{sum(s[i].invented for i in undated)}/{len(undated)}", "0"),
    ]  # fmt: skip
    lines = ["| measure | " + " | ".join(EXTRACTORS) + " | target |", "|---" * (len(EXTRACTORS) + 2) + "|"]
    for label, fmt, target in rows:
        lines.append(f"| {label} | " + " | ".join(fmt(scores[e]) for e in EXTRACTORS) + f" | {target} |")
    lines.append("| ms per page | " + " | ".join(f"{per_page[e] * 1000:.2f}" for e in EXTRACTORS) + " | |")
    lines.append(
        "| pages/s per core | " + " | ".join(f"{1 / per_page[e]:.0f}" for e in EXTRACTORS) + " | ≥ trafilatura |"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of NNN.html + NNN.json (default: %(default)s)")
    parser.add_argument("--quiet", action="store_true", help="only the summary table")
    parser.add_argument("--repeat", type=int, default=3, help="timing rounds; the best counts")
    parser.add_argument(
        "--predictions", type=Path, help="write newsdesk's text as DIR/NNN.txt, for zh_dev's own score.py"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    pages = load_pages(args.data)
    if not pages:
        raise SystemExit(f"no NNN.json pages in {args.data}")
    scores: dict[str, list[Score]] = {e: [] for e in EXTRACTORS}
    if not args.quiet:
        print(f"{'id':<4}{'site':<24}" + "".join(f"| {e:<22}" for e in EXTRACTORS) + "| date source")
    for page in pages:
        found = answers(page)
        if args.predictions:
            args.predictions.mkdir(parents=True, exist_ok=True)
            (args.predictions / f"{page.id}.txt").write_text(found["newsdesk"].text or "", encoding="utf-8")
        for e in EXTRACTORS:
            scores[e].append(score(page, found[e]))
        if not args.quiet:
            cells = "".join(f"| {_cell(scores[e][-1])} " for e in EXTRACTORS)
            print(f"{page.id:<4}{page.site[:23]:<24}{cells}| {found['newsdesk'].date_source}")
    if not args.quiet:
        print("R recall, L leak, F char F1, then title and date (✓ right, ✗ wrong, - no gold date, ! invented)\n")
    per_page = timings([p.body for p in pages], args.repeat)
    print("\n".join(summary(pages, scores, per_page)))


if __name__ == "__main__":
    main()
