"""The sources file: which outlets the daily run reads, and how politely."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from extractors.normalise import fold


class SourcesError(ValueError):
    """The sources file is inconsistent; the message says where."""


@dataclass(frozen=True)
class Source:
    """One outlet: where its links are listed and how to treat it."""

    source_id: str
    name: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    min_delay: float | None = None
    keywords: tuple[str, ...] = ()
    enabled: bool = True

    @property
    def documents(self) -> tuple[str, ...]:
        return self.feeds + self.sitemaps

    def wants(self, title: str | None) -> bool:
        """Does a feed item with this title pass the keyword filter?"""
        if not self.keywords or not title:
            return True
        folded = fold(title)
        return any(fold(k) in folded for k in self.keywords)


def default_sources_path() -> Path:
    return Path(str(resources.files("flows") / "data" / "sources.toml"))


def parse_sources(text: str) -> list[Source]:
    """Parse a sources file.

    Raises:
        SourcesError: naming every bad entry.
    """
    data = tomllib.loads(text)
    named_lists = data.get("defaults", {})
    sources, problems, seen = [], [], set()
    for index, row in enumerate(data.get("source", []), start=1):
        source_id = row.get("id")
        where = f"source #{index} ({source_id or 'no id'})"
        if not source_id:
            problems.append(f"{where}: missing id")
            continue
        if source_id in seen:
            problems.append(f"{where}: id used twice")
        seen.add(source_id)
        keywords = row.get("keywords", [])
        if isinstance(keywords, str):
            if keywords not in named_lists:
                problems.append(f"{where}: keywords list {keywords!r} is not defined under [defaults]")
            keywords = named_lists.get(keywords, [])
        if not row.get("feeds") and not row.get("sitemaps"):
            problems.append(f"{where}: needs feeds or sitemaps")
        sources.append(
            Source(
                source_id=source_id,
                name=row.get("name", source_id),
                feeds=tuple(row.get("feeds", ())),
                sitemaps=tuple(row.get("sitemaps", ())),
                min_delay=row.get("min_delay"),
                keywords=tuple(keywords),
                enabled=bool(row.get("enabled", True)),
            )
        )
    if problems:
        raise SourcesError("sources file is inconsistent:\n  " + "\n  ".join(problems))
    return sources


def load_sources(path: Path | None = None) -> list[Source]:
    """Read the sources file (the shipped catalogue by default)."""
    return parse_sources((path or default_sources_path()).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DocumentCheck:
    """How one feed or sitemap of a source answered."""

    source_id: str
    url: str
    outcome: str
    status: int | None
    items: int
    newest: str | None
    elapsed_ms: int
    error: str | None


def check_sources(sources: list[Source], settings: object) -> list[DocumentCheck]:
    """Fetch every document of *sources* once and say what each lists.

    Conditional GET is not used, so every answer is fresh.
    """
    from extractors.feeds import FeedError, parse_links
    from flows.http.fetch import fetch_batch

    owner = {doc: s.source_id for s in sources for doc in s.documents}
    checks = []
    for result in fetch_batch(list(owner), settings, html_only=False):  # type: ignore[arg-type]
        items, newest, outcome, error = 0, None, result.outcome, result.error
        if result.ok and result.body is not None:
            try:
                listed = parse_links(result.body, result.final_url or result.url)
            except FeedError as exc:
                outcome, error = "not_a_feed", str(exc)
            else:
                items = len(listed.links) + len(listed.sitemaps)
                dates = [link.published for link in listed.links if link.published]
                newest = max(dates).isoformat() if dates else None
        checks.append(
            DocumentCheck(
                owner[result.url], result.url, outcome, result.status, items, newest, result.elapsed_ms, error
            )
        )
    return checks
