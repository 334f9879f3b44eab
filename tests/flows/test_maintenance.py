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

    extra = '\n[[entity]]\nid = "deepexi"\nname = "滴普科技"\nkind = "org"\naliases = ["滴普"]\n'
    source = (
        shipped_text().replace('version = "', 'version = "test-').replace("\n# ── the six", extra + "\n# ── the six", 1)
    )
    changed = Catalogue.from_toml(source)
    report = retag(seeded, changed)
    assert report.articles == 5 and report.mentions_after > before
    assert q(seeded, "SELECT DISTINCT catalogue_version FROM articles") == [(changed.version,)]
    added = q(seeded, "SELECT count(*), count(DISTINCT article_id) FROM mentions WHERE entity_id = 'deepexi'")
    assert added == [(8, 1)]  # seed 002 names it eight times (five as 滴普科技, a provisional entity before)
    assert q(
        seeded,
        'SELECT count(*) FROM mentions JOIN articles USING (article_id) WHERE text[start + 1 : "end"] <> surface',
    ) == [(0,)]

    again = retag(seeded, changed)
    assert again.articles == 0 and again.mentions_after == report.mentions_after
    back = retag(seeded, shipped)  # and back: the new entity and its mentions disappear
    assert back.mentions_after == before
    assert q(seeded, "SELECT count(*) FROM entities WHERE entity_id = 'deepexi'") == [(0,)]


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


def test_discover_ranks_provisional_entities(seeded):
    candidates = discover_entities(seeded, limit=20)
    assert candidates, "the seeds name organisations and people the catalogue does not have"
    known = {s.lower() for e in load_catalogue().entities for s in (*e.surfaces, *e.ambiguous)}
    assert all(c.name.lower() not in known and c.entity_id.startswith("prov:") for c in candidates)
    assert [(c.articles, c.with_known) for c in candidates] == sorted(
        ((c.articles, c.with_known) for c in candidates), reverse=True
    )
    assert {"滴普科技", "拾象科技"} <= {c.name for c in candidates}  # …科技: organisations by their suffix


def test_discover_then_promote_then_retag_moves_a_provisional_entity_into_the_catalogue(seeded, tmp_path):
    from typer.testing import CliRunner

    from extractors.entities import default_catalogue_path
    from flows.cli import app
    from warehouse.invariants import check_warehouse

    runner = CliRunner()
    listed = runner.invoke(app, ["entities", "discover", "--db", str(seeded)])
    assert listed.exit_code == 0, listed.output
    (line,) = [x for x in listed.output.splitlines() if " 滴普科技 " in x]
    prov_id = line.split()[0]
    assert prov_id.startswith("prov:org:") and q(
        seeded, "SELECT curated FROM entities WHERE entity_id = ?", [prov_id]
    ) == [(False,)]

    catalogue = tmp_path / "catalogue.toml"
    catalogue.write_text(default_catalogue_path().read_text(encoding="utf-8"), encoding="utf-8")
    refused = runner.invoke(app, ["entities", "promote", prov_id, "--id", "Not A Slug", "--db", str(seeded),
                                  "--catalogue", str(catalogue)])  # fmt: skip
    assert refused.exit_code == 1 and "lowercase slug" in refused.output
    promoted = runner.invoke(app, ["entities", "promote", prov_id, "--id", "deepexi", "--db", str(seeded),
                                   "--catalogue", str(catalogue)])  # fmt: skip
    assert promoted.exit_code == 0, promoted.output
    changed = Catalogue.from_toml(catalogue.read_text(encoding="utf-8"))
    entry = changed.by_id["deepexi"]
    assert (entry.name, entry.kind) == ("滴普科技", "org") and prov_id in entry.source

    retag(seeded, changed)
    assert q(seeded, "SELECT count(*) FROM mentions WHERE entity_id = 'deepexi'") == [(5,)]
    assert q(seeded, "SELECT count(*) FROM entities WHERE entity_id = ?", [prov_id]) == [(0,)]
    assert check_warehouse(seeded) == []
