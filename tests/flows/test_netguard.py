"""The SSRF guard, end to end: what is checked is what is connected to.

Name resolution is faked at ``socket.getaddrinfo`` (the function both the
guard and httpx's own resolver end in): test names get scripted answers,
numeric spellings resolve as the C library reads them, and any other name
fails — no test sends a DNS query. Where no real server is wanted, sockets
are "opened" by a recorder in place of httpcore's anyio backend, so a test
sees the exact host string a connection was opened to, and nothing leaves
the machine.
"""

from __future__ import annotations

import ipaddress
import socket

import httpcore
import pytest

from flows.config import Settings
from flows.http.fetch import fetch_batch
from flows.http.netguard import is_public

PUBLIC = "93.184.216.34"
_real_getaddrinfo = socket.getaddrinfo


def _info(address: str, port: object) -> tuple:
    number = int(port or 0)
    if ipaddress.ip_address(address).version == 6:
        return socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, number, 0, 0)
    return socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, number)


class FakeDNS:
    """A resolver with scripted answers: name → list of answers, used in turn, the last one repeating."""

    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self.answers = {name: list(queue) for name, queue in answers.items()}
        self.asked: list[str] = []

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):
        name = (host.decode() if isinstance(host, bytes) else str(host)).lower().rstrip(".")
        if name not in self.answers:  # numeric spellings only: never a DNS query
            return _real_getaddrinfo(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
        self.asked.append(name)
        queue = self.answers[name]
        return [_info(address, port) for address in (queue.pop(0) if len(queue) > 1 else queue[0])]


NAMES = {
    "public.test": [[PUBLIC]],
    "v6public.test": [["2606:4700::1111"]],
    "intranet.test": [["10.0.0.5"]],
    "metadata.test": [["169.254.169.254"]],
    "dual.test": [[PUBLIC, "127.0.0.1"]],  # one bad address is enough
    "nat64.test": [["64:ff9b::7f00:1"]],
    "localhost": [["127.0.0.1"]],
    "app.localhost": [[PUBLIC]],  # a resolver that says otherwise does not make *.localhost remote
}


@pytest.fixture
def dns(monkeypatch) -> FakeDNS:
    fake = FakeDNS(NAMES)
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The hosts sockets were opened to; each attempt then fails as if refused."""
    hosts: list[str] = []

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        hosts.append(host)
        raise httpcore.ConnectError(f"test: no connection to {host}")

    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", connect_tcp)
    return hosts


def quick(**overrides) -> Settings:
    base = dict(allow_hosts=[], respect_robots=False, retries=0, per_host_delay=0.0, backoff=0.01,
                connect_timeout=1.0, read_timeout=1.0, total_timeout=5.0)  # fmt: skip
    return Settings(**{**base, **overrides})


# ── addresses ──────────────────────────────────────────────────────────────

BLOCKED_ADDRESSES = [
    "0.0.0.0", "0.1.2.3", "10.0.0.1", "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.255.255.254",
    "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.88.99.1", "192.168.1.1",
    "198.18.0.1", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
    "::", "::1", "::7f00:1", "::808:808", "::ffff:127.0.0.1", "::ffff:8.8.8.8", "64:ff9b::7f00:1",
    "64:ff9b::808:808", "64:ff9b:1::a00:1", "2002:7f00:1::1", "2002:808:808::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "2001:2::1", "3fff::1", "100::1", "fc00::1",
    "fd12:3456::1", "fe80::1", "fe80::1%eth0", "fec0::1", "ff02::1", "ff0e::1",
]  # fmt: skip
PUBLIC_ADDRESSES = [
    "1.1.1.1", "8.8.8.8", PUBLIC, "11.0.0.1", "100.63.255.255", "100.128.0.1", "172.32.0.1", "192.0.3.1",
    "2606:4700:4700::1111", "2001:4860:4860::8888", "2400:cb00::1", "2003::1",
]  # fmt: skip


@pytest.mark.parametrize("address", BLOCKED_ADDRESSES)
def test_non_public_address(address):
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_public_address(address):
    assert is_public(ipaddress.ip_address(address))


# ── URL spellings: the verdict is what the fetcher connects to ────────────

# url → the host string a socket is opened to, or None: refused (outcome blocked) and nothing opened.
SPELLINGS = {
    "http://127.0.0.1/": None,
    "http://2130706433/": None,  # decimal
    "http://0x7f000001/": None,  # hexadecimal
    "http://0x7f.1/": None,
    "http://127.1/": None,
    "http://0177.0.0.1/": None,  # octal
    "http://017700000001/": None,
    "http://127.0.0.1./": None,  # trailing dot
    "http://0/": None,
    "http://0.0.0.0/": None,
    "http://[::]/": None,
    "http://[::1]/": None,
    "http://[::ffff:127.0.0.1]/": None,  # IPv4-mapped
    "http://[::ffff:7f00:1]/": None,
    "http://[::ffff:8.8.8.8]/": None,  # mapped, though the IPv4 is public
    "http://[::127.0.0.1]/": None,  # IPv4-compatible
    "http://[64:ff9b::7f00:1]/": None,  # NAT64
    "http://[2002:7f00:1::1]/": None,  # 6to4
    "http://[fe80::1%25eth0]/": None,  # zone id
    "http://[FC00::1]/": None,
    "http://LOCALHOST/": None,
    "http://localhost./": None,
    "http://app.localhost/": None,
    "http://user:pw@169.254.169.254/latest/meta-data/": None,
    "http://public.test\\@127.0.0.1/": None,  # userinfo tricks: the host is what follows the last @
    "http://100.64.0.1/": None,  # carrier-grade NAT
    "http://metadata.test/": None,
    "http://intranet.test:8080/": None,
    "http://dual.test/": None,
    "http://nat64.test/": None,
    "http://public.test/": PUBLIC,
    "http://PUBLIC.test./": PUBLIC,
    "http://127.0.0.1\\@public.test/": PUBLIC,
    "http://8.8.8.8/": "8.8.8.8",
    "http://134744072/": "8.8.8.8",  # 8.8.8.8 in decimal: connected to as the address it is
    "http://[2606:4700::1111]/": "2606:4700::1111",
    "http://v6public.test/": "2606:4700::1111",
}


@pytest.mark.parametrize(("url", "connects_to"), SPELLINGS.items())
def test_url_spelling(dns, opened, url, connects_to):
    [result] = fetch_batch([url], quick())
    if connects_to is None:
        assert result.outcome == "blocked", result.error
        assert result.error and "\n" not in result.error
        assert opened == []
    else:
        assert result.outcome == "connection_error", result.error
        assert opened == [connects_to]


def test_a_number_httpx_refuses_is_an_invalid_url_not_a_crash(dns, opened):
    # getaddrinfo reads 010.8.8.8 as 8.8.8.8 (public); httpx refuses the spelling
    [result] = fetch_batch(["http://010.8.8.8/"], quick())
    assert result.outcome == "invalid_url", result.error
    assert opened == []


# allow_hosts, url → the host string connected to, or None: blocked.
ALLOWED = [
    (["127.0.0.1"], "http://127.0.0.1:8080/", "127.0.0.1"),
    (["127.0.0.1"], "http://2130706433/", "127.0.0.1"),  # allowed as the address it resolves to
    (["127.0.0.1"], "http://127.0.0.2/", None),
    (["127.0.0.1"], "http://[::ffff:127.0.0.1]/", None),  # the mapped form is another address
    (["10.0.0.0/8"], "http://intranet.test/", "10.0.0.5"),
    (["intranet.test"], "http://intranet.test/", "10.0.0.5"),
    (["localhost"], "http://LOCALHOST./", "127.0.0.1"),
    (["64:ff9b::/96"], "http://[64:ff9b::808:808]/", "64:ff9b::808:808"),  # NAT64 to a public IPv4
    (["64:ff9b::/96"], "http://nat64.test/", None),  # NAT64 to 127.0.0.1: the embedded IPv4 is checked too
]


@pytest.mark.parametrize(("allow", "url", "connects_to"), ALLOWED)
def test_allow_list(dns, opened, allow, url, connects_to):
    [result] = fetch_batch([url], quick(allow_hosts=allow))
    if connects_to is None:
        assert result.outcome == "blocked", result.error
        assert opened == []
    else:
        assert result.outcome == "connection_error", result.error
        assert opened == [connects_to]


def test_tls_checks_the_name_while_connecting_to_the_checked_address(dns, monkeypatch):
    seen: dict[str, str | None] = {}

    class Stream(httpcore.AsyncNetworkStream):
        async def start_tls(self, ssl_context, server_hostname=None, timeout=None):
            seen["server_hostname"] = server_hostname
            raise httpcore.ConnectError("test: no TLS")

        async def aclose(self) -> None:
            pass

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        seen["host"] = host
        return Stream()

    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", connect_tcp)
    [result] = fetch_batch(["https://public.test/"], quick())
    assert result.outcome == "connection_error"
    assert seen == {"host": PUBLIC, "server_hostname": "public.test"}


def test_a_proxy_from_the_environment_is_not_used(dns, opened, monkeypatch):
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:3128")
    [result] = fetch_batch(["http://public.test/"], quick())
    assert result.outcome == "connection_error"
    assert opened == [PUBLIC]  # straight to the checked address, not to a proxy that would resolve for us


# ── rebinding, against a real loopback server ─────────────────────────────


@pytest.fixture
def secret(httpserver):
    """A page on 127.0.0.1 that must never be fetched."""
    httpserver.expect_request("/secret").respond_with_data("<html><p>internal</p></html>", content_type="text/html")
    return httpserver


def _requested(server, path: str) -> bool:
    return any(request.path == path for request, _ in server.log)


@pytest.mark.parametrize("robots", [False, True])
def test_dns_rebinding_is_blocked(monkeypatch, secret, robots):
    """The name answers a public address first (the pre-check), 127.0.0.1 afterwards (TTL 0)."""
    dns = FakeDNS({"rebind.test": [[PUBLIC], ["127.0.0.1"]]})
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    [result] = fetch_batch([f"http://rebind.test:{secret.port}/secret"], quick(respect_robots=robots))
    assert result.outcome == "blocked", result.error
    assert "127.0.0.1" in result.error
    assert not _requested(secret, "/secret") and not _requested(secret, "/robots.txt")


def test_a_redirect_hop_that_rebinds_is_blocked(monkeypatch, secret):
    secret.expect_request("/start").respond_with_data(
        "", status=302, headers={"Location": f"http://hop.test:{secret.port}/secret"}
    )
    dns = FakeDNS({"localhost": [["127.0.0.1"]], "hop.test": [[PUBLIC], ["127.0.0.1"]]})
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    [result] = fetch_batch([f"http://localhost:{secret.port}/start"], quick(allow_hosts=["localhost"]))
    assert result.outcome == "blocked", result.error
    assert result.final_url == f"http://hop.test:{secret.port}/secret"
    assert _requested(secret, "/start") and not _requested(secret, "/secret")


def test_a_redirect_hop_to_a_private_address_is_blocked(dns, secret):
    secret.expect_request("/start").respond_with_data(
        "", status=302, headers={"Location": f"http://[::ffff:127.0.0.1]:{secret.port}/secret"}
    )
    [result] = fetch_batch([f"http://localhost:{secret.port}/start"], quick(allow_hosts=["localhost"]))
    assert result.outcome == "blocked", result.error
    assert not _requested(secret, "/secret")


def test_each_retry_is_checked_again(monkeypatch, secret):
    """127.0.0.2 is allowed and refuses the first attempt; the retry resolves to 127.0.0.1, which is not."""
    dns = FakeDNS({"retry.test": [["127.0.0.2"], ["127.0.0.2"], ["127.0.0.1"]]})
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    url = f"http://retry.test:{secret.port}/secret"  # nothing listens on 127.0.0.2 at that port
    [result] = fetch_batch([url], quick(allow_hosts=["127.0.0.2"], retries=2))
    assert result.outcome == "blocked", result.error
    assert result.attempts == 2
    assert not _requested(secret, "/secret")


def test_an_allowed_loopback_server_is_fetched(dns, secret):
    [result] = fetch_batch([f"http://localhost:{secret.port}/secret"], quick(allow_hosts=["localhost"]))
    assert result.outcome == "ok", result.error
    assert _requested(secret, "/secret")
