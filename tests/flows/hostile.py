"""A misbehaving HTTP/1.1 server on several loopback addresses, for fetch tests.

Each address (127.0.0.1, 127.0.0.2, …) is a separate host to the fetcher, so
per-host politeness can be checked from the server's own request log. Every
handler ends by itself within seconds; nothing listens beyond 127.0.0.0/8.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import socket
import struct
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Handler = Callable[["Request", asyncio.StreamWriter], Awaitable[None]]


@dataclass(frozen=True)
class Request:
    host: str
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when the request arrived


def head(status: str, headers: dict[str, str] | None = None, length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def respond(status: str = "200 OK", body: bytes = b"", headers: dict[str, str] | None = None) -> Handler:
    async def handler(_request: Request, writer: asyncio.StreamWriter) -> None:
        writer.write(head(status, headers, len(body)) + body)
        await writer.drain()

    return handler


class HostileServer:
    """Routes are (host, path) → handler; unknown robots.txt answers 404."""

    def __init__(self, hosts: tuple[str, ...] = ("127.0.0.1",)) -> None:
        self.hosts = hosts
        self.routes: dict[tuple[str, str], Handler] = {}
        self.log: list[Request] = []
        self.ports: dict[str, int] = {}
        self._loop = asyncio.new_event_loop()
        self._servers: list[asyncio.base_events.Server] = []
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def url(self, path: str, host: str | None = None) -> str:
        host = host or self.hosts[0]
        return f"http://{host}:{self.ports[host]}{path}"

    def route(self, path: str, handler: Handler, host: str | None = None) -> str:
        self.routes[(host or self.hosts[0], path)] = handler
        return self.url(path, host)

    def seen(self, path: str | None = None, host: str | None = None) -> list[Request]:
        return [r for r in self.log if (path is None or r.path == path) and (host is None or r.host == host)]

    async def _serve(self, host: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            raw = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            first, *lines = raw.decode("latin-1").split("\r\n")
            path = first.split(" ")[1]
            headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines if ln)}
            request = Request(host, path, headers, time.monotonic())
            self.log.append(request)
            handler = self.routes.get((host, path))
            if handler is None:
                handler = respond("404 Not Found", b"no such page")
            await handler(request, writer)
        except (ConnectionError, asyncio.IncompleteReadError, TimeoutError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    def __enter__(self) -> HostileServer:
        self._thread.start()
        for host in self.hosts:
            server = asyncio.run_coroutine_threadsafe(
                asyncio.start_server(lambda r, w, h=host: self._serve(h, r, w), host, 0), self._loop
            ).result(5)
            self._servers.append(server)
            self.ports[host] = server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            for server in self._servers:
                server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


# ── misbehaviours ──────────────────────────────────────────────────────────


async def slow_drip(_request: Request, writer: asyncio.StreamWriter) -> None:
    """Headers promptly, then one byte every 0.2 s (for at most 20 s)."""
    writer.write(head("200 OK", {"Content-Type": "text/html"}, 10_000))
    for _ in range(100):
        writer.write(b"<")
        await writer.drain()
        await asyncio.sleep(0.2)


async def endless_body(_request: Request, writer: asyncio.StreamWriter) -> None:
    """A chunked body that never ends on its own (stops after 256 MiB at most)."""
    writer.write(head("200 OK", {"Content-Type": "text/html", "Transfer-Encoding": "chunked"}))
    chunk = b"<p>" + b"x" * 65_533
    for _ in range(4096):
        writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        await writer.drain()


def gzip_bomb(expanded: int) -> Handler:
    body = gzip.compress(b"<html>" + b"\0" * expanded, compresslevel=9)
    return respond("200 OK", body, {"Content-Type": "text/html", "Content-Encoding": "gzip"})


async def connection_reset(_request: Request, writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST instead of an answer."""
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def flaky(first: Handler, then: Handler, times: int = 1) -> Handler:
    """*first* for the first *times* requests, *then* afterwards."""
    count = {"n": 0}

    async def handler(request: Request, writer: asyncio.StreamWriter) -> None:
        count["n"] += 1
        await (first if count["n"] <= times else then)(request, writer)

    return handler


def conditional(etag: str, body: bytes) -> Handler:
    async def handler(request: Request, writer: asyncio.StreamWriter) -> None:
        if request.headers.get("if-none-match") == etag:
            writer.write(head("304 Not Modified", {"ETag": etag}, 0))
        else:
            writer.write(head("200 OK", {"Content-Type": "text/html", "ETag": etag}, len(body)) + body)
        await writer.drain()

    return handler
