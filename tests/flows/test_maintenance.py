"""Retagging after a catalogue change, the tagging views, and entity discovery, on the seeds."""

import pytest

from extractors.entities import Catalogue, load_catalogue
from flows.ingest import import_seeds_flow
from flows.maintenance import discover_entities, retag
from warehouse.query import run_query

pytestmark = pytest.mark.usefixtures("prefect_server")


@pytest.fixture
def seeded(seeds_dir, db_path):
    import_seeds_flow(sorted(str(p) for p in seeds_dir.glob("*.txt")), db=str(db_path))
    return db_path


def q(db, sql, params=None):
    return run_query(db, sql, params).rows


def test_retag_after_catalogue_change_is_idempotent(seeded):
    shipped = load_catalogue()
    assert retag(seeded, shipped).articles == 0  # loaded with this version already
    before = q(seeded, "SELECT count(*) FROM mentions")[0][0]

    extra = '\n[[entity]]\nid = "lightyear"\nname = "光年之外"\nkind = "org"\nparent = "meituan"\n'
    source = (
        shipped_text().replace('version = "', 'version = "test-').replace("\n# ── the six", extra + "\n# ── the six", 1)
    )
    changed = Catalogue.from_toml(source)
    report = retag(seeded, changed)
    assert report.articles == 5 and report.mentions_after > before
    assert q(seeded, "SELECT DISTINCT catalogue_version FROM articles") == [(changed.version,)]
    lightyear = q(seeded, "SELECT count(*), count(DISTINCT article_id) FROM mentions WHERE entity_id = 'lightyear'")
    assert lightyear == [(3, 2)]  # seeds 002 and 004 name it in their bodies
    assert q(
        seeded,
        'SELECT count(*) FROM mentions JOIN articles USING (article_id) WHERE text[start + 1 : "end"] <> surface',
    ) == [(0,)]

    again = retag(seeded, changed)
    assert again.articles == 0 and again.mentions_after == report.mentions_after
    back = retag(seeded, shipped)  # and back: the new entity and its mentions disappear
    assert back.mentions_after == before
    assert q(seeded, "SELECT count(*) FROM entities WHERE entity_id = 'lightyear'") == [(0,)]


def shipped_text() -> str:
    from extractors.entities import default_catalogue_path

    return default_catalogue_path().read_text(encoding="utf-8")


def test_views_entity_counts_daily_and_co_mentions(seeded):
    counts = dict(q(seeded, "SELECT entity_id, sum(mentions) FROM entity_counts GROUP BY entity_id"))
    assert counts["moonshot"] == 1 + 7 + 3 + 1 + 3  # 月之暗面 in every seed
    daily = q(seeded, "SELECT articles, mentions FROM entity_daily WHERE entity_id = 'stepfun'")
    assert daily == [(2, 5)]  # seeds 001 (阶跃星辰 ×2, 阶越星辰 ×1) and 004 (階躍星辰 ×2)
    pair = q(seeded, "SELECT articles FROM co_mentions WHERE entity_a = 'moonshot' AND entity_b = 'zhipu'")
    assert pair == [(4,)]  # all seeds but 002 name both


def test_products_and_people_roll_up_to_their_company(seeded):
    rows = q(
        seeded,
        "SELECT e.entity_id, e.parent_id FROM entity_counts c JOIN entities e USING (entity_id)"
        " WHERE e.entity_id IN ('kimi', 'hailuo', 'yang-zhilin', 'li-kaifu', 'kai-fu-lee') GROUP BY ALL ORDER BY 1",
    )
    assert dict(rows) == {"hailuo": "minimax", "kai-fu-lee": "01ai", "kimi": "moonshot", "yang-zhilin": "moonshot"}


def test_discover_ranks_unknown_names(seeded):
    candidates = discover_entities(seeded, load_catalogue(), limit=20)
    assert candidates, "the seeds name organisations the catalogue does not have"
    known = {s.lower() for e in load_catalogue().entities for s in (*e.surfaces, *e.ambiguous)}
    assert all(c.name.lower() not in known for c in candidates)
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
    assert all(c.articles >= 2 for c in candidates)
