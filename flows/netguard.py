"""The SSRF guard: newsdesk fetches URLs that strangers wrote (feeds, URL
lists), so by default it refuses hosts that resolve to private, loopback,
link-local or otherwise non-public addresses — cloud metadata endpoints and
intranet services stay out of reach. ``Settings.allow_hosts`` names the
exceptions (tests and the demo allow 127.0.0.1).

The check runs before every request and on every redirect hop. It resolves
the name itself, so a DNS answer that changes between the check and the
connection (rebinding) is not covered; see README.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class AllowList:
    """Hosts and networks exempt from the guard."""

    hosts: frozenset[str]
    networks: tuple[IPNetwork, ...]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        hosts, networks = set(), []
        for entry in entries:
            entry = entry.strip().lower()
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(entry)
        return cls(frozenset(hosts), tuple(networks))

    def allows(self, host: str, address: IPAddress | None = None) -> bool:
        if host.lower() in self.hosts:
            return True
        return address is not None and any(address in net for net in self.networks)


def is_public(address: IPAddress) -> bool:
    """True for globally routable unicast addresses."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


async def resolve(host: str) -> list[IPAddress]:
    """The addresses *host* resolves to (an IP literal resolves to itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


async def blocked_reason(host: str, allow: AllowList) -> str | None:
    """Why fetching from *host* is refused, or None when it is fine.

    Raises:
        OSError: the name does not resolve.
    """
    if allow.allows(host):
        return None
    for address in await resolve(host):
        if not is_public(address) and not allow.allows(host, address):
            return (
                f"{host} resolves to non-public address {address}; "
                "add it to NEWSDESK_ALLOW_HOSTS if you really mean to fetch it"
            )
    return None
