"""Scoring extracted articles against gold.

Two recipes. ``bench/extraction_eval.py`` scores real pages (``../shared/zh_dev``)
with zh_dev's own ``score.py`` recipe, reproduced here exactly (:func:`squeeze`,
:func:`phrase_share`, :func:`char_f1`). The regression test on the hand-made pages of
``tests/fixtures/extraction`` uses the measure below.

Body text is compared as a bag of characters — letters, digits and Han
characters after NFKC, ignoring whitespace and punctuation — which is the
usual character-level measure for Chinese (there are no word boundaries to
count, and a renderer's choice of ``|`` or a blank between table cells
should not count as an error). Titles must match exactly up to whitespace;
dates must name the same day in Beijing time.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class TextScore:
    """Character-level precision, recall and F1 of one extracted body."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class GoldPage:
    """One fixture page and what a reader would call its article."""

    file: str
    title: str
    date: str
    text: str
    chrome: tuple[str, ...]
    encoding: str | None = None
    fetched_at: str | None = None
    layout: str = ""


def load_gold(path: Path) -> list[GoldPage]:
    """The ``[[page]]`` entries of a gold TOML file."""
    pages: list[dict[str, Any]] = tomllib.loads(path.read_text(encoding="utf-8"))["page"]
    return [GoldPage(**{**p, "text": p["text"].strip(), "chrome": tuple(p.get("chrome", ()))}) for p in pages]


def _chars(text: str) -> Counter[str]:
    return Counter(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())


def score_text(extracted: str | None, gold: str) -> TextScore:
    """Bag-of-characters precision and recall of *extracted* against *gold*."""
    got, want = _chars(extracted or ""), _chars(gold)
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    return TextScore(precision, recall)


def same_title(extracted: str | None, gold: str) -> bool:
    """Exact match after NFKC and whitespace collapsing."""

    def norm(t: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", t).split())

    return extracted is not None and norm(extracted) == norm(gold)


def beijing_day(published: str | None) -> date | None:
    """The calendar day of an ISO date or timestamp, in Beijing time when it carries a zone."""
    if not published:
        return None
    try:
        parsed = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(BEIJING)
    return parsed.date()


def same_day(extracted: str | None, gold: str) -> bool:
    """Whether *extracted* names the gold day (Beijing time)."""
    return beijing_day(extracted) == date.fromisoformat(gold)


# The zh_dev scoring recipe (``../shared/zh_dev/score.py``), reproduced exactly: outputs and
# annotations are compared with all whitespace removed and nothing else normalised, so a
# mis-decoded page fails its phrases.
_WHITESPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


def squeeze(text: str) -> str:
    """*text* without any whitespace (``score.py``'s ``norm``)."""
    return _WHITESPACE.sub("", text)


def phrase_share(output: str, phrases: list[str]) -> float:
    """The share of *phrases* found in *output*, both squeezed (recall for must-contain, leak for must-not)."""
    squeezed = squeeze(output)
    return sum(squeeze(p) in squeezed for p in phrases) / len(phrases) if phrases else 0.0


def char_f1(output: str, gold: str) -> float:
    """Bag-of-characters F1 of squeezed *output* against squeezed *gold* (``score.py``'s ``char_f1``)."""
    got, want = Counter(squeeze(output)), Counter(squeeze(gold))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)
