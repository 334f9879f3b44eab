"""A fast loopback site for benchmarks, run in its own process.

It answers every path on every address it listens on with a ~20 kB Chinese
news page, or with pages rendered beforehand into a directory (see
:func:`corpus.render_to`, for the small pages of ``corpus.py`` or the real-size
ones of ``realistic.py``; robots.txt: 404), so the client under test, not the
server, is what gets measured: rendering a page costs 2–4 ms, and on two cores
a server rendering on request would take its CPU from the pipeline. Start it
with :func:`serve_in_process`.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PARAGRAPH = "智谱AI、月之暗面和MiniMax等大模型公司近日相继发布新产品，行业竞争进一步加剧。"
PAGE = (
    "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>基准测试页面</title></head><body>"
    "<nav>首页 | 科技 | 创投</nav><article><h1>基准测试页面</h1>"
    + "".join(f"<p>{PARAGRAPH}{i}</p>" for i in range(120))
    + "</article><footer>版权所有</footer></body></html>"
).encode()


def _answer(request: bytes, pages: Path | None) -> tuple[bytes, bytes, bytes]:
    if request.startswith(b"GET /robots.txt"):
        return b"404 Not Found", b"text/plain", b""
    if pages is not None:
        name = request.split(b" ", 2)[1].rsplit(b"/", 1)[-1].split(b".")[0].decode()
        try:
            ctype, _, body = (pages / name).read_bytes().partition(b"\n")  # first line: the content type
        except (OSError, ValueError):
            return b"404 Not Found", b"text/plain", b""
        return b"200 OK", ctype, body
    return b"200 OK", b"text/html; charset=utf-8", PAGE


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, pages: Path | None) -> None:
    try:
        while True:
            request = await reader.readuntil(b"\r\n\r\n")
            status, ctype, body = _answer(request, pages)
            writer.write(
                b"HTTP/1.1 " + status + b"\r\nContent-Type: " + ctype + b"\r\nContent-Length: "
                + str(len(body)).encode() + b"\r\n\r\n" + body
            )  # fmt: skip
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def _run(hosts: list[str], ready: mp.Queue, pages: Path | None) -> None:
    async def main() -> None:
        servers = [await asyncio.start_server(lambda r, w: _handle(r, w, pages), host, 0) for host in hosts]
        ready.put({host: s.sockets[0].getsockname()[1] for host, s in zip(hosts, servers, strict=True)})
        await asyncio.Event().wait()

    asyncio.run(main())


@contextmanager
def serve_in_process(hosts: list[str], pages: Path | None = None) -> Iterator[dict[str, int]]:
    """Serve on each loopback address in *hosts*; yields host → port.

    With *pages*, ``/news/<i>.html`` is the file ``<pages>/<i>`` (content type, newline, body);
    otherwise every path is one fixed page.
    """
    ready: mp.Queue = mp.Queue()
    process = mp.Process(target=_run, args=(hosts, ready, pages), daemon=True)
    process.start()
    try:
        yield ready.get(timeout=20)
    finally:
        process.terminate()
        process.join(5)
