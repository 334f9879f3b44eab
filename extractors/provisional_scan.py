"""What every provisional-entity finder shares: evidence labels, claimed positions, segmentation, name stems.

The finders (:mod:`extractors.provisional_orgs`, :mod:`extractors.provisional_people`,
:mod:`extractors.provisional_latin`, :mod:`extractors.provisional_products`) each scan the
folded text for one kind of name; :func:`extractors.provisional.find_provisional` runs them
and keeps what is free. The pieces they have in common live here so that no finder imports
another's internals: a name stem (:func:`stem_before`) is found the same way before an
organisation suffix (澜舟|科技) and before a model number (思元|590).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

from extractors.entities import Kind
from extractors.provisional_lexicon import (
    COMMON_FREQ,
    DEGREE_WORDS,
    DELIMITER_WORDS,
    GENERIC_STEMS,
    MAX_STEM,
    MAX_WORD,
    MIN_STEM,
    NEVER,
    PLACES,
    STOP_CHARS,
    is_common,
    jieba_lexicon,
)

# The pattern that found a proposal (stored with it, so a curator sees why it was proposed).
Evidence = Literal[
    "org_suffix",  # 澜舟科技, 蓝驰创投, 上海人工智能实验室
    "org_legal",  # 北京光年之外科技有限公司
    "org_latin",  # Mistral AI, Thinking Machines Lab
    "org_after_noun",  # AI搜索公司Perplexity
    "person_title",  # 创始人兼CEO王小川, OpenAI首席执行官萨姆·奥尔特曼
    "person_speech",  # 王小川表示, Sam Altman称
    "product_model",  # GLM-4, Claude 3.7 Sonnet
    "product_quoted",  # 推出《黑神话：悟空》游戏
    "repeat",  # another occurrence of an accepted name
]


# ── the text being scanned ────────────────────────────────────────────────────────────────


class Taken:
    """Character positions already claimed by a catalogue mention or an accepted proposal."""

    def __init__(self, size: int, spans: Iterable[tuple[int, int]]) -> None:
        self.mask = bytearray(size)
        self.ends: set[int] = set()
        for start, end in spans:
            self.claim(start, end)

    def claim(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)
        self.ends.add(end)

    def free(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, end) < 0


# What a finder yields: (kind, start, end, evidence); find_provisional decides whether it is kept.
Candidate = tuple[Kind, int, int, Evidence]


def is_han(ch: str) -> bool:
    """Is *ch* a Han character (CJK Unified Ideographs and Extension A)?"""
    return "\u3400" <= ch <= "\u9fff"


def han_run_start(folded: str, end: int, limit: int, taken: Taken) -> int:
    """Where the run of Han characters ending at *end* begins (at most *limit* back, not into a mention)."""
    start = end
    while start > 0 and end - start < limit and is_han(folded[start - 1]) and taken.mask[start - 1] == 0:
        start -= 1
    return start


# ── segmentation and name stems ───────────────────────────────────────────────────────────


def left_tokens(folded: str, lo: int, end: int) -> Iterator[tuple[int, str]]:
    """Backward maximum matching over ``folded[lo:end]``: (start, class) per token, right to left.

    Classes: ``stop`` (a delimiter word, a generic or common word, a function character),
    ``place``, ``word`` (a rare dictionary word or a name: may be part of a name) and ``char``
    (a character that starts no dictionary word here: coined names are made of these).
    """
    lexicon = jieba_lexicon()
    pos = end
    while pos > lo:
        for n in range(min(MAX_WORD, pos - lo), 1, -1):
            word = folded[pos - n : pos]
            if word in PLACES:
                cls = "place"
            elif word in DELIMITER_WORDS or word in GENERIC_STEMS:
                cls = "stop"
            elif word in lexicon.names:
                cls = "word"
            elif word in lexicon.freq:
                cls = "stop" if lexicon.freq.get(word, 0) >= COMMON_FREQ or _compound_of_common(word) else "word"
            else:
                continue
            pos -= n
            yield pos, cls
            break
        else:
            pos -= 1
            yield pos, "stop" if folded[pos] in STOP_CHARS else "char"


def _compound_of_common(word: str) -> bool:
    """Is a rare dictionary word just two common words (规划设计 = 规划 + 设计)?"""
    return len(word) >= 3 and any(is_common(word[:i]) and is_common(word[i:]) for i in range(2, len(word) - 1))


def stem_before(folded: str, lo: int, end: int) -> tuple[int, int, str, bool]:
    """The name stem ending at *end*: (start with any place name, stem start, word before, coined?).

    The stem is the trailing run of ``word``/``char`` tokens, at most :data:`MAX_STEM`
    characters, optionally opened by a place name; it is *coined* when it holds no dictionary
    word (澜舟, 生数: a strong sign of a name).
    """
    stem_start, coined, before, place_start = end, True, "", None
    for start, cls in left_tokens(folded, lo, end):
        if cls == "place":
            place_start = start
            break
        if cls == "stop" or end - start > MAX_STEM:
            before = folded[start:stem_start] if cls == "stop" else ""
            break
        coined = coined and cls == "char"
        stem_start = start
    else:
        before = folded[lo - 1] if lo > 0 else ""
    return (stem_start if place_start is None else place_start), stem_start, before, coined


def stem_ok(stem: str) -> bool:
    """Can *stem* be the distinctive part of a name?"""
    if len(stem) < MIN_STEM or stem in GENERIC_STEMS or stem in PLACES or stem in NEVER:
        return False
    if stem[0] in "这那该本其此各每某多几一两数诸另全整首第" or stem[0] in DEGREE_WORDS:
        return False
    return not is_common(stem)
