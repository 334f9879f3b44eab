"""Provisional names in Latin letters, from one scan of the text's Latin words.

Company forms (Mistral AI, Character.AI), a company noun before a name (AI公司Perplexity),
model and chip names (GLM-4, MTT S4000, H20 near 芯片) and names before a speech verb
(Sam Altman表示). The scan runs on the text itself, not its fold: capitals are evidence.
The shape checks for model names live in :mod:`extractors.provisional_products`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractors.provisional_lexicon import (
    CHIP_NAME,
    COMPANY_NOUN_BEFORE_LATIN,
    EN_GENERIC,
    LATIN_ORG_FORMS,
    LATIN_TOKEN,
    SPEECH_FIRST,
    SPEECH_VERBS,
    VERSION_TOKEN,
)
from extractors.provisional_products import chip_context, model_context, model_tail, model_token
from extractors.provisional_scan import Candidate, Taken


def latin(text: str, folded: str, taken: Taken) -> Iterator[Candidate]:
    """Everything Latin, from one scan of the words: company forms (Mistral AI, Character.AI),
    a company noun + name (AI公司Perplexity), model names (GLM-4, MTT S4000, Step-Audio) and
    names before a speech verb (Sam Altman表示)."""
    tokens = [m for m in LATIN_TOKEN.finditer(text) if not _glued(text, m.start(), m.end())]
    for i, m in enumerate(tokens):
        word, start, end = m.group(), m.start(), m.end()
        lower = word.lower()
        if len(word) < 2 or (
            (word.isalpha() and lower not in LATIN_ORG_FORMS and text[end : end + 1] not in (" ", *SPEECH_FIRST))
            and not folded.endswith(COMPANY_NOUN_BEFORE_LATIN, 0, start - (text[start - 1 : start] == " "))
        ):
            continue  # a plain word: nothing after it makes it a name, nothing before it either
        if lower in LATIN_ORG_FORMS and i > 0:  # Mistral AI, Thinking Machines Lab, Acme Inc.
            first = _capitalised_run(text, tokens, i - 1, separators=" -.")
            if first is not None and tokens[first].group().lower() not in EN_GENERIC:
                yield (
                    "org",
                    tokens[first].start(),
                    end + (text[end : end + 1] == "." and lower in ("inc", "ltd", "corp")),
                    "org_latin",
                )
                continue
        if "." in word or "-" in word:  # Character.AI, CAMEL-AI
            head, _, tail = word.rpartition("." if "." in word else "-")
            if tail.lower() == "ai" and head[:1].isupper() and head.lower() not in EN_GENERIC:
                yield ("org", start, end, "org_latin")
                continue
        if folded.endswith(COMPANY_NOUN_BEFORE_LATIN, 0, start - (text[start - 1 : start] == " ")) and _name_like(word):
            last = _capitalised_run_forward(text, tokens, i)  # AI搜索公司Perplexity, 研究和咨询公司CCS Insight
            name = text[start : tokens[last].end()]
            if name.lower() not in EN_GENERIC and not (name.isupper() and len(name) <= 3):
                yield ("org", start, tokens[last].end(), "org_after_noun")
                continue
        if CHIP_NAME.fullmatch(word):  # H20, A100: chips (or robots) only in their context
            if chip_context(folded, start):
                yield ("product", start, model_tail(text, end), "product_model")
            continue
        if model_token(word):
            yield ("product", start, model_tail(text, end), "product_model")
            continue
        if word[:1].isupper() and word.isalpha() and lower not in EN_GENERIC and text[end : end + 1] == " ":
            version = VERSION_TOKEN.match(text, end + 1)  # Llama 3.1, MTT S4000, Hailuo 02
            if (
                version
                and not _glued(text, version.start(), version.end())
                and any(ch.isdigit() for ch in version.group())
                and model_context(folded, start, version.end())
            ):
                yield ("product", start, model_tail(text, version.end()), "product_model")
                continue
        if "-" in word and not any(ch.isdigit() for ch in word):  # Step-Audio, Yi-Lightning
            parts = word.split("-")
            if (
                all(p[:1].isupper() for p in parts)
                and parts[0].lower() not in EN_GENERIC
                and model_context(folded, start, end)
            ):
                yield ("product", start, end, "product_model")
                continue
        after = folded[end : end + 3].lstrip()
        if i > 0 and after.startswith(SPEECH_VERBS) and word[:1].isupper():  # Sam Altman表示
            first = _capitalised_run(text, tokens, i - 1, separators=" ")
            while first is not None and first < i and tokens[first].group().lower() in EN_GENERIC:
                first += 1  # OpenAI CEO Sam Altman表示: the title is not the name
            if first is not None and 1 <= i - first <= 2 and all(t.group().isalpha() for t in tokens[first : i + 1]):
                yield ("person", tokens[first].start(), end, "person_speech")


def _glued(text: str, start: int, end: int) -> bool:
    """Is a Latin word part of something longer (5G, user@host, a/b/c, www.x.com)?"""
    before, after = text[start - 1 : start], text[end : end + 1]
    return (before != "" and (before.isascii() and (before.isalnum() or before in "@/_.-"))) or after in ("@", "/", "_")


def _name_like(word: str) -> bool:
    return word[:1].isupper() or any(ch.isupper() for ch in word[1:])


def _capitalised_run(text: str, tokens: list[re.Match[str]], last: int, separators: str) -> int | None:
    """Index of the first of up to three capitalised words ending at tokens[last], joined by one separator."""
    if not _name_like(tokens[last].group()) or text[tokens[last].end() : tokens[last + 1].start()] not in tuple(
        separators
    ):
        return None
    first = last
    while (
        first > 0
        and last - first < 2
        and text[tokens[first - 1].end() : tokens[first].start()] == " "
        and tokens[first - 1].group()[:1].isupper()
    ):
        first -= 1
    return first


def _capitalised_run_forward(text: str, tokens: list[re.Match[str]], first: int) -> int:
    last = first
    while (
        last + 1 < len(tokens)
        and last - first < 2
        and text[tokens[last].end() : tokens[last + 1].start()] == " "
        and tokens[last + 1].group()[:1].isupper()
    ):
        last += 1
    return last
