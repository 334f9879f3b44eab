"""Provisional products: Han names with a model number, 《…》 product titles, model-name shape checks.

A Han name with a model number (思元590, 天玑9400) counts near a product word (芯片, 模型 …),
a 《…》 title when a product word touches it (推出《…》, 《…》游戏). Latin model names are
found by the one scan of Latin words in :mod:`extractors.provisional_latin`, which asks
:func:`model_token` and the context checks here whether a word is shaped like a model.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractors.provisional_lexicon import (
    HAN_MODEL_CONTEXT,
    HAN_VERSION,
    HAS_SEPARATOR,
    MAX_STEM,
    MODEL_STOP,
    MODEL_TAIL,
    MODEL_TAILS,
    QUOTED,
    QUOTED_MEDIA_AFTER,
    QUOTED_MEDIA_BEFORE,
    QUOTED_NOT_PRODUCT_ENDINGS,
    QUOTED_PRODUCT_AFTER,
    QUOTED_PRODUCT_BEFORE,
    UNIT_CHARS,
    URL_LIKE,
    YEARS_AND_UNITS,
    is_common,
    jieba_lexicon,
)
from extractors.provisional_scan import Candidate, Taken, han_run_start, stem_before, stem_ok


def products(text: str, folded: str, taken: Taken) -> Iterator[Candidate]:
    """Chinese names with a model number (思元590) and 《…》 titles touching product words.

    Latin model names come from :func:`extractors.provisional_latin.latin`.
    """
    yield from _han_models(folded, taken)
    for match in QUOTED.finditer(folded):
        title = match.group(1)
        if not title.strip() or title.endswith(QUOTED_NOT_PRODUCT_ENDINGS):
            continue
        before = folded[max(0, match.start() - 4) : match.start()]
        after = folded[match.end() : match.end() + 4]
        if before.endswith(QUOTED_MEDIA_BEFORE) or after.startswith(QUOTED_MEDIA_AFTER):
            continue
        if before.rstrip("了的款")[-3:].endswith(QUOTED_PRODUCT_BEFORE) or after.startswith(QUOTED_PRODUCT_AFTER):
            yield ("product", match.start(1), match.end(1), "product_quoted")


def _han_models(folded: str, taken: Taken) -> Iterator[Candidate]:
    """A Chinese product name with a model number (思元590, 天玑9400, 昇腾910B) near product words."""
    if not any(w in folded for w in HAN_MODEL_CONTEXT):
        return
    lexicon = jieba_lexicon()
    for match in HAN_VERSION.finditer(folded):
        s, e = match.span()
        if folded[e : e + 1] in UNIT_CHARS or (len(match.group()) == 4 and match.group()[:2] in ("19", "20")):
            continue
        window = folded[max(0, s - 12) : e + 12]
        if not any(w in window for w in HAN_MODEL_CONTEXT) or is_common(folded[e : e + 2]):
            continue  # 降至5|美元: a quantity
        lo = han_run_start(folded, s, MAX_STEM + 2, taken)
        start, stem_start, _, _ = stem_before(folded, lo, s)
        stem = folded[stem_start:s]
        if start != stem_start or not 2 <= len(stem) <= 3 or not stem_ok(stem):
            continue
        if stem not in lexicon.names and any(
            lexicon.knows(stem[i:j]) for i in range(len(stem)) for j in range(i + 2, len(stem) + 1)
        ):
            continue  # a dictionary word before a number is a verb or a noun (降至, 超过), not a product name
        yield ("product", stem_start, e, "product_model")


def model_token(token: str) -> bool:
    """Is *token* shaped like a model or chip name (letters and digits, not a unit or a code)?"""
    letters = sum(ch.isalpha() for ch in token)
    if letters < 2 or not any(ch.isdigit() for ch in token) or token.lower() in MODEL_STOP:
        return False
    if YEARS_AND_UNITS.fullmatch(token):
        return False  # FY2024-style years, 5G-like units, account numbers
    if token.islower() and letters > 5 and not HAS_SEPARATOR.search(token):
        return False  # shenhuxi39: a handle, not a model
    return not URL_LIKE.search(token)


def model_tail(text: str, end: int) -> int:
    """Extend a model name over version words after a space (Claude 3.7 Sonnet, GPT-4o mini)."""
    while (tail := MODEL_TAIL.match(text, end)) and tail.group(1).lower() in MODEL_TAILS:
        end = tail.end()
    return end


def chip_context(folded: str, at: int) -> bool:
    """Does a chip or robot word stand within 20 characters of *at* (H20, A100 are chips only there)?"""
    window = folded[max(0, at - 20) : at + 20]
    return any(
        w in window
        for w in ("芯片", "gpu", "显卡", "算力卡", "加速卡", "英伟达", "nvidia", "辉达", "训练卡", "推理卡", "机器人")
    )


def model_context(folded: str, start: int, end: int) -> bool:
    """Does a model word (模型, 开源, 发布, 版本 …) stand within 12 characters of ``folded[start:end]``?"""
    window = folded[max(0, start - 12) : end + 12]
    return any(w in window for w in ("模型", "开源", "发布", "推出", "版本", "参数", "model"))
