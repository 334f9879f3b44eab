"""AI-industry events in an article's text: who raised how much from whom, who launched what.

An *event* is something the text reports as done, by a named company:

* ``funding`` — a completed round (天使轮 … E轮, 战略投资, Pre-IPO) or a completed
  listing (上市/挂牌 on an exchange, round ``ipo``). Not events: rumours (据传,
  传闻, 网传), plans and talks (拟, 计划, 洽谈, 有望, 将于), denials, cumulative
  totals (累计融资, 已完成两轮融资), sector statistics (共发生312起融资), an
  investment firm raising its own fund (基金完成募集/首期关账), margin financing
  (融资余额, 融资融券), share pledges (质押), an IPO filing (递交招股书), and sums
  that are a market size, revenue or valuation. A valuation stated beside a
  real round is kept on the event (:attr:`Event.valuation`).
* ``launch`` — a named product or model made public (发布, 推出, 上线, 开源, 首发,
  面世, 问世, 公测), one event per product. Not events: reports, white papers,
  results, strategies, statements, policies or plans being 发布/推出 (报告,
  白皮书, 财报, 战略, 公告, 措施 …), a 发布会 by itself, a product described as
  launched in passing (推出的Kimi以…见长), and launches without a product name.

Rounds reported done on the word of unnamed sources (据悉, 知情人士称…已完成)
count; hearsay about an unfinished deal does not.

How, cheapest first: a keyword regex over the raw text (a page without one
stops there). The text is then folded once (:func:`extractors.normalise.fold`:
Traditional → Simplified, full-width → ASCII, Latin lower case, *same length*),
so every offset found in the fold is an offset into the original and every
surface is sliced from the original, as written. One regex pass finds the
sentences holding a cue; in each, anchors are found (完成…融资, X领投了Y的…融资,
向Y投资, 在港交所上市, 发布 …), each anchor's subject is read backwards to the
clause start (adverbs, dates and descriptors such as "AI大模型公司" stripped),
and the fields are read from the anchor's region of the sentence — and from a
next sentence that continues it (本轮融资由…领投). Events with the same
:func:`event_key` in one article are merged.

Entity mentions (:meth:`Catalogue.tag`) give ids to the companies, investors
and products they overlap; with the catalogue itself a mention's kind is known
(an org inside 腾讯混元团队, a product's parent company).

The reading is split by job: :mod:`extractors.event_lexicon` holds the patterns,
:mod:`extractors.event_values` the normalised values (amounts, rounds, name keys),
:mod:`extractors.event_doc` the article and the reading every type shares (clauses,
subjects, names, dates), :mod:`extractors.event_funding` and :mod:`extractors.event_launch`
the anchors and fields of each type. This module holds the public :class:`Event`,
:func:`event_key` and :func:`extract_events`, which finds the cued sentences, reads them
and assembles, continues and merges the events.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from extractors.entities import Catalogue, Mention
from extractors.event_doc import Context, Doc, Found, Span, read_date, unique_spans
from extractors.event_funding import pick_amount, read_amounts, read_funding, read_investors, read_round
from extractors.event_launch import read_launches
from extractors.event_lexicon import (
    CONTINUES,
    CUE,
    FUNDING_SENTENCE_VETO,
    INVEST_ANCHOR,
    LISTING_AMOUNT,
    PREFILTER,
    SENTENCE_END,
)
from extractors.event_values import (
    Amount,
    Party,
    company_key,
    name_key,
    normalise_round,
    parse_amount,
    product_key,
)
from extractors.normalise import fold

__all__ = [
    "EVENT_TYPES",
    "Amount",
    "Event",
    "Party",
    "company_key",
    "event_key",
    "extract_events",
    "name_key",
    "normalise_round",
    "parse_amount",
    "product_key",
]

EVENT_TYPES: tuple[str, ...] = ("funding", "launch")  # a new type keeps its own fields in Event.details

# ── data ──────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Event:
    """One reported event, with its evidence: ``text[start:end] == sentence``.

    Fields a type does not use stay empty; a new type (acquisition, executive
    change, partnership) puts what it needs beyond these in ``details``
    (key/value pairs, values as written), so the row shape never changes.
    """

    type: str
    company: str
    company_id: str | None
    start: int
    end: int
    sentence: str
    round_raw: str | None = None
    round: str | None = None  # normalised (see normalise_round); "unknown" for funding without a named round
    amount: Amount | None = None
    valuation: Amount | None = None
    investors: tuple[Party, ...] = ()  # every named investor, leads included
    lead_investors: tuple[Party, ...] = ()
    product: str | None = None
    product_id: str | None = None
    date: str | None = None  # ISO: 2024-03-05, or 2024-03 when the text gives a month
    date_raw: str | None = None
    details: tuple[tuple[str, str], ...] = ()

    def to_record(self) -> dict[str, object]:
        """The event as ``newsdesk events extract`` prints it: values as written, then normalised ones and evidence."""
        amount = self.amount
        return {
            "type": self.type,
            "company": self.company,
            "round": self.round_raw,
            "amount": amount.raw if amount else None,
            "investors": [p.surface for p in self.investors],
            "lead_investors": [p.surface for p in self.lead_investors],
            "product": self.product,
            "date": self.date_raw,
            "company_id": self.company_id,
            "round_normalised": self.round,
            "amount_low": amount.low if amount else None,
            "amount_high": amount.high if amount else None,
            "currency": amount.currency if amount else None,
            "valuation": self.valuation.raw if self.valuation else None,
            "investor_ids": [p.entity_id for p in self.investors],
            "lead_investor_ids": [p.entity_id for p in self.lead_investors],
            "product_id": self.product_id,
            "date_normalised": self.date,
            "details": dict(self.details),
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "key": event_key(self),
        }


# ── identity ──────────────────────────────────────────────────────────────


def event_key(event: Event) -> str:
    """The identity of the real-world event, for merging reports of it across articles.

    ``funding|<company>|<round>`` and ``launch|<company>|<product>``. The company
    is ``id:<entity id>`` when tagged, else ``name:`` + :func:`company_key`; the
    round is normalised (B轮 ≡ B輪 ≡ b); the product is :func:`product_key`.
    Every part is folded, so Traditional and Simplified reports of one event
    share a key. Rounds without a name share ``unknown``: the caller decides
    how far apart in time two such reports may be and still be one event.
    """
    company = f"id:{event.company_id}" if event.company_id else f"name:{company_key(event.company)}"
    if event.type == "funding":
        return f"funding|{company}|{event.round or 'unknown'}"
    if event.type == "launch":
        return f"launch|{company}|{product_key(event.product or '')}"
    return f"{event.type}|{company}|" + "|".join(f"{k}={name_key(v)}" for k, v in event.details)


# ── assembling ────────────────────────────────────────────────────────────


def _as_party(doc: Doc, span: Span) -> Party:
    """The party written at *span*, with the id of the first mention overlapping it."""
    mention = next(iter(doc.overlapping(span.start, span.end)), None)
    return Party(doc.text[span.start : span.end], mention.entity_id if mention else None)


def _finish(doc: Doc, found: Found, sentence: Span, region: Span, date_lo: int, context: Context) -> Event:
    """The Event of *found*: its remaining fields read from its *region* of the *sentence*."""
    lo, hi = sentence.start, sentence.end
    date_raw, iso = read_date(doc, date_lo, region.end, found.anchor)
    if found.type == "launch":
        assert found.product is not None
        mentions = doc.overlapping(found.product.start, found.product.end)
        product_id = next((m.entity_id for m in mentions if doc.kind(m) in (None, "product")), None)
        return Event(
            "launch", found.company.surface, found.company.entity_id, lo, hi, doc.text[lo:hi],
            product=doc.text[found.product.start : found.product.end], product_id=product_id,
            date=iso, date_raw=date_raw,
        )  # fmt: skip
    round_raw, round_ = (found.round_raw, found.round) if found.round_raw else read_round(doc, region.start, region.end)
    amounts = read_amounts(doc, region.start, region.end)
    amount = pick_amount(amounts, "funding", found.anchor)
    if round_ == "ipo":  # the sum raised is the one after 募资/集资, not the first in the sentence
        listing = LISTING_AMOUNT.search(doc.folded, region.start, region.end)
        amount = pick_amount(amounts, "funding", listing.end()) if listing else None
    everyone, leads = read_investors(doc, region.start, region.end)
    own = company_key(found.company.surface)
    everyone = [
        s for s in unique_spans(doc, [*found.investors, *everyone]) if company_key(doc.text[s.start : s.end]) != own
    ]
    leads = [s for s in unique_spans(doc, [*found.leads, *leads]) if company_key(doc.text[s.start : s.end]) != own]
    context.investors += everyone
    return Event(
        "funding", found.company.surface, found.company.entity_id, lo, hi, doc.text[lo:hi],
        round_raw=round_raw, round=round_ or "unknown", amount=amount,
        valuation=pick_amount(amounts, "valuation", found.anchor),
        investors=tuple(_as_party(doc, s) for s in everyone), lead_investors=tuple(_as_party(doc, s) for s in leads),
        date=iso, date_raw=date_raw,
    )  # fmt: skip


def _merge(first: Event, other: Event) -> Event:
    """One event from two reports of it in one article: the first's evidence, the union of their fields."""

    def parties(a: tuple[Party, ...], b: tuple[Party, ...]) -> tuple[Party, ...]:
        seen = {name_key(p.surface) for p in a}
        return a + tuple(p for p in b if name_key(p.surface) not in seen)

    named = first.round in (None, "unknown") and other.round not in (None, "unknown")
    return replace(
        first,
        company_id=first.company_id or other.company_id,
        round_raw=other.round_raw if named or first.round_raw is None else first.round_raw,
        round=other.round if named else first.round,
        amount=first.amount or other.amount,
        valuation=first.valuation or other.valuation,
        investors=parties(first.investors, other.investors),
        lead_investors=parties(first.lead_investors, other.lead_investors),
        product_id=first.product_id or other.product_id,
        date=first.date or other.date,
        date_raw=first.date_raw or other.date_raw,
    )


def _continue(doc: Doc, event: Event, sentence: Span, context: Context) -> Event:
    """*event* with what the next sentence (本轮融资由…领投, 金额为…) adds, its evidence extended over it."""
    found = Found("funding", Party(event.company, event.company_id), sentence.start, sentence.start, sentence.start)
    merged = _merge(event, _finish(doc, found, sentence, sentence, sentence.start, context))
    return replace(merged, end=sentence.end, sentence=doc.text[event.start : sentence.end])


def _dedupe(events: list[Event]) -> list[Event]:
    """Events of one article merged by key; a company's unnamed round joins its only named round."""
    named: dict[str, set[str]] = {}
    for e in events:
        if e.type == "funding" and e.round != "unknown":
            named.setdefault(event_key(replace(e, round="unknown")), set()).add(e.round or "")
    merged: dict[str, Event] = {}
    for e in events:
        key = event_key(e)
        if e.type == "funding" and e.round == "unknown" and len(rounds := named.get(key, set())) == 1:
            key = event_key(replace(e, round=next(iter(rounds))))
        merged[key] = _merge(merged[key], e) if key in merged else e
    return list(merged.values())


def _cued_sentences(folded: str) -> list[tuple[Span, set[str]]]:
    """The sentences holding a cue, with their cues (groups of :data:`CUE`), in order.

    One pass for the cues and one for the sentence ends; sentences without a
    cue are never built.
    """
    cued: dict[int, set[str]] = {}
    for m in CUE.finditer(folded):
        cued.setdefault(m.start(), set()).add(m.lastgroup or "")
    if not cued:
        return []
    ends = [m.end() for m in SENTENCE_END.finditer(folded)]
    sentences: dict[int, tuple[Span, set[str]]] = {}
    for pos, cues in cued.items():
        index = bisect_right(ends, pos)
        if index not in sentences:
            start = ends[index - 1] if index else 0
            end = ends[index] if index < len(ends) else len(folded)
            start, end = (
                start + len(folded[start:end]) - len(folded[start:end].lstrip()),
                start + len(folded[start:end].rstrip()),
            )
            sentences[index] = (Span(start, end), set())
        sentences[index][1].update(cues)
    return [sentences[i] for i in sorted(sentences)]


def _read_sentence(doc: Doc, sentence: Span, cues: set[str], context: Context) -> tuple[list[Found], bool]:
    """The events anchored in one sentence, and whether it only continues the one before."""
    lo, hi = sentence.start, sentence.end
    found: list[Found] = []
    continues = False
    if "invest" in cues and INVEST_ANCHOR.search(doc.folded, lo, hi):
        cues = cues | {"funding"}
    if "funding" in cues and not FUNDING_SENTENCE_VETO.search(doc.folded, lo, hi):
        found, continues = read_funding(doc, lo, hi, context)
    if "launch" in cues:
        found += read_launches(doc, lo, hi, context)
    return sorted(found, key=lambda f: f.anchor), continues


def extract_events(
    text: str,
    mentions: Sequence[Mention] = (),
    published: date | datetime | None = None,
    *,
    catalogue: Catalogue | None = None,
) -> list[Event]:
    """The funding rounds and launches *text* reports, one per real-world event, in text order.

    Args:
        text: the article's text (title and body as stored).
        mentions: its entity mentions (``catalogue.tag(text)``); their ids go
            to the companies, investors and products they overlap.
        published: the publication date; gives 3月5日 its year and 今日 its day.
            Without it a month-day takes the last year written before it.
        catalogue: the catalogue the mentions came from; with it an org is told
            from a product (腾讯混元团队 → 腾讯) and a product's company is its parent.

    Returns:
        Events with their evidence (``text[e.start:e.end] == e.sentence``);
        empty when the text reports none.
    """
    if not PREFILTER.search(text):
        return []
    if isinstance(published, datetime):
        published = published.date()
    ordered = tuple(sorted(mentions, key=lambda m: m.start))
    doc = Doc(text, fold(text), ordered, tuple(m.start for m in ordered), catalogue, published)
    context = Context()
    events: list[Event] = []
    previous: int | None = (
        None  # index in events of the sentence just before's funding event, which the next may continue
    )
    previous_end = -1
    for sentence, cues in _cued_sentences(doc.folded):
        if previous is not None and doc.folded[previous_end : sentence.start].strip("。!?\n\t "):
            previous = None  # a sentence without cues came between
        if previous is None and cues == {"more"}:
            continue  # 本轮/金额/估值 with no event before it to continue
        found, continues = _read_sentence(doc, sentence, cues, context)
        previous_end = sentence.end
        if not found:
            if previous is not None and (continues or CONTINUES.search(doc.folded, sentence.start, sentence.end)):
                events[previous] = _continue(doc, events[previous], sentence, context)
            else:
                previous = None
            continue
        previous = None
        date_lo = sentence.start
        for i, item in enumerate(found):
            nxt = found[i + 1] if i + 1 < len(found) else None
            region_lo = min(item.subject_start, item.anchor)
            region_hi = sentence.end  # events of one subject (发布A，推出B) share the sentence; another's starts at it
            if nxt is not None and nxt.subject_start != item.subject_start:
                region_hi = max(region_lo + 1, min(nxt.subject_start, nxt.anchor))
            if i and found[i - 1].company != item.company and found[i - 1].anchor != item.anchor:
                date_lo = found[i - 1].anchor_end  # 7月，A完成…；8月，B完成…: B's date comes after A's anchor
            event = _finish(doc, item, sentence, Span(region_lo, region_hi), date_lo, context)
            events.append(event)
            previous = len(events) - 1 if event.type == "funding" else previous
    return _dedupe(events)
