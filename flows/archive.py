"""The raw archive: every successful response body, as WARC.

WARC is what web archives and Common Crawl use, so the archive can be read
by any WARC tool and re-extracted later without the network. One gzipped
WARC file per batch (``archive/<batch>.warc.gz``), written by warcio, the
Webrecorder project's maintained WARC library, one gzip member per record as
the WARC standard asks (so readers can seek to a record). The members are
compressed here at ``GZIP_LEVEL`` rather than by warcio, which always uses
level 9: on real-size pages level 1 costs a third of the CPU for ~11% more
bytes, and archiving runs on the flow's process beside the extraction
workers, where CPU is what a run is short of. Bodies are stored decoded
(httpx has already undone any Content-Encoding), so that header is dropped
from the stored response headers.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows.results import FetchResult

_DROP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
GZIP_LEVEL = 1


def gzip_member(data: bytes, level: int = GZIP_LEVEL) -> bytes:
    """*data* as one complete gzip member (members concatenated are a valid gzip file)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(data) + compressor.flush()


def archive_batch(archive_dir: Path, name: str, results: Sequence[FetchResult]) -> Path | None:
    """Write the bodies of *results* that succeeded; returns the file, if any."""
    stored = [r for r in results if r.body is not None]
    if not stored:
        return None
    archive_dir.mkdir(parents=True, exist_ok=True)
    final = archive_dir / f"{name}.warc.gz"
    tmp = final.with_suffix(".tmp")
    with open(tmp, "wb") as out:
        record_bytes = io.BytesIO()
        writer = WARCWriter(record_bytes, gzip=False)
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
            out.write(gzip_member(record_bytes.getvalue()))
            record_bytes.seek(0)
            record_bytes.truncate()
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, final)
    return final


def read_responses(path: Path, since: datetime | None = None) -> Iterator[FetchResult]:
    """HTML responses stored in a WARC file, as fetch results (for import-warc and reprocess).

    Records that are not HTTP responses, not HTML, or older than *since* are
    skipped; a damaged file stops at the damage (warcio raises) after
    yielding what came before it.
    """
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            when = record.rec_headers.get_header("WARC-Date")
            fetched = datetime.fromisoformat(when.replace("Z", "+00:00")) if when else datetime.now(UTC)
            if since and fetched < since:
                continue
            headers = {k.lower(): v for k, v in record.http_headers.headers}
            ctype = headers.get("content-type", "")
            body = record.content_stream().read()
            status = int(record.http_headers.get_statuscode() or 0)
            if status >= 400 or (ctype and "html" not in ctype.lower()):
                continue
            yield FetchResult(url=url, outcome="ok" if body.strip() else "empty", fetched_at=fetched, final_url=url,
                              status=status, content_type=ctype or None, headers=headers, body=body, bytes=len(body))  # fmt: skip
