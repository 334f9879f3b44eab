"""Finding organisation and product names the catalogue does not know yet.

jieba's part-of-speech tagger (with the catalogue as user dictionary, so
known names are whole words) marks organisation names (``nt``), other
proper nouns (``nz``) and Latin words (``eng``). A candidate is ranked by
how many articles use it and how often it appears *beside known entities* —
a new name next to 智谱 or Kimi is likely an AI company or product, a
frequent word in unrelated articles is likely not.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from extractors.entities import Catalogue
from extractors.normalise import fold

# jieba POS tags that name organisations and products.
CANDIDATE_TAGS = {"nt": "org", "nz": "name", "eng": "latin"}
MIN_HAN_CHARS = 2
MIN_LATIN_CHARS = 3
# Frequent Latin tokens in Chinese tech news that are never entities.
STOPWORDS = frozenset(
    {"ai", "agi", "app", "api", "ceo", "cto", "coo", "cfo", "gpu", "cpu", "llm", "ipo", "saas", "b2b", "b2c", "to",
     "pc", "ios", "android", "token", "tokens", "the", "and", "of", "for", "with", "pro", "max", "plus", "beta",
     "tob", "toc", "tog", "roi", "cpa", "dau", "mau", "arr", "gmv", "kpi", "sota", "moe", "rag", "sft", "rlhf"}
)  # fmt: skip
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Candidate:
    """A name that might deserve a catalogue entry."""

    name: str
    kind: str  # org / name / latin: what jieba thought it was
    articles: int
    occurrences: int
    with_known: int  # articles where it appears beside a catalogue entity
    top_companion: str | None  # the catalogue entity it appears beside most
    score: float


def candidate_entities(
    texts: Iterable[str], catalogue: Catalogue, *, min_articles: int = 2, limit: int = 50
) -> list[Candidate]:
    """Rank names that are not in *catalogue*, most promising first."""
    import jieba.posseg

    posseg = jieba.posseg.POSTokenizer(catalogue._tokenizer())
    known = {fold(s) for e in catalogue.entities for s in (*e.surfaces, *e.ambiguous)}
    articles: Counter[str] = Counter()
    occurrences: Counter[str] = Counter()
    with_known: Counter[str] = Counter()
    companions: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, str] = {}
    for text in texts:
        folded = fold(text)
        entities = {catalogue.by_id[m.entity_id].name for m in catalogue.tag(text)}
        seen: set[str] = set()
        position = 0
        for token, flag in posseg.cut(folded):
            start, position = position, position + len(token)
            kind = CANDIDATE_TAGS.get(flag)
            word = text[start:position].strip()  # fold() keeps offsets: the name as the article wrote it
            if kind is None or fold(word) in known or word.lower() in STOPWORDS:
                continue
            han = len(_HAN.findall(word))
            if (han and han < MIN_HAN_CHARS) or (not han and len(word) < MIN_LATIN_CHARS) or word.isdigit():
                continue
            if not han and not any(ch.isupper() for ch in word):
                continue  # Latin names are capitalised as written (GPT, Orion); "law" or "post" are not names
            occurrences[word] += 1
            kinds.setdefault(word, kind)
            if word not in seen:
                seen.add(word)
                articles[word] += 1
                if entities:
                    with_known[word] += 1
                    companions[word].update(entities)
    ranked = [
        Candidate(
            name=word,
            kind=kinds[word],
            articles=n,
            occurrences=occurrences[word],
            with_known=with_known[word],
            top_companion=companions[word].most_common(1)[0][0] if companions[word] else None,
            score=round(n * (0.25 + with_known[word] / n), 3),
        )
        for word, n in articles.items()
        if n >= min_articles
    ]
    ranked.sort(key=lambda c: (-c.score, -c.occurrences, c.name))
    return ranked[:limit]
