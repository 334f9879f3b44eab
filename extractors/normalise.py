"""Text normalisation for matching and hashing.

Two views of a text are used throughout newsdesk:

* ``fold(text)`` — a *length-preserving* view for matching: every character
  is replaced by exactly one character (NFKC compatibility form where that is
  a single character, Traditional → Simplified, Latin lower case). Because
  ``len(fold(t)) == len(t)`` and position ``i`` of the fold comes from position
  ``i`` of the original, offsets found in the fold are offsets into the
  original text, with no mapping table to maintain.
* ``normalise_for_hash(text)`` — the view fingerprints are computed on: full
  NFKC, folded, whitespace collapsed. Two editions of a story that differ only
  in script, full-width punctuation or line breaks hash the same.

The Traditional → Simplified table is OpenCC's character table (shipped as
plain text by ``opencc-python-reimplemented``); phrase-level conversion is not
needed for matching and would break the length guarantee.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Literal

import numpy as np

Script = Literal["Hans", "Hant", "Latn"]

_WHITESPACE = re.compile(r"\s+")

# A text is called Traditional when at least this share of its script-specific
# characters are Traditional-only. Chosen on the seeds: Simplified seeds score
# < 0.02, the Traditional seed 0.97; 0.5 leaves a wide margin either side.
HANT_SHARE = 0.5


def _opencc_table(name: str) -> dict[str, str]:
    """Read one OpenCC character table: ``char<TAB>candidate [candidate…]``."""
    text = (resources.files("opencc") / "dictionary" / name).read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        key, _, values = line.partition("\t")
        first = values.split(" ")[0] if values else ""
        if len(key) == 1 and len(first) == 1 and key != first:
            table[key] = first
    return table


@cache
def _t2s() -> dict[str, str]:
    return _opencc_table("TSCharacters.txt")


@cache
def _s2t() -> dict[str, str]:
    return _opencc_table("STCharacters.txt")


def _fold_char(ch: str, t2s: dict[str, str]) -> str:
    """One character's fold: NFKC (when a single character), then T2S, then lower case (when one character)."""
    out = unicodedata.normalize("NFKC", ch)
    if len(out) != 1:
        out = ch  # expansions (㈱ → (株)) would break offsets; keep as is
    out = t2s.get(out, out)
    if out.isupper() or out.istitle():
        lowered = out.lower()
        out = lowered if len(lowered) == 1 else out
    return out


# Code points are examined a block of this many at a time (see _fold_table).
_FOLD_BLOCK = 256


@cache
def _fold_table() -> dict[int, str]:
    """One translate table: per-character NFKC (1:1 only), then T2S, then lower.

    Built at every process start, so it is built fast: a block of code points
    whose NFKC form and lower case are itself (NUL-separated, so characters
    cannot compose or reorder across each other) and that holds no Traditional
    character maps nothing, and is skipped whole. Most of the 1.1M code points
    are in such blocks (unassigned planes, CJK without Traditional forms);
    the others are folded one by one. ~0.02 s instead of ~0.15 s.
    """
    t2s = _t2s()
    traditional_blocks = {ord(ch) // _FOLD_BLOCK for ch in t2s}
    table: dict[int, str] = {}
    for start in range(0, 0x110000, _FOLD_BLOCK):
        if 0xD800 <= start <= 0xDFFF:
            continue  # surrogates
        chars = "\0".join(map(chr, range(start, start + _FOLD_BLOCK)))
        if (
            start // _FOLD_BLOCK not in traditional_blocks
            and unicodedata.is_normalized("NFKC", chars)
            and chars.lower() == chars
        ):
            continue
        for code in range(start, start + _FOLD_BLOCK):
            ch = chr(code)
            if ch.isascii() and not ch.isupper():
                continue
            if (out := _fold_char(ch, t2s)) != ch:
                table[code] = out
    return table


@cache
def _fold_array() -> np.ndarray:
    """:func:`_fold_table` as an array over all code points, for the vectorised path of :func:`fold`."""
    table = np.arange(0x110000, dtype=np.uint32)
    mapping = _fold_table()
    table[np.fromiter(mapping.keys(), dtype=np.uint32)] = np.fromiter(map(ord, mapping.values()), dtype=np.uint32)
    return table


# Above this length one numpy gather beats str.translate with a 1.1M-entry dict (~20× on an article).
FOLD_VECTOR_CHARS = 200


def _code_points(text: str) -> np.ndarray:
    """*text* as an array of code points, for the table gathers below."""
    return np.frombuffer(text.encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32)


def fold(text: str) -> str:
    """Return the matching view of *text*, exactly as long as *text*."""
    if len(text) < FOLD_VECTOR_CHARS:
        return text.translate(_fold_table())
    return _fold_array()[_code_points(text)].tobytes().decode("utf-32-le", errors="surrogatepass")


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified, character by character."""
    return text.translate(str.maketrans(_t2s()))


def to_traditional(text: str) -> str:
    """Convert Simplified characters to Traditional, character by character (for test editions)."""
    return text.translate(str.maketrans(_s2t()))


def normalise_for_hash(text: str) -> str:
    """The canonical form fingerprints are computed on.

    Full NFKC of an article costs more than hashing it, and it only changes
    what :func:`fold` leaves alone: expansions (… → ...) and compositions
    (e + ◌́ → é). Both leave the folded text not NFKC-normalised, which
    CPython checks quickly; otherwise the fold is already the NFKC fold
    (tests/extractors/test_normalise.py holds the two paths equal).
    """
    folded = fold(text)
    if not unicodedata.is_normalized("NFKC", folded):
        folded = fold(unicodedata.normalize("NFKC", text))
    return _WHITESPACE.sub(" ", folded).strip()


# Character classes counted by :func:`_class_counts`.
_OTHER, _TRAD_ONLY, _SIMP_ONLY, _HAN_SHARED, _LATIN_LETTER = range(5)


@cache
def _class_array() -> np.ndarray:
    """Per code point: Traditional-only Han, Simplified-only Han, other Han, Latin letter, or other."""
    t2s, s2t = _t2s(), _s2t()
    table = np.zeros(0x110000, dtype=np.uint8)
    for lo, hi in (
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xF900, 0xFAFF),
    ):  # CJK Unified Ideographs (+ ext. A), compatibility ideographs
        table[lo : hi + 1] = _HAN_SHARED
    table[[ord(c) for c in set(t2s) - set(s2t)]] = _TRAD_ONLY
    table[[ord(c) for c in set(s2t) - set(t2s)]] = _SIMP_ONLY
    table[ord("A") : ord("Z") + 1] = table[ord("a") : ord("z") + 1] = _LATIN_LETTER
    return table


def _class_counts(text: str) -> list[int]:
    """How many characters of each class *text* has (one numpy gather, not a Python loop)."""
    return np.bincount(_class_array()[_code_points(text)], minlength=5).tolist()


def detect_script(text: str) -> Script | None:
    """Tell Simplified from Traditional Chinese (or Latin) by the characters used.

    Returns ``None`` when the text has neither Han nor Latin letters.
    """
    _, trad, simp, shared, latin = _class_counts(text)
    if not trad + simp + shared:
        return "Latn" if latin else None
    if trad + simp == 0:
        return "Hans"
    return "Hant" if trad / (trad + simp) >= HANT_SHARE else "Hans"


def detect_lang(text: str, declared: str | None = None) -> str | None:
    """A coarse language tag: ``zh`` when Han characters dominate the letters.

    A page's own declaration (``<html lang>``) is trusted for non-Chinese text,
    since telling English from French is out of scope here.
    """
    _, trad, simp, shared, latin = _class_counts(text)
    han = trad + simp + shared
    if han and han * 3 >= latin:  # a Han character carries about a word
        return "zh"
    if declared:
        return declared.split("-")[0].lower()
    return "en" if latin else None
