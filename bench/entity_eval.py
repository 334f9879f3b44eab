"""Entity tagging evaluation on hand-annotated AI-industry articles.

The gold set is ``bench/data/entities_eval/articles.jsonl`` (scope and annotation rules in the
README beside it), compiled from ``articles.marked.txt`` with ``--build``. Each article is tagged
with the shipped catalogue (``Catalogue.tag``) and with provisional entities
(``extractors.provisional.find_provisional``), and scored:

* **recall**: share of annotated in-scope entities that have at least one span overlapped by a
  mention (the issue's definition); ``recall (right)`` counts only mentions judged right.
* **precision**: share of mentions that overlap an annotated span *and* name the same entity.
  A catalogue mention names the same entity when one of the gold entity's names (its surfaces
  as written, its key, its ``also`` names) folds to one of the catalogue entity's surfaces, or
  the mention's surface is exactly the annotated span; gold ``reject`` ids (homonyms) are wrong
  whatever the surface. A provisional mention is right when its surface folds to one of the gold
  entity's names and its kind is the gold kind; ``lenient`` also accepts a different boundary
  (e.g. a legal name's stem) or kind; for catalogue mentions ``lenient`` is any overlap.

The seeds (``../shared/seeds``) carry no entity annotations, so they are not scored; they and the
gold texts of the extraction dev set (``../shared/zh_dev``, general news) are only counted:
provisional mentions per 10k characters, listed by ``--proposals`` for reading.

    uv run python bench/entity_eval.py                    # scores, dev and test splits
    uv run python bench/entity_eval.py --proposals        # also list proposals on unannotated text
    uv run python bench/entity_eval.py --errors           # also list misses and wrong mentions
    uv run python bench/entity_eval.py --build            # recompile articles.jsonl from the marked file
    uv run python bench/entity_eval.py --catalogue old.toml   # score another catalogue (e.g. an older one)
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extractors.entities import Catalogue, Entity, Mention, load_catalogue
from extractors.normalise import fold
from extractors.provisional import ProvisionalMention, find_provisional, normalise_key

DATA = Path(__file__).resolve().parent / "data" / "entities_eval"
ZH_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "zh_dev"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
MARKED = DATA / "articles.marked.txt"
GOLD = DATA / "articles.jsonl"

_HEADER = re.compile(r"^### (\S+) \| (dev|test) \| (Hans|Hant)\s*$")
_DECL = re.compile(r"^@ (.+?) = (org|person|product) (in|out)((?: ; (?:also|reject) [^;]+)*)\s*$")
_MARK = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")


# ── building the gold file ────────────────────────────────────────────────────


def parse_marked(source: str) -> list[dict]:
    """Compile the marked-up articles into gold records (offsets into the plain text).

    Raises:
        SystemExit: listing every undeclared, unused or malformed annotation.
    """
    problems: list[str] = []
    articles: list[dict] = []
    blocks = re.split(r"^(?=### )", source, flags=re.M)
    for block in blocks:
        if not block.startswith("### "):
            continue
        head, _, body = block.partition("\n---\n")
        lines = head.splitlines()
        header = _HEADER.match(lines[0])
        if not header:
            problems.append(f"bad header {lines[0]!r}")
            continue
        article_id, split, script = header.groups()
        decls: dict[str, dict] = {}
        not_entities: list[str] = []
        for line in lines[1:]:
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("@! "):
                not_entities.append(line[3:].strip())
                continue
            decl = _DECL.match(line)
            if not decl:
                problems.append(f"{article_id}: bad declaration {line!r}")
                continue
            key, kind, scope, options = decl.groups()
            entry = {"key": key, "kind": kind, "in_scope": scope == "in", "also": [], "reject": []}
            for option in filter(None, (o.strip() for o in options.split(";"))):
                name, _, values = option.partition(" ")
                entry[name] = [v.strip() for v in values.split(",") if v.strip()]
            if key in decls:
                problems.append(f"{article_id}: {key!r} declared twice")
            decls[key] = entry
        text_parts: list[str] = []
        pos, used = 0, set()
        spans: dict[str, list[list[int]]] = {}
        cursor = 0
        for match in _MARK.finditer(body):
            text_parts.append(body[cursor : match.start()])
            pos += match.start() - cursor
            surface, key = match.group(1), match.group(2) or match.group(1)
            if key not in decls:
                problems.append(f"{article_id}: [[{match.group(0)}]] uses undeclared key {key!r}")
            used.add(key)
            spans.setdefault(key, []).append([pos, pos + len(surface)])
            text_parts.append(surface)
            pos += len(surface)
            cursor = match.end()
        text_parts.append(body[cursor:])
        text = "".join(text_parts).strip("\n")
        lead = len("".join(text_parts)) - len("".join(text_parts).lstrip("\n"))
        if "[[" in text or "]]" in text:
            problems.append(f"{article_id}: unbalanced [[ ]]")
        for key in sorted(set(decls) - used):
            problems.append(f"{article_id}: {key!r} declared but never marked")
        entities = []
        for key, entry in decls.items():
            if key not in spans:
                continue
            record = {
                "surface": key.split("#")[0],
                "kind": entry["kind"],
                "in_scope": entry["in_scope"],
                "spans": [[s - lead, e - lead] for s, e in spans[key]],
            }
            if entry["also"]:
                record["also"] = entry["also"]
            if entry["reject"]:
                record["reject"] = entry["reject"]
            entities.append(record)
        article = {"id": article_id, "split": split, "script": script, "text": text, "entities": entities}
        if not_entities:
            article["not_entities"] = not_entities
        articles.append(article)
    for article in articles:
        problems.extend(check_article(article))
    if problems:
        raise SystemExit("articles.marked.txt has problems:\n  " + "\n  ".join(problems))
    return articles


def check_article(article: dict) -> list[str]:
    """Offsets exact, no two spans overlapping, no annotated surface left unmarked elsewhere."""
    text, found = article["text"], []
    taken: list[tuple[int, int, str]] = []
    for entity in article["entities"]:
        for start, end in entity["spans"]:
            if not (0 <= start < end <= len(text)):
                found.append(f"{article['id']}: span {start}-{end} outside the text")
            taken.append((start, end, entity["surface"]))
    taken.sort()
    for (_s1, e1, k1), (s2, _e2, k2) in itertools.pairwise(taken):
        if s2 < e1:
            found.append(f"{article['id']}: spans of {k1!r} and {k2!r} overlap at {s2}")
    folded = fold(text)
    for phrase in article.get("not_entities", ()):
        hits = [(m.start(), m.end(), phrase) for m in re.finditer(re.escape(fold(phrase)), folded)]
        if not hits:
            found.append(f"{article['id']}: not-entity phrase {phrase!r} does not occur")
        taken.extend(hits)
    for entity in article["entities"]:
        for start, end in entity["spans"]:
            surface = folded[start:end]
            for hit in re.finditer(re.escape(surface), folded):
                if not any(s <= hit.start() < e or s < hit.end() <= e for s, e, _ in taken):
                    if _latin_glued(folded, hit.start(), hit.end()):
                        continue
                    found.append(f"{article['id']}: {text[hit.start() : hit.end()]!r} at {hit.start()} is not marked")
    return sorted(set(found))


def _latin_glued(folded: str, start: int, end: int) -> bool:
    """Is a Latin hit part of a longer Latin word (o1 in "o1-mini" is still o1; "ai" in "email" is not)?"""
    before = folded[start - 1] if start else " "
    after = folded[end] if end < len(folded) else " "
    return (folded[start].isascii() and before.isascii() and before.isalnum()) or (
        folded[end - 1].isascii() and after.isascii() and after.isalnum()
    )


def build(marked: Path = MARKED, out: Path = GOLD) -> list[dict]:
    """Compile *marked* into *out* (one JSON object a line) and return the articles."""
    articles = parse_marked(marked.read_text(encoding="utf-8"))
    with out.open("w", encoding="utf-8") as fh:
        for article in articles:
            fh.write(json.dumps(article, ensure_ascii=False) + "\n")
    return articles


# ── scoring ───────────────────────────────────────────────────────────────────────────────


@dataclass
class Gold:
    """One annotated entity of one article."""

    surface: str
    kind: str
    in_scope: bool
    spans: list[tuple[int, int]]
    names: frozenset[str]  # folded: the key, every span as written, the `also` names
    reject: frozenset[str] = frozenset()


@dataclass
class Judged:
    """A mention with its verdict."""

    source: str  # "catalogue" | "provisional"
    surface: str
    start: int
    end: int
    label: str  # catalogue id or provisional kind:key
    gold: Gold | None
    right: bool
    lenient: bool


@dataclass
class ArticleResult:
    article_id: str
    split: str
    text: str
    gold: list[Gold]
    judged: list[Judged] = field(default_factory=list)


def _key(surface: str) -> str:
    return normalise_key(surface)


def gold_entities(article: dict) -> list[Gold]:
    text = article["text"]
    out = []
    for e in article["entities"]:
        spans = [(s, t) for s, t in e["spans"]]
        names = {_key(e["surface"]), *(_key(text[s:t]) for s, t in spans), *(_key(a) for a in e.get("also", ()))}
        out.append(
            Gold(e["surface"], e["kind"], e["in_scope"], spans, frozenset(names), frozenset(e.get("reject", ())))
        )
    return out


def _overlapping(gold: list[Gold], start: int, end: int) -> list[tuple[Gold, tuple[int, int]]]:
    return [(g, (s, t)) for g in gold for s, t in g.spans if s < end and start < t]


def _catalogue_forms(entity: Entity) -> frozenset[str]:
    return frozenset(_key(f) for f in (*entity.surfaces, *entity.ambiguous))


def judge_catalogue(m: Mention, entity: Entity, gold: list[Gold], text: str) -> Judged:
    hits = _overlapping(gold, m.start, m.end)
    forms = _catalogue_forms(entity)
    right = any(
        m.entity_id not in g.reject and (_key(m.surface) == _key(text[s:t]) or g.names & forms) for g, (s, t) in hits
    )
    best = hits[0][0] if hits else None
    return Judged("catalogue", m.surface, m.start, m.end, m.entity_id, best, right, bool(hits))


def judge_provisional(p: ProvisionalMention, gold: list[Gold]) -> Judged:
    hits = _overlapping(gold, p.start, p.end)
    right = any(p.key in g.names and p.kind == g.kind for g, _ in hits)
    best = hits[0][0] if hits else None
    return Judged("provisional", p.surface, p.start, p.end, f"{p.kind}:{p.evidence}", best, right, bool(hits))


def evaluate(articles: Iterable[dict], catalogue: Catalogue) -> list[ArticleResult]:
    """Tag every article (catalogue, then provisional) and judge every mention."""
    results = []
    for article in articles:
        text = article["text"]
        gold = gold_entities(article)
        result = ArticleResult(article["id"], article["split"], text, gold)
        mentions = catalogue.tag(text)
        for m in mentions:
            result.judged.append(judge_catalogue(m, catalogue.by_id[m.entity_id], gold, text))
        for p in find_provisional(text, mentions):
            result.judged.append(judge_provisional(p, gold))
        results.append(result)
    return results


@dataclass
class Scores:
    entities: int
    found: int
    found_right: int
    mentions: int
    right: int
    lenient: int
    by_kind: dict[str, tuple[int, int]]

    @property
    def recall(self) -> float:
        return self.found / self.entities if self.entities else 0.0

    @property
    def recall_right(self) -> float:
        return self.found_right / self.entities if self.entities else 0.0

    @property
    def precision(self) -> float:
        return self.right / self.mentions if self.mentions else 1.0

    @property
    def precision_lenient(self) -> float:
        return self.lenient / self.mentions if self.mentions else 1.0


def score(results: Iterable[ArticleResult], sources: frozenset[str]) -> Scores:
    """Recall of in-scope entities and precision of the mentions from *sources*."""
    entities = found = found_right = mentions = right = lenient = 0
    by_kind: dict[str, list[int]] = {}
    for r in results:
        judged = [j for j in r.judged if j.source in sources]
        mentions += len(judged)
        right += sum(j.right for j in judged)
        lenient += sum(j.lenient for j in judged)
        for g in r.gold:
            if not g.in_scope:
                continue
            entities += 1
            hits = [j for j in judged if any(s < j.end and j.start < t for s, t in g.spans)]
            hit_right = any(j.right and j.gold is not None and _names_match(j, g, r.gold) for j in hits)
            found += bool(hits)
            found_right += hit_right
            counts = by_kind.setdefault(g.kind, [0, 0])
            counts[0] += 1
            counts[1] += bool(hits)
    return Scores(entities, found, found_right, mentions, right, lenient, {k: (n, f) for k, (n, f) in by_kind.items()})


def _names_match(j: Judged, g: Gold, gold: list[Gold]) -> bool:
    """Is *j*'s right verdict about *g* (not about another entity it also overlaps)?"""
    return j.gold is g or len(_overlapping(gold, j.start, j.end)) == 1


CATALOGUE = frozenset({"catalogue"})
PROVISIONAL = frozenset({"provisional"})
BOTH = CATALOGUE | PROVISIONAL


def report(results: list[ArticleResult]) -> None:
    """Print the score table by split."""
    print(
        f"{'split':5} {'tagger':22} {'in-scope':>8} {'recall':>7} {'rec(right)':>10} {'mentions':>8} {'precision':>9} {'lenient':>8}"
    )
    for split in ("dev", "test", "all"):
        subset = [r for r in results if split == "all" or r.split == split]
        for name, sources in (
            ("catalogue", CATALOGUE),
            ("catalogue+provisional", BOTH),
            ("provisional alone", PROVISIONAL),
        ):
            s = score(subset, sources)
            recall = f"{s.recall:7.3f}" if sources != PROVISIONAL else f"{'':7}"
            recall_right = f"{s.recall_right:10.3f}" if sources != PROVISIONAL else f"{'':10}"
            print(
                f"{split:5} {name:22} {s.entities:8d} {recall} {recall_right} {s.mentions:8d} "
                f"{s.precision:9.3f} {s.precision_lenient:8.3f}"
            )
    s = score(results, BOTH)
    kinds = ", ".join(f"{k} {f}/{n} = {f / n:.2f}" for k, (n, f) in sorted(s.by_kind.items()))
    print(f"recall by kind (all, catalogue+provisional): {kinds}")


def _context(text: str, start: int, end: int, width: int = 12) -> str:
    return (text[max(0, start - width) : start] + "【" + text[start:end] + "】" + text[end : end + width]).replace(
        "\n", " "
    )


def print_errors(results: list[ArticleResult], split: str | None) -> None:
    """Misses and wrong mentions, article by article."""
    for r in results:
        if split and r.split != split:
            continue
        lines = []
        for g in r.gold:
            if g.in_scope and not any(any(s < j.end and j.start < t for s, t in g.spans) for j in r.judged):
                lines.append(f"  MISS  {g.kind:7} {g.surface}")
        for j in r.judged:
            if not j.right:
                verdict = "BOUND" if j.lenient else "WRONG"
                lines.append(f"  {verdict} {j.source[:4]} {j.label:24} {_context(r.text, j.start, j.end)}")
        if lines:
            print(f"── {r.article_id} ({r.split})")
            print("\n".join(lines))


def unannotated_texts() -> list[tuple[str, str]]:
    """General news (zh_dev gold texts) and the seeds: no entity annotations, read for a proposal rate."""
    out = []
    for path in sorted(ZH_DEV.glob("*.json")):
        text = json.loads(path.read_text(encoding="utf-8")).get("text")
        if text:
            out.append((f"zh_dev/{path.stem}", text))
    for path in sorted(SEEDS.glob("*.txt")):
        out.append((f"seeds/{path.stem[:3]}", path.read_text(encoding="utf-8")))
    return out


def proposal_rate(catalogue: Catalogue, show: bool) -> None:
    """How many provisional mentions unannotated text gets (general news should get few)."""
    for group in ("zh_dev", "seeds"):
        texts = [(n, t) for n, t in unannotated_texts() if n.startswith(group)]
        if not texts:
            print(f"{group}: not found, skipped")
            continue
        chars = sum(len(t) for _, t in texts)
        proposals = []
        for name, text in texts:
            for p in find_provisional(text, catalogue.tag(text)):
                proposals.append((name, p, _context(text, p.start, p.end, 8)))
        print(f"{group}: {len(texts)} texts, {chars:,} chars, {len(proposals)} provisional mentions "
              f"({len(proposals) / chars * 10_000:.1f} per 10k chars; no annotations, so not scored)")  # fmt: skip
        if show:
            for name, p, ctx in proposals:
                print(f"  {name:12} {p.kind:7} {p.evidence:15} {ctx}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="recompile articles.jsonl from articles.marked.txt")
    parser.add_argument("--errors", action="store_true", help="list misses and wrong mentions")
    parser.add_argument("--split", choices=("dev", "test"), help="only list errors of this split")
    parser.add_argument("--proposals", action="store_true", help="list provisional mentions on unannotated text")
    parser.add_argument("--catalogue", type=Path, help="score with this catalogue file instead of the shipped one")
    parser.add_argument("--articles", type=Path, default=GOLD, help="score this gold file (default: articles.jsonl)")
    args = parser.parse_args(argv)
    if args.build:
        articles = build()
        n_ent = sum(len(a["entities"]) for a in articles)
        print(f"built {GOLD.name}: {len(articles)} articles, {n_ent} entities")
        return
    articles = [json.loads(line) for line in args.articles.read_text(encoding="utf-8").splitlines() if line.strip()]
    catalogue = load_catalogue(args.catalogue)
    chars = sum(len(a["text"]) for a in articles)
    n_in = sum(e["in_scope"] for a in articles for e in a["entities"])
    print(f"gold: {len(articles)} articles, {chars:,} chars, {n_in} in-scope entities (per article); "
          f"catalogue {catalogue.version}, {len(catalogue.entities)} entities")  # fmt: skip
    results = evaluate(articles, catalogue)
    report(results)
    proposal_rate(catalogue, args.proposals)
    if args.errors:
        print_errors(results, args.split)


if __name__ == "__main__":
    main()
