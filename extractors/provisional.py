"""Provisional entities: names the catalogue lacks, found by pattern and evidence.

:func:`find_provisional` reads an article next to its catalogue mentions and proposes the
organisations, people and products the catalogue does not know yet. Each proposal carries the
pattern that found it (its *evidence*) and a normalised key; the warehouse stores the entity
under :func:`provisional_id` with ``curated = false`` until a human promotes it.

Precision comes first (a wrong entity pollutes every view it reaches), so a name needs evidence
beyond its shape:

* **organisations**: a stem before a suffix (…科技, …智能, …资本, …基金, …创投, …半导体, …集团,
  …研究院, …实验室, …机器人), a legal form (…有限公司), an English company form (Xxx AI,
  Xxx Labs, Xxx Inc.) or a company noun before a Latin name (AI公司Perplexity). The stem is the
  run of rare words and coined characters before the suffix, found by backward maximum matching
  on jieba's dictionary: any common word, function character, numeral or delimiter (包括, 领投,
  独角兽 …) ends it. Weak suffixes (科技, 智能, 机器人) also need a second signal: a coined stem
  (澜舟, 生数), a company noun or an enumeration before, a place name, a word such as
  创始人/宣布/融资 after, or a second occurrence.
* **people**: a title (创始人, CEO, 合伙人, 首席科学家 …) before a 2–3 character name that starts
  with a surname, or such a name on a clause boundary before a speech verb (表示, 称, 认为 …);
  transliterated names (萨姆·奥尔特曼) and Latin names (Sam Altman) in the same places.
* **products**: Latin-letter + digit model names (GLM-4, Qwen2.5-Max, abab6.5s, Step-1V,
  Claude 3.7 Sonnet) with at least two letters, and 《…》 titles right next to a product word.

Nothing in :data:`NEVER` (该公司, 人工智能, 产业基金, 政府引导基金, 本报讯, 新华社 …) and no common
word becomes an entity; names in bylines (记者 X X) and pseudonyms (X X（化名）) are skipped.
A proposal never overlaps a catalogue mention or another proposal; once a name is accepted,
its other standalone occurrences in the text are mentions too (evidence ``repeat``).

Matching runs on :func:`extractors.normalise.fold` of the text (same length, so offsets are
offsets into the original); the case-sensitive Latin patterns run on the text itself.

The finders live in their own modules, one per kind of evidence:
:mod:`extractors.provisional_orgs`, :mod:`extractors.provisional_people`,
:mod:`extractors.provisional_latin` and :mod:`extractors.provisional_products`; what they share
(:data:`Evidence`, the claimed positions, segmentation, name stems) is in
:mod:`extractors.provisional_scan`, and the word lists and jieba's dictionary in
:mod:`extractors.provisional_lexicon`. This module is the public surface: it runs the finders,
keeps what is free and not in :data:`NEVER`, and adds the repeats.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extractors.entities import Kind, Mention
from extractors.normalise import fold, to_simplified
from extractors.provisional_latin import latin
from extractors.provisional_lexicon import NEVER, PSEUDONYM
from extractors.provisional_orgs import orgs_legal, orgs_suffix
from extractors.provisional_people import ends_name, people
from extractors.provisional_products import products
from extractors.provisional_scan import Evidence, Taken, is_han

logger = logging.getLogger(__name__)

__all__ = ["Evidence", "ProvisionalMention", "find_provisional", "normalise_key", "provisional_id"]

_LATIN_CHAR = re.compile(r"[A-Za-z0-9]")
_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-", "－": "-", "・": "·", "•": "·", "‧": "·"})


# ── the public surface ────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ProvisionalMention:
    """A name the catalogue lacks: ``text[start:end] == surface``.

    ``key`` is the normalised name (:func:`normalise_key`); mentions with the same kind and key
    are one provisional entity, :attr:`entity_id`.
    """

    kind: Kind
    surface: str
    start: int
    end: int
    key: str
    evidence: Evidence

    @property
    def entity_id(self) -> str:
        """The provisional entity's id (:func:`provisional_id`)."""
        return provisional_id(self.kind, self.key)

    @property
    def name(self) -> str:
        """A display name: the surface in Simplified characters, Latin case kept, spaces collapsed."""
        return _SPACES.sub(" ", to_simplified(self.surface)).strip()

    def as_mention(self) -> Mention:
        """The same occurrence as a catalogue-style :class:`~extractors.entities.Mention`."""
        return Mention(self.entity_id, self.surface, self.start, self.end)


def normalise_key(surface: str) -> str:
    """The key provisional mentions are grouped by: folded (Traditional → Simplified, Latin lower
    case, full-width → half-width), dashes and middle dots unified, whitespace collapsed."""
    return _SPACES.sub(" ", fold(surface.translate(_DASHES))).strip()


def provisional_id(kind: Kind, key: str) -> str:
    """A stable id for a provisional entity: ``prov:<kind>:<12 hex digits of blake2b(kind, key)>``.

    Catalogue ids are slugs without a colon, so the two never collide.
    """
    digest = hashlib.blake2b(f"{kind}\x00{key}".encode(), digest_size=6).hexdigest()
    return f"prov:{kind}:{digest}"


def find_provisional(
    text: str, known: Sequence[Mention] = (), *, folded: str | None = None
) -> list[ProvisionalMention]:
    """Names in *text* that the catalogue lacks, each with the evidence that found it.

    Args:
        text: the article text.
        known: the catalogue's mentions in *text* (``Catalogue.tag(text)``); proposals never
            overlap them.
        folded: ``fold(text)``, if the caller has it already.

    Returns:
        Proposals in text order, none overlapping another or a catalogue mention.
    """
    if not text:
        return []
    folded = fold(text) if folded is None else folded
    taken = Taken(len(text), ((m.start, m.end) for m in known))
    found: list[ProvisionalMention] = []
    banned = {normalise_key(text[max(0, m.start() - n) : m.start()]) for m in PSEUDONYM.finditer(text) for n in (2, 3)}

    def accept(kind: Kind, start: int, end: int, evidence: Evidence) -> None:
        if start >= end or not taken.free(start, end):
            return
        key = normalise_key(text[start:end])
        if key not in NEVER and key not in banned:
            taken.claim(start, end)
            found.append(ProvisionalMention(kind, text[start:end], start, end, key, evidence))

    for finder in (latin, orgs_legal, orgs_suffix, people, products):
        for kind, start, end, evidence in finder(text, folded, taken):
            accept(kind, start, end, evidence)
    _repeats(folded, found, accept)
    found.sort(key=lambda m: m.start)
    return found


# ── repeats ───────────────────────────────────────────────────────────────────────────────


def _repeats(folded: str, found: list[ProvisionalMention], accept: Callable[[Kind, int, int, Evidence], None]) -> None:
    """Every other standalone occurrence of an accepted name is a mention of it too."""
    first: dict[str, Kind] = {}
    for mention in found:
        first.setdefault(folded[mention.start : mention.end], mention.kind)
    for surface, kind in first.items():
        at = folded.find(surface)
        while at >= 0:
            if _standalone(folded, at, at + len(surface), kind):
                accept(kind, at, at + len(surface), "repeat")
            at = folded.find(surface, at + 1)


def _standalone(folded: str, s: int, e: int, kind: Kind) -> bool:
    """Is ``folded[s:e]`` a word of its own (not inside a longer Latin word or a longer name)?"""
    before, after = folded[s - 1 : s], folded[e : e + 1]
    if _LATIN_CHAR.match(folded[s]) and before and (_LATIN_CHAR.match(before) or before in ".-"):
        return False
    if _LATIN_CHAR.match(folded[e - 1]) and after and (_LATIN_CHAR.match(after) or after in ".-"):
        return False
    if kind == "person" and is_han(folded[e - 1]):
        return ends_name(folded, e, hard=False)
    return True
