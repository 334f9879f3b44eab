"""URL canonicalisation and URL-list parsing, shared by discovery and dedupe.

The canonical URL is the identity of an article: two URLs that canonicalise
alike are the same page, so a rerun over the same list (or the same story
found in a feed with ``utm_*`` tags and in a sitemap without) adds nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track where a click came from. Exact names plus
# prefixes; extend in configuration-free code only when a real site needs it.
TRACKING_PARAMS = frozenset(
    {
        "spm",
        "from",
        "fromid",
        "share_token",
        "share_source",
        "scene",
        "wfr",
        "gclid",
        "fbclid",
        "mc_cid",
        "mc_eid",
        "ref",
        "source",
        "isappinstalled",
    }
)
TRACKING_PREFIXES = ("utm_",)
DEFAULT_PORTS = {"http": 80, "https": 443}
SCHEMES = ("http", "https")


class InvalidURL(ValueError):
    """A string that is not an absolute http(s) URL."""


def canonical_url(url: str, mobile_hosts: Mapping[str, str] | None = None) -> str:
    """Return the identity form of *url*.

    Lower-cases scheme and host, drops the fragment, default ports, tracking
    parameters and a trailing ``?``; sorts the remaining query; maps mobile
    hosts (``m.example.com`` → ``example.com``) given in *mobile_hosts*.

    Raises:
        InvalidURL: when *url* is not an absolute http(s) URL.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise InvalidURL(
            f"unsupported scheme {parts.scheme!r} (only http and https)"
            if parts.scheme
            else "not an absolute URL (no scheme)"
        )
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise InvalidURL("no host in URL")
    if mobile_hosts:
        host = mobile_hosts.get(host, host)
    try:
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(f"bad port: {exc}") from None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        netloc = f"[{host}]" if port in (None, DEFAULT_PORTS[scheme]) else f"[{host}]:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def url_host(url: str) -> str:
    """The lower-case host of *url* (the article's ``source``)."""
    return (urlsplit(url).hostname or "").lower()


def article_id_for(canonical: str) -> str:
    """A stable 16-hex-digit id derived from the canonical URL."""
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ListProblem:
    """A line of a URL list that was skipped, and why."""

    line: int
    text: str
    reason: str


def parse_url_list(lines: Iterable[str]) -> tuple[list[str], list[ListProblem]]:
    """Read a URL list: one URL per line, blank lines and ``#`` comments ignored.

    Returns the usable URLs in order (first occurrence of each canonical URL)
    and the problems, with 1-based line numbers, for the lines that were not.
    """
    urls: list[str] = []
    problems: list[ListProblem] = []
    seen: set[str] = set()
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        if any(ch.isspace() for ch in text):
            problems.append(ListProblem(number, text, "contains whitespace; expected one URL per line"))
            continue
        try:
            canon = canonical_url(text)
        except InvalidURL as exc:
            problems.append(ListProblem(number, text, str(exc)))
            continue
        if canon in seen:
            problems.append(ListProblem(number, text, "repeats an earlier line"))
            continue
        seen.add(canon)
        urls.append(text)
    return urls, problems
