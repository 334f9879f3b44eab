"""The raw archive: every successful response body, as WARC.

WARC is what web archives and Common Crawl use, so the archive can be read
by any WARC tool and re-extracted later without the network. One gzipped
WARC file per batch (``archive/<batch>.warc.gz``), written by warcio, the
Webrecorder project's maintained WARC library. Bodies are stored decoded
(httpx has already undone any Content-Encoding), so that header is dropped
from the stored response headers.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows.fetch import FetchResult

_DROP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def archive_batch(archive_dir: Path, name: str, results: Sequence[FetchResult]) -> Path | None:
    """Write the bodies of *results* that succeeded; returns the file, if any."""
    stored = [r for r in results if r.body is not None]
    if not stored:
        return None
    archive_dir.mkdir(parents=True, exist_ok=True)
    final = archive_dir / f"{name}.warc.gz"
    tmp = final.with_suffix(".tmp")
    with open(tmp, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for r in stored:
            headers = [(k, v) for k, v in r.headers.items() if k.lower() not in _DROP_HEADERS]
            headers.append(("Content-Length", str(len(r.body or b""))))
            http_headers = StatusAndHeaders(f"{r.status} OK", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                r.final_url or r.url,
                "response",
                payload=io.BytesIO(r.body or b""),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": r.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")},
            )
            writer.write_record(record)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, final)
    return final
