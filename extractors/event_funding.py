"""Funding events in a sentence: the anchors (完成…融资, X领投了Y, 在港交所上市) and the fields around them.

A round is reported done in a few shapes, each an anchor pattern in
:mod:`extractors.event_lexicon`: X完成/获得…融资, a headline (X融资6亿美元), a round
written first (X B轮融资由…领投), a backer doing the investing (X领投了Y的…融资, X向Y投资,
X入股Y) and a listing (X在港交所上市). :func:`read_funding` finds them in a sentence and
drops the hedged ones (rumours, plans, totals, margin trading); the field readers
(:func:`read_round`, :func:`read_amounts`, :func:`read_investors`) then fill in an event
from its region of the sentence, when :mod:`extractors.events` assembles it.
"""

from __future__ import annotations

import re

from extractors.event_doc import (
    Context,
    Doc,
    Found,
    Span,
    clause_end,
    clause_start,
    name_span,
    party_at,
    read_subject,
    split_names,
    strip_adverbs,
    unique_spans,
    valid_name,
)
from extractors.event_lexicon import (
    AMOUNT_START,
    ANCHOR_NOUN,
    BACKER,
    BACKER_LEAD,
    BY,
    CO_SUBJECT,
    CUMULATIVE,
    DONE,
    FOLLOW,
    FUNDING_LEFT,
    FUNDING_RIGHT,
    GENERIC_PARTY,
    HEADLINE,
    IPO_WORD,
    LEAD,
    LEFT_BOUNDARY,
    LIST_INTRO,
    LISTING,
    MARGIN,
    MID_TARGET,
    MID_VETO,
    MIDDLE_TAIL,
    OTHER_LEFT,
    PLAN,
    RELATIVE,
    ROUND_THEN,
    RUMOUR,
    STRATEGIC,
    SUBJECT_CUT,
    TARGET_STOP,
    THIS_ROUND,
    VALUATION_LEFT,
    VALUATION_RIGHT,
)
from extractors.event_values import AMOUNT, ROUND, ROUND_RANK, Amount, Party, amount_from_match, normalise_round

# ── funding fields in a region ────────────────────────────────────────────


def _list_before(doc: Doc, lo: int, pos: int) -> list[Span]:
    """The names written just before a verb at *pos* (X、Y领投), back to the clause start or 由/获得."""
    left = clause_start(doc, lo, pos)
    for m in LEFT_BOUNDARY.finditer(doc.folded, left, pos):
        left = m.end()
    return split_names(doc, left, pos)


def read_investors(doc: Doc, lo: int, hi: int) -> tuple[list[Span], list[Span]]:
    """(every investor, the leads) named in folded[lo:hi]: 由X领投, X跟投, 投资方包括X、Y …"""
    everyone: list[Span] = []
    leads: list[Span] = []
    for m in BY.finditer(doc.folded, lo, hi):
        names = split_names(doc, m.start("x"), m.end("x"))
        everyone += names
        if m["v"] in ("领投", "独家投资"):
            leads += names
    for m in LEAD.finditer(doc.folded, lo, hi):
        if "由" not in doc.folded[clause_start(doc, lo, m.start()) : m.start()]:  # 由X领投 is read above
            names = _list_before(doc, lo, m.start())
            everyone += names
            leads += names
    for m in FOLLOW.finditer(doc.folded, lo, hi):
        everyone += _list_before(doc, lo, m.start())
    for m in LIST_INTRO.finditer(doc.folded, lo, hi):
        everyone += split_names(doc, m.end(), clause_end(doc, m.end(), hi))
    return unique_spans(doc, everyone), unique_spans(doc, leads)


def read_amounts(doc: Doc, lo: int, hi: int) -> list[tuple[str, int, Amount]]:
    """(role, position, amount) of the sums of money in folded[lo:hi]; role is funding, valuation or other."""
    found: list[tuple[str, int, Amount]] = []
    for m in AMOUNT.finditer(doc.folded, lo, hi):
        if not m.group() or (amount := amount_from_match(m, doc.text[m.start() : m.end()])) is None:
            continue
        left = doc.folded[clause_start(doc, lo, m.start()) : m.start()]
        if VALUATION_LEFT.search(left) or VALUATION_RIGHT.match(doc.folded, m.end()):
            role = "valuation"
        elif OTHER_LEFT.search(left):
            role = "other"  # 营收, 市场规模, 累计融资 …
        elif amount.currency is None and not (FUNDING_RIGHT.match(doc.folded, m.end()) or FUNDING_LEFT.search(left)):
            continue  # 2千亿参数, 3600万用户: a count, not money
        else:
            role = "funding"
        found.append((role, m.start(), amount))
    return found


def pick_amount(found: list[tuple[str, int, Amount]], role: str, near: int) -> Amount | None:
    """The sum of *role* nearest after *near*, else the nearest before it."""
    after = [(pos, a) for r, pos, a in found if r == role and pos >= near]
    if after:
        return min(after, key=lambda pa: pa[0])[1]
    before = [(pos, a) for r, pos, a in found if r == role]
    return max(before, key=lambda pa: pa[0])[1] if before else None


def read_round(doc: Doc, lo: int, hi: int) -> tuple[str | None, str]:
    """(round as written, normalised) of the best-named round in folded[lo:hi]; A轮及A+轮 is read as one."""
    best: tuple[int, int, int] | None = None  # (rank, start, end)
    for m in ROUND.finditer(doc.folded, lo, hi):
        rank = ROUND_RANK[m.lastgroup or "new"]
        if best is None or rank < best[0]:
            best = (rank, m.start(), m.end())
        elif rank == best[0] == 0 and m.start() - best[2] <= 2:
            best = (rank, best[1], m.end())
    if best is None:
        return None, "unknown"
    raw = doc.text[best[1] : best[2]]
    return raw, normalise_round(raw)


# ── funding anchors ───────────────────────────────────────────────────────


def _funding_anchors(doc: Doc, lo: int, hi: int) -> list[tuple[int, int, str, re.Match[str]]]:
    """(start, end, form, match) of the funding anchors in the sentence folded[lo:hi], in order, overlaps dropped."""
    found = [
        (m.start(), m.end(), "done", m)
        for m in DONE.finditer(doc.folded, lo, hi)
        if not (m["obj"].startswith("投资") and MID_TARGET.search(m["mid"]))
    ]
    for form, pattern in (
        ("backer", BACKER),
        ("listing", LISTING),
        ("headline", HEADLINE),
        ("round_then", ROUND_THEN),
    ):
        found += [(m.start(), m.end(), form, m) for m in pattern.finditer(doc.folded, lo, hi)]
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, int, str, re.Match[str]]] = []
    for item in found:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept


def _funding_vetoed(doc: Doc, lo: int, prev_end: int, start: int, end: int, obj_end: int) -> bool:
    """Is the anchor folded[start:end] hearsay, a plan, a denial, a total, a statistic or margin trading?"""
    if RUMOUR.search(doc.folded, prev_end, end) or PLAN.search(doc.folded, clause_start(doc, lo, start), end):
        return True
    if ANCHOR_NOUN.match(doc.folded, obj_end) or RELATIVE.match(doc.folded, obj_end):
        return True  # 融资难, 融资事件; 获得A轮融资的企业
    if MARGIN.match(doc.folded, obj_end - 2):
        return True
    return bool(CUMULATIVE.search(doc.folded, max(prev_end, start - 4), end))


def _co_subjects(doc: Doc, lo: int, verb: int) -> list[Party]:
    """Several companies before one verb (智谱AI与阶跃星辰相继完成…), when every item is a name."""
    start = clause_start(doc, lo, verb)
    end = strip_adverbs(doc, start, verb)
    if not CO_SUBJECT.search(doc.folded, start, end):
        return []
    spans = split_names(doc, start, end)
    if len(spans) < 2 or any(SUBJECT_CUT.search(doc.folded, s.start, s.end) for s in spans):
        return []
    return [party_at(doc, s) for s in spans]


def _verb_position(doc: Doc, lo: int, start: int, form: str, m: re.Match[str]) -> int:
    """Where the subject of an anchor ends: before the round in "X B轮融资由…" and "X融资6亿美元"."""
    if form == "round_then":
        verb = m.start("round")
    elif form == "headline" and (rnd := ROUND.search(doc.folded, clause_start(doc, lo, start), start)):
        verb = rnd.start()
    else:
        return start
    return verb - 1 if doc.folded[verb - 1 : verb] == "的" else verb


def _investor_in_middle(doc: Doc, m: re.Match[str]) -> list[Span]:
    """The backers in 获得X的战略投资 / 获X、Y数千万元投资 (the object is 投资, not 融资)."""
    if not m["obj"].startswith(("投资", "注资")) or "领投" in m["mid"] or "跟投" in m["mid"]:
        return []
    start, end = m.start("mid"), m.end("mid")
    if tail := MIDDLE_TAIL.search(doc.folded, start, end):
        end = tail.start()
    if amount := AMOUNT_START.search(doc.folded, start, end):
        end = amount.start()
    while end > start and doc.folded[end - 1] == "的":
        end -= 1
    return split_names(doc, start, end)


def _read_backer(doc: Doc, lo: int, start: int, m: re.Match[str]) -> list[Found]:
    """X领投了Y的…融资 / X向Y投资 / X对Y进行投资 / X入股Y: Y raised, X invested."""
    group = next(g for g in ("tgt", "to", "of", "into") if m[g])
    t0, t1 = m.start(group), m.end(group)
    if stop := TARGET_STOP.search(doc.folded, t0, t1):
        if stop.start() - t0 < 2:
            return []
        t1 = stop.start()  # 参与了百川智能3亿美元的A1轮融资: the target ends before its amount
    clause_lo = clause_start(doc, lo, start)
    backers = _list_before(doc, clause_lo, strip_adverbs(doc, clause_lo, start))
    if not backers:
        return []
    targets = split_names(doc, t0, t1) if "、" in doc.folded[t0:t1] else []
    spans = targets or ([span] if (span := name_span(doc, t0, t1)) else [])
    lead = bool(BACKER_LEAD.match(doc.folded, start))
    strategic = STRATEGIC.search(doc.folded, start, m.end())
    events = []
    for span in spans:
        name = doc.folded[span.start : span.end]
        if not valid_name(name) or GENERIC_PARTY.search(name):
            continue
        found = Found("funding", party_at(doc, span), backers[0].start, start, m.end())
        found.investors, found.leads = tuple(backers), tuple(backers) if lead else ()
        if strategic:
            found.round_raw, found.round = doc.text[strategic.start() : strategic.end()], "strategic"
        events.append(found)
    return events


def read_funding(doc: Doc, lo: int, hi: int, context: Context) -> tuple[list[Found], bool]:
    """Funding events anchored in the sentence folded[lo:hi].

    Returns:
        The events, and whether the sentence only continues the event read
        before it (该公司本轮获得…) rather than reporting a new one.
    """
    events: list[Found] = []
    continues = False
    prev_end = lo
    for start, end, form, m in _funding_anchors(doc, lo, hi):
        if form == "done" and MID_VETO.search(m["mid"]):
            continue
        obj_end = m.end("obj") if "obj" in m.re.groupindex else end
        vetoed = _funding_vetoed(doc, lo, prev_end, start, end, obj_end)
        prev_end = end
        if form == "backer":
            events += [] if vetoed else _read_backer(doc, lo, start, m)
            continue
        verb = _verb_position(doc, lo, start, form, m)
        company, subject_start, inferred = read_subject(doc, lo, verb, context)
        if company is None:
            continue
        if not inferred:
            context.read(company, subject_start)
        elif THIS_ROUND.search(doc.folded, lo, hi):
            continues = continues or not vetoed  # 该公司本轮获得…: more about the event already read
            continue
        if vetoed or (inferred and form != "done"):
            continue
        for party in [company] if inferred else _co_subjects(doc, lo, verb) or [company]:
            found = Found("funding", party, subject_start, start, obj_end)
            if form == "done":
                found.round_raw, found.round = read_round(doc, start, obj_end)
                found.investors = tuple(_investor_in_middle(doc, m))
            elif form == "listing":
                ipo = IPO_WORD.search(doc.folded, lo, hi)
                found.round_raw = doc.text[ipo.start() : ipo.end()] if ipo else doc.text[end - 2 : end]
                found.round = "ipo"
            events.append(found)
    return events, continues
