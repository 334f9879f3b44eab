"""The SSRF guard: newsdesk fetches URLs that strangers wrote (feeds, URL
lists), so by default it refuses hosts that resolve to private, loopback,
link-local or otherwise non-public addresses — cloud metadata endpoints and
intranet services stay out of reach. ``Settings.allow_hosts`` names the
exceptions (tests and the demo allow 127.0.0.1).

The guard is :class:`GuardedBackend`, the network backend under newsdesk's
httpx client: for every new connection it resolves the host once, checks
every address, and connects to a checked address. What is checked is what
is connected to — on every attempt, retry and redirect hop — so a DNS
answer that changes between two lookups (rebinding) meets the check again,
and URL spellings (``http://2130706433/``, ``http://0x7f.1/``,
``http://127.1/``) are judged by the address the resolver makes of them.

:func:`blocked_reason` is the same check run ahead of a request, so the
Fetcher can say ``blocked`` before it asks the host for robots.txt; it does
not keep anything out by itself.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

import httpcore

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _table(*rows: tuple[str, str]) -> tuple[tuple[IPNetwork, str], ...]:
    return tuple((ipaddress.ip_network(net), label) for net, label in rows)


# Ranges that are never fetched unless allow-listed, most specific first (the first match names
# the range in the message). Listed explicitly: Python's is_global misses several of them
# (NAT64, 6to4, IPv4-compatible, site-local, IPv6 multicast) in the versions newsdesk supports.
NON_PUBLIC = _table(
    ("0.0.0.0/8", "'this network'"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "carrier-grade NAT"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "IETF protocol assignments"),
    ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "6to4 relay"),
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved"),
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("::/96", "IPv4-compatible"),
    ("::ffff:0:0/96", "IPv4-mapped"),
    ("64:ff9b::/96", "NAT64"),
    ("64:ff9b:1::/48", "local-use NAT64"),
    ("100::/64", "discard-only"),
    ("2001::/32", "Teredo"),
    ("2001:2::/48", "benchmarking"),
    ("2001:db8::/32", "documentation"),
    ("2002::/16", "6to4"),
    ("3fff::/20", "documentation"),
    ("fc00::/7", "unique-local"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "site-local"),
    ("ff00::/8", "multicast"),
)


# NAT64 (well-known prefix) and IPv4-compatible addresses carry their IPv4 in the last 32 bits.
_IPV4_IN_LAST_32_BITS = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("::/96"))


class BlockedAddress(Exception):
    """The guard refused a host; ``str()`` is the one-line reason, fit for a FetchResult."""


@dataclass(frozen=True)
class AllowList:
    """Hosts and networks exempt from the guard."""

    hosts: frozenset[str]
    networks: tuple[IPNetwork, ...]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        hosts, networks = set(), []
        for entry in entries:
            try:
                networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                hosts.add(host_name(entry))
        return cls(frozenset(hosts), tuple(networks))

    def allows(self, host: str, address: IPAddress | None = None) -> bool:
        if host_name(host) in self.hosts:
            return True
        return address is not None and any(address in net for net in self.networks)


def host_name(host: str) -> str:
    """*host* as compared with names: no brackets, no trailing dot, lower case (``LOCALHOST.`` → ``localhost``)."""
    return host.strip().strip("[]").rstrip(".").lower()


def _literal(host: str) -> IPAddress | None:
    """The IP address *host* spells in standard notation (``[::1]``, ``127.0.0.1.``), else None."""
    try:
        return ipaddress.ip_address(host_name(host))
    except ValueError:
        return None


def non_public_label(address: IPAddress) -> str | None:
    """The kind of non-public range *address* is in (``"loopback"``…), or None for a public address."""
    for network, label in NON_PUBLIC:
        if address.version == network.version and address in network:
            return label
    return None if address.is_global else "reserved"


def is_public(address: IPAddress) -> bool:
    """True for globally routable unicast addresses."""
    return non_public_label(address) is None


def embedded_ipv4(address: IPAddress) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 addresses an IPv6 transition address carries (mapped, 6to4, Teredo, NAT64, compatible).

    They are checked too, so allow-listing e.g. ``64:ff9b::/96`` on a DNS64
    network does not open ``64:ff9b::7f00:1`` (127.0.0.1 through NAT64).
    """
    if not isinstance(address, ipaddress.IPv6Address):
        return ()
    found = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
    if any(address in network for network in _IPV4_IN_LAST_32_BITS):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return tuple(a for a in found if a is not None)


def is_localhost_name(name: str) -> bool:
    """``localhost`` and ``*.localhost`` always mean this machine (RFC 6761), whatever DNS says."""
    name = host_name(name)
    return name == "localhost" or name.endswith(".localhost")


def _refusal(host: str, address: IPAddress, allow: AllowList) -> str | None:
    """Why connecting to *address* for *host* is refused, or None when it is fine."""
    for candidate in (address, *embedded_ipv4(address)):
        label = non_public_label(candidate)
        if label is None or allow.allows(host, candidate):
            continue
        detail = label if candidate == address else f"embeds {candidate}, {label}"
        what = f"non-public address {address} ({detail})"
        said = f"{host} is a {what}" if _literal(host) is not None else f"{host} resolves to {what}"
        return f"{said}; add it to NEWSDESK_ALLOW_HOSTS if you really mean to fetch it"
    return None


async def resolve(host: str) -> list[IPAddress]:
    """The addresses *host* resolves to, in the resolver's order (an IP literal resolves to itself).

    Other spellings of numbers (``2130706433``, ``0x7f.1``, ``127.1``) are
    left to getaddrinfo, which is what turns them into an address.

    Raises:
        OSError: the name does not resolve.
    """
    if (literal := _literal(host)) is not None:
        return [literal]
    infos = await asyncio.get_running_loop().getaddrinfo(host.strip("[]"), None, type=socket.SOCK_STREAM)
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    return list(dict.fromkeys(addresses))


async def checked_addresses(host: str, allow: AllowList) -> list[IPAddress]:
    """Resolve *host* and check every address; all of them may be connected to.

    Raises:
        BlockedAddress: *host* is a localhost name, or one of its addresses is non-public and not allow-listed.
        OSError: the name does not resolve.
    """
    if allow.allows(host):
        return await resolve(host)
    if is_localhost_name(host):
        raise BlockedAddress(
            f"{host} names this machine; add it to NEWSDESK_ALLOW_HOSTS if you really mean to fetch it"
        )
    addresses = await resolve(host)
    for address in addresses:
        if reason := _refusal(host, address, allow):
            raise BlockedAddress(reason)
    return addresses


async def blocked_reason(host: str, allow: AllowList) -> str | None:
    """Why fetching from *host* is refused, or None when it is fine (the pre-check; see the module doc).

    Raises:
        OSError: the name does not resolve.
    """
    try:
        await checked_addresses(host, allow)
    except BlockedAddress as exc:
        return str(exc)
    return None


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that connects only to addresses the guard has checked.

    httpcore calls ``connect_tcp(host, port)`` for every new connection (a
    pooled keep-alive connection is already to a checked address). Here the
    host is resolved once, every address checked, and the socket opened to
    the checked IP itself — the inner backend is never given a name to
    resolve again. TLS is unaffected: httpcore passes the URL's host to
    ``start_tls`` as ``server_hostname`` separately, so SNI and the
    certificate check still use the name.

    Resolution runs on the asyncio loop (newsdesk's fetching is asyncio).
    """

    def __init__(self, allow: AllowList, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self.allow = allow
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Connect to the checked addresses of *host* in the resolver's order; the first that accepts wins.

        One after the other, each within *timeout* (no "happy eyeballs" race:
        a host whose first address is black-holed costs one connect timeout).

        Raises:
            BlockedAddress: the guard refused the host (not an httpcore error: httpx lets it through unchanged).
            httpcore.ConnectError, httpcore.ConnectTimeout: resolving or connecting failed.
        """
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in await self._checked(host, timeout):
            try:
                return await self._inner.connect_tcp(
                    str(address), port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:  # the next checked address may answer
                failure = exc
        raise failure or httpcore.ConnectError(f"{host} resolves to no address")

    async def _checked(self, host: str, timeout: float | None) -> list[IPAddress]:
        try:
            async with asyncio.timeout(timeout):
                return await checked_addresses(host, self.allow)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} took longer than {timeout:g}s") from None
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror or exc}") from exc

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress(f"unix socket {path}: newsdesk fetches over TCP only")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
