"""What ``newsdesk entities discover`` lists: provisional entities worth a catalogue entry.

The names themselves are found when articles are tagged (:mod:`extractors.provisional`)
and stored as ``entities`` rows with ``curated = false``; the warehouse ranks them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """A name that might deserve a catalogue entry."""

    name: str
    kind: str  # org / person / product
    articles: int
    occurrences: int
    with_known: int  # articles where it appears beside a catalogue entity
    top_companion: str | None  # the catalogue entity it appears beside most
    score: float
    entity_id: str | None = None  # the provisional entity's id, when it comes from the warehouse
    evidence: str | None = None  # the pattern that found it (extractors.provisional)
    surfaces: tuple[str, ...] = ()  # the forms it was written in
