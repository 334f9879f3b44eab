"""A benchmark corpus of real-size Chinese news pages: zh_dev's chrome, generated AI-industry articles.

Each article page of ``../shared/zh_dev`` (relative to the repository root) is a template: its
navigation, scripts, styles, comments, related lists, table layouts and encoding stay as they
are, byte for byte, and only the article body is replaced. The body is found from the
annotation: the first and last gold paragraph (or, on pages without gold text, the first- and
last-paragraph ``must_contain`` phrases) are located in the page's visible text, widened to the
block elements holding them, and everything between is split into paragraph units at block
tags (``<p>``, ``<br>``, ``<div>`` …) or, in plain text, at blank lines. A generated page keeps
all of that markup — the separators between units with their images and indentation, and the
links, spans and fonts inside a unit — and replaces only the text: each unit gets a generated
paragraph about as long as the original one (times a per-story factor of 0.75–1.35), split over
the unit's text runs in proportion. Headline and publication date are replaced in the chrome wherever they occur.
GBK/GB18030 and Big5 pages are encoded back in their codec; Traditional-script pages get the
article in Traditional characters. Templates whose body cannot be located, or on which
newsdesk does not get the generated article back, are skipped; zh_dev's three non-article
pages (an index, a list of notices, a forum board) are served unchanged as non-article pages.

The article text is AI-industry news at the real density of names: sentences of the five real
AI-industry articles in ``../shared/seeds`` (each catalogue name in them an open slot), the demo
corpus's and zh_dev's gold sentences, with slots filled from a per-story cast drawn from
``extractors/data/catalogue.toml`` until the story names ``MENTIONS_PER_1000`` catalogue
entities per 1,000 characters — what the seed articles measure.

Page *i* is a pure function of *i* (page ``i`` uses template ``i % T``; ~10% of pages repeat an
earlier story, usually in another template): any process renders it without shared state.
"""

from __future__ import annotations

import bisect
import html
import json
import random
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from extractors.entities import Entity, load_catalogue
from extractors.normalise import to_simplified, to_traditional

ROOT = Path(__file__).resolve().parents[1]
ZH_DEV = ROOT.parent / "shared" / "zh_dev"
SEEDS = ROOT.parent / "shared" / "seeds"
DUPLICATE_SHARE = 0.10
# Catalogue mentions per 1,000 characters of article text: the five seed articles (real
# AI-industry reporting) measure 15.1 with Catalogue.tag; zh_dev's general news ~0.1.
MENTIONS_PER_1000 = 15.0
# A story's length against its template's body: real articles vary around their outlet's norm.
LENGTH_FACTOR = (0.75, 1.35)
# A located body must hold about the gold text's characters (else the anchors matched elsewhere).
GOLD_SHARE = (0.6, 1.6)
# A template is kept when newsdesk's extraction of its page 0 contains this share of the units.
MIN_RECOVERED = 0.8
# Units shorter than this are headings or captions: a phrase, not sentences.
SHORT_UNIT = 30

_BLOCK = frozenset(
    ("p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody",
     "thead", "tfoot", "tr", "td", "th", "section", "article", "blockquote", "center", "figure", "figcaption", "hr",
     "header", "footer", "pre", "form", "main", "aside", "nav")
)  # fmt: skip
_VOID = frozenset(("img", "br", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "param"))
_TOKEN = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|noscript|textarea|template|svg|select|iframe|object)\b.*?(?:</\1\s*>|$)"
    r"|</?[a-zA-Z][^>]*>|<![^>]*>|[^<]+|<",
    re.S | re.I,
)
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
_CHAR = re.compile(r"&#?\w+;|.", re.S)
_INVISIBLE = frozenset("\u00a0\u3000\u200b\ufeff")
_INLINE = re.compile(rf"</?(?!(?:{'|'.join(sorted(_BLOCK | _VOID))})\b)[a-zA-Z]", re.I)
_BLANK_LINE = re.compile(r"[ \t\u3000\u00a0]*\r?\n[ \t\u3000\u00a0]*\r?\n\s*")
_BODY = re.compile(r"<body\b[^>]*>", re.I)
_SENTENCE_END = re.compile(r"(?<=[。！？!?；])|\n")


def squeeze(text: str) -> str:
    """*text* without whitespace (zh_dev's scoring rule: ``\\s``, U+00A0, U+3000, U+200B, U+FEFF)."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in _INVISIBLE)


@dataclass(frozen=True)
class _Item:
    """A token of the page: a tag, a text run, or a skipped element (script, style, comment)."""

    start: int
    end: int
    kind: str  # "block" (block tag or skipped element), "open", "close", "void", "text"
    name: str = ""


def _items(page: str) -> list[_Item]:
    """The tokens of *page*'s body (from ``<body>``, or the start when it has none)."""
    found = _BODY.search(page)
    items = []
    for m in _TOKEN.finditer(page, found.end() if found else 0):
        token = m.group()
        if m.group(1) or token.startswith(("<!", "<?")):
            items.append(_Item(m.start(), m.end(), "block"))
        elif token.startswith("<") and (tag := _TAG_NAME.match(token)):
            name = tag.group(1).lower()
            kind = "block" if name in _BLOCK else "void" if name in _VOID else "close" if token[1] == "/" else "open"
            items.append(_Item(m.start(), m.end(), kind, name))
        else:
            items.append(_Item(m.start(), m.end(), "text"))
    return items


def _visible(page: str, items: list[_Item]) -> tuple[str, list[int]]:
    """The squeezed visible text of *items* (entities decoded) and, per character, the index of its item."""
    chars, owner = [], []
    for index, item in enumerate(items):
        if item.kind != "text":
            continue
        segment = page[item.start : item.end]
        if "&" in segment:  # entity by entity, so that each character keeps its place
            segment = "".join(html.unescape(m.group()) for m in _CHAR.finditer(segment))
        kept = squeeze(segment)
        chars.append(kept)
        owner.extend([index] * len(kept))
    return "".join(chars), owner


@dataclass(frozen=True)
class Unit:
    """A paragraph of the body: its text runs (``slots``, visible characters each) and the markup around them.

    ``parts[0] + run + parts[1] + run + … + parts[-1]``: inline links, spans and fonts stay where they were.
    """

    parts: tuple[str, ...]
    slots: tuple[int, ...]

    @property
    def length(self) -> int:
        """Visible characters in all."""
        return sum(self.slots)

    def fill(self, text: str) -> str:
        """The unit's markup with *text* (escaped) poured into its runs, each taking its share of the length."""
        out, total, done, at = [self.parts[0]], self.length or 1, 0, 0
        for slot, after in zip(self.slots, self.parts[1:], strict=True):
            done += slot
            cut_at = len(text) if done == total else round(len(text) * done / total)
            out += [html.escape(text[at:cut_at], quote=False), after]
            at = cut_at
        return "".join(out)


@dataclass(frozen=True)
class Template:
    """A page cut around its article body: ``prefix + unit + seps[0] + unit + … + suffix``."""

    id: str
    codec: str
    traditional: bool
    title: str
    published: date | None
    prefix: str
    seps: tuple[str, ...]
    suffix: str
    units: tuple[Unit, ...]

    @property
    def common_sep(self) -> str:
        """The separator used most (between paragraphs beyond the original's count)."""
        plain = [s for s in self.seps if not _INLINE.search(s)] or list(self.seps) or ["<br><br>"]
        counts = Counter(plain)
        return max(counts, key=lambda s: (counts[s], -len(s)))


def _runs(items: list[_Item], lo: int, hi: int) -> list[tuple[int, int]]:
    """Item index ranges ``[a, b]`` of the runs between block items in ``items[lo..hi]``."""
    runs, start = [], lo
    for k in range(lo, hi + 2):
        if k > hi or items[k].kind == "block":
            if start < k:
                runs.append((start, k - 1))
            start = k + 1
    return runs


def _unit(items: list[_Item], a: int, b: int, visible_items: set[int]) -> tuple[int, int] | None:
    """The source span a run's text replaces: its text, keeping inline tags that wrap it whole."""
    inside = [k for k in range(a, b + 1) if k in visible_items]
    if not inside:
        return None
    first, last = inside[0], inside[-1]
    opened = [items[k].name for k in range(a, first) if items[k].kind == "open"]
    closed = [items[k].name for k in range(last + 1, b + 1) if items[k].kind == "close"]
    lead_ok = all(items[k].kind in ("open", "void", "text") for k in range(a, first))
    trail_ok = all(items[k].kind in ("close", "void", "text") for k in range(last + 1, b + 1))
    if lead_ok and trail_ok and opened[::-1] == closed:
        return items[first].start, items[last].end
    return items[a].start, items[b].end


def _trimmed(page: str, item: _Item) -> tuple[int, int]:
    """A text item's span without its leading and trailing whitespace (indentation stays in the markup)."""
    segment = page[item.start : item.end]
    return item.start + len(segment) - len(segment.lstrip()), item.end - len(segment) + len(segment.rstrip())


def _blank_lines(page: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` (plain text) split at blank lines."""
    segment = page[start:end]
    spans, at = [], start
    for m in _BLANK_LINE.finditer(segment):
        spans.append((at, start + m.start()))
        at = start + m.end()
    return [*spans, (at, end)]


def _anchors(record: dict) -> tuple[str, str] | None:
    """Squeezed text of the body's first and last paragraph (gold text), or its phrases from them."""
    if record["text"]:
        title = squeeze(record["title"] or "")
        lines = [squeeze(ln) for ln in record["text"].split("\n")]
        lines = [ln for ln in lines if len(ln) >= 12 and ln != title]
        if not lines:
            return None
        return lines[0][:20], lines[-1][-20:]
    phrases = record["must_contain"]
    if len(phrases) < 3:
        return None
    return squeeze(phrases[0]), squeeze(phrases[2])


def cut(record: dict, page: str) -> Template | None:
    """*page* cut around its article body, or None when the body is not found where the annotation says."""
    anchors = _anchors(record)
    if anchors is None:
        return None
    items = _items(page)
    text, owner = _visible(page, items)
    first = text.find(anchors[0])
    last = text.find(anchors[1], first + 1)
    if first < 0 or last < 0:
        return None
    lo, hi = owner[first], owner[last + len(anchors[1]) - 1]
    while lo > 0 and items[lo - 1].kind != "block":
        lo -= 1
    while hi + 1 < len(items) and items[hi + 1].kind != "block":
        hi += 1
    visible_items = set(owner[bisect.bisect_left(owner, lo) : bisect.bisect_right(owner, hi)])
    spans: list[tuple[int, int]] = []
    units: list[Unit] = []
    for a, b in _runs(items, lo, hi):
        span = _unit(items, a, b, visible_items)
        if span is None:
            continue
        runs = [k for k in range(a, b + 1) if k in visible_items and span[0] <= items[k].start < span[1]]
        # plain text: perhaps paragraphs set apart by blank lines only (old blogs)
        if len(runs) == 1 and "<" not in page[span[0] : span[1]]:
            for start, end in _blank_lines(page, *span):
                spans.append((start, end))
                units.append(Unit(("", ""), (len(squeeze(html.unescape(page[start:end]))),)))
            continue
        parts, slots, at = [], [], span[0]
        for k in runs:
            start, end = _trimmed(page, items[k])
            parts.append(page[at:start])
            slots.append(bisect.bisect_right(owner, k) - bisect.bisect_left(owner, k))
            at = end
        parts.append(page[at : span[1]])
        spans.append(span)
        units.append(Unit(tuple(parts), tuple(slots)))
    if len(spans) < 2:
        return None
    if record["text"]:
        gold = len(squeeze(record["text"]))
        if not GOLD_SHARE[0] * gold <= sum(u.length for u in units) <= GOLD_SHARE[1] * gold:
            return None
    published = date.fromisoformat(record["published"]) if record["published"] else None
    return Template(
        id=record["id"],
        codec=record["python_codec"],
        traditional=record["script"] == "zh-Hant",
        title=record["title"],
        published=published,
        prefix=page[: spans[0][0]],
        seps=tuple(page[spans[k][1] : spans[k + 1][0]] for k in range(len(spans) - 1)),
        suffix=page[spans[-1][1] :],
        units=tuple(units),
    )


@dataclass(frozen=True)
class Corpus:
    """The usable templates and the unchanged non-article pages."""

    templates: tuple[Template, ...]
    non_articles: tuple[tuple[str, str, bytes], ...]  # (id, codec, bytes)
    skipped: tuple[str, ...]  # ids of article pages whose body was not found or not recovered

    @property
    def size(self) -> int:
        """Pages in one cycle of the corpus (page i is slot i % size)."""
        return len(self.templates) + len(self.non_articles)


def _records(data: Path) -> list[dict]:
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(data.glob("[0-9][0-9][0-9].json"))]
    if not records:
        raise SystemExit(f"no NNN.json pages in {data}: the realistic corpus needs zh_dev (see bench/realistic.py)")
    return records


@cache
def corpus(data: Path = ZH_DEV, check: bool = True) -> Corpus:
    """zh_dev's pages as templates (see the module docstring); *check*: keep only pages newsdesk recovers."""
    templates, non_articles, skipped = [], [], []
    for record in _records(data):
        raw = (data / f"{record['id']}.html").read_bytes()
        if not record["is_article"]:
            non_articles.append((record["id"], record["python_codec"], raw))
            continue
        template = cut(record, raw.decode(record["python_codec"]))
        if template is None or (check and _recovered(template) < MIN_RECOVERED):
            skipped.append(record["id"])
            continue
        templates.append(template)
    return Corpus(tuple(templates), tuple(non_articles), tuple(skipped))


def _recovered(template: Template) -> float:
    """The share of a generated page's article characters (its 0th story) in newsdesk's extraction."""
    from extractors.article import extract_article
    from extractors.charset import decode_html

    _, units = story(0, template)
    body = render(template, "基准测试标题", units, date(2025, 6, 1)).encode(template.codec, "xmlcharrefreplace")
    found = extract_article(decode_html(body, "text/html").text)
    if found is None:
        return 0.0
    text = squeeze(found.text)
    expected = [squeeze(_traditional(u) if template.traditional else u) for u in units]
    return sum(len(u) for u in expected if u in text) / max(1, sum(map(len, expected)))


# ── the article text ─────────────────────────────────────────────────────────


@cache
def _pool() -> tuple[tuple[str, ...], tuple[str, ...], tuple[Entity, ...]]:
    """(sentences with name slots, sentences without, the catalogue's entities that have no ambiguity)."""
    from flows.demo.site import load_articles

    catalogue = load_catalogue()
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    if not seeds:
        raise SystemExit(f"no seed articles in {SEEDS}: the realistic corpus needs them (see bench/realistic.py)")
    texts = seeds + ["".join(a.body) for a in load_articles()]
    texts += [r["text"] for r in _records(ZH_DEV) if r["text"]]
    slotted, plain = [], []
    for text in texts:
        for sentence in _SENTENCE_END.split(text):
            sentence = to_simplified(sentence.strip()).replace("{", "（").replace("}", "）")
            if not _is_prose(sentence):
                continue
            mentions = catalogue.tag(sentence)
            if not mentions:
                plain.append(sentence)
                continue
            parts, at = [], 0
            for m in sorted(mentions, key=lambda m: m.start):
                if m.start >= at:
                    parts.append(sentence[at : m.start] + "{}")
                    at = m.end
            slotted.append("".join(parts) + sentence[at:])
    entities = tuple(e for e in catalogue.entities if not e.ambiguous)
    return tuple(slotted), tuple(plain), entities


def _is_prose(sentence: str) -> bool:
    """A whole sentence of running Chinese text (not a caption, byline, menu or English line)."""
    han = sum("\u4e00" <= ch <= "\u9fff" for ch in sentence)
    return 12 <= len(sentence) <= 200 and sentence[-1] in "。！？；" and han >= 0.5 * len(sentence)


def _name(entity: Entity, rng: random.Random) -> str:
    """Mostly the canonical name, now and then an alias or English name (as the press writes them)."""
    others = entity.aliases + entity.english
    return rng.choice(others) if others and rng.random() < 0.2 else entity.name


def _sentence(rng: random.Random, cast: list[Entity], need_names: bool) -> tuple[str, int]:
    """A sentence and the number of names in it."""
    slotted, plain, entities = _pool()
    if not need_names:
        return rng.choice(plain), 0
    sentence = rng.choice(slotted)
    names = [
        _name(rng.choice(cast) if rng.random() < 0.8 else rng.choice(entities), rng)
        for _ in range(sentence.count("{}"))
    ]
    return sentence.format(*names), len(names)


_HEADLINE_VERBS = ("发布新一代大模型", "完成新一轮融资", "开源推理模型", "宣布组织架构调整", "推出智能体平台",
                   "大模型降价", "与车企达成合作", "冲刺港股IPO", "发布多模态模型", "算力投入再加码",
                   "上线AI搜索", "入局具身智能", "公布年度营收", "更新旗舰模型", "遭遇人才流失")  # fmt: skip


def story(k: int, template: Template) -> tuple[str, list[str]]:
    """Headline and units' text of story *k*, laid out for *template*'s units (lengths × a per-story factor)."""
    rng = random.Random(k * 7919 + 17)
    _, _, entities = _pool()
    core = [e for e in entities if e.core]
    cast = rng.sample(core, k=min(2, len(core))) + rng.sample(entities, k=4)
    factor = rng.uniform(*LENGTH_FACTOR)
    units, chars, names = [], 0, 0
    for length in (u.length for u in template.units):
        target = max(4, round(length * factor))
        if length < SHORT_UNIT:  # a heading, caption or dateline: a phrase
            phrase, found = _sentence(rng, cast, rng.random() < 0.5)
            units.append(phrase[:target].rstrip("，。、；：,.;:"))
            continue
        text = ""
        while len(text) < target:
            sentence, found = _sentence(rng, cast, names < MENTIONS_PER_1000 * (chars + len(text)) / 1000)
            text += sentence if sentence[-1] in "。！？!?；" else sentence + "。"
            names += found
        units.append(text)
        chars += len(text)
    headline = _name(cast[0], rng) + rng.choice(_HEADLINE_VERBS)
    return headline, units


def _traditional(text: str) -> str:
    """Traditional script as Taiwan writes it (為, which Big5 encodes, not 爲)."""
    return to_traditional(text).replace("爲", "為")


def _date_forms(day: date) -> list[str]:
    y, m, d = day.year, day.month, day.day
    return [f"{y}-{m:02d}-{d:02d}", f"{y}年{m:02d}月{d:02d}日", f"{y}年{m}月{d}日", f"{y}/{m:02d}/{d:02d}",
            f"{y}.{m:02d}.{d:02d}", f"{y}{m:02d}{d:02d}", f"{y}-{m}-{d}"]  # fmt: skip


@cache
def _replacer(template: Template) -> re.Pattern[str]:
    """One pattern for the template's headline and every written form of its date."""
    forms = [re.escape(template.title), re.escape(html.escape(template.title, quote=False))]
    if template.published:
        forms += [re.escape(f) for f in _date_forms(template.published)]
    return re.compile("|".join(sorted(set(forms), key=len, reverse=True)))


def render(template: Template, title: str, units: list[str], day: date) -> str:
    """A page of *template* with headline *title*, the body *units* and publication date *day*."""
    if template.traditional:
        title, units = _traditional(title), [_traditional(u) for u in units]
    new: dict[str, str] = {}
    if template.published:  # where two forms coincide (2024-11-12), the first (zero-padded) wins
        new = dict(reversed(list(zip(_date_forms(template.published), _date_forms(day), strict=True))))
    escaped = html.escape(title, quote=False)

    def replace(m: re.Match[str]) -> str:
        found = m.group()
        return new.get(found) or (title if found == template.title else escaped)

    pattern = _replacer(template)
    parts = [pattern.sub(replace, template.prefix)]
    for k, text in enumerate(units):
        if k:
            parts.append(template.seps[k - 1] if k <= len(template.seps) else template.common_sep)
        parts.append(template.units[k].fill(text) if k < len(template.units) else html.escape(text, quote=False))
    parts.append(pattern.sub(replace, template.suffix))
    return "".join(parts)


def page(i: int) -> tuple[str, bytes]:
    """(content type, body) of page *i*: served as ``text/html`` without a charset, like a file on disk."""
    found = corpus()
    slot = i % found.size
    if slot >= len(found.templates):
        return "text/html", found.non_articles[slot - len(found.templates)][2]
    template = found.templates[slot]
    rng = random.Random(i)
    source = i
    if i >= 20 and rng.random() < DUPLICATE_SHARE:  # a syndicated copy of an earlier story
        candidate = rng.randrange(0, i)
        if candidate % found.size < len(found.templates):
            source = candidate
    title, units = story(source, found.templates[source % found.size])
    day = date(2025, 1, 1) + timedelta(days=random.Random(source).randrange(640))
    return "text/html", render(template, title, units, day).encode(template.codec, "xmlcharrefreplace")


def codec(i: int) -> str:
    """The codec that decodes page *i* (what a user reading the file would pass)."""
    found = corpus()
    slot = i % found.size
    if slot >= len(found.templates):
        return found.non_articles[slot - len(found.templates)][1]
    return found.templates[slot].codec


def article_page(i: int) -> tuple[str, bytes]:
    """Story *i* in a plain page (no chrome): the loader's input at real article length and name density."""
    found = corpus()
    template = found.templates[i % len(found.templates)]
    title, units = story(i, template)
    if template.traditional:
        title, units = _traditional(title), [_traditional(u) for u in units]
    body = "".join(f"<p>{html.escape(u, quote=False)}</p>" for u in units)
    day = date(2025, 1, 1) + timedelta(days=random.Random(i).randrange(640))
    text = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<meta property='article:published_time' content='{day.isoformat()}T09:00:00+08:00'></head>"
            f"<body><article><h1>{html.escape(title)}</h1>{body}</article></body></html>")  # fmt: skip
    return "text/html; charset=utf-8", text.encode("utf-8")


def size_summary(sizes: list[int]) -> str:
    """``min / median / mean / max`` in KB."""
    kb = [s / 1024 for s in sizes]
    return f"min {min(kb):.1f} / median {statistics.median(kb):.1f} / mean {statistics.mean(kb):.1f} / max {max(kb):.1f} KB"


def zh_dev_sizes(data: Path = ZH_DEV) -> list[int]:
    """The byte sizes of zh_dev's pages."""
    return [p.stat().st_size for p in sorted(data.glob("[0-9][0-9][0-9].html"))]
