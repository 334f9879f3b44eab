"""Launch events in a sentence: a launch verb (发布, 推出, 上线, 开源 …) and the products it names.

The product is read after the verb (发布了GLM-4和GLM-4V: one event each) or, when the verb
has no object, before it (X旗下的P正式上线). A name counts when it is quoted, shaped like a
model name (Latin letters and a version, or a Han name with a version) or a tagged
product; reports, plans and strategies being 发布 are not launches. The company is the
subject before the verb, or the owner of the product (its parent in the catalogue).
"""

from __future__ import annotations

from extractors.entities import Mention
from extractors.event_doc import (
    Context,
    Doc,
    Found,
    Span,
    clause_end,
    clause_start,
    context_company,
    name_span,
    parent_of,
    party_at,
    read_subject,
    strip_adverbs,
    trim,
    valid_name,
)
from extractors.event_lexicon import (
    EDITION,
    FLUFF,
    GENERIC_TAIL,
    HAN_NOT_NAME,
    HAN_RUN,
    HEAD_NOUN,
    KIND_WORD,
    LATIN_NAME,
    LAUNCH,
    LAUNCH_NOT,
    LAUNCH_PRE_NOT,
    LIST_END,
    LIST_SEP,
    MODEL_WORD,
    NEXT_IN_LIST,
    NO_OBJECT,
    NOT_PRODUCT,
    OWNER,
    PLAN,
    QUOTED,
    QUOTED_TAIL,
    REPORT,
    RUMOUR,
    SUBJECT_CUT,
    VERSION,
    VERSIONED_HAN,
)
from extractors.event_values import Party

# Characters after 发布/推出 searched for the product's name.
MAX_OBJECT_CHARS = 40

# ── launches ──────────────────────────────────────────────────────────────


def _product(doc: Doc, start: int, end: int) -> Span | None:
    """The product named first in folded[start:end]: quoted, a model name, a versioned Han name or a tagged product."""
    if fluff := FLUFF.match(doc.folded, start, end):
        start = fluff.end()
    text = doc.folded[start:end]
    if not text or REPORT.match(text):
        return None
    candidates: list[Span] = []
    for m in QUOTED.finditer(text):
        if text[m.end() : m.end() + 1] != "的":  # “更懂搜索”的AI助理: a description, not the name
            g = next(i for i in range(1, 6) if m[i])
            candidates.append(Span(start + m.start(g), start + m.end(g)))
            break
    latin = 0
    for m in LATIN_NAME.finditer(text):
        token = m.group().strip()
        if token in NOT_PRODUCT or len(token) < 2 or VERSION.fullmatch(token):
            continue
        s, e = start + m.start(), start + m.end()
        for mention in doc.overlapping(s - 1, s):  # a tagged name glued on the left belongs (通义千问Qwen2.5-Max)
            if mention.end == s and mention.start >= start:
                s = mention.start
        if edition := EDITION.match(doc.folded, e):  # Kimi探索版
            e = edition.end()
        candidates.append(Span(s, e))
        if (latin := latin + 1) == 3:
            break
    for m in VERSIONED_HAN.finditer(text):
        cut = MODEL_WORD.match(text, m.start(), m.end())
        s = cut.end() if cut else m.start()
        han = HAN_RUN.match(text, s, m.end())
        if han and len(han.group()) >= 2 and not HAN_NOT_NAME.search(han.group()):
            candidates.append(Span(start + s, start + m.end()))
            break
    for mention in doc.overlapping(start, end):
        if mention.start >= start and doc.kind(mention) in (None, "product"):
            candidates.append(Span(mention.start, mention.end))
            break
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c.start, c.start - c.end))
    best = candidates[0]
    for later in candidates[1:]:  # 豆包视频生成模型PixelDance: the name after the kind word, not the brand before it
        between = doc.folded[best.end : later.start]
        if (
            later.start >= best.end
            and len(between) <= 16
            and KIND_WORD.search(between)
            and not LIST_SEP.search(between)
        ):
            best = later
    head_noun = HEAD_NOUN.match(doc.folded, best.end, best.end + 8)
    if REPORT.search(doc.folded, best.start, best.end) or (head_noun and REPORT.search(head_noun.group(1))):
        return None  # 《…白皮书》, “通义百炼”扶持计划: a report or a plan, not a product
    return best if best.start - start <= 20 else None


def _products(doc: Doc, start: int, end: int) -> list[Span]:
    """The products listed after a launch verb (发布A和B): the first, then one after each 和/及/、."""
    found: list[Span] = []
    pos = start
    while len(found) < 4 and (span := _product(doc, pos, end)):
        found.append(span)
        if not (more := NEXT_IN_LIST.match(doc.folded, span.end, end)):
            break
        pos = more.end()
    return found


def _named_at_end(doc: Doc, start: int, end: int) -> Span | None:
    """The longest quoted name, model name, versioned name or tagged product that ends folded[start:end]."""
    segment = doc.folded[start:end]
    if m := QUOTED_TAIL.search(segment):
        return Span(start + m.start(1), start + m.end(1))
    candidates: list[Span] = []
    for m in LATIN_NAME.finditer(segment):
        if m.end() == len(segment) and m.group().strip() not in NOT_PRODUCT and len(m.group()) >= 2:
            s = start + m.start()
            for mention in doc.overlapping(s - 1, s):  # 通义千问Qwen2.5-Max
                if mention.end == s and mention.start >= start:
                    s = mention.start
            candidates.append(Span(s, end))
    for m in VERSIONED_HAN.finditer(segment):
        if m.end() == len(segment):
            s = m.start()
            for cut in (*SUBJECT_CUT.finditer(segment, s, m.end()), MODEL_WORD.match(segment, s, m.end())):
                s = max(s, cut.end()) if cut else s  # 宣布文心大模型4.5 → 文心大模型4.5
            han = HAN_RUN.match(segment, s, m.end())
            if han and len(han.group()) >= 2 and not HAN_NOT_NAME.search(han.group()):
                candidates.append(Span(start + s, end))
    for mention in doc.overlapping(start, end):
        if mention.end == end and mention.start >= start and doc.kind(mention) in (None, "product"):
            candidates.append(Span(mention.start, mention.end))
    return min(candidates, key=lambda c: c.start) if candidates else None


def _product_at_end(doc: Doc, start: int, end: int) -> Span | None:
    """The product a subject names (…的海外版Kimi Global); a generic tail is looked through (可灵2.0视频生成模型)."""
    if found := _named_at_end(doc, start, end):
        return found
    if (tail := GENERIC_TAIL.search(doc.folded, start, end)) is None:
        return None
    for cut in range(tail.start(), max(start, tail.start() - 6) - 1, -1):
        if found := _named_at_end(doc, start, cut):
            return found
    return None


def _as_product(doc: Doc, company: Party) -> Party | None:
    """The company behind a subject that is a tagged product (None when it is not one)."""
    if company.entity_id is None or doc.kind(Mention(company.entity_id, "", 0, 0)) != "product":
        return None
    mentions = [m for m in doc.mentions if m.entity_id == company.entity_id]
    return parent_of(doc, mentions[0]) if mentions else None


def _product_subject(doc: Doc, lo: int, start: int, end: int) -> tuple[Party | None, list[Span]]:
    """(company, products) when the products are the subject: X旗下的P正式上线, P和Q正式发布.

    The company is the owner written before 旗下/的 (a product written there
    stands for its company), else the product's parent in the catalogue, else
    an org tagged earlier in the sentence — never a company read in an earlier
    sentence: "Llama 2发布后" names no launcher.
    """
    start, end = trim(doc, start, end)
    products: list[Span] = []
    while end > start and len(products) < 4 and (product := _product_at_end(doc, start, end)):
        if not valid_name(doc.folded[product.start : product.end]):
            break
        products.insert(0, product)
        if not (separator := LIST_END.search(doc.folded, start, product.start)):
            break
        end = separator.start()  # 文心大模型4.5 Turbo和X1 Turbo正式上线: the one before 和 too
    if not products:
        return None, []
    product = products[0]
    owner = OWNER.search(doc.folded, start, product.start)
    span = name_span(doc, start, owner.start()) if owner else None
    if span and valid_name(doc.folded[span.start : span.end]):
        inside = doc.within(span)
        if doc.catalogue is None or not inside or any(doc.kind(m) == "org" for m in inside):
            return party_at(doc, span), products
        if parent := parent_of(doc, inside[-1]):
            return parent, products
    for mention in doc.overlapping(product.start, product.end):
        if parent := parent_of(doc, mention):
            return parent, products
    return context_company(doc, lo, product.start, None), products


def read_launches(doc: Doc, lo: int, hi: int, context: Context) -> list[Found]:
    """Launch events anchored in the sentence folded[lo:hi]."""
    events: list[Found] = []
    prev_end = lo
    for m in LAUNCH.finditer(doc.folded, lo, hi):
        start, end = m.start(), m.end()
        if LAUNCH_NOT.match(doc.folded, end) or LAUNCH_PRE_NOT.search(doc.folded, lo, start):
            prev_end = end
            continue
        clause_lo = clause_start(doc, lo, start)
        hedged = RUMOUR.search(doc.folded, prev_end, start) or PLAN.search(doc.folded, clause_lo, start)
        prev_end = end
        object_end = clause_end(doc, end, hi)
        if doc.folded[object_end : object_end + 1] == ":":  # 开源了两款模型：A和B
            object_end = clause_end(doc, object_end + 1, hi)
        products = _products(doc, end, min(object_end, end + MAX_OBJECT_CHARS))
        subject_end = strip_adverbs(doc, clause_lo, start)
        if not products:
            if not NO_OBJECT.fullmatch(doc.folded, end, object_end):
                continue  # 海螺AI也推出付费版本: something unnamed was launched, not the product itself
            company, products = _product_subject(doc, lo, clause_lo, subject_end)
            if company is not None and not hedged:
                events += [Found("launch", company, clause_lo, start, end, product=p) for p in products]
            continue
        company, subject_start, inferred = read_subject(doc, lo, start, context)
        if company is None:
            continue
        if (subject_product := _as_product(doc, company)) is not None:
            company = subject_product  # 智谱旗下的智谱清言上线了“沉思”: the product stands for its company
        if not inferred:
            context.read(company, subject_start)
        if not hedged:
            events += [Found("launch", company, subject_start, start, end, product=p) for p in products]
    return events
