"""Provisional organisations: a name stem before a suffix (澜舟科技, 蓝驰创投) or a legal form (…有限公司).

The stem is the run of rare words and coined characters before the suffix, found by
backward maximum matching (:func:`extractors.provisional_scan.stem_before`); weak
suffixes (科技, 智能, 机器人) also need a second signal. See :mod:`extractors.provisional`
for the rules and :mod:`extractors.provisional_lexicon` for the words.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractors.provisional_lexicon import (
    COMPANY_NOUNS,
    DEGREE_WORDS,
    GENERIC_MIDDLE_LENGTHS,
    GENERIC_MIDDLE_SET,
    GENERIC_STEMS,
    LEGAL,
    MAX_ORG_RUN,
    MAX_STEM,
    MIN_STEM,
    NEVER,
    NOT_IN_STEM,
    ORG_CONTEXT_AFTER,
    ORG_FOLLOW_CHARS,
    ORG_FOLLOW_WORDS,
    ORG_SUFFIX,
    PLACES,
    STOP_CHARS,
    STRONG_SUFFIXES,
    WEAK_SUFFIXES,
    is_common,
)
from extractors.provisional_scan import Candidate, Taken, han_run_start, is_han, left_tokens, stem_before, stem_ok


def orgs_suffix(text: str, folded: str, taken: Taken) -> Iterator[Candidate]:
    """…科技 / …资本 / …基金 organisations, the stem found by backward segmentation."""
    suffixes = STRONG_SUFFIXES + WEAK_SUFFIXES
    for match in ORG_SUFFIX.finditer(folded):
        s, e = match.span()
        if folded.startswith(suffixes, e) or not _org_ends(folded, e) or not taken.free(s, e):
            continue  # 智能|科技 (the later suffix decides), 科技|股, 智能|体
        lo = han_run_start(folded, s, MAX_ORG_RUN, taken)
        strong = match.group() in STRONG_SUFFIXES
        if (legal := _legal_name_start(folded, lo, s, e)) is not None:
            yield _with_legal(folded, legal, e)  # 北京光年之外科技有限公司: the legal form is the evidence
            continue
        if match.group() in ("实验室", "研究院") and (lab := _university_lab(folded, lo, s)) is not None:
            yield _with_legal(folded, lab, e)  # 清华大学知识工程实验室
            continue
        stem_end = _strip_generic(folded, lo, s)
        start, stem_start, before, coined = stem_before(folded, lo, stem_end)
        stem = folded[stem_start:stem_end]
        if lo > 0 and folded[lo - 1].isdigit() and start - lo <= 1:
            continue  # 2024年|外币基金, 3家|科技: a quantity or a date, not a name
        if stem_end - stem_start < MIN_STEM and start == stem_start:
            # no stem by segmentation; a short run between punctuation may still be one:
            # 、顺为资本 (为 is a function character), 和五源资本 (五 a numeral), 、华山资本、 (a place)
            bounded = _bounded_stem(folded, lo, stem_end, e, taken)
            if bounded is not None and (strong or folded.startswith(ORG_CONTEXT_AFTER, e)):
                yield _with_legal(folded, bounded, e)
            continue
        if stem_start == stem_end:
            if strong and start < stem_start and stem_end < s:  # 上海人工智能实验室: place + generic words
                yield _with_legal(folded, start, e)
            continue
        if not stem_ok(stem):
            continue
        generic_head = folded.startswith(("公司", "企业", "行业", "领域", "板块", "赛道", "产业"), e)
        if (
            strong
            or (
                (coined and not generic_head)  # 特专科技公司, 硬科技企业: a kind of company, not one
                or start < stem_start
                or before in COMPANY_NOUNS
                or folded.startswith(ORG_CONTEXT_AFTER, e)
                or folded.count(folded[start:e]) >= 2
            )
        ):
            yield _with_legal(folded, start, e)


def _bounded_stem(folded: str, lo: int, end: int, e: int, taken: Taken) -> int | None:
    """The start of a 2–4 character stem that fills the run between a hard boundary and *end*."""
    if lo > 0 and ((is_han(folded[lo - 1]) and not taken.mask[lo - 1]) or folded[lo - 1].isdigit()):
        return None  # the run was cut by length (not by punctuation or a mention), or follows a number
    start = lo + 1 if folded[lo : lo + 1] in ("和", "与", "及", "的") else lo
    stem = folded[start:end]
    if not MIN_STEM <= len(stem) <= MAX_STEM or any(ch in NOT_IN_STEM for ch in stem):
        return None
    if (
        stem in GENERIC_STEMS
        or stem in PLACES
        or stem in NEVER
        or stem[0] in "这那该本其此各每某多几数诸另全整首第年月日"
        or stem[0] in DEGREE_WORDS
    ):
        return None
    if is_common(stem) and "、" not in (folded[lo - 1 : lo], folded[e : e + 1]):
        return None  # a common word names an organisation only in a list of them: 、华山资本、
    if any(is_common(stem[i:j]) for i in range(len(stem)) for j in range(i + 2, len(stem) + 1) if j - i < len(stem)):
        return None  # 避免|走上 集团: a phrase of common words
    return start


def _legal_name_start(folded: str, lo: int, s: int, e: int) -> int | None:
    """Where a legal name starts: place + name before a suffix that a legal form follows
    (北京|光年之外|科技有限公司), or a whole short run between punctuation (，摩尔线程智能科技（北京）有限责任公司)."""
    if _with_legal(folded, s, e)[3] != "org_legal":
        return None
    start = lo
    for pos, cls in left_tokens(folded, lo, s):
        if cls == "place":
            start = pos
            break
    else:
        if lo > 0 and is_han(folded[lo - 1]):
            return None  # the run was cut by length: no clear start
    name = folded[start:s]
    for place in sorted((p for p in PLACES if name.startswith(p)), key=len, reverse=True)[:1]:
        name = name[len(place) :].removeprefix("市").removeprefix("省")
    if not 2 <= len(name) <= 8 or any(ch in NOT_IN_STEM for ch in name):
        return None
    if name[:2] in GENERIC_STEMS or name[:2] in PLACES or name[0] in "这那该本其此各每某多几一两数诸另全整首第":
        return None
    return start


def _university_lab(folded: str, lo: int, s: int) -> int | None:
    """The start of "<university>大学<…>实验室/研究院", or None."""
    at = folded.rfind("大学", lo, s)
    if at < 0 or s - at - 2 > 8 or any(ch in NOT_IN_STEM for ch in folded[at + 2 : s]):
        return None
    start = at
    for pos, cls in left_tokens(
        folded, lo, at
    ):  # 脱胎于|清华 大学: the word before 大学 (even a common one), and a place
        if at - pos > 6 or (start < at and cls != "place"):
            break
        start = pos
    return start if at - start >= 2 and folded[start] not in STOP_CHARS else None


def _org_ends(folded: str, e: int) -> bool:
    """Does an organisation name end at *e* (not 科技|创新, 智能|手机, 资本|市场)?"""
    nxt = folded[e : e + 1]
    return (
        not nxt
        or not is_han(nxt)
        or nxt in ORG_FOLLOW_CHARS
        or folded[e : e + 2] in ORG_FOLLOW_WORDS
        or folded.startswith("有限公司", e)
    )


def _strip_generic(folded: str, lo: int, end: int) -> int:
    """Move *end* left over generic middle words (人工智能, 产业, 投资 …), longest first."""
    moved = True
    while moved:
        moved = False
        for n in GENERIC_MIDDLE_LENGTHS:
            if end - n >= lo and folded[end - n : end] in GENERIC_MIDDLE_SET:
                end -= n
                moved = True
                break
    return end


def _with_legal(folded: str, start: int, end: int) -> Candidate:
    """The organisation, extended over a legal form after it (…科技有限公司, …科技（北京）有限公司)."""
    at = end + 2 if folded.startswith("股份", end) else end
    legal = LEGAL.match(folded, at)
    if legal is None and folded[end : end + 1] in ("（", "("):
        close = folded.find("）" if folded[end] == "（" else ")", end, end + 6)
        if close > 0 and folded[end + 1 : close] in PLACES:
            legal = LEGAL.match(folded, close + 1)
    return ("org", start, legal.end() if legal else end, "org_legal" if legal else "org_suffix")


def orgs_legal(text: str, folded: str, taken: Taken) -> Iterator[Candidate]:
    """Legal names without one of the suffixes: place + name + …有限公司."""
    suffixes = {*STRONG_SUFFIXES, *WEAK_SUFFIXES}
    for match in LEGAL.finditer(folded):
        s = match.start() - 2 if folded.endswith("股份", 0, match.start()) else match.start()
        if (
            s <= 0
            or taken.mask[s - 1]
            or folded[max(0, s - 3) : s] in suffixes
            or folded[max(0, s - 2) : s] in suffixes
        ):
            continue  # after a mention, or the suffix finder extends it
        lo = han_run_start(folded, s, MAX_ORG_RUN, taken)
        run = folded[lo:s]
        for n in (3, 2):
            if run[:n] in PLACES and len(run) - n >= MIN_STEM and stem_ok(run[n : n + 2]):
                yield ("org", lo, match.end(), "org_legal")
                break
