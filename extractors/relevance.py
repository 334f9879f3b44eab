"""Is a page about what newsdesk watches? A score from catalogue hits and keywords.

Each mention of a core company counts 3, of one of their products or people 2,
of any other catalogue entity 1 (provisional entities, names the catalogue lacks,
count nothing); each configured keyword found counts 1. A
page scoring below the threshold (default 1: no entity and no keyword at all)
is kept in the raw archive and recorded as ``off_topic`` instead of becoming
an article. Curated imports (the seeds) are not filtered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extractors.entities import Catalogue, Mention
from extractors.normalise import fold

# Generic AI vocabulary: a story about a model launch that names no catalogue entity still counts.
DEFAULT_KEYWORDS = ("人工智能", "大模型", "AI", "AGI", "AIGC", "生成式", "智能体", "机器学习", "深度学习", "算力")
DEFAULT_THRESHOLD = 1.0
CORE_WEIGHT, CORE_FAMILY_WEIGHT, OTHER_WEIGHT = 3.0, 2.0, 1.0


@dataclass(frozen=True)
class Relevance:
    keywords: tuple[str, ...] = DEFAULT_KEYWORDS
    threshold: float = DEFAULT_THRESHOLD


def relevance_score(
    text: str, mentions: Sequence[Mention], catalogue: Catalogue, keywords: Sequence[str] = DEFAULT_KEYWORDS
) -> float:
    """The page's relevance: weighted catalogue mentions plus keyword hits (case- and script-folded)."""
    score = 0.0
    for m in mentions:
        entity = catalogue.by_id.get(m.entity_id)
        if entity is None:
            continue  # a provisional entity: a name the catalogue lacks says nothing of relevance
        parent = catalogue.by_id.get(entity.parent_id) if entity.parent_id else None
        score += CORE_WEIGHT if entity.core else CORE_FAMILY_WEIGHT if parent and parent.core else OTHER_WEIGHT
    folded = fold(text)
    return score + sum(1.0 for k in keywords if fold(k) in folded)
