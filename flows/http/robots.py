"""robots.txt, per RFC 9309, cached per host for the run.

* 2xx: parsed with the standard library's parser; ``Crawl-delay`` honoured
  (capped by settings, since a site asking for an hour would stall a run).
* 4xx (no robots.txt): everything allowed.
* 5xx or unreachable: everything disallowed for this run — the RFC says to
  assume a complete disallow when the file cannot be read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

# A robots.txt larger than this is cut (RFC 9309 asks crawlers to parse at least 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024


@dataclass(frozen=True)
class RobotsRules:
    """What one host's robots.txt says for newsdesk."""

    parser: RobotFileParser | None
    allow_all: bool
    crawl_delay: float | None
    reason: str | None = None  # why everything is disallowed, when it is
    unreachable: bool = False  # the host itself did not answer (a connection problem, not a policy)

    def allowed(self, url: str, agent: str) -> bool:
        if self.allow_all:
            return True
        if self.parser is None:
            return False
        return self.parser.can_fetch(agent, url)


def crawl_delay(text: str, agent: str) -> float | None:
    """The Crawl-delay for *agent* (its own group first, else ``*``).

    Parsed here because the standard library accepts only whole seconds and
    silently drops ``Crawl-delay: 0.5``.
    """
    delays: dict[str, float] = {}
    group: list[str] = []
    in_rules = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if in_rules:
                group, in_rules = [], False
            group.append(value.lower())
        elif key:
            in_rules = True
            if key == "crawl-delay":
                try:
                    seconds = float(value)
                except ValueError:
                    continue
                for name in group:
                    delays.setdefault(name, seconds)
    own = agent.lower()
    return delays.get(own, delays.get("*"))


def parse_robots(text: str, agent: str) -> RobotsRules:
    """Rules from a robots.txt body."""
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return RobotsRules(parser, allow_all=False, crawl_delay=crawl_delay(text, agent))


# (status, body) of GET /robots.txt, or a one-line reason the host could not be reached.
RobotsGetter = Callable[[str], Awaitable[tuple[int, bytes] | str]]


class RobotsCache:
    """One robots.txt fetch per host and run, shared by concurrent requests."""

    def __init__(self, agent: str, get: RobotsGetter) -> None:
        self.agent = agent.split("/")[0]  # match on the product token ("newsdesk")
        self._get = get
        self._rules: dict[str, asyncio.Future[RobotsRules]] = {}

    async def rules_for(self, url: str) -> RobotsRules:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._rules:
            self._rules[origin] = asyncio.ensure_future(self._load(origin))
        return await self._rules[origin]

    async def _load(self, origin: str) -> RobotsRules:
        answer = await self._get(f"{origin}/robots.txt")
        if isinstance(answer, str):
            return RobotsRules(None, False, None, f"host unreachable (fetching robots.txt: {answer})", unreachable=True)
        status, body = answer
        if 200 <= status < 300:
            return parse_robots(body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace"), self.agent)
        if 400 <= status < 500:
            return RobotsRules(None, True, None)
        return RobotsRules(
            None, False, None, f"robots.txt answered HTTP {status}; RFC 9309 says assume complete disallow"
        )
