"""Entity catalogue and tagging.

Matching runs on :func:`extractors.normalise.fold` of the text, which has
the same length as the text, so a match's offsets are offsets into the
original: ``text[start:end]`` is exactly the surface that was written,
Traditional or Simplified, full-width or not.

All aliases are compiled into one trie-shaped regular expression, which
gives longest-match-first at every position without segmenting the text.
jieba (with the catalogue as its user dictionary, so entity names are never
split) is consulted only to confirm that an *ambiguous* short form stands as
a word of its own.
"""

from __future__ import annotations

import io
import logging
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

from extractors.normalise import fold

logger = logging.getLogger(__name__)

Kind = Literal["org", "person", "product"]
KINDS = ("org", "person", "product")
# Characters on either side of an ambiguous hit that jieba segments to check
# word boundaries. Enough for a four-character idiom or a date around it.
JIEBA_WINDOW = 8
# Window checks remembered per catalogue (cleared when full: bounded memory in long runs).
WORD_CACHE_SIZE = 50_000
# Latin letters glue words together; digits do not ("Minimax2024年" names
# MiniMax, "Kimiko" does not name Kimi).
_WORD_CHAR = re.compile(r"[a-z]")
_HAN_ONLY = re.compile(r"[\u3400-\u9fff]+")
_HAN_NUMERALS = frozenset("零〇一二三四五六七八九十百千万亿两")
# Person names up to this many Han characters are matched only as whole words (see _Alias).
MAX_CHECKED_NAME = 3


class CatalogueError(ValueError):
    """The catalogue file is inconsistent; the message lists every problem."""


@dataclass(frozen=True)
class Entity:
    """One catalogue entry."""

    entity_id: str
    name: str
    kind: Kind
    parent_id: str | None = None
    core: bool = False
    english: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    # Provenance for reviewers: neither matched nor written to the warehouse.
    source: str | None = None  # where the facts come from
    note: str | None = None  # renames, why a form is ambiguous, known typos

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every form that names this entity without needing context."""
        return (self.name, *self.english, *self.aliases)


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity: ``text[start:end] == surface``."""

    entity_id: str
    surface: str
    start: int
    end: int


@dataclass(frozen=True)
class _Alias:
    entity: Entity
    ambiguous: bool
    # Counts only where jieba keeps it as a whole word: ambiguous forms, and short Han person names
    # (王坚 in 王坚持认为 is 王 + 坚持).
    word_checked: bool = False


@dataclass
class Catalogue:
    """The curated entities, indexed for matching."""

    version: str
    entities: tuple[Entity, ...]
    _jieba: object | None = field(default=None, repr=False, compare=False)
    _word_cache: dict[tuple[str, int, int], bool] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_toml(cls, text: str) -> Catalogue:
        """Parse and validate catalogue TOML.

        Raises:
            CatalogueError: listing every inconsistency found.
        """
        data = tomllib.loads(text)
        entities = tuple(
            Entity(
                entity_id=str(row.get("id", "")),
                name=str(row.get("name", "")),
                kind=row.get("kind", ""),
                parent_id=row.get("parent"),
                core=bool(row.get("core", False)),
                english=tuple(row.get("english", ())),
                aliases=tuple(row.get("aliases", ())),
                ambiguous=tuple(row.get("ambiguous", ())),
                contexts=tuple(row.get("contexts", ())),
                source=row.get("source"),
                note=row.get("note"),
            )
            for row in data.get("entity", [])
        )
        catalogue = cls(version=str(data.get("version", "unversioned")), entities=entities)
        problems = catalogue.problems()
        if problems:
            raise CatalogueError("catalogue is inconsistent:\n  " + "\n  ".join(problems))
        return catalogue

    def problems(self) -> list[str]:
        """Every reason this catalogue cannot be used; empty when it is sound."""
        found: list[str] = []
        ids = [e.entity_id for e in self.entities]
        for entity_id in sorted({i for i in ids if ids.count(i) > 1}):
            found.append(f"id {entity_id!r} is used twice")
        known = set(ids)
        owner: dict[str, str] = {}
        for e in self.entities:
            if not e.entity_id:
                found.append(f"entity {e.name!r} has no id")
            if not e.name or (fold(e.name) != e.name.lower() and fold(e.name) != e.name):
                found.append(f"{e.entity_id}: name {e.name!r} must be the zh-Hans canonical form")
            if e.kind not in KINDS:
                found.append(f"{e.entity_id}: kind {e.kind!r} is not one of {', '.join(KINDS)}")
            if e.parent_id is not None and e.parent_id not in known:
                found.append(f"{e.entity_id}: parent {e.parent_id!r} does not exist")
            if e.ambiguous and not e.contexts:
                found.append(f"{e.entity_id}: ambiguous forms need contexts")
            for label, value in (("source", e.source), ("note", e.note)):
                if value is not None and not (isinstance(value, str) and value.strip()):
                    found.append(f"{e.entity_id}: {label} must be a non-empty string, not {value!r}")
            for surface in (*e.surfaces, *e.ambiguous):
                key = fold(surface)
                if owner.setdefault(key, e.entity_id) != e.entity_id:
                    found.append(f"alias {surface!r} names both {owner[key]!r} and {e.entity_id!r}")
        return found

    @cached_property
    def by_id(self) -> dict[str, Entity]:
        return {e.entity_id: e for e in self.entities}

    @cached_property
    def _aliases(self) -> dict[str, _Alias]:
        table: dict[str, _Alias] = {}
        for e in self.entities:  # a form listed as ambiguous stays so, even when it is the name (小米)
            for surface in e.ambiguous:
                table[fold(surface)] = _Alias(e, ambiguous=True, word_checked=True)
            for surface in e.surfaces:
                short_name = e.kind == "person" and len(surface) <= MAX_CHECKED_NAME and _HAN_ONLY.fullmatch(surface)
                table.setdefault(fold(surface), _Alias(e, ambiguous=False, word_checked=bool(short_name)))
        return table

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        return re.compile(trie_regex(self._aliases))

    def jieba_userdict(self) -> str:
        """The catalogue's confident forms as a jieba user dictionary (folded forms, high frequency).

        Forms whose match is checked by jieba (:attr:`_Alias.word_checked`) are left out: a high
        frequency would make jieba keep them whole anywhere (可灵 in 可灵活), and the check would
        check nothing. :meth:`_tokenizer` adds them at the frequency that just keeps them whole
        on their own, so the neighbouring words decide.
        """
        words = sorted(w for w, a in self._aliases.items() if not a.word_checked)
        return "".join(f"{w.replace(' ', '')} 100000 nz\n" for w in words if w.strip())

    def prepare(self) -> None:
        """Build the match tables and jieba's tokenizer now rather than at the first text that needs them.

        For processes that fork workers: what is built before the fork is shared by all of them.
        """
        self._pattern  # noqa: B018  (a cached property: reading it builds it)
        self._tokenizer()

    def _tokenizer(self):
        if self._jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.load_userdict(io.StringIO(self.jieba_userdict()))
            for word in sorted(w for w, a in self._aliases.items() if a.word_checked and " " not in w):
                tokenizer.add_word(word, tokenizer.suggest_freq(word), "nz")
            self._jieba = tokenizer
        return self._jieba

    def _is_word(self, folded: str, start: int, end: int) -> bool:
        """Does jieba keep folded[start:end] as whole word(s) in its neighbourhood?

        Memoised on the window: syndicated copies and stock phrases put the same
        short form in the same neighbourhood again and again.
        """
        lo, hi = max(0, start - JIEBA_WINDOW), min(len(folded), end + JIEBA_WINDOW)
        key = (folded[lo:hi], start - lo, end - lo)
        if (known := self._word_cache.get(key)) is not None:
            return known
        cuts, pos = {0}, 0
        for token in self._tokenizer().cut(key[0], HMM=False):
            pos += len(token)
            cuts.add(pos)
        if len(self._word_cache) >= WORD_CACHE_SIZE:
            self._word_cache.clear()
        self._word_cache[key] = answer = key[1] in cuts and key[2] in cuts
        return answer

    def tag(self, text: str) -> list[Mention]:
        """Every catalogue mention in *text*, in order, longest match first."""
        folded = fold(text)
        mentions: list[Mention] = []
        pending: list[tuple[_Alias, int, int]] = []
        for match in self._pattern.finditer(folded):
            start, end = match.span()
            alias = self._aliases[match.group()]
            if not _on_word_boundary(folded, start, end):
                continue
            if alias.word_checked:
                pending.append((alias, start, end))
            else:
                mentions.append(Mention(alias.entity.entity_id, text[start:end], start, end))
        for alias, start, end in pending:
            if alias.ambiguous and not any(fold(c) in folded for c in alias.entity.contexts):
                continue
            if _inside_number(folded, start, end) or not self._is_word(folded, start, end):
                continue
            mentions.append(Mention(alias.entity.entity_id, text[start:end], start, end))
        mentions.sort(key=lambda m: m.start)
        return mentions


def _inside_number(folded: str, start: int, end: int) -> bool:
    """A form written in Han numerals (零一) next to another numeral is part of a number (二零一九), not a name."""
    if not all(ch in _HAN_NUMERALS for ch in folded[start:end]):
        return False
    return (start > 0 and folded[start - 1] in _HAN_NUMERALS) or (end < len(folded) and folded[end] in _HAN_NUMERALS)


def _on_word_boundary(folded: str, start: int, end: int) -> bool:
    """Latin aliases must not start or end inside a Latin word (Kimi ≠ Kimiko)."""
    if _WORD_CHAR.match(folded[start]) and start > 0 and _WORD_CHAR.match(folded[start - 1]):
        return False
    return not (_WORD_CHAR.match(folded[end - 1]) and end < len(folded) and _WORD_CHAR.match(folded[end]))


def trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of *words*, preferring the longest at each position."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def default_catalogue_path() -> Path:
    """The catalogue shipped with newsdesk."""
    return Path(str(resources.files("extractors") / "data" / "catalogue.toml"))


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read a catalogue file (the shipped one by default)."""
    return Catalogue.from_toml((path or default_catalogue_path()).read_text(encoding="utf-8"))
