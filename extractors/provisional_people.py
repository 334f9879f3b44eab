"""Provisional people: a title before a name, a name before a speech verb, transliterated names.

创始人王小川, 王小川表示, 萨姆·奥尔特曼. A Chinese name is a surname and one or two characters,
cut where a function character or a common word starts; bylines (记者 X X) are skipped.
Latin names of people (Sam Altman表示) are found in :mod:`extractors.provisional_latin`.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractors.provisional_lexicon import (
    ADVERBS_1,
    ADVERBS_2,
    BYLINE_WORDS,
    COMMON_FREQ,
    COMPOUND_SURNAMES,
    DOT,
    DOTS,
    EN_GENERIC,
    FOREIGN_NAME_STOP,
    HARD_AFTER,
    MAX_FOREIGN_PART,
    MAX_QUOTED,
    MAX_WORD,
    NAME_FOLLOW_FREQ,
    NOT_IN_GIVEN_NAME,
    NOT_NAMES,
    ROLE,
    SOFT_AFTER,
    SPEECH,
    SPEECH_VERBS,
    SURNAMES,
    TITLE_LENGTHS,
    TITLE_NAME,
    TITLE_SET,
    is_common,
    jieba_lexicon,
)
from extractors.provisional_scan import Candidate, Taken, is_han, left_tokens


def people(text: str, folded: str, taken: Taken) -> Iterator[Candidate]:
    """Title + name, name + speech verb, transliterated and Latin names in those places."""
    for match in TITLE_NAME.finditer(folded):
        s = match.start("name")
        if _in_byline(folded, match.start()):
            continue
        if folded[s].isascii():
            raw = text[s : match.end("name")]
            if all(w[0].isupper() for w in raw.split()) and raw.split()[0].lower() not in EN_GENERIC:
                yield ("person", s, match.end("name"), "person_title")
            continue
        if any(d in folded[s : s + 6] for d in DOTS):
            continue  # the transliterated-name finder takes it
        length = _name_length(folded, s)
        while length:  # 联合创始人周昕宇、吴育昕: the list goes on
            yield ("person", s, s + length, "person_title")
            s += length + 1
            length = _name_length(folded, s) if folded[s - 1 : s] in ("和", "、", "与", "及") else 0
    for match in SPEECH.finditer(folded):
        v = match.start()
        if v >= 2 and folded[v - 2 : v] in ADVERBS_2:  # 李开复此前表示
            v -= 2
        elif v >= 1 and folded[v - 1] in ADVERBS_1:  # 王小川也表示
            v -= 1
        for length in (3, 2):
            s = v - length
            if s < 0 or (folded[s] not in SURNAMES and folded[s : s + 2] not in COMPOUND_SURNAMES):
                continue
            if _name_left_boundary(folded, s, taken) and _name_length(folded, s, end=v) == length:
                if not _in_byline(folded, s):
                    yield ("person", s, v, "person_speech")
                break
    for match in ROLE.finditer(folded):  # 由陈天石创办, 在罗娟看来
        e = match.end("name") if match.group("name") else match.end("name2")
        for length in (3, 2):
            if _name_length(folded, e - length, end=e) == length and not _in_byline(folded, e - length):
                yield ("person", e - length, e, "person_speech")
                break
    yield from _foreign_names(folded)


def _name_length(folded: str, s: int, end: int | None = None) -> int:
    """The length of the Chinese personal name starting at *s* (surname + 1–2 characters), or 0.

    With *end*, the name must end exactly there (the speech pattern knows where the verb is).
    Otherwise the characters after decide: a hard stop (的, 在, 表示 …) after two characters
    makes a two-character name; a word starting after three makes a three-character one.
    """
    if folded[s : s + 2] in COMPOUND_SURNAMES:
        surname = 2
    elif folded[s : s + 1] in SURNAMES:
        surname = 1
    else:
        return 0
    if end is not None:
        length = end - s
        if not surname + 1 <= length <= surname + 2:
            return 0
    else:
        p = s + surname + 1  # just after a one-character given name
        if ends_name(folded, p, hard=True):
            length = surname + 1
        elif is_han(folded[p : p + 1]) and ends_name(folded, p + 1, hard=False):
            length = surname + 2
        elif folded[p : p + 1] in SOFT_AFTER:
            length = surname + 1
        else:
            return 0
    name = folded[s : s + length]
    given = name[surname:]
    if not all(map(is_han, name)) or name in NOT_NAMES or any(ch in NOT_IN_GIVEN_NAME for ch in given):
        return 0
    if name[-1] in "某氏" or is_common(name, 20) or is_common(name[:2]) or is_common(name[1:3], 5000):
        return 0
    return length


def ends_name(folded: str, p: int, *, hard: bool) -> bool:
    """Can a name end at *p*: end of text, non-Han, a function character, or a common word starting there?"""
    nxt = folded[p : p + 1]
    if not nxt or not is_han(nxt) or nxt in HARD_AFTER:
        return True
    if is_common(folded[p : p + 2], NAME_FOLLOW_FREQ if hard else COMMON_FREQ) or folded.startswith(SPEECH_VERBS, p):
        return True
    return not hard and nxt in SOFT_AFTER


def _name_left_boundary(folded: str, s: int, taken: Taken) -> bool:
    """Can a name start at *s* before a speech verb: after punctuation, a mention, a title, 据 or 和?"""
    if s == 0 or s in taken.ends or not is_han(folded[s - 1]) or folded[s - 1] in "据和与及、":
        return True
    return any(folded[s - n : s] in TITLE_SET for n in TITLE_LENGTHS)


def _in_byline(folded: str, s: int) -> bool:
    window = folded[max(0, s - 6) : s]
    return any(w in window for w in BYLINE_WORDS)


def _foreign_names(folded: str) -> Iterator[Candidate]:
    """Transliterated names (萨姆·奥尔特曼), cut at titles and common words on either side."""
    names = jieba_lexicon().names
    done = 0
    for dot in DOT.finditer(folded):
        d = dot.start()
        if d < done or not is_han(folded[d - 1 : d] or " ") or not is_han(folded[d + 1 : d + 2] or " "):
            continue
        first_lo = d
        while first_lo > 0 and d - first_lo < 12 and is_han(folded[first_lo - 1]):
            first_lo -= 1
        for n in TITLE_LENGTHS:  # OpenAI首席执行官|萨姆
            for at in range(d - n, first_lo - 1, -1):
                if folded[at : at + n] in TITLE_SET:
                    first_lo = max(first_lo, at + n)
                    break
        start = d
        for pos, cls in left_tokens(folded, first_lo, d):
            word = folded[pos:start]
            if d - pos > MAX_FOREIGN_PART or word in FOREIGN_NAME_STOP:
                break
            if cls != "char" and word not in names:
                break  # 祖母|劳拉, 上尉|埃迪: a word, not part of the name
            start = pos
        end = _foreign_part_end(folded, d + 1)
        if folded[end : end + 1] in DOTS and is_han(folded[end + 1 : end + 2] or " "):
            end = _foreign_part_end(folded, end + 1)  # 三个部分: 玛丽·安·埃文斯
        done = end
        if start == d or end <= d + 1 or _inside_title_marks(folded, start):
            continue
        if _in_byline(folded, start) or folded.startswith(("记者", "通讯员"), end):
            continue
        yield ("person", start, end, "person_title")


def _inside_title_marks(folded: str, at: int) -> bool:
    """Is *at* inside 《…》 (a book or programme title, not a person)?"""
    opened = folded.rfind("《", max(0, at - MAX_QUOTED * 2), at + 1)
    return opened >= 0 and folded.find("》", opened, at) < 0


def _foreign_part_end(folded: str, lo: int) -> int:
    """Where the part of a transliterated name starting at *lo* ends (a name word, or up to 5 characters)."""
    lexicon = jieba_lexicon()
    hi = lo
    while hi < len(folded) and hi - lo < 12 and is_han(folded[hi]):
        hi += 1
    for n in range(min(MAX_WORD, hi - lo), 1, -1):
        if folded[lo : lo + n] in lexicon.names:
            return lo + n
    pos = lo
    while pos < hi and pos - lo < MAX_FOREIGN_PART:
        if folded[pos] in HARD_AFTER or folded[pos] in SOFT_AFTER or is_common(folded[pos : pos + 2]):
            break
        pos += 1
    return pos
