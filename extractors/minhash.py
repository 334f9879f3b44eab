"""MinHash signatures for near-duplicate detection, across scripts.

The text is reduced to what survives reposting and re-editing: NFKC,
Traditional → Simplified, lower-case Latin, and *no* punctuation or
whitespace (editions differ most in those) — one ``str.translate``. Its
5-character shingles are hashed with a vectorised rolling hash (numpy, no
per-shingle Python loop), then summarised by *one-permutation hashing*
(Li, Owen & Zhang 2012): the 64-bit hashes are split into ``NUM_PERM`` bins
by their top bits and each bin keeps its minimum; empty bins (short texts)
borrow from the next non-empty bin with a per-distance offset (rotation
densification, Shrivastava 2017). That is one sort instead of ``NUM_PERM``
passes over the shingles, and estimates Jaccard the same way: the share of
equal values.

The signature is cut into ``BANDS`` bands of ``ROWS`` values; two articles
sharing any band are LSH candidates. With 16 × 4 the chance to become a
candidate is 0.99 at Jaccard 0.7 and 0.02 at 0.2. Excerpts (a short text
contained in a long one) have a low Jaccard by nature, so a hash of the first
``LEAD_CHARS`` characters is a second candidate key.

Tuned constants: change one, then run ``newsdesk dedupe --rebuild`` and
``bench/dedupe_bench.py``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

import numpy as np

# 5 Han characters ≈ 2–3 words: long enough that unrelated articles on the
# same topic share few shingles, short enough that a 5% edit leaves most intact.
SHINGLE = 5
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
# Characters of the normalised text hashed as the "lead" (excerpt candidate key).
LEAD_CHARS = 60
_MASK32 = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True)
class Signature:
    """A text's MinHash signature and the keys it is looked up by."""

    minhash: tuple[int, ...]  # NUM_PERM unsigned 32-bit values
    shingles: int  # size of the shingle set (for containment estimates)
    lead_hash: int | None  # None for texts shorter than LEAD_CHARS
    bands: tuple[int, ...]  # BANDS keys, each unique to (band number, band values)


_BIN_SHIFT = np.uint64(64 - (NUM_PERM.bit_length() - 1))  # top log2(NUM_PERM) bits pick the bin
_EMPTY = 0xFFFFFFFF
# Added per bin of distance when an empty bin borrows a neighbour's value.
_ROTATION = 0x9E3779B1


# Runs of letters and digits: in Python's regular expressions \w is str.isalnum() or "_".
_ALNUM_RUN = re.compile(r"[^\W_]+")


@cache
def _code_table() -> np.ndarray:
    """:func:`dedupe_text` as an array over code points: the folded code point, or 0 to drop.

    Everything that does not fold to a letter or digit is dropped. Built at
    every process start, so without a per-code-point loop: the folds of all
    code points as one string, and its runs of letters and digits found by
    one regular expression (~0.03 s instead of ~0.17 s).
    """
    from extractors.normalise import _fold_array

    folded = _fold_array().copy()
    folded[0xD800:0xE000] = 0  # surrogates never reach the table: _codes replaces them
    text = folded.tobytes().decode("utf-32-le")
    keep = np.zeros(len(folded), dtype=bool)
    for run in _ALNUM_RUN.finditer(text):
        keep[run.start() : run.end()] = True
    folded[~keep] = 0
    return folded


def dedupe_text(text: str) -> str:
    """The view near-duplicates are compared on: folded, without punctuation or spaces."""
    return _codes(text).tobytes().decode("utf-32-le")


def _codes(text: str) -> np.ndarray:
    """The code points of ``dedupe_text(text)``, by one vectorised gather instead of a per-character translate."""
    raw = np.frombuffer(text.encode("utf-32-le", errors="replace"), dtype=np.uint32)
    mapped = _code_table()[raw]
    return mapped[mapped != 0]


def _shingles(codes: np.ndarray) -> np.ndarray:
    """Sorted 64-bit hashes (with repeats) of the SHINGLE-character windows of *codes*."""
    if len(codes) == 0:
        return np.zeros(0, dtype=np.uint64)
    codes = codes.astype(np.uint64)
    k = min(SHINGLE, len(codes))
    n = len(codes) - k + 1
    h = codes[:n].copy()
    with np.errstate(over="ignore"):
        for j in range(1, k):  # k vectorised steps, not n Python steps
            h *= np.uint64(0x100000001B3)
            h += codes[j : j + n]
        h ^= h >> np.uint64(31)  # splitmix64 finaliser: spreads the bits the bins are cut from
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    h.sort()
    return h


def _one_permutation(hashes: np.ndarray) -> np.ndarray:
    values = np.full(NUM_PERM, _EMPTY, dtype=np.int64)
    if len(hashes):
        bins = (hashes >> _BIN_SHIFT).astype(np.int64)
        low = (hashes & _MASK32).astype(np.int64)
        np.minimum.at(values, bins, low)
    empty = values == _EMPTY
    if empty.any() and not empty.all():
        filled = np.flatnonzero(~empty)
        for i in np.flatnonzero(empty):  # at most a few bins, and only for short texts
            nxt = filled[np.searchsorted(filled, i) % len(filled)]
            distance = (nxt - i) % NUM_PERM
            values[i] = (values[nxt] + distance * _ROTATION) & 0xFFFFFFFF
    return values.astype(np.uint64)


def _signature(codes: np.ndarray) -> Signature:
    hashes = _shingles(codes)
    distinct = int(np.count_nonzero(np.diff(hashes))) + 1 if len(hashes) else 0
    values = _one_permutation(hashes)
    minhash = tuple(values.tolist())
    raw = values.astype("<u4").tobytes()
    band_bytes = ROWS * 4
    bands = tuple(
        int.from_bytes(
            hashlib.blake2b(bytes([i]) + raw[i * band_bytes : (i + 1) * band_bytes], digest_size=8).digest(), "little"
        )
        >> 1  # fits a signed BIGINT
        for i in range(BANDS)
    )
    lead = None
    if len(codes) >= LEAD_CHARS:
        lead = (
            int.from_bytes(
                hashlib.blake2b(codes[:LEAD_CHARS].astype("<u4").tobytes(), digest_size=8).digest(), "little"
            )
            >> 1
        )
    return Signature(minhash, distinct, lead, bands)


def signature_of(norm: str) -> Signature:
    """MinHash signature of an already :func:`dedupe_text`-normalised text."""
    return _signature(np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32))


def signature(text: str) -> Signature:
    """MinHash signature of an article text."""
    return _signature(_codes(text))


def jaccard(a: tuple[int, ...] | np.ndarray, b: tuple[int, ...] | np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash values."""
    return float(np.mean(np.asarray(a) == np.asarray(b)))


def containment(j: float, size_a: int, size_b: int) -> float:
    """Estimated share of the smaller shingle set contained in the larger, from Jaccard and set sizes."""
    if j <= 0 or min(size_a, size_b) == 0:
        return 0.0
    intersection = j * (size_a + size_b) / (1 + j)
    return min(1.0, intersection / min(size_a, size_b))


def signature_row(article_id: str, sig: Signature, article_url: str | None = None) -> dict[str, object]:
    """The ``signatures`` spool row of an article's signature (MinHash values, set size, lookup keys).

    *article_url* names the copy it was made from (see :mod:`warehouse.schema`).
    """
    return {"article_id": article_id, "minhash": list(sig.minhash), "shingles": sig.shingles,
            "lead_hash": sig.lead_hash, "bands": list(sig.bands), "article_url": article_url}  # fmt: skip
