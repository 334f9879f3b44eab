"""Near-duplicates through the real path: records → spool → loader → DuckDB, one batch per arrival."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from extractors.entities import load_catalogue
from extractors.normalise import to_simplified, to_traditional
from extractors.pipeline import process_page, process_plain_text
from flows.maintenance import rebuild_dedupe
from warehouse.loader import load_spool
from warehouse.neardup import Thresholds
from warehouse.query import run_query
from warehouse.spool import Batch, write_batch

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dedupe"
NOW = datetime(2026, 11, 23, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def html(title: str, body: str, chrome: str) -> bytes:
    """The story inside one of two very different site layouts."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n") if p)
    if chrome == "a":
        return (f"<html><head><title>{title}</title></head><body><nav>首页 | 科技 | 财经</nav><article><h1>{title}</h1>"
                f"{paragraphs}</article><footer>版权所有 © 甲网</footer></body></html>").encode()  # fmt: skip
    return (f"<html><head><title>{title} - 乙站</title></head><body><div class='header'>乙站 | 登录 | 注册 | 下载APP</div>"
            f"<div class='main'><h1>{title}</h1><div class='article-body'>{paragraphs}</div></div>"
            "<div class='related'><h3>相关推荐</h3><ul><li><a href='/1'>大模型价格战再升级</a></li>"
            "<li><a href='/2'>AI芯片出口新规解读</a></li></ul></div><div class='footer'>乙站 © 2026 京ICP备00000000号</div>"
            "</body></html>").encode()  # fmt: skip


class Loader:
    """Spools one record per batch and loads it, as arrivals on different days would."""

    def __init__(self, tmp_path: Path, catalogue):
        self.db, self.spool, self.catalogue, self.n = tmp_path / "wh.duckdb", tmp_path / "spool", catalogue, 0

    def add_text(self, name: str, text: str, source: str = "test"):
        page = process_plain_text(text, name=name, fetched_at=NOW, catalogue=self.catalogue, source=source)
        return self._load(page.record)

    def add_html(self, url: str, body: bytes):
        page = process_page(
            body,
            url=url,
            final_url=None,
            content_type="text/html; charset=utf-8",
            fetched_at=NOW,
            catalogue=self.catalogue,
        )
        return self._load(page.record)

    def _load(self, record):
        self.n += 1
        batch = Batch(f"{self.n:04d}")
        batch.add("articles", [record.row("r")])
        batch.add("signatures", [record.signature_row()])
        write_batch(self.spool, batch)
        [report] = load_spool(self.db, self.spool)
        return record.article_id, report

    def row(self, article_id: str):
        return run_query(
            self.db, "SELECT duplicate_of, cluster_id FROM articles WHERE article_id = ?", [article_id]
        ).rows[0]


@pytest.fixture
def loader(tmp_path, catalogue):
    return Loader(tmp_path, catalogue)


def test_repost_in_other_chrome_is_a_duplicate(loader):
    title, body = fixture("base.txt").split("\n", 1)
    original, _ = loader.add_html("https://a.example.com/news/1.html", html(title, body, "a"))
    repost, report = loader.add_html("https://b.example.com/tech/2026/abc.html", html(title, body, "b"))
    assert loader.row(repost) == (original, original)
    assert report.duplicates == 1


def test_traditional_edition_is_a_duplicate(loader):
    original, _ = loader.add_text("base", fixture("base.txt"))
    edition, _report = loader.add_text("base-hant", to_traditional(fixture("base.txt")))
    assert loader.row(edition) == (original, original)


def test_rewrite_with_new_lead_is_a_near_duplicate(loader):
    original, _ = loader.add_text("base", fixture("base.txt"))
    rewrite, report = loader.add_text("rewrite", fixture("rewrite.txt"))
    assert loader.row(rewrite) == (original, original)
    assert report.near_duplicates == 1


def test_excerpt_is_related_not_duplicate(loader):
    original, _ = loader.add_text("base", fixture("base.txt"))
    title, body = fixture("base.txt").split("\n", 1)
    excerpt, report = loader.add_text("excerpt", f"{title}（节选）\n{body[: len(body) // 3]}")
    assert loader.row(excerpt) == (None, excerpt)
    assert report.related == 1
    rel = run_query(loader.db, "SELECT article_id, related_id, relation, containment FROM article_relations").rows
    assert rel[0][:3] == (excerpt, original, "excerpt_of") and rel[0][3] >= 0.8


def test_same_topic_different_articles_stay_apart(loader):
    _first, _ = loader.add_text("base", fixture("base.txt"))
    second, report = loader.add_text("same-topic", fixture("same_topic.txt"))
    assert loader.row(second) == (None, second)
    assert (report.near_duplicates, report.related) == (0, 0)


def test_chain_joins_the_earliest_story_and_story_sources_lists_it(loader):
    original, _ = loader.add_text("base", fixture("base.txt"), source="a.example.com")
    _rewrite, _ = loader.add_text("rewrite", fixture("rewrite.txt"), source="b.example.com")
    hant, _ = loader.add_text("rewrite-hant", to_traditional(fixture("rewrite.txt")), source="c.example.com")
    assert loader.row(hant) == (original, original)  # an exact copy of a near copy: still the first story
    [(copies, sources)] = run_query(
        loader.db, "SELECT copies, sources FROM story_sources WHERE cluster_id = ?", [original]
    ).rows
    assert (copies, sources) == (3, ["a.example.com", "b.example.com", "c.example.com"])
    assert run_query(loader.db, "SELECT count(*) FROM articles_unique").rows == [(1,)]


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_each_seed_in_the_other_script_is_a_duplicate(loader, seeds_dir, seed):
    text = next(seeds_dir.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    other = to_simplified(text) if seed == "004" else to_traditional(text)
    original, _ = loader.add_text(seed, text)
    converted, _ = loader.add_text(f"{seed}-other-script", other)
    assert loader.row(converted)[0] == original


def test_rebuild_is_idempotent_and_follows_the_threshold(loader):
    original, _ = loader.add_text("base", fixture("base.txt"))
    rewrite, _ = loader.add_text("rewrite", fixture("rewrite.txt"))
    loader.add_text("same-topic", fixture("same_topic.txt"))
    loader.add_text("excerpt", fixture("base.txt")[:400])
    first = rebuild_dedupe(loader.db)
    second = rebuild_dedupe(loader.db)
    assert first == second and (first.near_duplicates, first.related, first.stories) == (1, 1, 3)
    strict = rebuild_dedupe(loader.db, Thresholds(duplicate=0.95))  # the rewrite no longer counts as the same story
    assert loader.row(rewrite) == (None, rewrite) and strict.stories == 4
    rebuild_dedupe(loader.db)
    assert loader.row(rewrite) == (original, original)


@pytest.mark.parametrize("lookup", ["join", "index"])
def test_the_loader_finds_the_same_links_by_join_and_by_index_lookups(tmp_path, catalogue, monkeypatch, lookup):
    """Below INDEX_LOOKUP_ROWS the loader joins the band keys in DuckDB; above, it looks them up key by key."""
    from warehouse import neardup

    monkeypatch.setattr(neardup, "INDEX_LOOKUP_ROWS", neardup.INDEX_LOOKUP_ROWS if lookup == "join" else -1)
    loader = Loader(tmp_path, catalogue)
    original, _ = loader.add_text("base", fixture("base.txt"))
    rewrite, near = loader.add_text("rewrite", fixture("rewrite.txt"))
    title, body = fixture("base.txt").split("\n", 1)
    excerpt, related = loader.add_text("excerpt", f"{title}（节选）\n{body[: len(body) // 3]}")
    other, apart = loader.add_text("same-topic", fixture("same_topic.txt"))
    assert (near.near_duplicates, related.related, apart.near_duplicates, apart.related) == (1, 1, 0, 0)
    assert [loader.row(i) for i in (rewrite, excerpt, other)] == [(original, original), (None, excerpt), (None, other)]
