"""The article as the event extractor reads it, and the reading every event type shares.

:class:`Doc` holds one article (its text, its fold, its mentions and the catalogue);
:class:`Context` what the article read so far says an empty subject or 该公司 means;
:class:`Found` an event being read. The functions find a clause's bounds, the subject
before a verb, a name and the party it is, a written list of names, and a date. The
funding and launch readers (:mod:`extractors.event_funding`, :mod:`extractors.event_launch`)
build on them; :mod:`extractors.events` assembles the events. Offsets are into the text
and its fold alike (the fold keeps the length).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from extractors.entities import Catalogue, Mention
from extractors.event_lexicon import (
    ADVERB_TAIL,
    AMOUNT_LIKE,
    BAD_EDGE,
    BARE_TOKEN,
    CLAUSE_BREAK,
    DATE,
    DESCRIPTOR_ONLY,
    GENERIC_PARTY,
    LIST_SEP,
    NAME_HEAD,
    NAME_TAIL,
    NOT_NAME,
    PAREN_TAIL,
    PRONOUN,
    QUOTED_TAIL,
    SPEECH_TAIL,
    SUBJECT_CUT,
    UNIT,
    YEAR,
)
from extractors.event_values import Party, name_key

# The longest company, investor or product name accepted as written; a longer
# run before a verb is a clause, not a name. The longest gold name is 18
# characters (bench/data/events_gold.jsonl); re-run bench/events_eval.py after changing.
MAX_NAME_CHARS = 24
# Investors kept per event: more is a list of something else.
MAX_INVESTORS = 15
# The longest catalogue alias, for finding the mentions around a position by bisection.
MAX_MENTION_CHARS = 40

# ── the article being read ────────────────────────────────────────────────


@dataclass(frozen=True)
class Span:
    """A stretch of the article, ``text[start:end]`` (the same offsets in its fold)."""

    start: int
    end: int


@dataclass(frozen=True)
class Doc:
    """One article: the original, its fold, its mentions (by start) and the catalogue when given."""

    text: str
    folded: str
    mentions: tuple[Mention, ...]
    starts: tuple[int, ...]
    catalogue: Catalogue | None
    published: date | None

    def kind(self, mention: Mention) -> str | None:
        """The mention's entity kind (org/person/product), when the catalogue is known."""
        entity = self.catalogue.by_id.get(mention.entity_id) if self.catalogue else None
        return entity.kind if entity else None

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping text[start:end], in order."""
        lo = bisect_left(self.starts, start - MAX_MENTION_CHARS)
        hi = bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end > start]

    def within(self, span: Span) -> list[Mention]:
        """Mentions lying inside *span*."""
        return [m for m in self.overlapping(span.start, span.end) if m.start >= span.start and m.end <= span.end]


@dataclass
class Context:
    """What the article read so far says an empty subject or 该公司/其 means."""

    last: Party | None = None  # the last company read as a subject …
    last_pos: int = -1  # … and where
    investors: list[Span] = field(default_factory=list)  # read as investors: never the topic company

    def read(self, company: Party, pos: int) -> None:
        self.last, self.last_pos = company, pos


@dataclass
class Found:
    """An event being read: its company, its anchor, and what the anchor itself says."""

    type: str
    company: Party
    subject_start: int
    anchor: int
    anchor_end: int
    round_raw: str | None = None
    round: str | None = None
    product: Span | None = None
    investors: tuple[Span, ...] = ()
    leads: tuple[Span, ...] = ()


# ── clauses, subjects and names ───────────────────────────────────────────


def clause_start(doc: Doc, lo: int, pos: int) -> int:
    """Where the clause holding *pos* starts (never before *lo*)."""
    start = lo
    for m in CLAUSE_BREAK.finditer(doc.folded, lo, pos):
        start = m.end()
    return start


def clause_end(doc: Doc, pos: int, hi: int) -> int:
    """Where the clause holding *pos* ends (never after *hi*)."""
    m = CLAUSE_BREAK.search(doc.folded, pos, hi)
    return m.start() if m else hi


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """*start*/*end* moved inwards past spaces, stray quotes and end punctuation."""
    junk = " \t“”\"「」『』《》'‘’。!?"
    while start < end and doc.folded[start] in junk:
        start += 1
    while end > start and doc.folded[end - 1] in junk:
        end -= 1
    return start, end


def strip_adverbs(doc: Doc, start: int, end: int) -> int:
    """The end of a subject once the adverbs, dates, 在…上 phrases and (English names) before its verb are gone."""
    while end > start:
        segment = doc.folded[start:end]
        m = ADVERB_TAIL.search(segment)
        if m is None:
            m = PAREN_TAIL.search(segment)
            if m is None or m.start() == 0:
                break
        end = start + m.start()
    return end


def valid_name(name: str) -> bool:
    """Can this folded run be a company, investor or product name (not a clause, a count or a pronoun)?"""
    return (
        2 <= len(name) <= MAX_NAME_CHARS
        and "、" not in name
        and not NOT_NAME.search(name)
        and not BAD_EDGE.search(name)
        and not BARE_TOKEN.fullmatch(name)
        and not DESCRIPTOR_ONLY.fullmatch(name)
    )


def name_span(doc: Doc, start: int, end: int) -> Span | None:
    """The name ending at *end*, read backwards to *start*: a quoted name whole, else the run after the last descriptor."""
    start, end = trim(doc, start, end)
    if end <= start:
        return None
    segment = doc.folded[start:end]
    if m := QUOTED_TAIL.search(segment):
        return Span(start + m.start(1), start + m.end(1))
    cut = 0
    for m in SUBJECT_CUT.finditer(segment):
        cut = m.end()
    for mention in doc.overlapping(start, end):  # a tagged name is the name (北京智谱华章科技有限公司, 今年2月月之暗面)
        if mention.end == end and mention.start >= start:
            cut = mention.start - start
    s, e = trim(doc, start + cut, end)
    return Span(s, e) if e > s else None


def party_at(doc: Doc, span: Span) -> Party:
    """The party written at *span*, with the id of the tagged name it is.

    With the catalogue, a unit of a tagged org is the org (腾讯混元团队 → 腾讯);
    a longer name that starts with a tagged org is another company (讯飞医疗).
    """
    inside = doc.within(span)
    orgs = [m for m in inside if doc.kind(m) == "org"]
    if orgs and orgs[0].start == span.start and orgs[0].end < span.end:
        rest = doc.folded[orgs[0].end : span.end]
        if UNIT.search(rest) or any(doc.kind(m) == "product" and m.start == orgs[0].end for m in inside):
            return Party(orgs[0].surface, orgs[0].entity_id)
        return Party(doc.text[span.start : span.end], None)  # 讯飞医疗 is not 讯飞
    mention = (orgs or inside or [None])[-1]  # a product's id stays, for its company to be found
    if mention in orgs and UNIT.search(mention.surface) and (parent := parent_of(doc, mention)):
        return parent  # 豆包大模型团队 is a unit of 字节跳动 in the catalogue
    return Party(doc.text[span.start : span.end], mention.entity_id if mention else None)


def parent_of(doc: Doc, mention: Mention) -> Party | None:
    """The company a product or unit belongs to, as last written before it (else its catalogue name)."""
    entity = doc.catalogue.by_id.get(mention.entity_id) if doc.catalogue else None
    if doc.catalogue is None or entity is None or entity.parent_id not in doc.catalogue.by_id:
        return None
    parent = doc.catalogue.by_id[entity.parent_id]
    before = [m for m in doc.mentions if m.entity_id == parent.entity_id and m.end <= mention.start]
    return Party(before[-1].surface if before else parent.name, parent.entity_id)


def context_company(doc: Doc, lo: int, pos: int, context: Context | None) -> Party | None:
    """Who an empty subject or 该公司/其 before *pos* refers to.

    The sentence's first tagged org (Minimax专注于…，推出了…); else, given the
    article's *context*, the more recent of the company last read as a subject
    and the last tagged org not read as an investor.
    """
    investors = context.investors if context else []
    orgs = [
        m for m in doc.mentions
        if m.end <= pos and doc.kind(m) == "org" and not any(s.start <= m.start < s.end for s in investors)
    ]  # fmt: skip
    in_sentence = [m for m in orgs if m.start >= lo]
    if in_sentence:
        return Party(in_sentence[0].surface, in_sentence[0].entity_id)
    if context is None:
        return None
    if orgs and orgs[-1].start > context.last_pos:
        return Party(orgs[-1].surface, orgs[-1].entity_id)
    return context.last


def read_subject(doc: Doc, lo: int, verb: int, context: Context) -> tuple[Party | None, int, bool]:
    """The party written before the verb at *verb*, where it starts, and whether it was inferred.

    An empty subject after a speech verb is its speaker (百川智能今日宣布，已完成…).
    Another empty subject (又发布了…) or a pronoun (该公司宣布…) is inferred
    from the context.
    """
    start = clause_start(doc, lo, verb)
    end = strip_adverbs(doc, start, verb)
    segment = doc.folded[start:end].strip()
    if not segment and (speech := SPEECH_TAIL.search(doc.folded, lo, start)):
        return read_subject(doc, lo, speech.start(), context)
    if not segment or PRONOUN.match(segment):
        return context_company(doc, lo, start, context), start, True
    span = name_span(doc, start, end)
    if span is None:
        return None, start, False
    name = doc.folded[span.start : span.end]
    if PRONOUN.match(name):
        return context_company(doc, lo, start, context), start, True
    return (party_at(doc, span), span.start, False) if valid_name(name) else (None, start, False)


def split_names(doc: Doc, start: int, end: int) -> list[Span]:
    """A written list (A、B和C等) as the spans of its names, cleaned of 等…, 老股东 and other padding."""
    spans: list[Span] = []
    pos = start
    for m in [*LIST_SEP.finditer(doc.folded, start, end), None]:
        if span := _clean_name(doc, pos, m.start() if m else end):
            spans.append(span)
        if m:
            pos = m.end()
    return spans


def _clean_name(doc: Doc, start: int, end: int) -> Span | None:
    """One list item without padding (老股东X继续 → X), or None when nothing name-like is left."""
    start, end = trim(doc, start, end)
    for _ in range(4):
        item = doc.folded[start:end]
        head, tail = NAME_HEAD.match(item), NAME_TAIL.search(item)
        if head and head.end() < len(item):
            start += head.end()
        elif tail and tail.start() > 0:
            end = start + tail.start()
        else:
            break
        start, end = trim(doc, start, end)
    item = doc.folded[start:end]
    if not valid_name(item) or GENERIC_PARTY.search(item) or AMOUNT_LIKE.search(item):
        return None
    return Span(start, end)


def unique_spans(doc: Doc, spans: Sequence[Span]) -> list[Span]:
    """Spans in text order, one per folded name."""
    seen: set[str] = set()
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        key = name_key(doc.folded[span.start : span.end])
        if key not in seen:
            seen.add(key)
            out.append(span)
    return out[:MAX_INVESTORS]


# ── dates ─────────────────────────────────────────────────────────────────


def read_date(doc: Doc, lo: int, hi: int, anchor: int) -> tuple[str | None, str | None]:
    """(date as written, ISO date) nearest before *anchor* in folded[lo:hi], else the first after it."""
    matches = [m for m in DATE.finditer(doc.folded, lo, hi) if int(m["m"] or 1) <= 12]
    if not matches:
        return None, None
    before = [m for m in matches if m.start() < anchor]
    m = before[-1] if before else matches[0]
    return doc.text[m.start() : m.end()], _iso_date(doc, m)


def _iso_date(doc: Doc, m: re.Match[str]) -> str | None:
    """A date match in ISO form, its year from the match, the publication date or the last year written before it."""
    published = doc.published
    if m["day"]:
        if published is None:
            return None
        return (published - timedelta(days=1 if m["day"] in ("昨日", "昨天") else 0)).isoformat()
    month, day = int(m["m"]), int(m["d"]) if m["d"] else None
    if m["y"]:
        year: int | None = int(m["y"])
    elif m["rel"]:
        year = None if published is None else published.year - (m["rel"] == "去年")
    elif published is not None:  # 12月26日 in a January article is last December
        year = published.year - ((month, day or 1) > (published.month, published.day))
    else:
        years = YEAR.findall(doc.folded, 0, m.start())
        year = int(years[-1]) if years else None
    if year is None:
        return None
    try:
        return date(year, month, day).isoformat() if day else f"{year:04d}-{month:02d}"
    except ValueError:
        return None
