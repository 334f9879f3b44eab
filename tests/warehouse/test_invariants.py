"""The warehouse invariants: a warehouse built by the real loader holds them all, and each
corruption an invariant exists for breaks that invariant and no other, in the library and in
`newsdesk check`."""

import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from extractors.entities import load_catalogue
from extractors.normalise import to_traditional
from extractors.pipeline import entity_rows, process_plain_text
from flows.cli import app
from tests.conftest import holding_warehouse
from warehouse.exceptions import WarehouseError, WarehouseLocked
from warehouse.invariants import INVARIANTS, check_warehouse
from warehouse.loader import load_spool
from warehouse.query import run_query
from warehouse.spool import Batch, write_batch

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dedupe"
NOW = datetime(2026, 11, 23, tzinfo=UTC)
MISSING = "ffffffffffffffff"  # an article_id no article has
runner = CliRunner()


@pytest.fixture(scope="module")
def sound(tmp_path_factory, seeds_dir) -> Path:
    """A warehouse loaded through spool and loader, with every kind of row the invariants look at:
    mentions and entities (the seeds), an exact copy (a Traditional edition), a near duplicate
    (a rewrite) and an excerpt (a related article)."""
    catalogue = load_catalogue()
    base = (FIXTURES / "base.txt").read_text(encoding="utf-8")
    title, body = base.split("\n", 1)
    arrivals = [
        [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))],
        [("base", base)],
        [("base-hant", to_traditional(base)), ("rewrite", (FIXTURES / "rewrite.txt").read_text(encoding="utf-8"))],
        [("excerpt", f"{title}（节选）\n{body[: len(body) // 3]}")],
    ]
    tmp = tmp_path_factory.mktemp("invariants")
    db, spool = tmp / "newsdesk.duckdb", tmp / "spool"
    for n, texts in enumerate(arrivals):
        batch = Batch(f"T{n}-r{n}-000000")
        for name, text in texts:
            page = process_plain_text(text, name=name, fetched_at=NOW, catalogue=catalogue)
            batch.add_tables(page.record.spool_rows(f"r{n}"))
        batch.add("entities", entity_rows(catalogue))
        write_batch(spool, batch)
        load_spool(db, spool)
    return db


@pytest.fixture
def broken(sound, tmp_path) -> Path:
    """A copy of the sound warehouse for one test to corrupt."""
    return Path(shutil.copy(sound, tmp_path / "broken.duckdb"))


def test_a_warehouse_built_by_the_loader_holds_every_invariant(sound):
    shapes = run_query(
        sound,
        """SELECT (SELECT count(*) FROM mentions), (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL),
                  (SELECT count(*) FROM related_articles), (SELECT count(*) FROM signatures)""",
    ).rows[0]
    assert shapes[0] > 0 and shapes[1] == 2 and shapes[2] == 1 and shapes[3] == 9  # 5 seeds + 4
    assert run_query(sound, "SELECT count(*) FROM events").rows[0][0] > 0  # the seeds report rounds and launches

    assert check_warehouse(sound) == []
    result = runner.invoke(app, ["check", "--db", str(sound)])
    assert result.exit_code == 0
    assert result.output == f"ok: {len(INVARIANTS)} invariants hold on {sound}\n"


# The first article of each kind, so every corruption changes one row.
FIRST_COPY = "(SELECT min(article_id) FROM articles WHERE duplicate_of IS NOT NULL)"
LAST_COPY = "(SELECT max(article_id) FROM articles WHERE duplicate_of IS NOT NULL)"
FIRST_ROOT = "(SELECT min(article_id) FROM articles WHERE duplicate_of IS NULL)"
LAST_ROOT = "(SELECT max(article_id) FROM articles WHERE duplicate_of IS NULL)"
FIRST_MENTION = "rowid = (SELECT min(rowid) FROM mentions)"

# (rule, what the corruption is, statements run on a read-write connection)
CORRUPTIONS = [
    ("mention_offsets", "start shifted", [f"UPDATE mentions SET start = start + 1 WHERE {FIRST_MENTION}"]),
    (
        "mentions_have_article",
        "orphan mention",
        [f"INSERT INTO mentions SELECT '{MISSING}', entity_id, surface, start, \"end\" FROM mentions LIMIT 1"],
    ),
    (
        "mentions_have_entity",
        "unknown entity",
        [f"UPDATE mentions SET entity_id = 'no-such-entity' WHERE {FIRST_MENTION}"],
    ),
    (
        "duplicate_of_root",
        "duplicate_of missing",
        [f"UPDATE articles SET duplicate_of = '{MISSING}' WHERE article_id = {FIRST_COPY}"],
    ),
    (
        "duplicate_of_root",
        "duplicate_of a copy",
        [f"UPDATE articles SET duplicate_of = {FIRST_COPY} WHERE article_id = {LAST_COPY}"],
    ),
    (
        "cluster_id_root",
        "cluster_id missing",
        [f"UPDATE articles SET cluster_id = '{MISSING}' WHERE article_id = {FIRST_COPY}"],
    ),
    (
        "cluster_id_matches_root",
        "root in another story's cluster",
        [f"UPDATE articles SET cluster_id = {LAST_ROOT} WHERE article_id = {FIRST_ROOT}"],
    ),
    (
        "one_signature_per_article",
        "signature missing",
        [f"DELETE FROM signatures WHERE article_id = {FIRST_ROOT}"],
    ),
    (
        # The primary key forbids a second signature today; the rule guards against a
        # migration dropping it for speed, as migration 7 did for mentions. Drop it here too.
        "one_signature_per_article",
        "two signatures",
        [
            "CREATE TABLE keyless AS SELECT * FROM signatures",
            "DROP TABLE signatures",
            "ALTER TABLE keyless RENAME TO signatures",
            f"INSERT INTO signatures SELECT * FROM signatures WHERE article_id = {FIRST_ROOT}",
        ],
    ),
    (
        "signatures_have_article",
        "orphan signature",
        [f"INSERT INTO signatures SELECT '{MISSING}', minhash, shingles, lead_hash FROM signatures LIMIT 1"],
    ),
    (
        "lsh_bands_have_article",
        "orphan band keys",
        [f"INSERT INTO lsh_bands VALUES (42, '{MISSING}'), (43, '{MISSING}')"],
    ),
    (
        "related_articles_have_articles",
        "relation to a missing article",
        [f"INSERT INTO related_articles SELECT article_id, '{MISSING}', relation, 0.3, 0.9 FROM related_articles"],
    ),
    (
        "related_articles_have_articles",
        "relation from a missing article",
        [f"INSERT INTO related_articles SELECT '{MISSING}', related_id, relation, 0.3, 0.9 FROM related_articles"],
    ),
    (
        "related_id_root",
        "relation to a copy",
        [f"UPDATE related_articles SET related_id = {FIRST_COPY}"],
    ),
    (
        "event_sentence_offsets",
        "event sentence shifted",
        ["UPDATE event_mentions SET start = start + 1 WHERE rowid = (SELECT min(rowid) FROM event_mentions)"],
    ),
    (
        "event_mentions_have_article",
        "orphan event mention",
        [f"INSERT INTO event_mentions SELECT * REPLACE ('{MISSING}' AS article_id) FROM event_mentions LIMIT 1"],
    ),
    (
        "events_match_their_mentions",
        "event left without its mentions",
        ["DELETE FROM event_mentions WHERE event_id = (SELECT min(event_id) FROM events)"],
    ),
    (
        "events_match_their_mentions",
        "event mentions left without their event",
        ["DELETE FROM events WHERE event_id = (SELECT min(event_id) FROM events)"],
    ),
]


def test_every_invariant_has_a_corruption_below():
    assert {rule for rule, _, _ in CORRUPTIONS} == {i.name for i in INVARIANTS}
    assert len({i.name for i in INVARIANTS}) == len(INVARIANTS)


@pytest.mark.corrupt_warehouse
@pytest.mark.parametrize(
    ("rule", "statements"), [(r, s) for r, _, s in CORRUPTIONS], ids=[w for _, w, _ in CORRUPTIONS]
)
def test_each_corruption_breaks_exactly_its_invariant(broken, rule, statements):
    with duckdb.connect(str(broken)) as con:
        for statement in statements:
            con.execute(statement)

    [violation] = check_warehouse(broken)
    assert (violation.rule, violation.count, len(violation.sample)) == (rule, 1, 1)

    result = runner.invoke(app, ["check", "--db", str(broken)])
    assert result.exit_code == 1
    assert violation.line() in result.stdout.splitlines()
    assert f"1 of {len(INVARIANTS)} invariants do not hold on {broken}" in result.output


@pytest.mark.corrupt_warehouse
def test_a_shifted_mention_is_reported_with_what_the_text_says_there(broken):
    with duckdb.connect(str(broken)) as con:
        con.execute(f'UPDATE mentions SET start = start + 1, "end" = "end" + 1 WHERE {FIRST_MENTION}')
        (surface,) = con.execute(f"SELECT surface FROM mentions WHERE {FIRST_MENTION}").fetchone()
    [violation] = check_warehouse(broken)
    row = dict(zip(violation.columns, violation.sample[0], strict=True))
    assert row["surface"] == surface and row["text_there"] != surface
    assert f"surface={surface!r}" in violation.line()


def test_missing_locked_and_foreign_files_cannot_be_checked(tmp_path, broken):
    missing = runner.invoke(app, ["check", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no warehouse at" in missing.output

    foreign = tmp_path / "other.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
    result = runner.invoke(app, ["check", "--db", str(foreign)])
    assert result.exit_code == 2 and "not a newsdesk warehouse" in result.output
    assert "Traceback" not in result.output

    with holding_warehouse(broken), pytest.raises(WarehouseLocked):
        check_warehouse(broken, wait=0)
    assert issubclass(WarehouseLocked, WarehouseError)  # what `newsdesk check` turns into exit status 2


def test_check_has_help_with_an_example():
    result = runner.invoke(app, ["check", "--help"])
    assert result.exit_code == 0 and "Example: newsdesk check" in " ".join(result.output.split())
